/**
 * Host side of the protocol for one webview: waits for `ready`, answers with the whole state,
 * then forwards notifications. Incoming messages are validated (messageSchema.ts); anything else
 * is dropped, and the rest go to the router (`ready` too, once the state is posted).
 */
import type * as vscode from 'vscode';
import type { HostMessage, ViewState, WebviewMessage } from '../../shared/protocol';
import { Disposable } from '../disposable';
import { parseWebviewMessage } from './messageSchema';

/** Deltas arriving within this window go to the webview as one message. */
const DELTA_WINDOW_MS = 16;

type DeltaMessage = Extract<HostMessage, { type: 'replyDelta' }>;

export class WebviewChannel extends Disposable {
  private ready = false;
  /** Deltas held back during the current window, merged. */
  private pending: DeltaMessage | undefined;
  private window: NodeJS.Timeout | undefined;

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
          this.pending = undefined; // the state carries everything streamed so far
          void this.webview.postMessage({ type: 'state', state: this.getState() } satisfies HostMessage);
        }
        this.onMessage(m);
      }),
    );
  }

  /**
   * Before `ready` nothing is posted: the state sent on `ready` carries it. Deltas are coalesced:
   * the first goes at once, the ones that follow within a frame's time go together, so a fast
   * stream costs the webview one message per frame rather than one per SSE event.
   */
  post(message: HostMessage): void {
    if (!this.ready) return;
    if (message.type !== 'replyDelta') {
      this.flush();
      void this.webview.postMessage(message);
      return;
    }
    if (this.pending && this.pending.replyId === message.replyId) {
      this.pending = merge(this.pending, message);
      return;
    }
    this.flush();
    if (this.window) {
      this.pending = message;
      return;
    }
    void this.webview.postMessage(message);
    this.openWindow();
  }

  private openWindow(): void {
    this.window = setTimeout(() => {
      this.window = undefined;
      if (this.pending) {
        this.flush();
        this.openWindow();
      }
    }, DELTA_WINDOW_MS);
  }

  private flush(): void {
    const p = this.pending;
    this.pending = undefined;
    if (p && this.ready) void this.webview.postMessage(p);
  }

  override dispose(): void {
    clearTimeout(this.window);
    super.dispose();
  }

  /** Sends the whole state again. */
  refresh(): void {
    this.post({ type: 'state', state: this.getState() });
  }
}

function merge(a: DeltaMessage, b: DeltaMessage): DeltaMessage {
  const text = (a.text ?? '') + (b.text ?? '');
  const thinking = (a.thinking ?? '') + (b.thinking ?? '');
  return { type: 'replyDelta', replyId: a.replyId, ...(text ? { text } : {}), ...(thinking ? { thinking } : {}) };
}
