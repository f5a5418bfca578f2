// Types of the fake: the Messages API request body, the part of it the fake checks, and the
// scripts that tests queue to shape replies and faults.

// ---------------------------------------------------------------------------------------------
// The Messages API request body (POST /v1/messages), after the SDK's MessageCreateParams:
// the fields and content blocks this extension can send, and the beta `thread` field (message
// threads); server tools and other betas are left out.

export type Role = 'user' | 'assistant' | 'system';

export interface CacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface TextBlockParam {
  type: 'text';
  text: string;
  cache_control?: CacheControl | null;
  citations?: unknown[] | null;
}

export interface ImageBlockParam {
  type: 'image';
  source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };
  cache_control?: CacheControl | null;
}

export interface DocumentBlockParam {
  type: 'document';
  source:
    | { type: 'base64'; media_type: 'application/pdf'; data: string }
    | { type: 'text'; media_type: 'text/plain'; data: string }
    | { type: 'content'; content: string | Array<TextBlockParam | ImageBlockParam> }
    | { type: 'url'; url: string };
  title?: string | null;
  context?: string | null;
  citations?: { enabled?: boolean } | null;
  cache_control?: CacheControl | null;
}

export interface ToolUseBlockParam {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
  cache_control?: CacheControl | null;
}

export interface ToolResultBlockParam {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | Array<TextBlockParam | ImageBlockParam | DocumentBlockParam>;
  is_error?: boolean;
  cache_control?: CacheControl | null;
}

export interface ThinkingBlockParam {
  type: 'thinking';
  thinking: string;
  signature: string;
}

export interface RedactedThinkingBlockParam {
  type: 'redacted_thinking';
  data: string;
}

export type ContentBlockParam =
  | TextBlockParam
  | ImageBlockParam
  | DocumentBlockParam
  | ToolUseBlockParam
  | ToolResultBlockParam
  | ThinkingBlockParam
  | RedactedThinkingBlockParam;

export interface MessageParam {
  role: Role;
  /** A string is shorthand for one text block. */
  content: string | ContentBlockParam[];
}

export type ThinkingConfig =
  | { type: 'adaptive'; display?: 'summarized' | 'omitted' | null }
  | { type: 'enabled'; budget_tokens: number; display?: 'summarized' | 'omitted' | null }
  | { type: 'disabled' }
  | { type: 'between_tools' };

/** A custom tool: `name` matches ^[a-zA-Z0-9_-]{1,128}$, `input_schema.type` is 'object'. */
export interface Tool {
  name: string;
  description?: string;
  input_schema: { type: 'object'; properties?: Record<string, unknown> | null; required?: string[] | null };
  cache_control?: CacheControl | null;
  strict?: boolean;
  type?: 'custom' | null;
}

/** Anthropic's text editor tool: each version takes exactly one name. */
export type TextEditorTool =
  | { type: 'text_editor_20250728' | 'text_editor_20250429'; name: 'str_replace_based_edit_tool'; max_characters?: number | null; cache_control?: CacheControl | null }
  | { type: 'text_editor_20250124'; name: 'str_replace_editor'; cache_control?: CacheControl | null };

export type ToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** POST /v1/messages. POST /v1/messages/count_tokens takes the same body without max_tokens and stream. */
export interface MessagesRequest {
  model: string;
  /** 0 pre-warms the prompt cache. */
  max_tokens: number;
  messages: MessageParam[];
  system?: string | TextBlockParam[];
  stream?: boolean;
  stop_sequences?: string[];
  thinking?: ThinkingConfig;
  metadata?: { user_id?: string | null };
  tools?: Array<Tool | TextEditorTool>;
  tool_choice?: ToolChoice;
  /** Applies to the last cacheable block. */
  cache_control?: CacheControl;
  service_tier?: 'auto' | 'standard_only';
  /**
   * Beta `message-threads-2026-08-12` (needs that `anthropic-beta`): create a thread, or continue
   * one from a stored response `id` with only the new messages and no system or tools.
   */
  thread?: { type: 'create' } | { type: 'continue'; previous_message_id: string } | null;
  /*
   * No temperature, top_p or top_k: API version 2026-10-21 removed them (the fake answers 400);
   * under 2023-06-01 a temperature between 0 and 1 is still accepted.
   */
}

