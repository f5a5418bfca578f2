/**
 * The stored format of chats (version 1): one value per chat and an index of them. What comes back
 * from storage is validated by schema: a field of the wrong type is dropped where it is optional,
 * and anything else unreadable is reported with a reason (the caller keeps a copy aside and tells
 * the user), never silently dropped.
 */
import * as v from 'valibot';
import { ERROR_ACTIONS, ERROR_KINDS, type ErrorAction } from '../failures';
import type { FitMemo } from './historyFit';
import { titleFor, type Turn } from './turns';

export const CHAT_STORE_VERSION = 1;

export interface StoredChat {
  version: 1;
  id: string;
  title: string;
  createdAt: number;
  /** Not changed in place once saved (the store journals a changed turn as a new object): replaced, added or removed. */
  turns: Array<Readonly<Turn>>;
  /**
   * The last exact fit of the chat into the context window (historyFit.ts), so that the next send,
   * after a reload too, goes without counting while it has room. Its key is a hash.
   */
  fit?: FitMemo;
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

/** An optional field: kept when it has the right type, dropped otherwise. */
const lenient = <S extends v.GenericSchema>(schema: S) => v.fallback(v.optional(schema), undefined);

const isAction = (a: unknown): a is ErrorAction => typeof a === 'string' && (ERROR_ACTIONS as ReadonlyArray<string>).includes(a);

const UsageSchema = v.object({
  inputTokens: v.number(),
  outputTokens: v.number(),
  cacheCreationInputTokens: v.number(),
  cacheReadInputTokens: v.number(),
  costUsd: lenient(v.number()),
});

const ErrorSchema = v.object({
  kind: v.fallback(v.picklist(ERROR_KINDS), 'unknown'),
  title: v.string(),
  detail: v.string(),
  actions: v.pipe(
    v.array(v.unknown()),
    v.transform((a) => a.filter(isAction)),
  ),
  requestId: lenient(v.string()),
});

const StepSchema = v.object({ id: v.string(), summary: v.string(), detail: lenient(v.string()), isError: lenient(v.boolean()) });

const ChangeSetSchema = v.object({
  id: v.string(),
  files: v.array(
    v.object({
      path: v.string(),
      isNew: v.boolean(),
      added: v.number(),
      removed: v.number(),
      status: v.fallback(v.picklist(['pending', 'accepted', 'rejected', 'stale', 'undone']), 'rejected'),
      message: lenient(v.string()),
    }),
  ),
});

const TurnSchema = v.object({
  id: v.string(),
  role: v.picklist(['user', 'assistant']),
  text: v.string(),
  thinking: lenient(v.string()),
  incomplete: lenient(v.string()),
  usage: lenient(UsageSchema),
  model: lenient(v.string()),
  error: lenient(ErrorSchema),
  notice: lenient(v.string()),
  attachments: lenient(v.array(v.string())),
  context: lenient(v.string()),
  steps: lenient(v.array(StepSchema)),
  changeSet: lenient(ChangeSetSchema),
});

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
export const FitSchema = v.object({ key: v.string(), length: count, start: count, chars: count, tokens: count });

const ChatSchema = v.object({
  id: v.string(),
  title: lenient(v.string()),
  createdAt: lenient(v.number()),
  turns: v.array(v.unknown()),
  fit: lenient(FitSchema),
});

const IndexSchema = v.object({
  currentId: lenient(v.string()),
  entries: v.array(
    v.object({
      id: v.string(),
      title: v.string(),
      createdAt: v.fallback(v.number(), 0),
      updatedAt: v.fallback(v.number(), 0),
    }),
  ),
});

/** The object without its undefined fields (what was dropped leaves no key behind). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
}

export function parseTurn(value: unknown): Turn | undefined {
  const r = v.safeParse(TurnSchema, value);
  if (!r.success) return undefined;
  const { usage, error, steps, changeSet, ...rest } = r.output;
  return defined({
    ...rest,
    ...(usage ? { usage: defined(usage) } : {}),
    ...(error ? { error: defined(error) } : {}),
    ...(steps ? { steps: steps.map(defined) } : {}),
    ...(changeSet ? { changeSet: { id: changeSet.id, files: changeSet.files.map(defined) } } : {}),
  });
}

export type LoadResult = { ok: true; chat: StoredChat | undefined } | { ok: false; reason: string };

export function loadStoredChat(value: unknown): LoadResult {
  if (value === undefined || value === null) return { ok: true, chat: undefined };
  if (typeof value !== 'object') return { ok: false, reason: 'not an object' };
  const version = (value as { version?: unknown }).version;
  if (version !== CHAT_STORE_VERSION) return { ok: false, reason: `unknown version ${String(version)}` };
  const r = v.safeParse(ChatSchema, value);
  if (!r.success) return { ok: false, reason: 'missing fields' };
  const turns: Turn[] = [];
  for (const t of r.output.turns) {
    const parsed = parseTurn(t);
    if (!parsed) return { ok: false, reason: 'a message is malformed' };
    turns.push(parsed);
  }
  const { id, title, createdAt, fit } = r.output;
  return {
    ok: true,
    chat: {
      version: 1,
      id,
      title: title ?? titleFor(turns.find((t) => t.role === 'user')?.text ?? ''),
      createdAt: createdAt ?? Date.now(),
      turns,
      ...(fit ? { fit } : {}),
    },
  };
}

export function loadChatIndex(value: unknown): { ok: true; index: ChatIndex | undefined } | { ok: false; reason: string } {
  if (value === undefined || value === null) return { ok: true, index: undefined };
  if (typeof value !== 'object') return { ok: false, reason: 'not an object' };
  const version = (value as { version?: unknown }).version;
  if (version !== CHAT_STORE_VERSION) return { ok: false, reason: `unknown version ${String(version)}` };
  const r = v.safeParse(IndexSchema, value);
  if (!r.success) {
    return { ok: false, reason: Array.isArray((value as { entries?: unknown }).entries) ? 'an entry is malformed' : 'missing fields' };
  }
  return { ok: true, index: { version: 1, currentId: r.output.currentId, entries: r.output.entries } };
}
