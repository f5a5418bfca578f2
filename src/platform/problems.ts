/**
 * The one way to say "could not": throw a Problem (its message already in the user's words and
 * language) from a command or a webview message handler, or pass it to showProblem. The command
 * registry and the message router catch what their handlers throw and show it here; anything that
 * is not a Problem is logged and shown as an unexpected error, never swallowed.
 */
import * as vscode from 'vscode';
import type { Log } from './log';

export class Problem extends Error {
  constructor(message: string, readonly severity: 'warning' | 'error' = 'warning') {
    super(message);
    this.name = 'Problem';
  }
}

/** Shows a problem (or any error) to the user; unexpected errors also go to the log. */
export function showProblem(err: unknown, log: Log): void {
  if (err instanceof Problem) {
    if (err.severity === 'error') void vscode.window.showErrorMessage(err.message);
    else void vscode.window.showWarningMessage(err.message);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  log.error(`unexpected error: ${err instanceof Error ? (err.stack ?? message) : message}`);
  void vscode.window.showErrorMessage(vscode.l10n.t('Claude ran into an unexpected error: {0}', message));
}
