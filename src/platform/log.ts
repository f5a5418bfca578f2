/** The "Claude" output channel. Lines pass through redaction of the API key before they are written. */
import * as vscode from 'vscode';
import { redact } from '../core/failures';

export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Claude', { log: true });
  private secrets: string[] = [];

  /** Anything in this list is never written. */
  setSecrets(secrets: ReadonlyArray<string | undefined>): void {
    this.secrets = secrets.filter((s): s is string => !!s);
  }

  info(message: string): void {
    this.channel.info(redact(message, this.secrets));
  }

  warn(message: string): void {
    this.channel.warn(redact(message, this.secrets));
  }

  error(message: string): void {
    this.channel.error(redact(message, this.secrets));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
