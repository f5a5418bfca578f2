// Runs the integration tests (out/test/integration/**/*.test.js) inside a real VS Code extension host:
// code-server on a temporary copy of test/fixtures/workspace, the extension loaded from this repository
// as extensionDevelopmentPath, the test index as extensionTestsPath, and headless Chromium as the driver.
//
//   node out/test/runner/runIntegration.js
//
// Environment: CLAUDE_IT_TIMEOUT_MS (overall, default 1500000), CLAUDE_TEST_GREP (only matching tests),
// CLAUDE_TEST_VERBOSE=1 (echo the workbench console), ANTHROPIC_BASE_URL and anything else are passed
// through to the extension host. Exit code 0 only when at least one test ran and none failed.
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { openBrowser, type BrowserSession } from './browser';
import { launchCodeServer, type CodeServer } from './codeServer';
import { copyFixtureWorkspace, makeTempDir, repoRoot, resultsDir, sleep, timestamp, writeTestUserSettings } from './env';
import { printResults, summarize, type RunResults } from './results';

const LABEL = 'integration';
const OVERALL_TIMEOUT_MS = Number(process.env.CLAUDE_IT_TIMEOUT_MS || 1_500_000);
/** From page load until the test index must have started. */
const START_TIMEOUT_MS = Number(process.env.CLAUDE_IT_START_TIMEOUT_MS || 180_000);

class RunnerError extends Error {}

