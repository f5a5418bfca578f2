/** The "Claude" output channel. Lines pass through redaction of the API key before they are written. */
import * as vscode from 'vscode';
import { redact } from '../core/failures';

export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Claude', { log: true });
  private readonly owners = new Map<string, string[]>();
  private secrets: string[] = [];

  /** Anything in these lists is never written; each owner (a key's slot, the token command) keeps its own. */
  setSecrets(secrets: ReadonlyArray<string | undefined>, owner = 'claude.apiKey'): void {
    this.owners.set(owner, secrets.filter((s): s is string => !!s));
    this.secrets = [...this.owners.values()].flat();
  }

  /** Everything that is never written (the error texts are redacted with it too). */
  get redacted(): readonly string[] {
    return this.secrets;
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
