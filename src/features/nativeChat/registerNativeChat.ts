/**
 * Claude in VS Code's own chat: the language model provider (while `claude.nativeChat.enabled` is
 * on) and the @claude participant.
 */
import * as vscode from 'vscode';
import type { ReplyPipeline } from '../../claude/replyPipeline';
import type { ApiKeyStore } from '../../platform/apiKeyStore';
import type { EditorTracker } from '../../platform/editorTracker';
import type { Log } from '../../platform/log';
import type { ModelCatalog } from '../../platform/modelCatalog';
import type { ProposalManager } from '../../platform/proposals/proposalManager';
import type { SecretGate } from '../../platform/secrets/secretGate';
import type { UsageStatus } from '../../platform/usageStatus';
import { ClaudeChatProvider, VENDOR } from './claudeChatProvider';
import { createClaudeParticipant } from './claudeParticipant';

export interface NativeChatServices {
  keys: ApiKeyStore;
  catalog: ModelCatalog;
  usage: UsageStatus;
  log: Log;
  pipeline: ReplyPipeline;
  editors: EditorTracker;
  proposals: ProposalManager;
  secrets: SecretGate;
}

export function registerNativeChat(context: vscode.ExtensionContext, s: NativeChatServices): void {
  const provider = new ClaudeChatProvider(s.keys, s.catalog, s.usage, s.log, s.secrets);
  let registration: vscode.Disposable | undefined;
  const sync = (): void => {
    const enabled = vscode.workspace.getConfiguration('claude').get<boolean>('nativeChat.enabled', true);
    if (enabled && !registration) {
      registration = vscode.lm.registerLanguageModelChatProvider(VENDOR, provider);
      // VS Code asks a provider for its models only when something wants them: asking now puts
      // them in the chat's model picker at once.
      void vscode.lm.selectChatModels({ vendor: VENDOR }).then(undefined, (err: unknown) => s.log.warn(`could not list the chat models: ${String(err)}`));
    } else if (!enabled && registration) {
      registration.dispose();
      registration = undefined;
    }
  };
  sync();
  context.subscriptions.push(
    provider,
    { dispose: () => registration?.dispose() },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('claude.nativeChat.enabled')) sync();
      if (e.affectsConfiguration('claude.baseUrl')) provider.refresh();
    }),
    s.keys.onDidChange(() => provider.refresh()),
    s.catalog.onDidChange(() => provider.refresh()),
    createClaudeParticipant(s.pipeline, s.editors, s.proposals, s.log, context.extensionUri),
  );
}
