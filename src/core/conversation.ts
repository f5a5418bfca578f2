/**
 * A chat: its turns, how they become the `messages` of a request, and the stored format
 * (versioned, validated on the way back in).
 */
import type { ErrorAction, ErrorView, MessageView, UsageView } from '../shared/protocol';

export type Turn = MessageView;

export interface ApiMessage {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * The request's `messages` for the whole history: user and assistant alternate, starting with
 * the user. A reply that produced no text is left out (with the user turn before it merged into
 * the next one), and a partial reply goes as far as it got.
 */
export function toApiMessages(turns: ReadonlyArray<Turn>): ApiMessage[] {
  const out: ApiMessage[] = [];
  for (const t of turns) {
    // Attached context goes before the question it came with.
    const content = t.role === 'assistant' ? t.text.trimEnd() : t.context ? `${t.context}\n\n${t.text}` : t.text;
    if (!content.trim()) continue;
    const last = out[out.length - 1];
    if (last && last.role === t.role) {
      last.content += `\n\n${content}`;
    } else if (!last && t.role === 'assistant') {
      continue;
    } else {
      out.push({ role: t.role, content });
    }
  }
  return out;
}

export interface StoredChat {
  version: 1;
  id: string;
  title: string;
  createdAt: number;
  turns: Turn[];
}

export const CHAT_STORE_VERSION = 1;

export function titleFor(firstUserText: string): string {
  const line = firstUserText.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || 'New chat';
}

function isUsage(u: unknown): u is UsageView {
  if (typeof u !== 'object' || u === null) return false;
  const r = u as Record<string, unknown>;
  return ['inputTokens', 'outputTokens', 'cacheCreationInputTokens', 'cacheReadInputTokens'].every(
    (k) => typeof r[k] === 'number',
  );
}

const ERROR_ACTIONS: ReadonlySet<string> = new Set<ErrorAction>(['setApiKey', 'retry', 'openSettings', 'showLog']);

function parseErrorView(v: unknown): ErrorView | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (typeof r.kind !== 'string' || typeof r.title !== 'string' || typeof r.detail !== 'string' || !Array.isArray(r.actions)) return undefined;
  const actions = r.actions.filter((a): a is ErrorAction => typeof a === 'string' && ERROR_ACTIONS.has(a));
  return { kind: r.kind, title: r.title, detail: r.detail, actions, ...(typeof r.requestId === 'string' ? { requestId: r.requestId } : {}) };
}

function parseTurn(v: unknown): Turn | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'string' || (r.role !== 'user' && r.role !== 'assistant') || typeof r.text !== 'string') {
    return undefined;
  }
  const t: Turn = { id: r.id, role: r.role, text: r.text };
  if (typeof r.thinking === 'string') t.thinking = r.thinking;
  if (typeof r.incomplete === 'string') t.incomplete = r.incomplete;
  if (typeof r.model === 'string') t.model = r.model;
  if (typeof r.context === 'string') t.context = r.context;
  const error = parseErrorView(r.error);
  if (error) t.error = error;
  if (typeof r.notice === 'string') t.notice = r.notice;
  if (Array.isArray(r.attachments) && r.attachments.every((a) => typeof a === 'string')) t.attachments = r.attachments as string[];
  if (isUsage(r.usage)) t.usage = r.usage;
  return t;
}

export type LoadResult = { ok: true; chat: StoredChat | undefined } | { ok: false; reason: string };

/**
 * Reads back what was stored. Nothing stored is fine; anything unreadable is reported (the
 * caller keeps a copy aside and tells the user), never silently dropped.
 */
export function loadStoredChat(value: unknown): LoadResult {
  if (value === undefined || value === null) return { ok: true, chat: undefined };
  if (typeof value !== 'object') return { ok: false, reason: 'not an object' };
  const r = value as Record<string, unknown>;
  if (r.version !== CHAT_STORE_VERSION) return { ok: false, reason: `unknown version ${String(r.version)}` };
  if (typeof r.id !== 'string' || !Array.isArray(r.turns)) return { ok: false, reason: 'missing fields' };
  const turns: Turn[] = [];
  for (const t of r.turns) {
    const parsed = parseTurn(t);
    if (!parsed) return { ok: false, reason: 'a message is malformed' };
    turns.push(parsed);
  }
  return {
    ok: true,
    chat: {
      version: 1,
      id: r.id,
      title: typeof r.title === 'string' ? r.title : titleFor(turns.find((t) => t.role === 'user')?.text ?? ''),
      createdAt: typeof r.createdAt === 'number' ? r.createdAt : Date.now(),
      turns,
    },
  };
}

/** The list of chats in a workspace: newest first. Each chat is stored under its own key. */
export interface ChatIndex {
  version: 1;
  currentId: string | undefined;
  entries: ChatIndexEntry[];
}

export interface ChatIndexEntry {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
}

export function loadChatIndex(value: unknown): { ok: true; index: ChatIndex | undefined } | { ok: false; reason: string } {
  if (value === undefined || value === null) return { ok: true, index: undefined };
  if (typeof value !== 'object') return { ok: false, reason: 'not an object' };
  const r = value as Record<string, unknown>;
  if (r.version !== CHAT_STORE_VERSION) return { ok: false, reason: `unknown version ${String(r.version)}` };
  if (!Array.isArray(r.entries)) return { ok: false, reason: 'missing fields' };
  const entries: ChatIndexEntry[] = [];
  for (const e of r.entries) {
    if (typeof e !== 'object' || e === null) return { ok: false, reason: 'an entry is malformed' };
    const x = e as Record<string, unknown>;
    if (typeof x.id !== 'string' || typeof x.title !== 'string') return { ok: false, reason: 'an entry is malformed' };
    entries.push({
      id: x.id,
      title: x.title,
      createdAt: typeof x.createdAt === 'number' ? x.createdAt : 0,
      updatedAt: typeof x.updatedAt === 'number' ? x.updatedAt : 0,
    });
  }
  return { ok: true, index: { version: 1, currentId: typeof r.currentId === 'string' ? r.currentId : undefined, entries } };
}

/** A chat as a Markdown document, for export. */
export function chatToMarkdown(chat: StoredChat): string {
  const parts = [`# ${chat.title}`, `_${new Date(chat.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC_`];
  for (const t of chat.turns) {
    if (t.role === 'user') {
      parts.push('## You', t.text);
    } else {
      parts.push(`## Claude${t.model ? ` (${t.model})` : ''}`, t.text || '_(no text)_');
      if (t.incomplete) parts.push(`> ⚠ Incomplete: ${t.incomplete}`);
    }
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * Keeps the newest messages that fit `budget` tokens, as counted by `count` (the SDK's
 * countTokens where available, an estimate otherwise). The first kept message is always a user
 * message; the last (the question) is always kept.
 */
export async function fitHistory(
  messages: ApiMessage[],
  budget: number,
  count: (messages: ApiMessage[]) => Promise<number>,
): Promise<{ messages: ApiMessage[]; dropped: number }> {
  let start = 0;
  let kept = messages;
  while (kept.length > 1 && (await count(kept)) > budget) {
    start += 1;
    while (start < messages.length - 1 && messages[start]!.role !== 'user') start += 1;
    kept = messages.slice(start);
  }
  return { messages: kept, dropped: start };
}

/** About four characters a token: an estimate for when countTokens is not available. */
export function estimateTokens(messages: ReadonlyArray<ApiMessage>, system = ''): number {
  return Math.ceil((system.length + messages.reduce((n, m) => n + m.content.length + 8, 0)) / 4);
}
