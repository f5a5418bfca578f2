/** The sidebar chat: its view, New Chat, and Add Selection to Chat. */
import * as vscode from 'vscode';
import { ChatSession } from '../chat/chatSession';
import { ChatStore } from '../chat/chatStore';
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
  const view = new ChatViewProvider(context.extensionUri, session, keys, usage, actions, selectionText);
  context.subscriptions.push(
    session,
    view,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, view),
    vscode.commands.registerCommand('claude.newChat', () => session.newChat()),
    vscode.commands.registerCommand('claude.addSelectionToChat', () => view.addSelection()),
  );
  return { session, view };
}
