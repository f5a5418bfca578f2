/** The sidebar chat: its view, New Chat, and Add Selection to Chat. */
import * as vscode from 'vscode';
import { ChatSession } from '../chat/chatSession';
import { ChatStore } from '../chat/chatStore';
import { makeAttachment } from '../chat/attachments';
import type { ClaudeRunner } from '../claude/runner';
import type { ApiKeyStore } from '../apiKey';
import type { EditorTracker } from '../editorTracker';
import type { Log } from '../log';
import type { CodeActions } from '../panels/codeActions';
import { ChatViewProvider } from '../panels/chatView';
import { formatCode } from '../core/prompts';
import type { UsageStatus } from '../usageStatus';
import { editorTarget } from './codeContext';

export function registerChat(
  context: vscode.ExtensionContext,
  runner: ClaudeRunner,
  keys: ApiKeyStore,
  usage: UsageStatus,
  actions: CodeActions,
  editors: EditorTracker,
  log: Log,
): { session: ChatSession; view: ChatViewProvider } {
  const session = new ChatSession(runner, new ChatStore(context.workspaceState, log));
  const selectionText = (): string | undefined => {
    const editor = editors.editor;
    if (!editor || editor.selection.isEmpty) return undefined;
    const target = editorTarget(editor, 'line');
    return target ? `${formatCode(target.context)}\n\n` : undefined;
  };
  const view = new ChatViewProvider(context.extensionUri, session, keys, usage, actions, selectionText, () => editors.editor);
  context.subscriptions.push(
    session,
    view,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, view),
    vscode.commands.registerCommand('claude.newChat', () => session.newChat()),
    vscode.commands.registerCommand('claude.chatHistory', () => showHistory(session)),
    // Attach context to the next chat message: 'file', 'editors' or 'diagnostics'.
    vscode.commands.registerCommand('claude.attachToChat', async (kind?: unknown) => {
      const k =
        kind === 'file' || kind === 'editors' || kind === 'diagnostics'
          ? kind
          : (
              await vscode.window.showQuickPick(
                [
                  { label: vscode.l10n.t('Current File'), attach: 'file' as const },
                  { label: vscode.l10n.t('Open Editors'), attach: 'editors' as const },
                  { label: vscode.l10n.t('Problems in the Current File'), attach: 'diagnostics' as const },
                ],
                { title: vscode.l10n.t('Claude: Attach to Chat') },
              )
            )?.attach;
      if (!k) return undefined;
      const a = makeAttachment(k, editors.editor);
      if (typeof a === 'string') {
        void vscode.window.showWarningMessage(a);
        return undefined;
      }
      session.attach(a);
      await vscode.commands.executeCommand('claude.chat.focus');
      return a.label;
    }),
    vscode.commands.registerCommand('claude.exportChat', async (id?: unknown): Promise<vscode.TextDocument | undefined> => {
      const markdown = session.exportMarkdown(typeof id === 'string' ? id : undefined);
      if (!markdown) return undefined;
      const doc = await vscode.workspace.openTextDocument({ content: markdown, language: 'markdown' });
      await vscode.window.showTextDocument(doc, { preview: false });
      return doc;
    }),
    vscode.commands.registerCommand('claude.addSelectionToChat', () => view.addSelection()),
  );
  return { session, view };
}

/** Past chats in a quick pick: open one, or rename, export or delete it with the row's buttons. */
async function showHistory(session: ChatSession): Promise<void> {
  const rename: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: vscode.l10n.t('Rename') };
  const exportMd: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('markdown'), tooltip: vscode.l10n.t('Export as Markdown') };
  const remove: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Delete') };
  type Item = vscode.QuickPickItem & { id: string };
  const items = (): Item[] =>
    session.history.map((e) => ({
      id: e.id,
      label: e.title,
      description: e.id === session.current.id ? vscode.l10n.t('current') : new Date(e.updatedAt).toLocaleString(),
      buttons: [rename, exportMd, remove],
    }));
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = vscode.l10n.t('Claude: Chat History');
  qp.placeholder = session.history.length ? vscode.l10n.t('Open a past chat') : vscode.l10n.t('No past chats yet');
  qp.items = items();
  qp.onDidTriggerItemButton(async ({ item, button }) => {
    if (button === remove) {
      await session.delete(item.id);
    } else if (button === exportMd) {
      qp.hide();
      await vscode.commands.executeCommand('claude.exportChat', item.id);
      return;
    } else if (button === rename) {
      qp.hide();
      const title = await vscode.window.showInputBox({ title: vscode.l10n.t('Rename chat'), value: item.label });
      if (title?.trim()) await session.rename(item.id, title.trim());
      return;
    }
    qp.items = items();
  });
  qp.onDidAccept(async () => {
    const picked = qp.selectedItems[0];
    qp.hide();
    if (picked && (await session.open(picked.id))) await vscode.commands.executeCommand('claude.chat.focus');
  });
  qp.onDidHide(() => qp.dispose());
  qp.show();
}
