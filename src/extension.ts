/**
 * Claude for VS Code. activate() builds the few shared services and registers each feature;
 * each feature lives in its own file under commands/.
 */
import * as vscode from 'vscode';
import { ApiKeyStore } from './apiKey';
import { ClaudeRunner } from './claude/runner';
import { registerApiKeyCommands } from './commands/apiKey';
import { registerChat } from './commands/chat';
import { registerCustomCommands } from './commands/customCommands';
import { registerExplainCommand } from './commands/explain';
import { registerCodeActions } from './commands/lightbulb';
import { registerModelCommands } from './commands/models';
import { registerRefactorCommands } from './commands/refactor';
import { EditorTracker } from './editorTracker';
import { ProposalManager } from './edits/proposals';
import { Log } from './log';
import { CodeActions } from './panels/codeActions';
import { ReplyPanel } from './panels/replyPanel';
import { UsageStatus } from './usageStatus';

export function activate(context: vscode.ExtensionContext) {
  const log = new Log();
  const keys = new ApiKeyStore(context.secrets, log);
  const runner = new ClaudeRunner(keys, log);
  const usage = new UsageStatus();
  const editors = new EditorTracker();
  const proposals = new ProposalManager(log);
  const actions = new CodeActions(editors, proposals, log);
  const panel = new ReplyPanel(context.extensionUri, actions);
  context.subscriptions.push(log, keys, runner, usage, editors, proposals, panel, runner.onUsage((u) => usage.add(u)));

  registerApiKeyCommands(context, keys);
  registerExplainCommand(context, runner, panel, editors);
  registerModelCommands(context, keys, log);
  registerRefactorCommands(context, runner, panel, editors, proposals);
  registerCustomCommands(context, runner, panel, editors, proposals);
  registerCodeActions(context);
  const chat = registerChat(context, runner, keys, usage, actions, editors, log);

  // For the integration tests: what each webview is shown (never the key), and the chat's
  // own entry points, the same ones its webview calls.
  return {
    replyPanelState: () => panel.currentState,
    stopReply: () => panel.stop(),
    chatState: () => chat.view.state,
    chat: chat.session,
  };
}

export function deactivate(): void {}