function log(msg: string): void {
  console.log(`[${LABEL}] ${msg}`);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function workbenchUrl(cs: CodeServer, workspace: string, payload?: [string, string][]): string {
  let url = `${cs.url}/?folder=${encodeURIComponent(workspace)}`;
  if (payload) {
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return url;
}

export function remoteUri(cs: CodeServer, absPath: string): string {
  return `vscode-remote://127.0.0.1:${cs.port}${absPath}`;
}

/** Workbench console errors worth showing (network noise from the offline machine filtered out). */
function recentErrors(consoleLog: string, max = 6): string {
  let lines: string[] = [];
  try {
    lines = fs.readFileSync(consoleLog, 'utf8').split('\n');
  } catch {
    return '';
  }
  const noise = /ENOTFOUND|ERR_NAME_NOT_RESOLVED|Failed to load resource|open-vsx|marketplace|gallery|github-authentication|GitHub/i;
  const errs = lines.filter((l) => /^\[(error|pageerror)\]/.test(l) && !noise.test(l));
  const uniq = [...new Set(errs)].slice(-max);
  return uniq.length ? `\nlast workbench console errors:\n${uniq.map((l) => '  ' + l.slice(0, 400)).join('\n')}` : '';
}

/** Console text without the workbench's %c styling. */
function cleanConsole(text: string): string {
  return text.replace(/%c\s*/g, '').replace(/\s*color: #[0-9a-fA-F]+\s*/g, ' ').trim();
}

async function screenshot(page: Page | undefined, name: string): Promise<string | undefined> {
  if (!page || page.isClosed()) {
    return undefined;
  }
  const file = path.join(resultsDir('screenshots'), `${name}-${timestamp()}.png`);
  try {
    await page.screenshot({ path: file, timeout: 15_000 });
    return file;
  } catch (err) {
    log(`screenshot failed: ${(err as Error).message}`);
    return undefined;
  }
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const root = repoRoot();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main?: string };
  const mainFile = path.resolve(root, pkg.main ?? 'dist/extension.js');
  if (!fs.existsSync(mainFile)) {
    throw new RunnerError(`the extension is not built: ${mainFile} is missing (run \`npm run build\`)`);
  }
  const indexJs = path.join(root, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(indexJs)) {
    throw new RunnerError(`${indexJs} is missing (run \`npm run compile-tests\`)`);
  }

  const tmp = makeTempDir('claude-it-');
  const workspace = copyFixtureWorkspace(tmp);
  const resultsFile = path.join(tmp, 'results.json');
  const startedFile = `${resultsFile}.started`;
  const userDataDir = path.join(tmp, 'user');
  writeTestUserSettings(userDataDir);
  const consoleLog = path.join(resultsDir(), `${LABEL}-browser.log`);
  fs.writeFileSync(consoleLog, '');
  const verbose = process.env.CLAUDE_TEST_VERBOSE === '1';

  let cs: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  let failed = true;
  try {
    log('starting code-server …');
    cs = await launchCodeServer({
      workspace,
      userDataDir,
      extensionsDir: path.join(tmp, 'exts'),
      label: LABEL,
      env: { CLAUDE_TEST_RESULTS: resultsFile, CLAUDE_TEST_WORKSPACE: workspace },
    });
    log(`code-server ${cs.url} (pid ${cs.pid}) up after ${((Date.now() - t0) / 1000).toFixed(1)} s; log ${cs.logFile}`);

    const url = workbenchUrl(cs, workspace, [
      ['extensionDevelopmentPath', remoteUri(cs, root)],
      ['extensionTestsPath', remoteUri(cs, indexJs.replace(/\.js$/, ''))],
    ]);
    const state: { exitCode?: number; pageCrashed: boolean } = { pageCrashed: false };
    const logsDir = path.join(resultsDir(), `${LABEL}-vscode-logs`);
    log('opening the workbench in Chromium …');
    browser = await openBrowser(url, {
      beforeGoto: async (page) => {
        page.on('console', (m) => {
          const line = `[${m.type()}] ${cleanConsole(m.text())}\n`;
          fs.appendFileSync(consoleLog, line);
          if (verbose) {
            process.stdout.write(`  [workbench] ${line}`);
          }
        });
        page.on('pageerror', (e) => fs.appendFileSync(consoleLog, `[pageerror] ${e.stack ?? e.message}\n`));
        page.on('crash', () => (state.pageCrashed = true));
        // The web workbench calls this when the test index has finished, with its exit code and logs.
        await page.exposeFunction(
          'codeAutomationExit',
          (code: number, logs?: { relativePath: string; contents: Uint8Array | Record<string, number> }[]) => {
            state.exitCode = code;
            try {
              fs.rmSync(logsDir, { recursive: true, force: true });
              for (const l of logs ?? []) {
                const dest = path.join(logsDir, l.relativePath);
                fs.mkdirSync(path.dirname(dest), { recursive: true });
                fs.writeFileSync(dest, Buffer.from(Object.values(l.contents) as number[]));
              }
            } catch {
              /* logs are a bonus */
            }
          },
        );
      },
    });
    const page = browser.page;
    const pageLoadedAt = Date.now();
    log(`workbench page loaded; waiting for the test index (results file ${resultsFile})`);

    let results: RunResults | undefined;
    let startedLogged = false;
    let exitSeenAt: number | undefined;
    for (;;) {
      results = readJson<RunResults>(resultsFile);
      if (results) {
        break;
      }
      if (!startedLogged && fs.existsSync(startedFile)) {
        startedLogged = true;
        const s = readJson<{ host: string }>(startedFile);
        log(`test index started after ${((Date.now() - pageLoadedAt) / 1000).toFixed(1)} s in ${s?.host ?? '?'}`);
      }
      if (!cs.isRunning()) {
        throw new RunnerError(`code-server died during the run; see ${cs.logFile}`);
      }
      if (state.pageCrashed) {
        throw new RunnerError(`the workbench page crashed; see ${consoleLog}`);
      }
      if (state.exitCode !== undefined) {
        exitSeenAt ??= Date.now();
        if (Date.now() - exitSeenAt > 5000) {
          throw new RunnerError(
            `VS Code ended the test run (exit code ${state.exitCode}) but the test index wrote no results` +
              (startedLogged ? '' : ' and never started (could it load out/test/integration/index.js?)') +
              `; see ${consoleLog} and ${logsDir}` +
              recentErrors(consoleLog),
          );
        }
      }
      if (!startedLogged && Date.now() - pageLoadedAt > START_TIMEOUT_MS) {
        throw new RunnerError(
          `VS Code never ran the test index within ${START_TIMEOUT_MS / 1000} s of the page loading ` +
            `(workbench or extension host did not start); see ${consoleLog} and ${cs.logFile}` +
            recentErrors(consoleLog),
        );
      }
      if (Date.now() - t0 > OVERALL_TIMEOUT_MS) {
        throw new RunnerError(
          `no test results after ${OVERALL_TIMEOUT_MS / 1000} s; see ${consoleLog} and ${cs.logFile}` + recentErrors(consoleLog),
        );
      }
      await sleep(250);
    }

    const code = printResults(LABEL, results);
    failed = code !== 0;
    if (failed) {
      const shot = await screenshot(page, `${LABEL}-failure`);
      if (shot) {
        console.log(`screenshot of the workbench: ${shot}`);
      }
      console.log(`logs: ${cs.logFile}, ${consoleLog}, ${logsDir}`);
    }
    log(`took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return code;
  } catch (err) {
    const shot = await screenshot(browser?.page, `${LABEL}-failure`);
    const message = (err as Error).message;
    const stack = err instanceof RunnerError ? undefined : (err as Error).stack;
    printResults(
      LABEL,
      summarize('runner', new Date(t0), [
        { title: 'run', fullTitle: `${LABEL} runner`, state: 'failed', error: { message, stack } },
      ]),
    );
    if (shot) {
      console.log(`screenshot of the workbench: ${shot}`);
    }
    return 1;
  } finally {
    await browser?.close();
    await cs?.stop().catch((e: Error) => log(`stopping code-server: ${e.message}`));
    if (failed) {
      log(`kept ${tmp} (workspace, user data and logs) for post-mortem`);
    } else {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    console.log(`${LABEL}: 0 passed, 1 failed`);
    process.exit(1);
  },
);
