/**
 * What Claude in VS Code's own chat does, built on first use: the language model provider and the
 * @claude participant's handler. registerNativeChat.ts registers both at activation and calls these.
 */
import type * as vscode from 'vscode';
import type { ReplyPipeline } from '../../claude/replyPipeline';
import type { Connections } from '../../platform/connections';
import type { EditorTracker } from '../../platform/editorTracker';
import type { Log } from '../../platform/log';
import type { ModelCatalog } from '../../platform/modelCatalog';
import type { ProposalManager } from '../../platform/proposals/proposalManager';
import type { SecretGate } from '../../platform/secrets/secretGate';
import type { UsageStatus } from '../../platform/usageStatus';
import { ClaudeChatProvider } from './claudeChatProvider';
import { claudeParticipant, type ClaudeParticipant } from './claudeParticipant';

export interface NativeChatServices {
  connections: Connections;
  catalog: ModelCatalog;
  usage: UsageStatus;
  log: Log;
  pipeline: ReplyPipeline;
  editors: EditorTracker;
  proposals: ProposalManager;
  secrets: SecretGate;
}

export interface NativeChat {
  readonly provider: ClaudeChatProvider;
  readonly participant: ClaudeParticipant;
  readonly log: Log;
}

export function createNativeChat(context: vscode.ExtensionContext, s: NativeChatServices): NativeChat {
  const provider = new ClaudeChatProvider(s.connections, s.catalog, s.usage, s.log, s.secrets);
  // A list fetched from the Models API changes the models (a new key or base URL is seen at activation).
  context.subscriptions.push(provider, s.catalog.onDidChange(() => provider.refresh()));
  return { provider, participant: claudeParticipant(s.pipeline, s.editors, s.proposals, s.log), log: s.log };
}
