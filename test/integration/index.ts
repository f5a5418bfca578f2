// Test index loaded by VS Code's extension host (extensionTestsPath). Host-agnostic:
// - under code-server (test/runner/runIntegration.ts) the browser is only a driver, so the results
//   are written as JSON to the file named by CLAUDE_TEST_RESULTS, which the runner waits for;
// - under @vscode/test-electron the exit code comes from this promise, so it also rejects when a
//   test failed (after writing the file, if one was asked for).
// Environment: CLAUDE_TEST_RESULTS (results file), CLAUDE_TEST_GREP (only matching tests).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { findFiles, runMocha } from '../runner/mochaRun';
import { summarize, type RunResults } from '../runner/results';

function writeJsonAtomic(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2));
  fs.renameSync(tmp, file);
}

export async function run(): Promise<void> {
  const resultsFile = process.env.CLAUDE_TEST_RESULTS;
  const host = `${vscode.env.appName} ${vscode.version} (${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}), node ${process.version}`;
  const startedAt = new Date();
  if (resultsFile) {
    // Lets the runner tell "VS Code never ran the index" from "tests are slow".
    writeJsonAtomic(`${resultsFile}.started`, { host, startedAt: startedAt.toISOString(), pid: process.pid });
  }
  const files = findFiles(__dirname, '.test.js');
  console.log(`[claude-tests] ${host}: running ${files.length} test file(s) from ${__dirname}`);
  let results: RunResults;
  try {
    const outcomes = await runMocha({ files, timeoutMs: 20_000, grep: process.env.CLAUDE_TEST_GREP || undefined });
    results = summarize(host, startedAt, outcomes);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    results = summarize(host, startedAt, [
      { title: 'test index', fullTitle: 'test index', state: 'failed', error: { message: e.message, stack: e.stack } },
    ]);
  }
  if (files.length === 0) {
    results = summarize(host, startedAt, [
      {
        title: 'test index',
        fullTitle: 'test index',
        state: 'failed',
        error: { message: `no *.test.js files under ${__dirname}` },
      },
    ]);
  }
  if (resultsFile) {
    writeJsonAtomic(resultsFile, results);
  }
  const { passed, failed } = results.counts;
  console.log(`[claude-tests] integration: ${passed} passed, ${failed} failed`);
  if (failed > 0 || passed === 0) {
    throw new Error(`${failed} integration test(s) failed, ${passed} passed`);
  }
}
