/**
 * A loopback fake of the Anthropic Messages API, for tests: `startFakeAnthropic` wires the parts
 * together, and this module re-exports the public API.
 *
 * Node `http` only. It keeps to the wire format that the real API and the SDK use:
 * - accepts `x-api-key: K` or `Authorization: Bearer K`, `anthropic-version` 2026-10-21 or 2023-06-01 (auth.ts);
 * - SSE with a named `event:` line and a blank line after every event (the last one too),
 *   `usage` in `message_start` and `message_delta`, a `ping` (sse.ts, replyStream.ts);
 * - a `request-id` header on every response, and real-shaped error bodies (exchange.ts, errors.ts);
 * - the API's 400s on tool use: tool_use ids answered by tool_result blocks in the next user turn
 *   and tool_results that answer the previous assistant turn, custom tool names and input
 *   schemas, the text editor tool's names, unique names, tool_choice naming a tool (toolValidation.ts);
 * - tool_use replies streamed as the docs' transcript streams them: `input: {}`, an empty
 *   input_json_delta, then the input as spaced JSON in pieces; text and several tool_use blocks
 *   in one reply (replyStream.ts);
 * - prompt caching: breakpoints on tools, system and message blocks and a top-level
 *   `cache_control`, at most 4, ttl 5m/1h; prefixes of at least 1024 tokens written and read
 *   (with a 20-block lookback) by model and canonical prefix, expiring by ttl, emptied by reset();
 *   usage with read + creation + input = the whole prompt (promptCache.ts, cacheBreakpoints.ts);
 * - paths with a query, e.g. `/v1/messages?beta=true` (older SDKs' beta messages), route by path;
 * - message threads (beta `message-threads-2026-08-12`): `thread: {type: 'create'}` stores the
 *   conversation and the reply under the reply's id once written in full; `{type: 'continue',
 *   previous_message_id}` sends only the new messages and is answered as the whole conversation;
 *   404 thread_not_found (unknown, forgotten, or 5 min since stored), 400 thread_already_continued,
 *   thread_continue_in_flight and thread_fingerprint_mismatch, with `error.details.error_code`
 *   (threadRequest.ts, threads.ts);
 * - faults (status errors before any bytes, mid-stream `event: error`, cut sockets, early EOF,
 *   stalls, empty bodies) for retry/abort tests (faults.ts);
 * - a control API under `/__fake/*` for tests that run in another process (control.ts).
 * The transcripts/ folder holds SSE streams copied from the API's documentation.
 */
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import { handleControl } from './control';
import { Delays } from './delays';
import { HttpError } from './errors';
import { sendError, type Exchange } from './exchange';
import { newRequestId } from './ids';
import { parseJson } from './json';
import { handleApi } from './routes/router';
import { FakeState } from './state';
import type { FakeAnthropic, MessagesRequest, RecordedRequest } from './types';

export { DEFAULT_TEST_KEY, SUPPORTED_VERSIONS } from './auth';
export { errorTypeForStatus } from './errors';
export { defaultReplyText } from './reply';
export { DEFAULT_MODELS } from './state';
export type {
  ContentBlockParam,
  FakeAnthropic,
  FakeModel,
  FaultScript,
  MessageParam,
  MessagesRequest,
  RecordedRequest,
  ReplyScript,
  TextBlockParam,
} from './types';

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `now`: the clock of the prompt cache's 5 min / 1 h lifetimes and the threads' 5 min (default Date.now), for expiry tests. */
export async function startFakeAnthropic(opts: { port?: number; host?: string; now?: () => number } = {}): Promise<FakeAnthropic> {
  const host = opts.host ?? '127.0.0.1';
  const state = new FakeState(opts.now);
  const delays = new Delays();
  const sockets = new Set<Socket>();
  let closing = false;

  /** Records the request (unless it is a control call) and answers it. */
  async function answer(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = parseJson(rawBody);
    let resolveFinished!: () => void;
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      headers: { ...req.headers },
      // Tests read recorded bodies as Messages requests; see RecordedRequest.body.
      body: body as MessagesRequest,
      rawBody,
      clientClosedEarly: false,
      finished: new Promise<void>((r) => (resolveFinished = r)),
    };
    const ex: Exchange = { req, res, rec, body, requestId: newRequestId(), closed: false, sleep: (ms) => delays.sleep(ms) };
    res.on('close', () => {
      if (!res.writableFinished && !ex.closed && !closing) rec.clientClosedEarly = true;
      ex.closed = true;
      resolveFinished();
    });
    const isControl = url.pathname.startsWith('/__fake/');
    if (!isControl) state.record(rec);
    try {
      if (isControl) handleControl(ex, url.pathname.replace(/\/+$/, ''), state);
      else await handleApi(ex, url, state);
    } catch (err) {
      if (ex.closed) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) sendError(ex, err.status, err.errorType, err.message, {}, err.details);
      else sendError(ex, 500, 'api_error', `fake server error: ${errorMessage(err)}`);
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => undefined);
    req.on('end', () => void answer(req, res, Buffer.concat(chunks).toString('utf8')));
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

  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests: state.requests,
    validKeys: state.validKeys,
    enqueue: (...scripts) => state.enqueue(...scripts),
    setDefault: (script) => state.setDefault(script),
    setModels: (list) => state.setModels(list),
    waitForRequests: (n, timeoutMs) => state.waitForRequests(n, timeoutMs),
    forgetThreads: (id) => state.threads.forget(id),
    reset: (opts) => state.reset(opts),
    close() {
      closing = true;
      delays.stopAll();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
    },
  };
}
