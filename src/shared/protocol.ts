/**
 * The one protocol between the extension host and its webviews (the reply panel and the chat
 * view). Both sides import these unions; nothing else crosses the boundary.
 *
 * Flow: the webview posts `ready`; the host answers with `state` (the whole picture) and posts
 * nothing before that. A reply then streams as notifications keyed by its `replyId`:
 * `replyStart`, any number of `replyDelta`, then exactly one of `replyDone` or `replyError`.
 */

import type { ChangeSetView, ToolStep } from '../core/agent/toolSteps';
import type { Turn } from '../core/conversation/turns';
import type { ErrorAction, ErrorReport } from '../core/failures';
import type { Usage } from '../core/usage';

export type { ErrorAction } from '../core/failures';

/** The views show the core's own records: a reply's usage, a failure in words, a chat turn. */
export type UsageView = Usage;
export type ErrorView = ErrorReport;
export type MessageView = Turn;

export type { ChangeFileView, ChangeSetView, ToolStep } from '../core/agent/toolSteps';

export const CHANGE_SET_ACTIONS = ['diff', 'accept', 'reject', 'undo'] as const;
export type ChangeSetActionKind = (typeof CHANGE_SET_ACTIONS)[number];

export const ATTACHMENT_KINDS = ['file', 'editors', 'diagnostics'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** Context waiting to go with the next chat message, shown as a removable chip. */
export interface AttachmentView {
  id: string;
  label: string;
}

/** The chat's header and banners: what changes without touching the history. */
export interface ChatStatus {
  model: string;
  hasApiKey: boolean;
  sessionUsage: UsageView;
  /** Why the chat cannot use the workspace tools now (e.g. an untrusted workspace), if it cannot. */
  toolsOff?: string;
}

export interface ChatState extends ChatStatus {
  kind: 'chat';
  messages: MessageView[];
  /** The id of the assistant reply streaming right now, if any. */
  streamingId?: string;
  /** Context to send with the next message. */
  attachments: AttachmentView[];
}

export interface PanelState {
  kind: 'panel';
  /** Heading, e.g. "Explain: utils.ts (lines 3–9)". */
  title: string;
  /** Shown above the reply, e.g. "No selection: explaining the current line." */
  note?: string;
  reply?: MessageView;
  streaming: boolean;
  /** For refactors: whether the proposal's diff is open and awaiting a decision. */
  proposal?: 'pending' | 'accepted' | 'rejected' | 'stale';
}

export type ViewState = ChatState | PanelState;

/**
 * Host → webview. `state` carries the whole history, so it is posted only when the view opens or
 * another chat is shown; everything else is a small message (a long chat costs no more per send).
 */
export type HostMessage =
  | { type: 'state'; state: ViewState }
  /** The chat's model, key or tools changed (the history did not). */
  | { type: 'status'; status: ChatStatus }
  /** The context waiting to go with the next chat message changed. */
  | { type: 'attachments'; attachments: AttachmentView[] }
  /** A chat message changed after it was shown (e.g. a reply got a notice): shown again as stored. */
  | { type: 'messageChanged'; message: MessageView }
  /** A chat message left the history (Retry drops the failed reply). */
  | { type: 'messageRemoved'; id: string }
  | { type: 'replyStart'; replyId: string; model: string }
  | { type: 'replyDelta'; replyId: string; text?: string; thinking?: string }
  | { type: 'replyRetrying'; replyId: string; attempt: number; seconds: number; reason: string }
  /** A tool call of the reply ran. */
  | { type: 'replyStep'; replyId: string; step: ToolStep }
  /** The reply's proposed changes, or where they stand now. */
  | { type: 'changeSet'; replyId: string; changeSet: ChangeSetView }
  | { type: 'replyDone'; replyId: string; usage: UsageView; stopReason: string | null; incomplete?: string }
  | { type: 'replyError'; replyId: string; error: ErrorView; incomplete: string }
  | { type: 'sessionUsage'; usage: UsageView }
  /** The user's message joined the chat (the attachments went with it). */
  | { type: 'userMessage'; message: MessageView }
  | { type: 'insertIntoInput'; text: string };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  /** The user started typing a question in this chat: the host gets the send ready meanwhile. */
  | { type: 'composing' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'retry' }
  | { type: 'newChat' }
  | { type: 'attachSelection' }
  | { type: 'attach'; kind: AttachmentKind }
  | { type: 'detach'; id: string }
  | { type: 'selectModel' }
  | { type: 'copyCode'; code: string }
  | { type: 'insertCode'; code: string }
  | { type: 'applyCode'; code: string }
  | { type: 'action'; action: ErrorAction }
  /** A decision on a reply's change set, or on one file of it (`path`). */
  | { type: 'changeSet'; action: ChangeSetActionKind; id: string; path?: string };
