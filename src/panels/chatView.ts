/** The chat in the sidebar: a webview view showing the ChatSession. */
import * as vscode from 'vscode';
import { makeAttachment } from '../chat/attachments';
import type { ChatSession } from '../chat/chatSession';
import type { ApiKeyStore } from '../apiKey';
import { readSettings, DEFAULT_MODEL } from '../settings';
import type { ChatState, WebviewMessage } from '../shared/protocol';
import type { UsageStatus } from '../usageStatus';
import type { CodeActions } from './codeActions';
import { Disposable } from './dispose';
import { WebviewChannel } from './webviewChannel';
import { webviewHtml, webviewOptions } from './webviewHtml';

export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  static readonly viewId = 'claude.chat';
  private view: vscode.WebviewView | undefined;
  private channel: WebviewChannel | undefined;
  private hasKey = false;
  private pendingInsert: string | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: ChatSession,
    keys: ApiKeyStore,
    private readonly usage: UsageStatus,
    private readonly actions: CodeActions,
    private readonly selectionText: () => string | undefined,
    private readonly editor: () => vscode.TextEditor | undefined,
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
    this._register(
      keys.onDidChange((has) => {
        this.hasKey = has;
        this.channel?.refresh();
      }),
    );
    // The header shows the model: follow the setting.
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('claude.model')) this.channel?.refresh();
      }),
    );
    void keys.get().then((k) => {
      this.hasKey = !!k;
      this.channel?.refresh();
    });
  }

  get state(): ChatState {
    let model = DEFAULT_MODEL;
    try {
      model = readSettings().model;
    } catch {
      // An invalid setting is reported when a request is made.
    }
    return {
      kind: 'chat',
      messages: [...this.session.turns],
      ...(this.session.streamingId ? { streamingId: this.session.streamingId } : {}),
      model,
      hasApiKey: this.hasKey,
      sessionUsage: this.usage.sessionTotal,
      attachments: this.session.attachments.map((a) => ({ id: a.id, label: a.label })),
    };
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    this.channel?.dispose();
    const channel = new WebviewChannel(view.webview, () => this.state, (m) => this.onMessage(m));
    this.channel = channel;
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'chat', 'Claude');
    view.onDidDispose(() => {
      channel.dispose();
      if (this.channel === channel) {
        this.channel = undefined;
        this.view = undefined;
      }
    });
    view.webview.onDidReceiveMessage((m: { type?: string }) => {
      if (m?.type === 'ready' && this.pendingInsert !== undefined) {
        channel.post({ type: 'insertIntoInput', text: this.pendingInsert });
        this.pendingInsert = undefined;
      }
    });
  }

  /** Puts the current selection into the chat's input, as a fenced block with its file name. */
  async addSelection(): Promise<void> {
    const text = this.selectionText();
    if (!text) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Select some code to add to the chat.'));
      return;
    }
    await vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`);
    if (this.channel && this.view) this.channel.post({ type: 'insertIntoInput', text });
    else this.pendingInsert = text;
  }

  private onMessage(m: WebviewMessage): void {
    if (this.actions.handle(m)) return;
    switch (m.type) {
      case 'send':
        void this.session.send(m.text);
        return;
      case 'stop':
        this.session.stop();
        return;
      case 'retry':
      case 'action': // only Retry reaches here
        void this.session.retry();
        return;
      case 'newChat':
        void this.session.newChat();
        return;
      case 'attachSelection':
        void this.addSelection();
        return;
      case 'attach': {
        const a = makeAttachment(m.kind, this.editor());
        if (typeof a === 'string') void vscode.window.showWarningMessage(a);
        else this.session.attach(a);
        return;
      }
      case 'detach':
        this.session.detach(m.id);
        return;
      case 'selectModel':
        void vscode.commands.executeCommand('claude.selectModel');
        return;
      default:
        return;
    }
  }
}
