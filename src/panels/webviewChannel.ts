/**
 * Host side of the protocol for one webview: waits for `ready`, answers with the whole state,
 * then forwards notifications. Incoming messages are validated; anything else is dropped.
 */
import * as vscode from 'vscode';
import { parseWebviewMessage, type HostMessage, type ViewState, type WebviewMessage } from '../shared/protocol';
import { Disposable } from './dispose';

export class WebviewChannel extends Disposable {
  private ready = false;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly getState: () => ViewState,
    private readonly onMessage: (m: WebviewMessage) => void,
  ) {
    super();
    this._register(
      webview.onDidReceiveMessage((raw: unknown) => {
        const m = parseWebviewMessage(raw);
        if (!m) return;
        if (m.type === 'ready') {
          this.ready = true;
          void this.webview.postMessage({ type: 'state', state: this.getState() } satisfies HostMessage);
          return;
        }
        this.onMessage(m);
      }),
    );
  }

  /** Forgets the handshake, e.g. after the HTML was set again. */
  reset(): void {
    this.ready = false;
  }

  /** Before `ready` nothing is posted: the state sent on `ready` carries it. */
  post(message: HostMessage): void {
    if (this.ready) void this.webview.postMessage(message);
  }

  /** Sends the whole state again. */
  refresh(): void {
    this.post({ type: 'state', state: this.getState() });
  }
}
