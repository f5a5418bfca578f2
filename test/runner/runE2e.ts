// Runs the end-to-end tests (out/test/e2e/**/*.e2e.js) with mocha in this Node process; each test
// drives a real workbench through test/e2e/harness.ts.
//
//   node out/test/runner/runE2e.js
//
// Environment: CLAUDE_E2E_TIMEOUT_MS (per test, default 180000), CLAUDE_TEST_GREP (only matching tests),
// plus the harness's CLAUDE_E2E_VSIX / CLAUDE_E2E_INSTALL / CLAUDE_E2E_KEEP / CLAUDE_HEADED.
// Prints ✓/✗ per test and a last line `e2e: N passed, M failed`; exits non-zero on any failure or no tests.
import * as fs from 'fs';
import * as path from 'path';
import { CHROMIUM_PATH } from './browser';
import { killAllCodeServers } from './codeServer';
import { findBinaries, repoRoot, resultsDir } from './env';
import { findFiles, runMocha } from './mochaRun';
import { printResults, summarize, type TestOutcome } from './results';

const LABEL = 'e2e';

async function main(): Promise<number> {
  const started = new Date();
  const root = repoRoot();
  const e2eDir = path.join(root, 'out', 'test', 'e2e');
  const files = findFiles(e2eDir, '.e2e.js');
  const preflight: TestOutcome[] = [];
  const fail = (title: string, message: string): void => {
    preflight.push({ title, fullTitle: `${LABEL} runner: ${title}`, state: 'failed', error: { message } });
  };
  if (files.length === 0) {
    fail('find tests', `no *.e2e.js files under ${e2eDir} (run \`npm run compile-tests\`)`);
  }
  try {
    const bins = findBinaries();
    console.log(`[${LABEL}] code-server ${bins.codeServer} on ${bins.node24}`);
  } catch (err) {
    fail('setup code-server', (err as Error).message);
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    fail('find chromium', `Chromium not found at ${CHROMIUM_PATH} (scripts/setup-code-server.sh installs it)`);
  }
  if (preflight.length) {
    return printResults(LABEL, summarize(LABEL, started, preflight));
  }

  // Loaded only now, so that the harness module (playwright-core) loads after the checks above.
  const harness = (await import('../e2e/harness')) as typeof import('../e2e/harness');
  console.log(`[${LABEL}] running ${files.length} file(s)`);
  const outcomes = await runMocha({
    files,
    timeoutMs: Number(process.env.CLAUDE_E2E_TIMEOUT_MS || 180_000),
    grep: process.env.CLAUDE_TEST_GREP || undefined,
    rootHooks: {
      // Runs after each test, before its suite's after() stops the workbench: picture the failure.
      async afterEach(this: Mocha.Context) {
        const t = this.currentTest;
        if (t && t.state === 'failed') {
          await harness.screenshotAll(`failure-${t.fullTitle()}`).catch(() => []);
        }
      },
    },
  });
  await harness.stopAllWorkbenches();
  killAllCodeServers();
  const results = summarize(LABEL, started, outcomes);
  fs.writeFileSync(path.join(resultsDir(), 'e2e-results.json'), JSON.stringify(results, null, 2));
  const code = printResults(LABEL, results);
  console.log(`[${LABEL}] took ${(results.durationMs / 1000).toFixed(1)} s; screenshots in ${resultsDir('screenshots')}`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    killAllCodeServers();
    console.log(`${LABEL}: 0 passed, 1 failed`);
    process.exit(1);
  },
);