/**
 * What the fake checks of a Messages or count_tokens body before it answers (see validate.ts).
 * Content blocks are only looked at for tool use pairing and cache breakpoints, so they stay
 * `unknown`; so do tools (toolValidation.ts checks them) and the settings the prompt cache reads.
 */
export interface CheckedRequest {
  model: string;
  /** Checked for /v1/messages only. */
  max_tokens?: number;
  stream?: boolean;
  system?: string | unknown[];
  messages: Array<{ role: Role; content: string | unknown[] }>;
  tools?: unknown[];
  tool_choice?: unknown;
  thinking?: unknown;
  /** Top-level: a breakpoint on the last cacheable block. */
  cache_control?: unknown;
}

// ---------------------------------------------------------------------------------------------
// Scripts: how the fake answers the next POST /v1/messages.

export type FaultScript =
  | {
      kind: 'status';
      status: number;
      errorType?: string;
      message?: string;
      headers?: Record<string, string>;
      /**
       * `error.details` of the JSON error body, e.g. `{error_code: 'thread_unsupported_request',
       * unsupported: ['thinking']}`: the SDK picks its error class by status and error_code.
       */
      details?: { error_code: string; [key: string]: unknown };
      /** Overrides the JSON error body (e.g. HTML for a 502). */
      body?: string;
    }
  | { kind: 'midStreamError'; afterChars: number; errorType?: string; message?: string }
  | { kind: 'cut'; afterChars: number }
  | { kind: 'earlyEnd'; afterChars: number }
  | { kind: 'stall'; afterChars?: number }
  | { kind: 'emptyBody' };

export interface ScriptedUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export interface ScriptedToolUse {
  name: string;
  input: unknown;
  id?: string;
}

export interface ReplyScript {
  /** Reply text (default: a short reply that quotes the last user message's first 40 chars). */
  text?: string;
  /** If set, a thinking block (thinking_delta chunks + signature_delta) precedes the text block. */
  thinking?: string;
  /**
   * Extension: tool_use blocks after the text block (input streamed as input_json_delta).
   * When present, stopReason defaults to 'tool_use'.
   */
  toolUse?: ScriptedToolUse[];
  /** Characters per text_delta (default 12). Also used for thinking_delta / input_json_delta. */
  chunkSize?: number;
  /** Delay between SSE events in ms (default 0): "slow drip". */
  delayMs?: number;
  usage?: ScriptedUsage;
  /** Default 'end_turn' ('tool_use' when toolUse is set). */
  stopReason?: string;
  /** Absolute path of an .sse file to replay byte-for-byte (plus one extra "\n"). */
  transcript?: string;
  fault?: FaultScript;
}

export interface FakeModel {
  id: string;
  display_name: string;
  created_at?: string;
}

// ---------------------------------------------------------------------------------------------
// The handle that startFakeAnthropic returns.

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /**
   * The parsed JSON body, typed as the Messages request that tests read it as. Nothing checks
   * that: for a GET or a body that is not JSON it is undefined, and a rejected request holds
   * whatever was sent. Look at `path` (and `rawBody`) first when that matters.
   */
  body: MessagesRequest;
  rawBody: string;
  /**
   * Set for a thread continue that passed the thread's checks: the body the fake answered, as if
   * the whole conversation had been sent (the thread's stored messages, then the sent ones; its
   * system and tools; the sent fields otherwise). `body` stays what the client sent.
   */
  rebuiltBody?: MessagesRequest;
  /** true once the client closed the connection before the server finished the response (Stop/abort). */
  clientClosedEarly: boolean;
  /** Resolves when the response has finished or the client went away. */
  finished: Promise<void>;
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
  /**
   * Forgets the stored thread response `id`, or every one (as the API may lose a thread at any
   * time): a continue from it then gets 404 thread_not_found. Returns how many were forgotten.
   * POST /__fake/threads/forget (body `{id}` or none) does the same. Threads also expire 5 minutes
   * after their last stored response, by the `now` clock given to startFakeAnthropic.
   */
  forgetThreads(id?: string): number;
  /**
   * Clears the queue, the recorded requests, the prompt cache and the threads, restores the
   * default reply, models and keys. POST /__fake/reset does the same. `keepThreads`: the threads
   * stay (a client's conversation goes on across the reset, as the API holds it between requests).
   */
  reset(opts?: { keepThreads?: boolean }): void;
  close(): Promise<void>;
}
