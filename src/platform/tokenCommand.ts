/**
 * claude.gateway.tokenCommand: a command the user configured that prints a short-lived token for
 * the gateway. It runs when there is no token, when the token is older than the TTL, and when the
 * gateway refuses it (401). Its output is a secret: never logged, redacted from every log line, and
 * its stderr is not shown either (a failing helper may print what it holds).
 */
import { exec } from 'child_process';
import * as vscode from 'vscode';
import type { TokenSource } from '../core/connection';
import type { Log } from './log';

const TIMEOUT_MS = 30_000;

/** The command failed: what the user reads (never its output). */
export class TokenCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenCommandError';
  }
}

export class TokenCommand implements TokenSource, vscode.Disposable {
  private token: { value: string; at: number } | undefined;
  private running: Promise<string> | undefined;

  constructor(private readonly command: string, private readonly ttlMs: number, private readonly log: Log) {}

  async get(): Promise<string> {
    if (this.token && Date.now() - this.token.at < this.ttlMs) return this.token.value;
    return this.refresh();
  }

  refresh(): Promise<string> {
    // One run at a time: requests that need a token meanwhile wait for the same one.
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private run(): Promise<string> {
    const started = Date.now();
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.scheme === 'file' ? vscode.workspace.workspaceFolders[0].uri.fsPath : undefined;
    return new Promise((resolve, reject) => {
      exec(this.command, { timeout: TIMEOUT_MS, maxBuffer: 64 * 1024, windowsHide: true, ...(cwd ? { cwd } : {}) }, (err, stdout) => {
        if (err) {
          const why = err.killed
            ? vscode.l10n.t('it did not finish within {0} seconds', TIMEOUT_MS / 1000)
            : vscode.l10n.t('it exited with code {0}', String(err.code ?? '?'));
          this.log.warn(`gateway token command failed: ${why} (its output is not logged)`);
          reject(new TokenCommandError(vscode.l10n.t('The token command failed: {0}', why)));
          return;
        }
        const value = stdout.trim().split(/\r?\n/).pop()?.trim() ?? '';
        if (!value || !/^[\x21-\x7e]+$/.test(value)) {
          this.log.warn('gateway token command printed no usable token (its output is not logged)');
          reject(new TokenCommandError(vscode.l10n.t('The token command printed no token (one line of printable characters).')));
          return;
        }
        this.log.setSecrets([value, this.token?.value], 'gateway.token');
        this.token = { value, at: Date.now() };
        this.log.info(`gateway token command gave a new token in ${Date.now() - started} ms`);
        resolve(value);
      });
    });
  }

  dispose(): void {
    this.token = undefined;
  }
}
