// A loopback HTTP server for the platform fakes (Vertex, Foundry): each request is recorded and
// handed to the platform's routes as the fake Anthropic server's Exchange, so that the platforms
// reuse its reply scripting (SSE text, thinking, tool_use, usage with cache fields, mid-stream
// faults) and its request checks. A platform's own errors are thrown as PlatformError (its body
// in the platform's shape); the Anthropic API's own 400s (HttpError) keep the API's shape.
import type * as http from 'http';
import { Delays } from '../fake-anthropic/delays';
import { HttpError } from '../fake-anthropic/errors';
import { sendError, sendJson, type Exchange } from '../fake-anthropic/exchange';
import { newRequestId } from '../fake-anthropic/ids';
import { parseJson } from '../fake-anthropic/json';
import { playJsonFault, playStreamFault, sendStatusFault } from '../fake-anthropic/faults';
import { messageJson, planReply } from '../fake-anthropic/reply';
import { planEvents } from '../fake-anthropic/replyStream';
import { end, openSse, writeAll } from '../fake-anthropic/sse';
import { FakeState } from '../fake-anthropic/state';
import type { CheckedRequest, MessagesRequest, RecordedRequest } from '../fake-anthropic/types';
import { listenLoopback } from './loopback';

/** An error answered with the platform's own JSON body. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`platform error ${status}`);
  }
}

export interface PlatformServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  state: FakeState;
  close(): Promise<void>;
}

export type Route = (ex: Exchange, url: URL) => Promise<void> | void;

/** `recorded`: which requests go to state.requests (a token endpoint's keep their own list). */
export async function startPlatformServer(route: Route, recorded: (url: URL) => boolean = () => true): Promise<PlatformServer> {
  const state = new FakeState();
  const delays = new Delays();
  let closing = false;

  async function answer(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let resolveFinished!: () => void;
    const body = parseJson(rawBody);
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      headers: { ...req.headers },
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
    if (recorded(url)) state.record(rec);
    try {
      await route(ex, url);
    } catch (err) {
      if (ex.closed) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof PlatformError) sendJson(ex, err.status, err.body, err.headers);
      else if (err instanceof HttpError) sendError(ex, err.status, err.errorType, err.message);
      else sendError(ex, 500, 'api_error', `fake platform error: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const loopback = await listenLoopback((req, res, body) => void answer(req, res, body.toString('utf8')));
  return {
    origin: loopback.origin,
    state,
    close() {
      closing = true;
      delays.stopAll();
      return loopback.close();
    },
  };
}

/**
 * Answers a checked Messages request with the next reply script, as the fake Anthropic API does:
 * one JSON Message or an SSE stream, a scripted fault, the prompt cache read and written.
 */
export async function replyWithScript(ex: Exchange, state: FakeState, req: CheckedRequest): Promise<void> {
  const script = state.nextScript();
  const { fault } = script;
  if (fault?.kind === 'status') return sendStatusFault(ex, fault);
  const plan = planReply(script, req, state.promptCache.use(req));
  if (req.stream !== true) return fault ? playJsonFault(ex, fault, plan) : sendJson(ex, 200, messageJson(plan));
  const chunkSize = script.chunkSize ?? 12;
  const delayMs = script.delayMs ?? 0;
  if (fault) return playStreamFault(ex, fault, plan, chunkSize, delayMs);
  openSse(ex);
  await writeAll(ex, planEvents(plan, chunkSize).map((e) => e.data), delayMs);
  end(ex);
}

export function headerValue(ex: Exchange, name: string): string | undefined {
  const h = ex.req.headers[name];
  return Array.isArray(h) ? h[0] : h;
}

/** The bearer token of the Authorization header, if any. */
export function bearerToken(ex: Exchange): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(headerValue(ex, 'authorization') ?? '')?.[1];
}
