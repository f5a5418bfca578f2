/**
 * The panel beside the editor where Explain, the refactors and custom commands show their reply.
 * One panel is reused; each new request replaces what it shows. It renders what the reply pipeline
 * emits; Stop and Retry come to it through the message router.
 */
import * as vscode from 'vscode';
import type { ActiveReply, PromptBuilder, ReplyPipeline, RunResult } from '../claude/replyPipeline';
import type { PanelState, WebviewMessage } from '../shared/protocol';
import { Disposable } from './disposable';
import type { ProposalState } from './proposals/proposalManager';
import type { MessageRouter, WebviewSource } from './webview/messageRouter';
import { replyEndMessage, replyEventMessage } from './webview/replyMessages';
import { WebviewChannel } from './webview/webviewChannel';
import { webviewHtml, webviewOptions } from './webview/webviewHtml';

/** Asks Claude, showing the reply in the panel; resolves when the reply has ended. */
export type Ask = (buildPrompt: PromptBuilder) => Promise<RunResult>;

export class ReplyPanel extends Disposable implements WebviewSource {
  static readonly viewType = 'claude.replyPanel';
  readonly kind = 'panel';
  private panel: vscode.WebviewPanel | undefined;
  private channel: WebviewChannel | undefined;
  private state: PanelState = { kind: 'panel', title: '', streaming: false };
  private active: ActiveReply | undefined;
  private rerun: (() => void) | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly pipeline: ReplyPipeline,
    private readonly router: MessageRouter,
  ) {
    super();
  }

  /** The state the webview shows (for tests and for the ready handshake). */
  get currentState(): PanelState {
    return this.active ? { ...this.state, reply: this.active.snapshot() } : this.state;
  }

  /**
   * Runs `attempt` for a new request shown in this panel; `attempt` asks Claude through `ask`.
   * Retry runs the same attempt again.
   */
  run<T>(title: string, note: string | undefined, attempt: (ask: Ask) => Promise<T>): Promise<T> {
    const go = (): Promise<T> => {
      this.begin(title, note, () => void go());
      return attempt((buildPrompt) => this.ask(buildPrompt));
    };
    return go();
  }

  private begin(title: string, note: string | undefined, rerun: () => void): void {
    this.active?.stop();
    this.active = undefined;
    this.rerun = rerun;
    this.state = { kind: 'panel', title, streaming: true, ...(note ? { note } : {}) };
    this.ensurePanel(title);
    this.channel?.refresh();
  }

  private async ask(buildPrompt: PromptBuilder): Promise<RunResult> {
    let mine: ActiveReply | undefined;
    const result = await this.pipeline.run(buildPrompt, (e) => {
      if (e.type === 'start') {
        mine = e.reply;
        this.active = e.reply;
        this.state = { ...this.state, streaming: true };
      } else if (this.active !== mine) {
        return; // a newer request took the panel
      }
      this.channel?.post(replyEventMessage(e));
    });
    if (mine && this.active !== mine) return result;
    this.active = undefined;
    this.state = { ...this.state, reply: result.reply, streaming: false };
    this.channel?.post(replyEndMessage(result));
    return result;
  }

  setProposalState(proposal: ProposalState): void {
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
    this.channel = new WebviewChannel(panel.webview, () => this.currentState, (m: WebviewMessage) => void this.router.dispatch(m, this));
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'panel', title);
    panel.onDidDispose(() => {
      this.active?.stop();
      this.channel?.dispose();
      this.channel = undefined;
      this.panel = undefined;
    });
  }

  /** What the Stop button does: stops the reply in flight. */
  stop(): void {
    this.active?.stop();
  }

  retry(): void {
    this.rerun?.();
  }

  override dispose(): void {
    this.active?.stop();
    this.panel?.dispose();
    super.dispose();
  }
}
