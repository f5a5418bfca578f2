/**
 * The one place that creates the SDK client and streams a reply. Retries, backoff, errors and
 * SSE parsing are the SDK's; this adds what the SDK does not do: an idle timeout for a stream
 * that stalls, a forecast of each retry for the UI, and a log line per attempt.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { Middleware } from '@anthropic-ai/sdk';
import { isRetryableError } from '@anthropic-ai/sdk/core/middleware';
import type { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import type { BetaMessageParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { ContentBlock, Message, MessageCreateParamsBase, Model } from '@anthropic-ai/sdk/resources/messages';
import type { Connection, NetworkOptions } from '../core/connection';
import { IdleTimeoutError, StoppedError } from '../core/failures';
import type { ListedModel } from '../core/models';
import { countsTokens, listsModels, platformModelId } from '../core/platformModels';
import { backoffMs, forecastRetry } from '../core/retry';
import type { RawUsage } from '../core/usage';
import type { ConversationThreads } from './conversationThreads';
import { settledNetworkFailure } from './errors/network';
import { clientFor } from './providers';

export interface ClientConfig {
  /** Where requests go and how they authenticate (src/core/connection.ts). */
  connection: Connection;
  /** The proxy and certificates; absent: Node's own (tests of the pure parts). */
  network?: NetworkOptions;
  maxRetries: number;
  /** A stream that sends nothing for this long is abandoned. */
  idleTimeoutMs: number;
}

export interface RequestLog {
  info(message: string): void;
  warn(message: string): void;
}

export type ThinkingConfig = { type: 'adaptive' } | { type: 'enabled'; budget_tokens: number };

export interface StreamRequest {
  model: string;
  maxTokens: number;
  system: string;
  messages: Array<{ role: 'user' | 'assistant'; content: string }>;
  thinking?: ThinkingConfig;
  /** The conversation's message thread: only the messages it lacks are sent (conversationThreads.ts). */
  thread?: { threads: ConversationThreads; key: string };
}

const EPHEMERAL = { type: 'ephemeral' } as const;

/**
 * The request body. The stable part comes first with prompt-cache breakpoints where they pay:
 * after the system prompt, and on the last message, so that the next turn of the same
 * conversation reads everything before it from the cache.
 */
export function buildParams(request: StreamRequest): MessageCreateParamsBase {
  const last = request.messages.length - 1;
  return {
    model: request.model as Model,
    max_tokens: request.maxTokens,
    system: [{ type: 'text', text: request.system, cache_control: EPHEMERAL }],
    messages: request.messages.map((m, i) =>
      i === last ? { role: m.role, content: [{ type: 'text', text: m.content, cache_control: EPHEMERAL }] } : m,
    ),
    ...(request.thinking ? { thinking: request.thinking } : {}),
  };
}

export interface StreamHandlers {
  onText(delta: string): void;
  onThinking?(delta: string): void;
  /** The SDK is about to retry a failed attempt. */
  onRetry?(info: { attempt: number; seconds: number; status: number | undefined; reason: string }): void;
}

export interface StreamOutcome {
  text: string;
  stopReason: string | null;
  usage: RawUsage;
  requestId: string | undefined;
}

/**
 * A request's fields but its messages and tools, with its prompt cache breakpoints: the system
 * prompt, and the request's top-level one on the end of the conversation (a thread's or a tool
 * loop's requests, whose later messages are not the caller's to mark).
 */
export function conversationFields(config: ClientConfig, request: Omit<StreamRequest, 'messages' | 'thread'>) {
  return {
    model: platformModelId(config.connection, request.model),
    max_tokens: request.maxTokens,
    system: [{ type: 'text' as const, text: request.system, cache_control: EPHEMERAL }],
    cache_control: EPHEMERAL,
    ...(request.thinking ? { thinking: request.thinking } : {}),
  };
}

/** A failure, with the usage of whatever had streamed (for honest cost). */
export class StreamFailure extends Error {
  constructor(override readonly cause: unknown, readonly usage: RawUsage | undefined) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'StreamFailure';
  }
}

