/**
 * The message threads the fake holds (beta `message-threads-2026-08-12`), after the docs' "How
 * message threads work" and the SDK's thread helper (lib/internal/threads/ThreadState.js):
 *
 * - A reply to a create or continue that was written in full (message_stop sent, or the JSON
 *   Message sent) is stored under its `id`: the whole conversation with the reply as the last
 *   (assistant) message, the thread's system and tools, the fingerprint, and the time (the fake's
 *   clock). A reply cut short stores nothing.
 * - A continue from an id: 404 not_found_error `thread_not_found` when the id was never stored, was
 *   forgotten (forget(), reset()), or was stored THREAD_TTL_MS or longer ago (expiry is per stored
 *   response, so each stored reply restarts the window); 400 `thread_already_continued` when a
 *   continue from it already succeeded (each stored reply is continued once: no branching);
 *   400 `thread_continue_in_flight` while another continue from it is being answered; 400
 *   `thread_fingerprint_mismatch` naming each FINGERPRINT_FIELDS field that differs.
 * - Otherwise the continue stands for the stored conversation followed by the messages it sent,
 *   with the thread's system and tools (rebuild()).
 *
 * ASSUMPTIONS (unconfirmed in the docs the spec could read):
 * - The fingerprint is `model` and `thinking` (compared as canonical JSON, absent = null). The
 *   docs only say "fields that must stay fixed"; the SDK's advice is to start a new thread on a
 *   model or thinking change. Other fields (max_tokens, tool_choice, temperature, output_config,
 *   cache_control, metadata) may change between turns here.
 * - A message's cache_control applies to the request that sent it: the thread stores its messages
 *   without cache_control (as the SDK's replay strips it from answered messages), so a continue's
 *   breakpoints are the thread's tools and system ones, its own messages' and its top-level one.
 * - The error messages are the fake's wording; the codes, statuses and error types are the SDK's.
 */
import { HttpError } from './errors';
import { canonicalJson, isArray, isRecord, type JsonObject } from './json';
import type { CheckedRequest } from './types';

/** A thread expires this long after its last stored response (the docs' 5 minutes). */
export const THREAD_TTL_MS = 5 * 60_000;

/** The fields a continue must send unchanged (an assumption: see the top of this file). */
export const FINGERPRINT_FIELDS = ['model', 'thinking'] as const;
type FingerprintField = (typeof FINGERPRINT_FIELDS)[number];

type Message = CheckedRequest['messages'][number];

interface StoredReply {
  /** The whole conversation, ending with the reply; without cache_control. */
  messages: Message[];
  system?: CheckedRequest['system'];
  tools?: unknown[];
  fingerprint: Record<FingerprintField, string>;
  storedAt: number;
  /** Set once a continue from this reply has been answered in full. */
  continued: boolean;
}

const REPLAY = 'replay the full conversation with `thread: {"type": "create"}`';

function threadError(status: 400 | 404, code: string, message: string): HttpError {
  return new HttpError(status, status === 404 ? 'not_found_error' : 'invalid_request_error', message, { error_code: code });
}

/** A copy of a message, block or source without cache_control, in it and in the blocks it holds. */
function withoutCacheControl<T>(value: T): T {
  if (isArray(value)) return value.map(withoutCacheControl) as T;
  if (!isRecord(value)) return value;
  const copy: JsonObject = { ...value };
  delete copy.cache_control;
  for (const key of ['content', 'source']) if (key in copy) copy[key] = withoutCacheControl(copy[key]);
  return copy as T;
}

/** The system and tools of a thread (or request), each only when it has one. */
function threadFields(r: Pick<CheckedRequest, 'system' | 'tools'>): Pick<CheckedRequest, 'system' | 'tools'> {
  return { ...(r.system !== undefined ? { system: r.system } : {}), ...(r.tools !== undefined ? { tools: r.tools } : {}) };
}

function fingerprintOf(req: CheckedRequest): Record<FingerprintField, string> {
  return { model: canonicalJson(req.model), thinking: canonicalJson(req.thinking ?? null) };
}

export class ThreadStore {
  private readonly replies = new Map<string, StoredReply>();
  /** The ids a continue is being answered from right now. */
  private readonly inFlight = new Set<string>();

  /** `now` is the clock of THREAD_TTL_MS. */
  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The request a continue from `id` that sent `sent` stands for: the stored conversation then the
   * sent messages, the thread's system and tools, the sent fields otherwise. Or the API's 404/400.
   */
  continueFrom(id: string, sent: CheckedRequest): CheckedRequest {
    const stored = this.replies.get(id);
    if (!stored || this.now() - stored.storedAt >= THREAD_TTL_MS) {
      this.replies.delete(id);
      throw threadError(404, 'thread_not_found', `No thread was found for previous_message_id '${id}': it expired, was lost or was never stored. To go on, ${REPLAY}.`);
    }
    if (stored.continued) {
      throw threadError(400, 'thread_already_continued', `The response '${id}' has already been continued. Continue from the thread's latest response id, or ${REPLAY}.`);
    }
    if (this.inFlight.has(id)) {
      throw threadError(400, 'thread_continue_in_flight', `Another request is continuing from '${id}'. Wait for it and continue from its response id, or ${REPLAY}.`);
    }
    const now = fingerprintOf(sent);
    const changed = FINGERPRINT_FIELDS.filter((f) => now[f] !== stored.fingerprint[f]);
    if (changed.length) {
      const names = changed.map((f) => `\`${f}\``).join(' and ');
      throw threadError(
        400,
        'thread_fingerprint_mismatch',
        `${names} ${changed.length > 1 ? 'differ' : 'differs'} from the value the thread was created with (${changed.map((f) => `${f}: ${stored.fingerprint[f]}`).join(', ')}). ` +
          `Send the thread's values, or ${REPLAY} to change them.`,
      );
    }
    // `sent` has no system or tools (threadRequest.ts refuses them in a continue).
    return { ...sent, messages: [...stored.messages, ...sent.messages], ...threadFields(stored) };
  }

  /** Marks a continue from `id` as being answered until `finished` resolves (its response ended). */
  hold(id: string, finished: Promise<void>): void {
    this.inFlight.add(id);
    void finished.then(() => this.inFlight.delete(id));
  }

  /**
   * Stores `reply` (the Message JSON, written in full) to `req` (the whole conversation) under the
   * reply's id; `continuedFrom` is the id a continue went on from, continued from now on.
   */
  store(req: CheckedRequest, reply: JsonObject, continuedFrom?: string): void {
    if (typeof reply.id !== 'string') return;
    const content = isArray(reply.content) ? reply.content : [];
    this.replies.set(reply.id, {
      messages: withoutCacheControl([...req.messages, { role: 'assistant', content }]),
      ...threadFields(req),
      fingerprint: fingerprintOf(req),
      storedAt: this.now(),
      continued: false,
    });
    const previous = continuedFrom === undefined ? undefined : this.replies.get(continuedFrom);
    if (previous) previous.continued = true;
  }

  /** Forgets the stored reply `id`, or every stored reply, as the API may lose a thread at any time. How many went. */
  forget(id?: string): number {
    if (id !== undefined) return this.replies.delete(id) ? 1 : 0;
    const n = this.replies.size;
    this.replies.clear();
    return n;
  }
}
