// Fault scripts and how they are played: a status error before any bytes, and, on a 200, a
// mid-stream `event: error`, a cut socket, an early end, a stall or an empty body.
import { defaultErrorMessage, errorTypeForStatus, statusForErrorType } from './errors';
import { baseHeaders, sendBody, sendError, type Exchange } from './exchange';
import { parseJson } from './json';
import { messageJson, type PlannedReply } from './reply';
import { planEvents, type PlannedEvent } from './replyStream';
import { end, openSse, sseEvent, write, writeAll } from './sse';
import type { FaultScript } from './types';

export type StatusFault = Extract<FaultScript, { kind: 'status' }>;
/** The faults that happen after a 200 status line. */
export type BodyFault = Exclude<FaultScript, StatusFault>;

/** Destroys the connection from the server side. */
function cut(ex: Exchange): void {
  ex.closed = true;
  ex.res.socket?.destroy();
}

/** A stall: send nothing more until the client gives up (or the server closes). */
function waitForClientToGo(ex: Exchange): Promise<void> {
  return ex.rec.finished;
}

function contentTypeOf(body: string): string {
  if (parseJson(body) !== undefined) return 'application/json';
  return body.trimStart().startsWith('<') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8';
}

/** A status error: the real-shaped JSON error body, or the script's own body (e.g. HTML on a 502). */
export function sendStatusFault(ex: Exchange, f: StatusFault): void {
  if (f.body === undefined) sendError(ex, f.status, f.errorType ?? errorTypeForStatus(f.status), f.message, f.headers ?? {}, f.details);
  else sendBody(ex, f.status, contentTypeOf(f.body), f.body, f.headers ?? {});
}

/** A fault on a non-streaming request. A mid-stream error becomes the matching status error. */
export async function playJsonFault(ex: Exchange, fault: BodyFault, plan: PlannedReply): Promise<void> {
  switch (fault.kind) {
    case 'midStreamError': {
      const type = fault.errorType ?? 'overloaded_error';
      return sendError(ex, statusForErrorType(type), type, fault.message);
    }
    case 'emptyBody':
      return sendBody(ex, 200, 'application/json', '');
    case 'stall':
      return waitForClientToGo(ex);
    case 'cut':
    case 'earlyEnd': {
      // Announce the whole Message, send half of it, then drop the connection.
      const json = JSON.stringify(messageJson(plan));
      ex.res.writeHead(200, baseHeaders(ex, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) }));
      await write(ex, json.slice(0, Math.floor(json.length / 2)));
      return cut(ex);
    }
  }
}

/** Index of the event after which a fault at `afterChars` text characters happens. */
function faultIndex(events: PlannedEvent[], afterChars: number): number {
  let idx = -1;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (!e.faultCandidate) continue;
    if (idx === -1) idx = i; // first candidate: the text block's start (0 chars)
    if (e.textChars <= afterChars) idx = i;
    else break;
  }
  if (idx === -1) {
    // No text block at all: fault just before message_delta.
    idx = Math.max(0, events.length - 3);
  }
  return idx;
}

/** A fault on a streaming request: the reply streams up to `afterChars` text characters, then the fault. */
export async function playStreamFault(
  ex: Exchange,
  fault: BodyFault,
  plan: PlannedReply,
  chunkSize: number,
  delayMs: number,
): Promise<void> {
  if (fault.kind === 'emptyBody') {
    openSse(ex);
    return end(ex);
  }
  if (fault.kind === 'stall' && fault.afterChars === undefined) {
    openSse(ex);
    return waitForClientToGo(ex);
  }
  const afterChars = Math.max(0, fault.afterChars ?? 0);
  const events = planEvents(plan, chunkSize, afterChars);
  openSse(ex);
  const idx = faultIndex(events, afterChars);
  await writeAll(ex, events.slice(0, idx + 1).map((e) => e.data), delayMs);
  if (ex.closed) return;
  await ex.sleep(delayMs);
  switch (fault.kind) {
    case 'midStreamError': {
      const type = fault.errorType ?? 'overloaded_error';
      await write(ex, sseEvent('error', { type: 'error', error: { type, message: fault.message ?? defaultErrorMessage(type) } }));
      return end(ex);
    }
    case 'cut':
      return cut(ex);
    case 'earlyEnd':
      return end(ex);
    case 'stall':
      return waitForClientToGo(ex);
  }
}
