// One request in flight and its response: the headers every response carries, and JSON and
// error responses.
import type * as http from 'http';
import { defaultErrorMessage, type ErrorDetails } from './errors';
import type { RecordedRequest } from './types';

export interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  /** What tests see of this request. */
  rec: RecordedRequest;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  body: unknown;
  requestId: string;
  /** Set when the client went away or the server shut the socket. */
  closed: boolean;
  /** Waits between SSE events; returns at once while the server is closing. */
  sleep(ms: number): Promise<void>;
}

/** The headers every response carries, `extra` last (it may override them). */
export function baseHeaders(ex: Exchange, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'request-id': ex.requestId,
    'anthropic-organization-id': '00000000-0000-4000-8000-000000000000',
    ...extra,
  };
}

/** A complete response with a content-length. */
export function sendBody(ex: Exchange, status: number, contentType: string, body: string, extra: Record<string, string> = {}): void {
  if (ex.closed) return;
  ex.res.writeHead(status, baseHeaders(ex, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), ...extra }));
  ex.res.end(body);
}

export function sendJson(ex: Exchange, status: number, value: unknown, extra: Record<string, string> = {}): void {
  sendBody(ex, status, 'application/json', JSON.stringify(value), extra);
}

/**
 * An error body as the API sends it: its request_id matches the request-id header; `details`
 * (with its `error_code`) only when given.
 */
export function sendError(
  ex: Exchange,
  status: number,
  type: string,
  message?: string,
  extra: Record<string, string> = {},
  details?: ErrorDetails,
): void {
  const error = { type, message: message ?? defaultErrorMessage(type), ...(details ? { details } : {}) };
  sendJson(ex, status, { type: 'error', error, request_id: ex.requestId }, extra);
}