function attemptObserver(maxRetries: number, log: RequestLog, onRetry: StreamHandlers['onRetry']): Middleware {
  return async (request, next) => {
    const retriesSoFar = Number(request.headers.get('x-stainless-retry-count') ?? '0') || 0;
    const started = Date.now();
    let response: Response;
    try {
      response = await next(request);
    } catch (err) {
      const aborted = request.signal?.aborted;
      // A certificate or a proxy's refusal will not change with a retry: thrown as the middleware's
      // own error, which the SDK does not retry (errors/network.ts).
      const settled = aborted ? undefined : settledNetworkFailure(err, new URL(request.url).host);
      if (settled) {
        log.warn(`request failed: ${settled.message}; not retried`);
        throw settled;
      }
      // The SDK retries only what its policy calls retryable (a failed connection), not a middleware's
      // own failure (a token command, a credential chain that found nothing): forecast only those.
      if (!aborted && retriesSoFar < maxRetries && isRetryableError(err)) {
        log.warn(`request failed to connect (attempt ${retriesSoFar + 1}); retrying`);
        onRetry?.({ attempt: retriesSoFar + 1, seconds: Math.ceil(backoffMs(retriesSoFar) / 1000), status: undefined, reason: 'network error' });
      }
      throw err;
    }
    const requestId = response.headers.get('request-id') ?? '-';
    const path = new URL(request.url).pathname;
    log.info(`${request.method} ${path} → ${response.status} in ${Date.now() - started} ms (request-id ${requestId}, attempt ${retriesSoFar + 1})`);
    if (response.status >= 400) {
      const f = forecastRetry(response.status, response.headers, retriesSoFar, maxRetries);
      if (f.willRetry) {
        log.warn(`status ${response.status}; the SDK retries in ~${f.seconds} s`);
        onRetry?.({ attempt: retriesSoFar + 1, seconds: f.seconds, status: response.status, reason: `HTTP ${response.status}` });
      }
    }
    return response;
  };
}

/**
 * The SDK client for the configured provider. Bedrock's, Vertex's and Foundry's clients are
 * Anthropic's own packages for them and share this interface for what the extension uses
 * (streaming, the tool runner); what a platform lacks is asked through countTokens / listModels.
 */
export function createClient(config: ClientConfig, log: RequestLog, onRetry?: StreamHandlers['onRetry']): Anthropic {
  return clientFor(config.connection, {
    maxRetries: config.maxRetries,
    middleware: [attemptObserver(config.maxRetries, log, onRetry)],
    network: config.network,
    log,
  });
}

/** The request's model as the connection's platform names it. */
export function forConnection<P extends { model: string }>(params: P, connection: Connection): P {
  const model = platformModelId(connection, params.model);
  return model === params.model ? params : { ...params, model };
}

/** Input tokens as the API counts them; undefined where the platform does not count (Bedrock). */
export async function countTokens(
  config: ClientConfig,
  params: Pick<MessageCreateParamsBase, 'model' | 'messages' | 'system' | 'tools'>,
  log: RequestLog,
  options: { signal?: AbortSignal; timeout?: number },
): Promise<number | undefined> {
  if (!countsTokens(config.connection.provider)) return undefined;
  const client = createClient(config, log);
  const r = await client.messages.countTokens(forConnection(params, config.connection), options);
  return r.input_tokens;
}

/** The Models API's list; undefined where the platform has none (the built-in list applies). */
export async function listModels(config: ClientConfig, log: RequestLog): Promise<ListedModel[] | undefined> {
  if (!listsModels(config.connection.provider)) return undefined;
  const client = createClient(config, log);
  const models: ListedModel[] = [];
  for await (const m of client.models.list({ limit: 100 })) {
    models.push({
      id: m.id,
      displayName: m.display_name,
      maxInputTokens: m.max_input_tokens ?? undefined,
      maxOutputTokens: m.max_tokens ?? undefined,
      imageInput: m.capabilities?.image_input.supported,
    });
  }
  return models;
}

/**
 * Abandons a stream that sends nothing for `ms` once its response has begun (before that, the SDK's
 * own timeout and retries apply); `error` says so afterwards.
 */
