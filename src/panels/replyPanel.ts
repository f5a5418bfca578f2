/**
 * The panel beside the editor where Explain and the refactors stream their reply. One panel is
 * reused; each new request replaces what it shows.
 */
import * as vscode from 'vscode';
import type { ClassifiedError } from '../core/failures';
import { replyDoneMessage, type MessageView, type PanelState, type WebviewMessage } from '../shared/protocol';
import type { ReplySink } from '../claude/runner';
import type { CodeActions } from './codeActions';
import { Disposable } from './dispose';
import { WebviewChannel } from './webviewChannel';
import { webviewHtml, webviewOptions } from './webviewHtml';

export class ReplyPanel extends Disposable implements ReplySink {
  static readonly viewType = 'claude.replyPanel';
  private panel: vscode.WebviewPanel | undefined;
  private channel: WebviewChannel | undefined;
  private state: PanelState = { kind: 'panel', title: '', streaming: false };
  private abort: AbortController | undefined;
  private rerun: (() => void) | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly actions: CodeActions) {
    super();
  }

  /** The state the webview shows (for tests and for the ready handshake). */
  get currentState(): PanelState {
    return this.state;
  }

  /**
   * Shows the panel for a new request and returns the signal that its Stop button aborts.
   * `rerun` is what Retry does.
   */
  private begin(title: string, note: string | undefined, rerun: () => void): AbortSignal {
    this.abort?.abort();
    this.abort = new AbortController();
    this.rerun = rerun;
    this.state = { kind: 'panel', title, streaming: true, ...(note ? { note } : {}) };
    this.ensurePanel(title);
    this.channel?.refresh();
    return this.abort.signal;
  }

  /**
   * Runs `attempt` for a new request shown in this panel, with the signal its Stop button aborts;
   * Retry runs the same attempt again.
   */
  run<T>(title: string, note: string | undefined, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const go = (): Promise<T> => attempt(this.begin(title, note, () => void go()));
    return go();
  }

  setProposalState(proposal: PanelState['proposal']): void {
    this.state = { ...this.state, proposal };
    this.channel?.refresh();
  }

  private ensurePanel(title: string): void {
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      ReplyPanel.viewType,
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { ...webviewOptions(this.extensionUri), retainContextWhenHidden: true },
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'claude.svg');
    this.panel = panel;
    this.channel = new WebviewChannel(panel.webview, () => this.state, (m) => this.onMessage(m));
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'panel', title);
    panel.onDidDispose(() => {
      this.abort?.abort();
      this.channel?.dispose();
      this.channel = undefined;
      this.panel = undefined;
    });
  }

  /** What the Stop button does: aborts the request in flight. */
  stop(): void {
    this.abort?.abort();
  }

  private onMessage(m: WebviewMessage): void {
    if (this.actions.handle(m)) return;
    if (m.type === 'stop') this.stop();
    else if (m.type === 'retry' || (m.type === 'action' && m.action === 'retry')) this.rerun?.();
  }

  // ReplySink: the stream, forwarded to the webview and mirrored in the state.
  start(replyId: string, model: string): void {
    this.state = { ...this.state, reply: { id: replyId, role: 'assistant', text: '', model }, streaming: true };
    this.channel?.post({ type: 'replyStart', replyId, model });
  }

  text(replyId: string, delta: string): void {
    if (this.state.reply?.id !== replyId) return;
    this.state.reply.text += delta;
    this.channel?.post({ type: 'replyDelta', replyId, text: delta });
  }

  thinking(replyId: string, delta: string): void {
    if (this.state.reply?.id !== replyId) return;
    this.state.reply.thinking = (this.state.reply.thinking ?? '') + delta;
    this.channel?.post({ type: 'replyDelta', replyId, thinking: delta });
  }

  retrying(replyId: string, attempt: number, seconds: number, reason: string): void {
    this.channel?.post({ type: 'replyRetrying', replyId, attempt, seconds, reason });
  }

  done(reply: MessageView, stopReason: string | null): void {
    if (this.state.reply?.id !== reply.id) return;
    this.state = { ...this.state, reply, streaming: false };
    this.channel?.post(replyDoneMessage(reply, stopReason));
  }

  failed(reply: MessageView, error: ClassifiedError): void {
    if (this.state.reply && this.state.reply.id !== reply.id) return;
    const view = error;
    this.state = { ...this.state, reply: { ...reply, error: view }, streaming: false };
    this.channel?.post({ type: 'replyError', replyId: reply.id, error: view, incomplete: reply.incomplete ?? '' });
  }

  override dispose(): void {
    this.abort?.abort();
    this.panel?.dispose();
    super.dispose();
  }
}
