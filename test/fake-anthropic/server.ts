/**
 * A loopback fake of the Anthropic Messages API, for tests.
 *
 * Node `http` only. Follows /work/shared/reference/anthropic-wire.md:
 * - accepts `x-api-key: K` or `Authorization: Bearer K`, `anthropic-version` 2026-10-21 or 2023-06-01;
 * - SSE with a named `event:` line and a blank line after every event (the last one too),
 *   `usage` in `message_start` and `message_delta`, a `ping`;
 * - a `request-id` header on every response, and real-shaped error bodies;
 * - faults (status errors before any bytes, mid-stream `event: error`, cut sockets, early EOF,
 *   stalls, empty bodies) for retry/abort tests;
 * - a control API under `/__fake/*` for tests that run in another process.
 */
import * as http from 'http';
import * as fs from 'fs';
import { randomBytes } from 'crypto';
import type { AddressInfo, Socket } from 'net';

// ---------------------------------------------------------------------------------------------
// Public types

export type FaultScript =
  | {
      kind: 'status';
      status: number;
      errorType?: string;
      message?: string;
      headers?: Record<string, string>;
      /** Overrides the JSON error body (e.g. HTML for a 502). */
      body?: string;
    }
  | { kind: 'midStreamError'; afterChars: number; errorType?: string; message?: string }
  | { kind: 'cut'; afterChars: number }
  | { kind: 'earlyEnd'; afterChars: number }
  | { kind: 'stall'; afterChars?: number }
  | { kind: 'emptyBody' };

export interface ReplyScript {
  /** Reply text (default: a short reply that quotes the last user message's first 40 chars). */
  text?: string;
  /** If set, a thinking block (thinking_delta chunks + signature_delta) precedes the text block. */
  thinking?: string;
  /**
   * Extension: tool_use blocks after the text block (input streamed as input_json_delta).
   * When present, stopReason defaults to 'tool_use'.
   */
  toolUse?: Array<{ name: string; input: unknown; id?: string }>;
  /** Characters per text_delta (default 12). Also used for thinking_delta / input_json_delta. */
  chunkSize?: number;
  /** Delay between SSE events in ms (default 0): "slow drip". */
  delayMs?: number;
  usage?: {
    input_tokens?: number;
    output_tokens?: number;
    cache_creation_input_tokens?: number;
    cache_read_input_tokens?: number;
  };
  /** Default 'end_turn' ('tool_use' when toolUse is set). */
  stopReason?: string;
  /** Absolute path of an .sse file to replay byte-for-byte (plus one extra "\n"). */
  transcript?: string;
  fault?: FaultScript;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON or undefined. */
  body: any;
  rawBody: string;
  /** true once the client closed the connection before the server finished the response (Stop/abort). */
  clientClosedEarly: boolean;
  /** Resolves when the response has finished or the client went away. */
  finished: Promise<void>;
}

export interface FakeModel {
  id: string;
  display_name: string;
  created_at?: string;
}

