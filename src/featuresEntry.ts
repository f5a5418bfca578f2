/**
 * Everything behind the registrations of extension.ts, built the first time one of them is used:
 * the shared services, the one command list, the chat view, Claude in VS Code's chat and the one
 * table of webview messages. Bundled on its own (dist/features.js, scripts/build.mjs), so that
 * activation parses none of it.
 */
import * as l10n from '@vscode/l10n';
import * as path from 'path';
import * as vscode from 'vscode';
import { formatCode } from './core/prompts';
import { ReplyPipeline } from './claude/replyPipeline';
import { apiKeyCommands } from './features/apiKey/apiKeyCommands';
import { changeSetCommands } from './features/chat/changeSetCommands';
import { chatCommands } from './features/chat/chatCommands';
import { ChatSession } from './features/chat/chatSession';
import { ChatStore } from './features/chat/chatStore';
import { ChatViewProvider } from './features/chat/chatView';
import { customCommand } from './features/customCommands/customCommands';
import { explainCommand } from './features/explain/explainCommand';
import { fixDiagnosticCommand } from './features/lightbulb/claudeCodeActions';
import { selectModelCommand } from './features/models/selectModel';
import { createNativeChat } from './features/nativeChat/nativeChat';
import { proposalCommands } from './features/refactor/proposalCommands';
import { refactorCommands } from './features/refactor/refactorCommands';
import { ApiKeyStore } from './platform/apiKeyStore';
import { commandRunner } from './platform/commands';
import { Connections } from './platform/connections';
import { editorTarget } from './platform/editorTarget';
import type { EditorTracker } from './platform/editorTracker';
import { Log } from './platform/log';
import { ModelCatalog } from './platform/modelCatalog';
import { ChangeSets } from './platform/proposals/changeSets';
import { ProposalManager } from './platform/proposals/proposalManager';
import { ReplyPanel } from './platform/replyPanel';
import { SecretGate } from './platform/secrets/secretGate';
import { UsageStatus } from './platform/usageStatus';
import { CodeBlockActions } from './platform/webview/codeBlockActions';
import { MessageRouter } from './platform/webview/messageRouter';
import { webviewMessageHandlers } from './webviewMessages';

/** What activation already made: the editor the user worked in is tracked from the start. */
export interface Started {
  editors: EditorTracker;
}

export type Features = ReturnType<typeof start>;

export function start(context: vscode.ExtensionContext, { editors }: Started) {
  // The core's strings (@vscode/l10n) come from the same bundle as the host's (vscode.l10n).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  // Services
  const log = new Log();
  const keys = new ApiKeyStore(context.secrets, log);
  const connections = new Connections(context.secrets, keys, log);
  const secrets = new SecretGate(log);
  const pipeline = new ReplyPipeline(connections, log, secrets);
  const usage = new UsageStatus();
  const proposals = new ProposalManager(log);
  const changeSets = new ChangeSets(log);
  const router = new MessageRouter(log);
  const catalog = new ModelCatalog(context.globalState, connections, log);
  const panel = new ReplyPanel(context.extensionUri, pipeline, router);
  context.subscriptions.push(log, keys, connections, pipeline, usage, proposals, changeSets, panel, catalog);
  context.subscriptions.push(pipeline.onUsage((u) => usage.add(u)), proposals.onDidChangeState((s) => panel.setProposalState(s)));

  // The sidebar chat
  const chatFolder = context.storageUri?.scheme === 'file' ? path.join(context.storageUri.fsPath, 'chats') : undefined;
  const chat = new ChatSession(pipeline, new ChatStore(context.workspaceState, log, chatFolder), changeSets);
  const selectionText = (): string | undefined => {
    const editor = editors.editor;
    return editor && !editor.selection.isEmpty ? `${formatCode(editorTarget(editor, 'line').context)}\n\n` : undefined;
  };
  const chatView = new ChatViewProvider(context.extensionUri, chat, connections, usage, router, selectionText);
  context.subscriptions.push(chat, chatView);

  // Features
  const runCommand = commandRunner(log, [
    ...apiKeyCommands(connections),
    explainCommand(panel, editors),
    ...refactorCommands(panel, editors, proposals, log),
    ...proposalCommands(proposals),
    customCommand(panel, editors, proposals, log),
    fixDiagnosticCommand,
    selectModelCommand(catalog),
    ...chatCommands(chat, chatView, editors),
    ...changeSetCommands(changeSets),
  ]);
  const nativeChat = createNativeChat(context, { connections, catalog, usage, log, pipeline, editors, proposals, secrets });
  router.use(webviewMessageHandlers({ chat, chatView, changeSets, codeBlocks: new CodeBlockActions(editors, proposals), editors, log }));

  return { runCommand, chatView, nativeChat, panel, chat, chatFolder, usage, secrets };
}
