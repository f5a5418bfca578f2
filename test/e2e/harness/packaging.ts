// Packaging: the extension as a user gets it, claude-assistant.vsix, built with `npm run package`
// once per process (or taken from $CLAUDE_E2E_VSIX).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, resultsDir } from '../../runner/env';
import { log } from './log';

export const EXTENSION_ID = 'claude-assistant-dev.claude-assistant';

let vsixResult: { vsix?: string; error?: string } | undefined;

/** Builds claude-assistant.vsix with `npm run package` once per process (or takes $CLAUDE_E2E_VSIX). */
export function ensureVsix(): { vsix?: string; error?: string } {
  if (vsixResult) {
    return vsixResult;
  }
  const given = process.env.CLAUDE_E2E_VSIX;
  if (given) {
    vsixResult = fs.existsSync(given) ? { vsix: path.resolve(given) } : { error: `CLAUDE_E2E_VSIX=${given} does not exist` };
    return vsixResult;
  }
  const root = repoRoot();
  const vsix = path.join(root, 'claude-assistant.vsix');
  const logFile = path.join(resultsDir(), 'e2e-package.log');
  const started = Date.now();
  log('packaging the extension: npm run package …');
  fs.rmSync(vsix, { force: true });
  const res = spawnSync('npm', ['run', 'package'], {
    cwd: root,
    encoding: 'utf8',
    // No stdin: a vsce prompt ("continue? [y/N]") must fail, not hang.
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  fs.writeFileSync(logFile, `${res.stdout ?? ''}\n--- stderr ---\n${res.stderr ?? ''}`);
  if (res.status === 0 && fs.existsSync(vsix)) {
    log(`packaged ${vsix} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    vsixResult = { vsix };
  } else {
    const tail = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim().split('\n').slice(-12).join('\n');
    vsixResult = {
      error: `npm run package failed (exit ${res.status ?? res.error?.message}); log ${logFile}:\n${tail}`,
    };
  }
  return vsixResult;
}
