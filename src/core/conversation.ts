/**
 * A chat: its turns, how they become the `messages` of a request, and the stored format
 * (versioned, validated on the way back in).
 */
import type { MessageView, UsageView } from '../shared/protocol';

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
    const content = t.role === 'assistant' ? t.text.trimEnd() : t.text;
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
