/**
 * Message threads for conversations (the API's beta `message-threads-2026-08-12`): the API holds a
 * chat's conversation between its sends, so each send carries only its new messages instead of the
 * whole history (hundreds of kilobytes in a long chat). One SDK thread per conversation (the chat's id), kept
 * while the next request goes on as the same conversation: the same connection and request fields
 * (model, system prompt, tools, thinking), and messages that are the last request's, one reply, and
 * new ones. Anything else, a failed or stopped reply, or a thread idle for the API's 5 minutes
 * starts a new thread, whose first request sends everything, as a request without a thread does.
 * The SDK's thread helper does the rest: a continue the API refuses because it lost the thread is
 * sent again in full, and a request the API cannot thread goes without one.
 */
import { createHash } from 'crypto';
import type { BetaMessageThread } from '@anthropic-ai/sdk/lib/threads/BetaMessageThread';
import type { BetaMessageThreadCreateParams } from '@anthropic-ai/sdk/lib/threads/params';
import type { ApiMessage } from '../core/conversation/turns';
import { createClient, type ClientConfig, type RequestLog, type StreamHandlers } from './client';

/** The API forgets a thread this long after its last reply (its docs' 5 minutes); a new one is started sooner. */
export const THREAD_IDLE_MS = 4.5 * 60_000;

/** The most conversations whose threads are kept (each holds its history in memory): the least recently used go first. */
export const MAX_THREADS = 4;

type OnRetry = NonNullable<StreamHandlers['onRetry']>;

interface Entry {
  thread: BetaMessageThread;
  /** The connection and the request's fields other than its messages, hashed. */
  fingerprint: string;
  /** The messages of the request the thread last answered. */
  sent: ApiMessage[];
  /** When that reply ended. */
  at: number;
  /** The client's retry forecasts go to the request in flight. */
  hooks: { onRetry?: OnRetry | undefined };
}

/** A thread for one request of a conversation. */
export interface ThreadTurn {
  thread: BetaMessageThread;
  /** The messages this request adds to the thread (all of them for a new thread: they seed it). */
  messages: ApiMessage[];
  /**
   * The reply is complete: kept for the next request to continue from when it ended as an answer
   * (not a refusal, which the SDK leaves out of the thread, nor a tool call left unanswered at the
   * loop's cap, after which no question can follow).
   */
  complete(stopReason: string | null): void;
  /** It failed or was stopped: the next request starts over. */
  drop(): void;
}

/** Stop reasons of a reply the thread holds as the answer to its question. */
const ANSWERED = new Set(['end_turn', 'max_tokens', 'stop_sequence']);

/** What the fingerprint leaves out: a runnable tool's functions are the caller's, made again for each request. */
function fingerprintOf(config: ClientConfig, fields: Omit<BetaMessageThreadCreateParams, 'messages'>): string {
  const json = JSON.stringify({ connection: config.connection, network: config.network ?? null, maxRetries: config.maxRetries, fields });
  return createHash('sha256').update(json).digest('hex');
}

function extends_(messages: ReadonlyArray<ApiMessage>, sent: ReadonlyArray<ApiMessage>): boolean {
  // The last request's messages, the reply to them, and at least one new message.
  if (messages.length < sent.length + 2 || messages[sent.length]!.role !== 'assistant') return false;
  for (let i = 0; i < sent.length; i++) {
    if (messages[i]!.role !== sent[i]!.role || messages[i]!.content !== sent[i]!.content) return false;
  }
  return true;
}

export class ConversationThreads {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The thread for a request of conversation `key`: its thread continued when the request goes on
   * from the last one it answered, else a new thread on a new client (its retries forecast to the
   * request in flight). `fields` are the request's but its messages.
   */
  turn(
    key: string,
    config: ClientConfig,
    fields: Omit<BetaMessageThreadCreateParams, 'messages' | 'unsupportedRequestBehavior'>,
    messages: ApiMessage[],
    onRetry: StreamHandlers['onRetry'],
    log: RequestLog,
  ): ThreadTurn {
    const fingerprint = fingerprintOf(config, fields);
    let entry = this.entries.get(key);
    let continued = false;
    if (entry && entry.fingerprint === fingerprint && this.now() - entry.at < THREAD_IDLE_MS && extends_(messages, entry.sent)) {
      continued = true;
      // The tools' functions are this request's (the fingerprint saw the same definitions).
      if (fields.tools) entry.thread.update({ tools: fields.tools });
    } else {
      if (entry) log.info(`message thread: a new thread for this conversation (${entry.fingerprint !== fingerprint ? 'its request fields changed' : this.now() - entry.at >= THREAD_IDLE_MS ? 'idle too long' : 'its history changed'})`);
      const hooks: Entry['hooks'] = {};
      const made = createClient(config, log, (info) => hooks.onRetry?.(info));
      entry = {
        thread: made.beta.messages.thread({ ...fields, messages: [], unsupportedRequestBehavior: 'continue_unthreaded' }),
        fingerprint,
        sent: [],
        at: this.now(),
        hooks,
      };
    }
    const current = entry;
    current.hooks.onRetry = onRetry;
    // Most recently used last: the first entry is the one to let go.
    this.entries.delete(key);
    this.entries.set(key, current);
    while (this.entries.size > MAX_THREADS) this.entries.delete(this.entries.keys().next().value!);
    const added = continued ? messages.slice(current.sent.length + 1) : messages;
    log.info(`message thread: ${continued ? `continued, sending ${added.length} new message(s)` : `new, sending ${added.length} message(s)`}`);
    const drop = (): void => {
      if (this.entries.get(key) === current) this.entries.delete(key);
    };
    return {
      thread: current.thread,
      messages: added,
      complete: (stopReason) => {
        if (!stopReason || !ANSWERED.has(stopReason)) {
          drop();
          return;
        }
        // A copy: the caller's array is theirs to change.
        current.sent = messages.slice();
        current.at = this.now();
        current.hooks.onRetry = undefined;
      },
      drop,
    };
  }

  /** Forgets a conversation's thread (the chat was deleted): its history no longer stays in memory. */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every thread (e.g. the user turned threads off). */
  clear(): void {
    this.entries.clear();
  }
}
