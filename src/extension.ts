/**
 * Claude for VS Code. activate() only registers: every command id, the chat view, the lightbulb's
 * code actions, and Claude in VS Code's own chat. What they do is built the first time one of them is
 * used (featuresEntry.ts, its own bundle dist/features.js), so that activation loads none of the
 * services, prompts, markdown-it or the SDK (README, "Activation").
 */
import * as vscode from 'vscode';
import { registerCodeActionsProvider } from './features/lightbulb/claudeCodeActions';
import { registerNativeChat } from './features/nativeChat/registerNativeChat';
import { registerCommandIds } from './platform/commands';
import { CommandId, ViewId } from './platform/contributions';
import { EditorTracker } from './platform/editorTracker';
import type * as FeaturesEntry from './featuresEntry';

export function activate(context: vscode.ExtensionContext) {
  // Tracked from the start: a command run from a webview acts on the editor the user worked in last.
  const editors = new EditorTracker();
  context.subscriptions.push(editors);
  let loaded: FeaturesEntry.Features | undefined;
  const features = (): FeaturesEntry.Features =>
    (loaded ??= (require('./featuresEntry') as typeof FeaturesEntry).start(context, { editors }));

  registerCommandIds(context, Object.values(CommandId), (id, args) => features().runCommand(id, args));
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(ViewId.chat, {
      resolveWebviewView: (view) => features().chatView.resolveWebviewView(view),
    }),
  );
  registerCodeActionsProvider(context);
  registerNativeChat(context, () => features().nativeChat);

  // For the integration tests: what each webview is shown (never the key), and the chat's own entry
  // points, the same ones its webview calls. Each loads the features when first called.
  return {
    replyPanelState: () => features().panel.currentState,
    stopReply: () => features().panel.stop(),
    chatState: () => features().chatView.state,
    sessionUsage: () => features().usage.sessionTotal,
    get chat() {
      return features().chat;
    },
    secretQuestion: () => features().secrets.question,
    secretScans: () => features().secrets.scanned,
    chatFolder: () => features().chatFolder,
  };
}

export function deactivate(): void {}
