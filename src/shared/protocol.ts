/**
 * The one protocol between the extension host and its webviews (the reply panel and the chat
 * view). Both sides import these unions; nothing else crosses the boundary.
 *
 * Flow: the webview posts `ready`; the host answers with `state` (the whole picture) and posts
 * nothing before that. A reply then streams as notifications keyed by its `replyId`:
 * `replyStart`, any number of `replyDelta`, then exactly one of `replyDone` or `replyError`.
 */

export type Role = 'user' | 'assistant';

export interface UsageView {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  /** Dollars, or undefined when the model's price is unknown. */
  costUsd?: number;
}

/** A user-actionable next step offered with an error. */
export type ErrorAction = 'setApiKey' | 'retry' | 'openSettings' | 'showLog';

export interface ErrorView {
  /** What kind of failure (e.g. 'stopped', 'auth', 'rateLimit'); 'stopped' is the user's own doing. */
  kind: string;
  /** One short sentence: what happened. */
  title: string;
  /** What to do next, in plain words. */
  detail: string;
  actions: ErrorAction[];
  requestId?: string;
}

/** A finished or in-progress message as the webview shows it. */
export interface MessageView {
  id: string;
  role: Role;
  /** Markdown text (for the user: what they typed plus attachments rendered as fences). */
  text: string;
  thinking?: string;
  /** For an assistant reply that did not finish: why (e.g. stopped, error). */
  incomplete?: string;
  usage?: UsageView;
  model?: string;
  /** Why the reply failed, with the next step (kept so a reloaded view still shows it). */
  error?: ErrorView;
  /** Something the user should know about how this reply was made (e.g. history trimmed). */
  notice?: string;
  /** For a user message: the labels of the context attached to it (files, diagnostics). */
  attachments?: string[];
  /** For a user message: the attached context as sent (Markdown), before the question. */
  context?: string;
}

export type AttachmentKind = 'file' | 'editors' | 'diagnostics';

/** Context waiting to go with the next chat message, shown as a removable chip. */
export interface AttachmentView {
  id: string;
  label: string;
}

export interface ChatState {
  kind: 'chat';
  messages: MessageView[];
  /** The id of the assistant reply streaming right now, if any. */
  streamingId?: string;
  model: string;
  hasApiKey: boolean;
  sessionUsage: UsageView;
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

/** Host → webview. */
export type HostMessage =
  | { type: 'state'; state: ViewState }
  | { type: 'replyStart'; replyId: string; model: string }
  | { type: 'replyDelta'; replyId: string; text?: string; thinking?: string }
  | { type: 'replyRetrying'; replyId: string; attempt: number; seconds: number; reason: string }
  | { type: 'replyDone'; replyId: string; usage: UsageView; stopReason: string | null; incomplete?: string }
  | { type: 'replyError'; replyId: string; error: ErrorView; incomplete: string }
  | { type: 'sessionUsage'; usage: UsageView }
  /** The user's message joined the chat (the attachments went with it). */
  | { type: 'userMessage'; message: MessageView }
  | { type: 'insertIntoInput'; text: string };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
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
  | { type: 'action'; action: ErrorAction };

/** The end of a reply that finished, as both views post it. */
export function replyDoneMessage(reply: MessageView, stopReason: string | null): HostMessage {
  return {
    type: 'replyDone',
    replyId: reply.id,
    usage: reply.usage ?? { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
    stopReason,
    ...(reply.incomplete ? { incomplete: reply.incomplete } : {}),
  };
}

const webviewMessageTypes: ReadonlySet<string> = new Set<WebviewMessage['type']>([
  'ready',
  'send',
  'stop',
  'retry',
  'newChat',
  'attachSelection',
  'attach',
  'detach',
  'selectModel',
  'copyCode',
  'insertCode',
  'applyCode',
  'action',
]);

const errorActions: ReadonlySet<string> = new Set<ErrorAction>(['setApiKey', 'retry', 'openSettings', 'showLog']);

/**
 * The host trusts nothing a webview posts: anything not shaped like a WebviewMessage is dropped.
 */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.type !== 'string' || !webviewMessageTypes.has(m.type)) return undefined;
  switch (m.type) {
    case 'send':
      return typeof m.text === 'string' ? { type: 'send', text: m.text } : undefined;
    case 'copyCode':
    case 'insertCode':
    case 'applyCode':
      return typeof m.code === 'string' ? { type: m.type, code: m.code } : undefined;
    case 'attach':
      return m.kind === 'file' || m.kind === 'editors' || m.kind === 'diagnostics' ? { type: 'attach', kind: m.kind } : undefined;
    case 'detach':
      return typeof m.id === 'string' ? { type: 'detach', id: m.id } : undefined;
    case 'action':
      return typeof m.action === 'string' && errorActions.has(m.action)
        ? { type: 'action', action: m.action as ErrorAction }
        : undefined;
    default:
      return { type: m.type as 'ready' | 'stop' | 'retry' | 'newChat' | 'attachSelection' | 'selectModel' };
  }
}
