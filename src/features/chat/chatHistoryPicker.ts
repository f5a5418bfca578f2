/** Past chats in a quick pick: open one, or rename, export or delete it with the row's buttons. */
import * as vscode from 'vscode';
import { runCommand } from '../../platform/commands';
import { CommandId, DerivedCommandId } from '../../platform/contributions';
import type { ChatSession } from './chatSession';

export async function showChatHistory(session: ChatSession): Promise<void> {
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
      await runCommand(CommandId.exportChat, item.id);
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
    if (picked && (await session.open(picked.id))) await vscode.commands.executeCommand(DerivedCommandId.focusChat);
  });
  qp.onDidHide(() => qp.dispose());
  qp.show();
}
