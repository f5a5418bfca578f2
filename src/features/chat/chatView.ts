/**
 * The chat in the sidebar: a webview view showing the ChatSession. Its messages go to the router;
 * Stop and Retry from it mean the chat's.
 */
import * as vscode from 'vscode';
import type { Connections } from '../../platform/connections';
import { DerivedCommandId, ViewId } from '../../platform/contributions';
import { Disposable } from '../../platform/disposable';
import { Problem } from '../../platform/problems';
import { readSettings, DEFAULT_MODEL } from '../../platform/settings';
import type { UsageStatus } from '../../platform/usageStatus';
import type { MessageRouter, WebviewSource } from '../../platform/webview/messageRouter';
import { WebviewChannel } from '../../platform/webview/webviewChannel';
import { webviewHtml, webviewOptions } from '../../platform/webview/webviewHtml';
import type { ChatState, ChatStatus, WebviewMessage } from '../../shared/protocol';
import { toolsOffReason } from './agent/chatTools';
import type { ChatSession } from './chatSession';

export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider, WebviewSource {
  static readonly viewId = ViewId.chat;
  readonly kind = 'chat';
  private view: vscode.WebviewView | undefined;
  private channel: WebviewChannel | undefined;
  private hasKey = false;
  private pendingInsert: string | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: ChatSession,
    connections: Connections,
    private readonly usage: UsageStatus,
    private readonly router: MessageRouter,
    private readonly selectionText: () => string | undefined,
  ) {
    super();
    this._register(
      session.onDidChange((m) => {
        if (m === 'state') this.channel?.refresh();
        else {
          this.channel?.post(m);
          if (m.type === 'replyDone' || m.type === 'replyError') this.channel?.post({ type: 'sessionUsage', usage: this.usage.sessionTotal });
        }
      }),
    );
    // The key, the model and the tools show in the header and banners: a status message, not the whole history again.
    this._register(
      connections.onDidChange(() => {
        void connections.ready().then((ready) => {
          this.hasKey = ready;
          this.postStatus();
        });
      }),
    );
    // The header shows the model: follow the setting.
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('claude.model') || e.affectsConfiguration('claude.chat.workspaceTools')) this.postStatus();
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.postStatus()));
    void connections.ready().then((ready) => {
      this.hasKey = ready;
      this.postStatus();
    });
  }

  private postStatus(): void {
    this.channel?.post({ type: 'status', status: this.status });
  }

  get status(): ChatStatus {
    let model = DEFAULT_MODEL;
    try {
      model = readSettings().model;
    } catch {
      // An invalid setting is reported when a request is made.
    }
    return {
      model,
      hasApiKey: this.hasKey,
      sessionUsage: this.usage.sessionTotal,
      ...(toolsOffReason() ? { toolsOff: toolsOffReason() } : {}),
    };
  }

  get state(): ChatState {
    return {
      kind: 'chat',
      messages: [...this.session.turns],
      ...(this.session.streamingId ? { streamingId: this.session.streamingId } : {}),
      ...this.status,
      attachments: this.session.attachments.map((a) => ({ id: a.id, label: a.label })),
    };
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    this.channel?.dispose();
    const channel = new WebviewChannel(view.webview, () => this.state, (m: WebviewMessage) => void this.router.dispatch(m, this));
    this.channel = channel;
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'chat', 'Claude');
    view.onDidDispose(() => {
      channel.dispose();
      if (this.channel === channel) {
        this.channel = undefined;
        this.view = undefined;
      }
    });
  }

  /** After the ready handshake: a selection added before the view existed goes into its input now. */
  ready(): void {
    if (this.pendingInsert === undefined) return;
    this.channel?.post({ type: 'insertIntoInput', text: this.pendingInsert });
    this.pendingInsert = undefined;
  }

  stop(): void {
    this.session.stop();
  }

  retry(): void {
    void this.session.retry();
  }

  /** Puts the current selection into the chat's input, as a fenced block with its file name. */
  async addSelection(): Promise<void> {
    const text = this.selectionText();
    if (!text) throw new Problem(vscode.l10n.t('Select some code to add to the chat.'));
    await vscode.commands.executeCommand(DerivedCommandId.focusChat);
    if (this.channel && this.view) this.channel.post({ type: 'insertIntoInput', text });
    else this.pendingInsert = text;
  }
}
