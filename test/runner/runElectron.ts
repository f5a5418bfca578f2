// The same integration suite under desktop VS Code via @vscode/test-electron, for machines that can
// download VS Code (this project's machines cannot: use runIntegration.ts, i.e. code-server, there).
//
//   node out/test/runner/runElectron.js        (VS Code version: $VSCODE_TEST_VERSION, default stable)
//
// Prints the same ✓/✗ lines and `integration: N passed, M failed` as runIntegration.
import * as fs from 'fs';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { copyFixtureWorkspace, makeTempDir, repoRoot } from './env';
import { printResults, summarize, type RunResults } from './results';

async function main(): Promise<number> {
  const root = repoRoot();
  const tmp = makeTempDir('claude-electron-');
  const workspace = copyFixtureWorkspace(tmp);
  const resultsFile = path.join(tmp, 'results.json');
  let error: Error | undefined;
  try {
    await runTests({
      version: process.env.VSCODE_TEST_VERSION || undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'user')],
      extensionTestsEnv: { CLAUDE_TEST_RESULTS: resultsFile, CLAUDE_TEST_WORKSPACE: workspace },
    });
  } catch (err) {
    error = err as Error;
  }
  let results: RunResults | undefined;
  try {
    results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as RunResults;
  } catch {
    results = undefined;
  }
  if (!results) {
    results = summarize('test-electron', new Date(), [
      {
        title: 'run',
        fullTitle: 'integration runner (test-electron)',
        state: 'failed',
        error: { message: `VS Code produced no results${error ? `: ${error.message}` : ''}` },
      },
    ]);
  }
  const code = printResults('integration', results);
  fs.rmSync(tmp, { recursive: true, force: true });
  return error && code === 0 ? 1 : code;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    console.log('integration: 0 passed, 1 failed');
    process.exit(1);
  },
);
