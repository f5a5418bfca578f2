/**
 * A tool-use loop over the SDK's tool runner (client.beta.messages.toolRunner): it streams each
 * request, runs the tools Claude calls and sends their results back, until Claude answers without a
 * tool call or the step cap is reached. This adds only what the runner leaves to its caller: the
 * stream handlers and idle timeout of each request, Stop, the usage of every request, and prompt
 * caching (tools and system first with a breakpoint; a top-level breakpoint so that each step reads
 * the steps before it from the cache).
 */
import { ToolError } from '@anthropic-ai/sdk/lib/tools/ToolError';
import type { BetaRunnableTool } from '@anthropic-ai/sdk/lib/tools/BetaRunnableTool';
import type { BetaMessage, BetaMessageParam, BetaToolUnion } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { StoppedError } from '../core/failures';
import type { RawUsage } from '../core/usage';
import { conversationFields, createClient, IdleWatch, StreamFailure, type ClientConfig, type MessageHandlers, type RequestLog, type ThinkingConfig } from './client';
import type { ConversationThreads, ThreadTurn } from './conversationThreads';

/** A tool the loop may run: its definition for the API and what it does. */
export interface LoopTool {
  definition: { type: 'custom'; name: string; description: string; input_schema: { type: 'object'; [k: string]: unknown } } | { type: 'text_editor_20250728'; name: 'str_replace_based_edit_tool' };
  /** Never throws for a bad input or a refusal: that is an error result the model reads. */
  run(input: unknown, signal: AbortSignal, toolUseId: string): Promise<{ content: string; isError?: boolean }>;
}

export interface LoopRequest {
  model: string;
  maxTokens: number;
  system: string;
  messages: Array<{ role: 'user' | 'assistant'; content: string }>;
  thinking?: ThinkingConfig;
  tools: LoopTool[];
  /** The most requests the loop makes. */
  maxSteps: number;
  /**
   * Message threads: absent, every request carries the whole history; 'request', the loop's later
   * requests carry only their tool results; a conversation's, its requests continue the thread of
   * the conversation's last reply too (conversationThreads.ts).
   */
  thread?: 'request' | { threads: ConversationThreads; key: string };
}

export interface LoopHandlers extends MessageHandlers {
  /** Request `n` (1-based) of the loop begins. */
  onRequest?(n: number): void;
}

export interface LoopOutcome {
  message: BetaMessage;
  /** Every request's usage, summed. */
  usage: RawUsage;
  requests: number;
  /** The cap ended the loop while Claude still wanted a tool. */
  capped: boolean;
  requestId: string | undefined;
}

const EPHEMERAL = { type: 'ephemeral' } as const;

function sum(a: RawUsage, b: RawUsage | null | undefined): RawUsage {
  const n = (x: number | null | undefined): number => x ?? 0;
  return {
    input_tokens: n(a.input_tokens) + n(b?.input_tokens),
    output_tokens: n(a.output_tokens) + n(b?.output_tokens),
    cache_creation_input_tokens: n(a.cache_creation_input_tokens) + n(b?.cache_creation_input_tokens),
    cache_read_input_tokens: n(a.cache_read_input_tokens) + n(b?.cache_read_input_tokens),
  };
}

function runnable(tool: LoopTool, signal: AbortSignal, last: boolean): BetaRunnableTool {
  const definition = (last ? { ...tool.definition, cache_control: EPHEMERAL } : tool.definition) as BetaToolUnion;
  return {
    ...(definition as BetaRunnableTool),
    parse: (input: unknown) => input,
    run: async (input: unknown, context) => {
      const r = await tool.run(input, signal, context?.toolUse.id ?? '');
      // The runner sends a ToolError's content as an error result (is_error: true).
      if (r.isError) throw new ToolError(r.content);
      return r.content;
    },
  };
}

export async function runToolLoop(config: ClientConfig, request: LoopRequest, handlers: LoopHandlers, signal: AbortSignal, log: RequestLog): Promise<LoopOutcome> {
  const tools = request.tools.map((t, i) => runnable(t, signal, i === request.tools.length - 1));
  const fields = { ...conversationFields(config, request), tools };
  let turn: ThreadTurn | undefined;
  let runner;
  if (typeof request.thread === 'object') {
    turn = request.thread.threads.turn(request.thread.key, config, fields, request.messages, handlers.onRetry, log);
    turn.thread.append(...(turn.messages as BetaMessageParam[]));
    runner = turn.thread.toolRunner({ stream: true, max_iterations: request.maxSteps }, { signal });
  } else {
    runner = createClient(config, log, handlers.onRetry).beta.messages.toolRunner(
      { ...fields, messages: request.messages, max_iterations: request.maxSteps, ...(request.thread === 'request' ? {} : { thread: false as const }), stream: true },
      { signal },
    );
  }
  let usage: RawUsage = {};
  let requests = 0;
  let last: BetaMessage | undefined;
  let requestId: string | undefined;
  let idle: IdleWatch | undefined;
  let current: { currentMessage?: BetaMessage | undefined; abort(): void } | undefined;
  const onAbort = (): void => current?.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const stream of runner) {
      requests++;
      current = stream;
      if (signal.aborted) stream.abort();
      handlers.onRequest?.(requests);
      idle = new IdleWatch(config.idleTimeoutMs, log);
      idle.watch((arm) => {
        stream.on('connect', arm);
        stream.on('streamEvent', arm);
      }, () => stream.abort());
      if (handlers.onText) stream.on('text', handlers.onText);
      if (handlers.onThinking) stream.on('thinking', handlers.onThinking);
      const message = await stream.finalMessage();
      idle.stop();
      current = undefined;
      usage = sum(usage, message.usage);
      last = message;
      requestId = stream.request_id ?? requestId;
      log.info(`tool loop request ${requests}: stop ${message.stop_reason}, ${message.content.filter((b) => b.type === 'tool_use').length} tool call(s)`);
      if (signal.aborted) throw new StoppedError();
    }
    if (signal.aborted) throw new StoppedError();
    if (!last) throw new Error('the tool loop made no request');
    const capped = last.stop_reason === 'tool_use' && requests >= request.maxSteps;
    turn?.complete(last.stop_reason);
    return { message: last, usage, requests, capped, requestId };
  } catch (err) {
    turn?.drop();
    const cause = idle?.error ?? (signal.aborted ? new StoppedError() : err);
    throw new StreamFailure(cause, sum(usage, current?.currentMessage?.usage));
  } finally {
    idle?.stop();
    signal.removeEventListener('abort', onAbort);
  }
}
