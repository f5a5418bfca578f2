/**
 * The `thread` field of POST /v1/messages (beta `message-threads-2026-08-12`, on every request
 * of a thread) and what it makes of the request; the store is threads.ts.
 *
 * - Absent or null: the request as it always was.
 * - `{type: 'create'}`: the request as it is (the whole conversation, system, tools); its reply
 *   is stored once written in full.
 * - `{type: 'continue', previous_message_id}`: only the new messages (none to resume a paused
 *   turn), no `system` or `tools`. The fields are checked as sent, then the thread's 404/400s,
 *   then the request is answered as the whole conversation it stands for (same checks, replies,
 *   usage and prompt cache), and its reply is stored once written in full. The recorded body stays
 *   what the client sent; `rec.rebuiltBody` is the body the fake answered.
 *
 * ASSUMPTIONS (the fake's wording; the real API's answer is unconfirmed):
 * - `thread` without the beta in `anthropic-beta`: 400 invalid_request_error "thread: this field
 *   requires the beta header …" (the fake checks no other beta; the real API may instead say
 *   "Extra inputs are not permitted").
 * - `system` or `tools` in a continue: 400 invalid_request_error naming the field (the SDK says
 *   the server rejects them; the code and wording are unconfirmed). null counts as absent.
 * - The pairing and breakpoint 400s of a continue give indices in the whole conversation.
 * - The fake never answers `thread_unsupported_request` by itself (which fields or forms are
 *   unsupported is unconfirmed): a test scripts it as a status fault with `details`.
 */
import type { IncomingHttpHeaders } from 'http';
import { badRequest } from './errors';
import type { Exchange } from './exchange';
import { isRecord, type JsonObject } from './json';
import type { ThreadStore } from './threads';
import type { CheckedRequest, MessagesRequest } from './types';
import { checkConversation, checkMessagesRequest, checkRequestFields } from './validate';

export const MESSAGE_THREADS_BETA = 'message-threads-2026-08-12';

type ThreadParam = { type: 'create' } | { type: 'continue'; previous_message_id: string };

/** Whether `anthropic-beta` (comma-separated, possibly sent more than once) names `beta`. */
function hasBeta(headers: IncomingHttpHeaders, beta: string): boolean {
  const h = headers['anthropic-beta'];
  const values = Array.isArray(h) ? h : h === undefined ? [] : [h];
  return values.some((v) => v.split(',').some((b) => b.trim() === beta));
}

/** The checked `thread` field; undefined when absent or null. */
function threadParam(body: JsonObject, headers: IncomingHttpHeaders): ThreadParam | undefined {
  const { thread } = body;
  if (thread === undefined || thread === null) return undefined;
  if (!hasBeta(headers, MESSAGE_THREADS_BETA)) {
    throw badRequest(`thread: this field requires the beta header \`anthropic-beta: ${MESSAGE_THREADS_BETA}\`.`);
  }
  if (!isRecord(thread)) throw badRequest('thread: Input should be a valid dictionary');
  const { type } = thread;
  const extra = (allowed: string[]) => Object.keys(thread).find((k) => !allowed.includes(k));
  if (type === 'create') {
    const k = extra(['type']);
    if (k !== undefined) throw badRequest(`thread.create.${k}: Extra inputs are not permitted`);
    return { type };
  }
  if (type === 'continue') {
    const id = thread.previous_message_id;
    if (id === undefined) throw badRequest('thread.continue.previous_message_id: Field required');
    if (typeof id !== 'string') throw badRequest('thread.continue.previous_message_id: Input should be a valid string');
    const k = extra(['type', 'previous_message_id']);
    if (k !== undefined) throw badRequest(`thread.continue.${k}: Extra inputs are not permitted`);
    return { type, previous_message_id: id };
  }
  throw badRequest(`thread: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: 'create', 'continue'`);
}

/** A checked request to /v1/messages, and what its reply does to the threads. */
export interface MessagesTurn {
  /** The request to answer: for a continue, the whole conversation with the thread's system and tools. */
  request: CheckedRequest;
  /** Whether the reply is stored (the request created or continued a thread): else replied() does nothing. */
  stores: boolean;
  /** Call with the reply (the Message JSON) once all of it was written: a create or continue stores it. */
  replied(reply: JsonObject): void;
}

/** Checks the body of a POST /v1/messages (a 400 or a thread's 404 when it is wrong) and rebuilds a continue. */
export function openTurn(ex: Exchange, threads: ThreadStore, version: string): MessagesTurn {
  const { body } = ex;
  const thread = isRecord(body) ? threadParam(body, ex.req.headers) : undefined;
  if (thread?.type !== 'continue') {
    const request = checkMessagesRequest(body, version, 'messages');
    return {
      request,
      stores: thread !== undefined,
      replied: (reply) => {
        if (thread) threads.store(request, reply);
      },
    };
  }
  const sentBody = body as JsonObject; // threadParam only returns a thread for an object body
  for (const k of ['system', 'tools']) {
    if (sentBody[k] !== undefined && sentBody[k] !== null) {
      throw badRequest(`${k}: must not be set when continuing a thread (\`thread.type\` 'continue'): the thread keeps the \`${k}\` it was created with.`);
    }
  }
  const sent = checkRequestFields(sentBody, version, 'messages', true);
  const id = thread.previous_message_id;
  const request = threads.continueFrom(id, sent);
  const { messages, system, tools } = request;
  const rebuilt = { ...sentBody, messages, ...(system !== undefined ? { system } : {}), ...(tools !== undefined ? { tools } : {}) };
  // Tests read it as a Messages request, as they read `body`; see RecordedRequest.rebuiltBody.
  ex.rec.rebuiltBody = rebuilt as unknown as MessagesRequest;
  checkConversation(request);
  threads.hold(id, ex.rec.finished);
  return { request, stores: true, replied: (reply) => threads.store(request, reply, id) };
}