export class IdleWatch {
  error: IdleTimeoutError | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly ms: number, private readonly log: RequestLog) {}

  /** `listen` hooks `arm` to the stream's connect and event notifications; `abort` ends the stream. */
  watch(listen: (arm: () => void) => void, abort: () => void): void {
    listen(() => {
      if (this.stopped) return;
      // Called for every event of a stream: one timer, restarted, rather than a new one each time.
      if (this.timer) {
        this.timer.refresh();
        return;
      }
      this.timer = setTimeout(() => {
        this.error = new IdleTimeoutError(Math.round(this.ms / 1000));
        this.log.warn(`no data for ${this.ms} ms; aborting the stream`);
        abort();
      }, this.ms);
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

export interface MessageHandlers {
  onText?(delta: string): void;
  onThinking?(delta: string): void;
  /** A content block is complete (a tool call with its whole input, a thinking block with its signature). */
  onBlock?(block: ContentBlock): void;
  /** The SDK is about to retry a failed attempt. */
  onRetry?(info: { attempt: number; seconds: number; status: number | undefined; reason: string }): void;
}

/**
 * Streams one message of any request (tools, images, thinking). Resolves with the whole message
 * when it is complete; rejects with a StreamFailure otherwise (stopped through `signal`, idle, an
 * API error, a cut connection), carrying the usage of whatever had streamed.
 */
export async function streamMessage(
  config: ClientConfig,
  params: MessageCreateParamsBase,
  handlers: MessageHandlers,
  signal: AbortSignal,
  log: RequestLog,
): Promise<{ message: Message; requestId: string | undefined }> {
  const client = createClient(config, log, handlers.onRetry);
  return consume(client.messages.stream(forConnection(params, config.connection)), config, handlers, signal, log);
}

/** Follows a stream to its end: its handlers, its idle timeout and Stop. */
async function consume(
  stream: MessageStream,
  config: ClientConfig,
  handlers: MessageHandlers,
  signal: AbortSignal,
  log: RequestLog,
): Promise<{ message: Message; requestId: string | undefined }> {
  const idle = new IdleWatch(config.idleTimeoutMs, log);
  const onAbort = (): void => stream.abort();
  if (signal.aborted) stream.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  // The idle clock starts once the response has begun: before that the SDK's own timeout and retries apply.
  idle.watch((arm) => {
    stream.on('connect', arm);
    stream.on('streamEvent', arm);
  }, () => stream.abort());
  if (handlers.onText) stream.on('text', handlers.onText);
  if (handlers.onThinking) stream.on('thinking', handlers.onThinking);
  if (handlers.onBlock) stream.on('contentBlock', handlers.onBlock);
  try {
    const message = await stream.finalMessage();
    return { message, requestId: stream.request_id ?? undefined };
  } catch (err) {
    const cause = idle.error ?? (signal.aborted ? new StoppedError() : err);
    throw new StreamFailure(cause, stream.currentMessage?.usage);
  } finally {
    idle.stop();
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Streams one turn of a conversation's message thread (conversationThreads.ts): only the messages
 * the thread lacks are sent, and a top-level cache breakpoint caches the conversation for the next.
 */
async function streamThreadTurn(
  config: ClientConfig,
  request: StreamRequest,
  thread: { threads: ConversationThreads; key: string },
  handlers: MessageHandlers,
  signal: AbortSignal,
  log: RequestLog,
): Promise<{ message: Message; requestId: string | undefined }> {
  const turn = thread.threads.turn(thread.key, config, conversationFields(config, request), request.messages, handlers.onRetry, log);
  try {
    // The thread's stream is the beta API's: its events and final message are a superset of the ones read here.
    const stream = turn.thread.stream(turn.messages as BetaMessageParam[], {}, { signal }) as unknown as MessageStream;
    const result = await consume(stream, config, handlers, signal, log);
    turn.complete(result.message.stop_reason);
    return result;
  } catch (err) {
    turn.drop();
    throw err;
  }
}

/** Streams one reply of text (and thinking) to a prompt. */
export async function streamReply(
  config: ClientConfig,
  request: StreamRequest,
  handlers: StreamHandlers,
  signal: AbortSignal,
  log: RequestLog,
): Promise<StreamOutcome> {
  const { message, requestId } = request.thread
    ? await streamThreadTurn(config, request, request.thread, handlers, signal, log)
    : await streamMessage(config, buildParams(request), handlers, signal, log);
  return {
    text: message.content.map((b) => (b.type === 'text' ? b.text : '')).join(''),
    stopReason: message.stop_reason,
    usage: message.usage,
    requestId,
  };
}
