/** The chat's commands: New Chat, Chat History, Attach Context, Export as Markdown, Add Selection. */
import * as vscode from 'vscode';
import type { Command } from '../../platform/commands';
import { CommandId, DerivedCommandId } from '../../platform/contributions';
import type { EditorTracker } from '../../platform/editorTracker';
import { ATTACHMENT_KINDS, type AttachmentKind } from '../../shared/protocol';
import { makeAttachment } from './attachments';
import { showChatHistory } from './chatHistoryPicker';
import type { ChatSession } from './chatSession';
import type { ChatViewProvider } from './chatView';

function attachmentLabel(kind: AttachmentKind): string {
  switch (kind) {
    case 'file':
      return vscode.l10n.t('Current File');
    case 'editors':
      return vscode.l10n.t('Open Editors');
    case 'diagnostics':
      return vscode.l10n.t('Problems in the Current File');
  }
}

const isAttachmentKind = (k: unknown): k is AttachmentKind => (ATTACHMENT_KINDS as ReadonlyArray<unknown>).includes(k);

/** Attaches context to the next message; returns its label. */
export async function attachToChat(session: ChatSession, editors: EditorTracker, kind?: unknown): Promise<string | undefined> {
  const k = isAttachmentKind(kind)
    ? kind
    : (
        await vscode.window.showQuickPick(
          ATTACHMENT_KINDS.map((attach) => ({ label: attachmentLabel(attach), attach })),
          { title: vscode.l10n.t('Claude: Attach to Chat') },
        )
      )?.attach;
  if (!k) return undefined;
  const a = makeAttachment(k, editors.editor);
  session.attach(a);
  await vscode.commands.executeCommand(DerivedCommandId.focusChat);
  return a.label;
}

export function chatCommands(session: ChatSession, view: ChatViewProvider, editors: EditorTracker): Command[] {
  return [
    { id: CommandId.newChat, execute: () => session.newChat() },
    { id: CommandId.chatHistory, execute: () => showChatHistory(session) },
    // Attach context to the next chat message: 'file', 'editors' or 'diagnostics'.
    { id: CommandId.attachToChat, execute: (kind?: unknown) => attachToChat(session, editors, kind) },
    {
      id: CommandId.exportChat,
      execute: async (id?: unknown): Promise<vscode.TextDocument | undefined> => {
        const markdown = session.exportMarkdown(typeof id === 'string' ? id : undefined);
        if (!markdown) return undefined;
        const doc = await vscode.workspace.openTextDocument({ content: markdown, language: 'markdown' });
        await vscode.window.showTextDocument(doc, { preview: false });
        return doc;
      },
    },
    { id: CommandId.addSelectionToChat, execute: () => view.addSelection() },
  ];
}
