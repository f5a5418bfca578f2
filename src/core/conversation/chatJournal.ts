/**
 * A chat file's journal: what changed in a chat since its snapshot, one JSON line per save, so that
 * a save writes what changed (a question, a reply) instead of the whole chat again. The snapshot is
 * the chat as stored (format version 1, storedChat.ts) with a `generation`; each line names the
 * generation it follows, so the lines of an earlier snapshot (left behind when a crash came between
 * writing a new snapshot and removing the old journal) are skipped, not applied twice.
 *
 * Turns are compared by identity: a turn once saved is not changed in place (the store freezes it),
 * a changed turn is a new object. Two objects that are different but equal (the same chat read
 * back twice) are compared by value, and write nothing.
 */
import * as v from 'valibot';
import type { FitMemo } from './historyFit';
import { FitSchema, parseTurn, type StoredChat } from './storedChat';
import type { Turn } from './turns';

/** One save: the turns kept from before (the rest dropped), those replaced, those added, and the chat's fields that changed. */
export interface JournalRecord {
  /** The generation of the snapshot this line follows. */
  g: number;
  keep: number;
  set?: Array<[number, Readonly<Turn>]>;
  add?: Array<Readonly<Turn>>;
  title?: string;
  /** null: the chat no longer has a fit memo. */
  fit?: FitMemo | null;
}

/** A chat as last written (snapshot and journal): its turns as objects, to tell what a save changes. */
export type ChatImage = Readonly<Omit<StoredChat, 'turns'>> & { readonly turns: ReadonlyArray<Readonly<Turn>> };

/** The snapshot's text: the chat in format version 1, with the generation its journal lines name. */
export function snapshotText(chat: ChatImage, generation: number): string {
  return JSON.stringify({ ...chat, generation });
}

/** The generation a snapshot's journal lines must name (0 for a chat stored before journals). */
export function snapshotGeneration(raw: unknown): number {
  const g = raw && typeof raw === 'object' ? (raw as { generation?: unknown }).generation : undefined;
  return typeof g === 'number' && Number.isSafeInteger(g) && g >= 0 ? g : 0;
}

const serialized = new WeakMap<object, string>();

function json(t: Readonly<Turn>): string {
  let s = serialized.get(t);
  if (s === undefined) {
    s = JSON.stringify(t);
    serialized.set(t, s);
  }
  return s;
}

function sameTurn(a: Readonly<Turn>, b: Readonly<Turn>): boolean {
  return a === b || json(a) === json(b);
}

function sameFit(a: FitMemo | undefined, b: FitMemo | undefined): boolean {
  return a === b || (!!a && !!b && a.key === b.key && a.length === b.length && a.start === b.start && a.chars === b.chars && a.tokens === b.tokens);
}

/** What `chat` changed since `before` as one journal line's record, or undefined when nothing did. */
export function journalRecord(before: ChatImage, chat: ChatImage, generation: number): JournalRecord | undefined {
  const keep = Math.min(before.turns.length, chat.turns.length);
  const set: Array<[number, Readonly<Turn>]> = [];
  for (let i = 0; i < keep; i++) if (!sameTurn(before.turns[i]!, chat.turns[i]!)) set.push([i, chat.turns[i]!]);
  const add = chat.turns.slice(keep);
  const record: JournalRecord = { g: generation, keep };
  if (set.length) record.set = set;
  if (add.length) record.add = add;
  if (chat.title !== before.title) record.title = chat.title;
  if (!sameFit(before.fit, chat.fit)) record.fit = chat.fit ?? null;
  const changed = set.length || add.length || keep < before.turns.length || record.title !== undefined || record.fit !== undefined;
  return changed ? record : undefined;
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const RecordSchema = v.object({
  g: count,
  keep: count,
  set: v.optional(v.array(v.tuple([count, v.unknown()]))),
  add: v.optional(v.array(v.unknown())),
  title: v.optional(v.string()),
  fit: v.optional(v.nullable(FitSchema)),
});

/** Applies one line to `chat`; says why when the line cannot be read or does not fit the chat. */
function applyLine(chat: StoredChat, line: string, generation: number): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  const r = v.safeParse(RecordSchema, value);
  if (!r.success) return 'missing fields';
  const record = r.output;
  if (record.g !== generation) return undefined; // an earlier snapshot's line, already in this one
  if (record.keep > chat.turns.length) return 'it follows messages the chat does not have';
  const set: Array<[number, Turn]> = [];
  for (const [i, value] of record.set ?? []) {
    const turn = parseTurn(value);
    if (!turn || i >= record.keep) return 'a message is malformed';
    set.push([i, turn]);
  }
  const add: Turn[] = [];
  for (const value of record.add ?? []) {
    const turn = parseTurn(value);
    if (!turn) return 'a message is malformed';
    add.push(turn);
  }
  chat.turns.length = record.keep;
  for (const [i, turn] of set) chat.turns[i] = turn;
  chat.turns.push(...add);
  if (record.title !== undefined) chat.title = record.title;
  if (record.fit === null) delete chat.fit;
  else if (record.fit) chat.fit = record.fit;
  return undefined;
}

export interface Replayed {
  /** The lines applied (those of this generation). */
  applied: number;
  /** Why the journal could not be read to its end (what follows the reason was not applied). */
  unreadable?: string;
}

/**
 * Applies a journal's lines of `generation` to `chat` (the snapshot, changed in place), in order,
 * up to the first line that cannot be read: a torn last line (a crash while it was written) or
 * anything else unreadable stops there, and says so.
 */
export function replayJournal(chat: StoredChat, text: string, generation: number): Replayed {
  const lines = text.split('\n');
  const torn = lines.pop(); // after the last newline: empty unless the last line was cut short
  let applied = 0;
  for (let n = 0; n < lines.length; n++) {
    const reason = applyLine(chat, lines[n]!, generation);
    if (reason) return { applied, unreadable: `line ${n + 1} of its journal: ${reason}` };
    applied++;
  }
  if (torn) return { applied, unreadable: `line ${lines.length + 1} of its journal: cut short` };
  return { applied };
}

/** A journal is folded into a new snapshot once it is longer than the snapshot (and than this). */
export const JOURNAL_MIN_COMPACT_BYTES = 64 * 1024;

/** Whether to write the chat's snapshot anew and start an empty journal: the journal costs more to read than the snapshot. */
export function shouldCompact(journalBytes: number, snapshotBytes: number): boolean {
  return journalBytes > Math.max(snapshotBytes, JOURNAL_MIN_COMPACT_BYTES);
}