export interface FakeAnthropic {
  /** e.g. http://127.0.0.1:PORT (no trailing slash): usable as the SDK's baseURL. */
  url: string;
  port: number;
  /** Every request to the API surface, in order, including rejected ones (not `/__fake/*`). */
  requests: RecordedRequest[];
  /** Consumed one per valid POST /v1/messages (streaming or not); when empty, the default reply. */
  enqueue(...scripts: ReplyScript[]): void;
  setDefault(script: ReplyScript): void;
  setModels(models: FakeModel[]): void;
  /** Default contains 'sk-ant-test-key'. */
  validKeys: Set<string>;
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Clears the queue and the recorded requests, restores the default reply, models and keys. */
  reset(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Constants

export const DEFAULT_TEST_KEY = 'sk-ant-test-key';
export const SUPPORTED_VERSIONS = ['2026-10-21', '2023-06-01'];

export const DEFAULT_MODELS: FakeModel[] = [
  { id: 'claude-opus-5-5', display_name: 'Claude Opus 5.5', created_at: '2026-10-21T00:00:00Z' },
  { id: 'claude-sonnet-5-5', display_name: 'Claude Sonnet 5.5', created_at: '2026-10-14T00:00:00Z' },
  { id: 'claude-haiku-5-5', display_name: 'Claude Haiku 5.5', created_at: '2026-10-07T00:00:00Z' },
  { id: 'claude-opus-4-8', display_name: 'Claude Opus 4.8', created_at: '2026-05-20T00:00:00Z' },
  { id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6', created_at: '2026-02-17T00:00:00Z' },
  { id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
];

/** error.type by HTTP status (wire doc §5.2). */
export function errorTypeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 408:
      return 'timeout_error';
    case 409:
      return 'conflict_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

const DEFAULT_ERROR_MESSAGES: Record<string, string> = {
  invalid_request_error: 'There was an issue with the format or content of your request.',
  authentication_error: "There's an issue with your API key.",
  billing_error: 'There is an issue with your billing or payment information.',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  not_found_error: 'The requested resource could not be found.',
  conflict_error: 'The request conflicts with the current state of the resource.',
  request_too_large: 'Request exceeds the maximum allowed number of bytes.',
  rate_limit_error: 'Your account has hit a rate limit.',
  api_error: "An unexpected error has occurred internal to Anthropic's systems.",
  timeout_error: 'Request timed out.',
  overloaded_error: 'Overloaded',
};

function statusForErrorType(type: string): number {
  const map: Record<string, number> = {
    invalid_request_error: 400,
    authentication_error: 401,
    billing_error: 402,
    permission_error: 403,
    not_found_error: 404,
    conflict_error: 409,
    request_too_large: 413,
    rate_limit_error: 429,
    api_error: 500,
    timeout_error: 504,
    overloaded_error: 529,
  };
  return map[type] ?? 500;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomId(prefix: string, n: number): string {
  const bytes = randomBytes(n);
  let s = prefix;
  for (let i = 0; i < n; i++) s += BASE62[bytes[i] % 62];
  return s;
}
const newRequestId = () => randomId('req_011C', 20);
const newMessageId = () => randomId('msg_01', 22);
const newToolUseId = () => randomId('toolu_01', 22);

function estimateTokens(s: string): number {
  return Math.max(1, Math.ceil(s.length / 4));
}

function chunk(s: string, size: number): string[] {
  const out: string[] = [];
  const n = Math.max(1, Math.floor(size));
  for (let i = 0; i < s.length; i += n) out.push(s.slice(i, i + n));
  return out;
}

function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

function lastUserText(messages: any[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (!isPlainObject(m) || m.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) {
      const text = m.content
        .filter((b: any) => isPlainObject(b) && b.type === 'text' && typeof b.text === 'string')
        .map((b: any) => b.text)
        .join(' ');
      if (text) return text;
    }
  }
  return '';
}

export function defaultReplyText(messages: any[]): string {
  const quoted = lastUserText(messages).replace(/\s+/g, ' ').trim().slice(0, 40);
  return `You said: "${quoted}". This is a reply from the fake Anthropic server.`;
}

function inputTokensFor(body: any): number {
  return estimateTokens(JSON.stringify({ system: body?.system, messages: body?.messages }));
}

function sseEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

function fullUsage(u: Usage): Record<string, unknown> {
  return {
    input_tokens: u.input_tokens,
    output_tokens: u.output_tokens,
    cache_creation_input_tokens: u.cache_creation_input_tokens,
    cache_read_input_tokens: u.cache_read_input_tokens,
    cache_creation: { ephemeral_5m_input_tokens: u.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
    inference_geo: null,
    output_tokens_details: null,
  };
}

/** The content blocks and usage a script produces for a given (valid) request body. */
interface PlannedReply {
  id: string;
  model: string;
  thinking?: { thinking: string; signature: string };
  text: string;
  tools: Array<{ id: string; name: string; input: unknown }>;
  stopReason: string;
  usage: Usage;
}

function planReply(script: ReplyScript, body: any): PlannedReply {
  const maxTokensZero = body.max_tokens === 0;
  const text = maxTokensZero ? '' : (script.text ?? defaultReplyText(body.messages));
  const thinking =
    !maxTokensZero && script.thinking !== undefined
      ? { thinking: script.thinking, signature: randomBytes(48).toString('base64') }
      : undefined;
  const tools = maxTokensZero
    ? []
    : (script.toolUse ?? []).map((t) => ({ id: t.id ?? newToolUseId(), name: t.name, input: t.input }));
  const outText = text + (thinking?.thinking ?? '') + tools.map((t) => JSON.stringify(t.input)).join('');
  const u = script.usage ?? {};
  return {
    id: newMessageId(),
    model: body.model,
    thinking,
    text,
    tools,
    stopReason: script.stopReason ?? (maxTokensZero ? 'max_tokens' : tools.length ? 'tool_use' : 'end_turn'),
    usage: {
      input_tokens: u.input_tokens ?? inputTokensFor(body),
      output_tokens: u.output_tokens ?? (maxTokensZero ? 0 : estimateTokens(outText)),
      cache_creation_input_tokens: u.cache_creation_input_tokens ?? 0,
      cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
    },
  };
}

function messageJson(p: PlannedReply): Record<string, unknown> {
  const content: unknown[] = [];
  if (p.thinking) content.push({ type: 'thinking', thinking: p.thinking.thinking, signature: p.thinking.signature });
  if (p.text || (!p.thinking && p.tools.length === 0 && p.stopReason !== 'max_tokens')) {
    content.push({ type: 'text', text: p.text, citations: null });
  }
  for (const t of p.tools) content.push({ type: 'tool_use', id: t.id, name: t.name, input: t.input, caller: { type: 'direct' } });
  return {
    id: p.id,
    type: 'message',
    role: 'assistant',
    model: p.model,
    content,
    stop_reason: p.stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: fullUsage(p.usage),
  };
}

interface PlannedEvent {
  data: string;
  /** Text characters streamed once this event has been sent. */
  textChars: number;
  /** true for events that may be followed by a fault (text block start, ping, text deltas). */
  faultCandidate: boolean;
}

/**
 * Builds the SSE events for a reply. When `splitAt` is given, a text delta that crosses that many
 * characters is split there so a fault can happen at exactly that position.
 */
function planEvents(p: PlannedReply, chunkSize: number, splitAt?: number): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  let textChars = 0;
  const push = (name: string, data: unknown, faultCandidate = false) =>
    events.push({ data: sseEvent(name, data), textChars, faultCandidate });

  push('message_start', {
    type: 'message_start',
    message: { ...messageJson(p), content: [], stop_reason: null, stop_sequence: null, usage: fullUsage({ ...p.usage, output_tokens: Math.min(1, p.usage.output_tokens) }) },
  });
  let index = 0;
  let pinged = false;
  const ping = (faultCandidate: boolean) => {
    if (!pinged) {
      pinged = true;
      push('ping', { type: 'ping' }, faultCandidate);
    }
  };
  if (p.thinking) {
    push('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
    ping(false);
    for (const piece of chunk(p.thinking.thinking, chunkSize)) {
      push('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } });
    }
    push('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: p.thinking.signature } });
    push('content_block_stop', { type: 'content_block_stop', index });
    index++;
  }
  const hasTextBlock = p.text.length > 0 || (!p.thinking && p.tools.length === 0 && p.stopReason !== 'max_tokens');
  if (hasTextBlock) {
    push('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }, true);
    ping(true);
    let pieces = chunk(p.text, chunkSize);
    if (splitAt !== undefined && splitAt > 0 && splitAt < p.text.length) {
      pieces = [...chunk(p.text.slice(0, splitAt), chunkSize), ...chunk(p.text.slice(splitAt), chunkSize)];
    }
    for (const piece of pieces) {
      textChars += piece.length;
      push('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }, true);
    }
    push('content_block_stop', { type: 'content_block_stop', index });
    index++;
  }
  for (const t of p.tools) {
    push('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: t.id, name: t.name, input: {} } });
    ping(false);
    push('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } });
    for (const piece of chunk(JSON.stringify(t.input ?? {}), chunkSize)) {
      push('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } });
    }
    push('content_block_stop', { type: 'content_block_stop', index });
    index++;
  }
  ping(false);
  push('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: p.stopReason, stop_sequence: null, stop_details: null, container: null },
    usage: {
      input_tokens: p.usage.input_tokens,
      output_tokens: p.usage.output_tokens,
      cache_creation_input_tokens: p.usage.cache_creation_input_tokens,
      cache_read_input_tokens: p.usage.cache_read_input_tokens,
      server_tool_use: null,
      output_tokens_details: null,
    },
  });
  push('message_stop', { type: 'message_stop' });
  return events;
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

/** Rebuilds a non-streaming Message from an SSE transcript. */
function messageFromTranscript(raw: string): Record<string, unknown> {
  let message: any;
  const partial: Record<number, string> = {};
  for (const block of raw.replace(/\r\n?/g, '\n').split('\n\n')) {
    const dataLine = block.split('\n').find((l) => l.startsWith('data:'));
    if (!dataLine) continue;
    let ev: any;
    try {
      ev = JSON.parse(dataLine.slice(5).trim());
    } catch {
      continue;
    }
    switch (ev.type) {
      case 'message_start':
        message = { ...ev.message, content: [] };
        break;
      case 'content_block_start':
        message.content[ev.index] = { ...ev.content_block };
        break;
      case 'content_block_delta': {
        const b = message.content[ev.index];
        const d = ev.delta;
        if (d.type === 'text_delta') b.text += d.text;
        else if (d.type === 'thinking_delta') b.thinking += d.thinking;
        else if (d.type === 'signature_delta') b.signature = d.signature;
        else if (d.type === 'input_json_delta') partial[ev.index] = (partial[ev.index] ?? '') + d.partial_json;
        break;
      }
      case 'content_block_stop':
        if (partial[ev.index] !== undefined) {
          message.content[ev.index].input = partial[ev.index] ? JSON.parse(partial[ev.index]) : {};
        }
        break;
      case 'message_delta':
        Object.assign(message, ev.delta);
        message.usage = { ...message.usage, ...ev.usage };
        break;
    }
  }
  return message;
}

// ---------------------------------------------------------------------------------------------
// Server

interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  rec: RecordedRequest;
  requestId: string;
  /** Set when the client went away or the server shut the socket. */
  closed: boolean;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

function toModelInfo(m: FakeModel): Record<string, unknown> {
  const line = /claude-(haiku|sonnet|opus|fable|mythos)/.exec(m.id)?.[1] ?? null;
  return {
    type: 'model',
    id: m.id,
    display_name: m.display_name,
    created_at: m.created_at ?? '2026-01-01T00:00:00Z',
    capabilities: null,
    deprecated_at: null,
    retires_at: null,
    lifecycle: 'active',
    line,
    max_input_tokens: 200000,
    max_tokens: line === 'haiku' ? 64000 : 128000,
  };
}

function serializeRequest(r: RecordedRequest): Omit<RecordedRequest, 'finished'> {
  return {
    method: r.method,
    path: r.path,
    headers: r.headers,
    body: r.body,
    rawBody: r.rawBody,
    clientClosedEarly: r.clientClosedEarly,
  };
}

export async function startFakeAnthropic(opts: { port?: number; host?: string } = {}): Promise<FakeAnthropic> {
  const host = opts.host ?? '127.0.0.1';
  const queue: ReplyScript[] = [];
  let defaultScript: ReplyScript = {};
  let models: FakeModel[] = DEFAULT_MODELS.slice();
  const validKeys = new Set<string>([DEFAULT_TEST_KEY]);
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  let closing = false;

  const notify = () => {
    for (const w of [...waiters]) w();
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || closing) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.set(t, resolve);
    });

  const baseHeaders = (ctx: Ctx, extra: Record<string, string> = {}) => ({
    'request-id': ctx.requestId,
    'anthropic-organization-id': '00000000-0000-4000-8000-000000000000',
    ...extra,
  });

  const sendJson = (ctx: Ctx, status: number, obj: unknown, extra: Record<string, string> = {}) => {
    if (ctx.closed) return;
    const body = JSON.stringify(obj);
    ctx.res.writeHead(status, baseHeaders(ctx, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...extra }));
    ctx.res.end(body);
  };

  const errorBody = (ctx: Ctx, type: string, message: string) => ({
    type: 'error',
    error: { type, message },
    request_id: ctx.requestId,
  });

  const sendError = (ctx: Ctx, status: number, type: string, message?: string, extra: Record<string, string> = {}) =>
    sendJson(ctx, status, errorBody(ctx, type, message ?? DEFAULT_ERROR_MESSAGES[type] ?? 'Error'), extra);

  const sendStatusFault = (ctx: Ctx, f: Extract<FaultScript, { kind: 'status' }>) => {
    if (f.body !== undefined) {
      let contentType = 'text/plain; charset=utf-8';
      try {
        JSON.parse(f.body);
        contentType = 'application/json';
      } catch {
        if (f.body.trimStart().startsWith('<')) contentType = 'text/html; charset=utf-8';
      }
      ctx.res.writeHead(f.status, baseHeaders(ctx, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(f.body)), ...(f.headers ?? {}) }));
      ctx.res.end(f.body);
      return;
    }
    const type = f.errorType ?? errorTypeForStatus(f.status);
    sendError(ctx, f.status, type, f.message, f.headers ?? {});
  };

  /** Write and wait until the chunk is flushed to the socket. */
  const write = (ctx: Ctx, data: string) =>
    new Promise<void>((resolve) => {
      if (ctx.closed) return resolve();
      ctx.res.write(data, () => resolve());
      // If the connection goes away the callback may come late (or with an error): don't wait for it.
      void ctx.rec.finished.then(() => resolve());
    });

  /** Destroy the connection from the server side (fault 'cut'). */
  const cut = (ctx: Ctx) => {
    ctx.closed = true;
    ctx.res.socket?.destroy();
  };

  const waitForClientToGo = (ctx: Ctx) => ctx.rec.finished;

  const openSse = (ctx: Ctx) => {
    ctx.res.writeHead(200, baseHeaders(ctx, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }));
    ctx.res.flushHeaders();
  };

  const streamEvents = async (ctx: Ctx, events: string[], delayMs: number) => {
    for (let i = 0; i < events.length; i++) {
      if (ctx.closed) return;
      if (i > 0) await sleep(delayMs);
      await write(ctx, events[i]);
    }
  };

  async function handleMessages(ctx: Ctx) {
    const body = ctx.rec.body;
    validateMessagesBody(body, headerValue(ctx.req.headers['anthropic-version'])!, true);
    const script: ReplyScript = queue.length ? queue.shift()! : defaultScript;
    const streaming = body.stream === true;
    const fault = script.fault;
    const delayMs = script.delayMs ?? 0;
    const chunkSize = script.chunkSize ?? 12;

    if (fault?.kind === 'status') return sendStatusFault(ctx, fault);

    if (script.transcript) {
      const raw = fs.readFileSync(script.transcript, 'utf8');
      if (!streaming) return sendJson(ctx, 200, messageFromTranscript(raw));
      openSse(ctx);
      const parts = delayMs > 0 ? raw.split(/(?<=\n\n)/) : [raw];
      await streamEvents(ctx, parts, delayMs);
      await write(ctx, '\n');
      if (!ctx.closed) ctx.res.end();
      return;
    }

    const plan = planReply(script, body);

    if (!streaming) {
      if (!fault) return sendJson(ctx, 200, messageJson(plan));
      switch (fault.kind) {
        case 'midStreamError': {
          const type = fault.errorType ?? 'overloaded_error';
          return sendError(ctx, statusForErrorType(type), type, fault.message);
        }
        case 'emptyBody':
          ctx.res.writeHead(200, baseHeaders(ctx, { 'content-type': 'application/json', 'content-length': '0' }));
          ctx.res.end();
          return;
        case 'stall':
          return waitForClientToGo(ctx);
        case 'cut':
        case 'earlyEnd': {
          const json = JSON.stringify(messageJson(plan));
          ctx.res.writeHead(200, baseHeaders(ctx, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) }));
          await write(ctx, json.slice(0, Math.floor(json.length / 2)));
          return cut(ctx);
        }
      }
    }

    if (fault?.kind === 'emptyBody') {
      openSse(ctx);
      ctx.res.end();
      return;
    }
    if (fault?.kind === 'stall' && fault.afterChars === undefined) {
      openSse(ctx);
      return waitForClientToGo(ctx);
    }

    const afterChars = fault && 'afterChars' in fault ? Math.max(0, fault.afterChars ?? 0) : undefined;
    const events = planEvents(plan, chunkSize, afterChars);
    openSse(ctx);
    if (!fault || afterChars === undefined) {
      await streamEvents(ctx, events.map((e) => e.data), delayMs);
      if (!ctx.closed) ctx.res.end();
      return;
    }
    const idx = faultIndex(events, afterChars);
    await streamEvents(ctx, events.slice(0, idx + 1).map((e) => e.data), delayMs);
    if (ctx.closed) return;
    await sleep(delayMs);
    switch (fault.kind) {
      case 'midStreamError': {
        const type = fault.errorType ?? 'overloaded_error';
        await write(ctx, sseEvent('error', { type: 'error', error: { type, message: fault.message ?? DEFAULT_ERROR_MESSAGES[type] ?? 'Error' } }));
        if (!ctx.closed) ctx.res.end();
        return;
      }
      case 'cut':
        return cut(ctx);
      case 'earlyEnd':
        if (!ctx.closed) ctx.res.end();
        return;
      case 'stall':
        return waitForClientToGo(ctx);
    }
  }

  function validateMessagesBody(body: any, version: string, requireMaxTokens: boolean) {
    const bad = (msg: string) => {
      throw new HttpError(400, 'invalid_request_error', msg);
    };
    if (!isPlainObject(body)) bad('There was an issue with the formatting or content of your request: the body must be a JSON object.');
    if (version === '2026-10-21') {
      for (const k of ['temperature', 'top_p', 'top_k']) {
        if (k in body) bad(`${k}: This parameter is not supported in API version 2026-10-21.`);
      }
    } else {
      if ('temperature' in body && (typeof body.temperature !== 'number' || body.temperature < 0 || body.temperature > 1)) {
        bad('temperature: Input should be a number between 0 and 1');
      }
    }
    if (!('model' in body)) bad('model: Field required');
    if (typeof body.model !== 'string' || body.model.length === 0) bad('model: Input should be a valid string');
    if (requireMaxTokens) {
      if (!('max_tokens' in body)) bad('max_tokens: Field required');
      if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens)) bad('max_tokens: Input should be a valid integer');
      if (body.max_tokens < 0) bad('max_tokens: Input should be greater than or equal to 0');
    }
    if (!('messages' in body)) bad('messages: Field required');
    if (!Array.isArray(body.messages)) bad('messages: Input should be a valid list');
    if (body.messages.length === 0) bad('messages: at least one message is required');
    body.messages.forEach((m: any, i: number) => {
      if (!isPlainObject(m)) bad(`messages.${i}: Input should be a valid dictionary`);
      if (!['user', 'assistant', 'system'].includes(m.role)) bad(`messages.${i}.role: Input should be 'user', 'assistant' or 'system'`);
      if (typeof m.content !== 'string' && !Array.isArray(m.content)) bad(`messages.${i}.content: Input should be a valid string or list`);
    });
    if ('system' in body && typeof body.system !== 'string' && !Array.isArray(body.system)) bad('system: Input should be a valid string or list');
    if ('stream' in body && typeof body.stream !== 'boolean') bad('stream: Input should be a valid boolean');
  }

  function handleModelsList(ctx: Ctx, url: URL) {
    const q = url.searchParams;
    let limit = 20;
    if (q.has('limit')) {
      limit = Number(q.get('limit'));
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw new HttpError(400, 'invalid_request_error', 'limit: Input should be between 1 and 1000');
      }
    }
    const ids = models.map((m) => m.id);
    const afterId = q.get('after_id');
    const beforeId = q.get('before_id');
    let page: FakeModel[];
    let hasMore: boolean;
    if (beforeId !== null) {
      const i = ids.indexOf(beforeId);
      if (i < 0) throw new HttpError(400, 'invalid_request_error', `before_id: unknown model '${beforeId}'`);
      const start = Math.max(0, i - limit);
      page = models.slice(start, i);
      hasMore = start > 0;
    } else {
      let start = 0;
      if (afterId !== null) {
        const i = ids.indexOf(afterId);
        if (i < 0) throw new HttpError(400, 'invalid_request_error', `after_id: unknown model '${afterId}'`);
        start = i + 1;
      }
      page = models.slice(start, start + limit);
      hasMore = start + limit < models.length;
    }
    sendJson(ctx, 200, {
      data: page.map(toModelInfo),
      has_more: hasMore,
      first_id: page.length ? page[0].id : null,
      last_id: page.length ? page[page.length - 1].id : null,
    });
  }

  function checkAuthAndVersion(ctx: Ctx) {
    const h = ctx.req.headers;
    const apiKey = headerValue(h['x-api-key']);
    const auth = headerValue(h['authorization']);
    const bearer = auth && /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
    if (apiKey === undefined && !bearer) {
      throw new HttpError(401, 'authentication_error', 'x-api-key or Authorization header is required');
    }
    if (!(apiKey !== undefined && validKeys.has(apiKey)) && !(bearer && validKeys.has(bearer))) {
      throw new HttpError(401, 'authentication_error', 'invalid x-api-key');
    }
    const version = headerValue(h['anthropic-version']);
    if (version === undefined) throw new HttpError(400, 'invalid_request_error', 'anthropic-version: header is required');
    if (!SUPPORTED_VERSIONS.includes(version)) {
      throw new HttpError(400, 'invalid_request_error', `anthropic-version: invalid version '${version}'`);
    }
  }

  async function handleApi(ctx: Ctx, url: URL) {
    const method = ctx.req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const route =
      method === 'POST' && path === '/v1/messages'
        ? 'messages'
        : method === 'POST' && path === '/v1/messages/count_tokens'
          ? 'count'
          : method === 'GET' && path === '/v1/models'
            ? 'models'
            : method === 'GET' && /^\/v1\/models\/[^/]+$/.test(path)
              ? 'model'
              : undefined;
    if (!route) throw new HttpError(404, 'not_found_error', 'Not Found');
    checkAuthAndVersion(ctx);
    const isPost = method === 'POST';
    if (isPost && ctx.rec.body === undefined) {
      throw new HttpError(400, 'invalid_request_error', 'There was an issue with the formatting or content of your request: the body is not valid JSON.');
    }
    switch (route) {
      case 'messages':
        return handleMessages(ctx);
      case 'count': {
        validateMessagesBody(ctx.rec.body, headerValue(ctx.req.headers['anthropic-version'])!, false);
        return sendJson(ctx, 200, { input_tokens: inputTokensFor(ctx.rec.body) });
      }
      case 'models':
        return handleModelsList(ctx, url);
      case 'model': {
        const id = decodeURIComponent(path.slice('/v1/models/'.length));
        const m = models.find((x) => x.id === id);
        if (!m) throw new HttpError(404, 'not_found_error', `model: ${id}`);
        return sendJson(ctx, 200, toModelInfo(m));
      }
    }
  }

  function handleControl(ctx: Ctx, path: string) {
    const method = ctx.req.method;
    const body = ctx.rec.body;
    const ok = (extra: Record<string, unknown> = {}) => sendJson(ctx, 200, { ok: true, ...extra });
    if (method === 'POST' && path === '/__fake/enqueue') {
      if (body === undefined) throw new HttpError(400, 'invalid_request_error', 'body must be a ReplyScript or an array of them');
      const scripts: ReplyScript[] = Array.isArray(body) ? body : [body];
      api.enqueue(...scripts);
      return ok({ queued: queue.length });
    }
    if (method === 'POST' && path === '/__fake/default') {
      api.setDefault(isPlainObject(body) ? body : {});
      return ok();
    }
    if (method === 'POST' && path === '/__fake/reset') {
      api.reset();
      return ok();
    }
    if (method === 'GET' && path === '/__fake/requests') {
      return sendJson(ctx, 200, requests.map(serializeRequest));
    }
    if (method === 'POST' && path === '/__fake/models') {
      if (!Array.isArray(body)) throw new HttpError(400, 'invalid_request_error', 'body must be an array of {id, display_name}');
      api.setModels(body);
      return ok({ count: models.length });
    }
    if (method === 'POST' && path === '/__fake/keys') {
      if (!Array.isArray(body)) throw new HttpError(400, 'invalid_request_error', 'body must be an array of keys');
      validKeys.clear();
      for (const k of body) validKeys.add(String(k));
      return ok();
    }
    throw new HttpError(404, 'not_found_error', 'Not Found');
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => undefined);
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: any;
      if (rawBody.length) {
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = undefined;
        }
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      let resolveFinished!: () => void;
      const rec: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname + url.search,
        headers: { ...req.headers },
        body,
        rawBody,
        clientClosedEarly: false,
        finished: new Promise<void>((r) => (resolveFinished = r)),
      };
      const ctx: Ctx = { req, res, rec, requestId: newRequestId(), closed: false };
      res.on('close', () => {
        if (!res.writableFinished && !ctx.closed && !closing) rec.clientClosedEarly = true;
        ctx.closed = true;
        resolveFinished();
      });
      const isControl = url.pathname.startsWith('/__fake/');
      if (!isControl) {
        requests.push(rec);
        notify();
      }
      const run = async () => {
        try {
          if (isControl) handleControl(ctx, url.pathname.replace(/\/+$/, ''));
          else await handleApi(ctx, url);
        } catch (err) {
          if (ctx.closed) return;
          if (res.headersSent) {
            res.destroy();
            return;
          }
          if (err instanceof HttpError) sendError(ctx, err.status, err.errorType, err.message);
          else sendError(ctx, 500, 'api_error', `fake server error: ${(err as Error)?.message ?? String(err)}`);
        }
      };
      void run();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  const api: FakeAnthropic = {
    url: `http://${urlHost}:${port}`,
    port,
    requests,
    validKeys,
    enqueue(...scripts: ReplyScript[]) {
      queue.push(...scripts);
    },
    setDefault(script: ReplyScript) {
      defaultScript = script ?? {};
    },
    setModels(list) {
      models = list.map((m) => ({ ...m }));
    },
    waitForRequests(n: number, timeoutMs = 2000) {
      return new Promise<RecordedRequest[]>((resolve, reject) => {
        const check = () => {
          if (requests.length >= n) {
            cleanup();
            resolve(requests.slice());
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake-anthropic: timed out after ${timeoutMs} ms waiting for ${n} request(s); got ${requests.length}`));
        }, timeoutMs);
        const waiter = () => void check();
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        waiters.add(waiter);
        check();
      });
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
      defaultScript = {};
      models = DEFAULT_MODELS.slice();
      validKeys.clear();
      validKeys.add(DEFAULT_TEST_KEY);
    },
    close() {
      closing = true;
      for (const [t, resolve] of timers) {
        clearTimeout(t);
        resolve();
      }
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
    },
  };
  return api;
}
