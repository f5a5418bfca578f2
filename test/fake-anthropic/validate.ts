// Checks a Messages or count_tokens body the way the API answers a bad one: a 400
// invalid_request_error naming the field. Under API version 2026-10-21, temperature, top_p and
// top_k are rejected. Then tools, tool_choice and the pairing of tool_use and tool_result
// (toolValidation.ts), and the cache breakpoints (cacheBreakpoints.ts).
// Two steps, so that a thread's continue (threadRequest.ts) can check the fields it was sent and
// then the whole conversation it stands for: checkRequestFields, then checkConversation.
import { cacheBreakpoints } from './cacheBreakpoints';
import { badRequest } from './errors';
import { isArray, isRecord } from './json';
import { promptBlocks } from './promptBlocks';
import { checkToolPairing, checkTools } from './toolValidation';
import type { CheckedRequest, Role } from './types';

const isRole = (v: unknown): v is Role => v === 'user' || v === 'assistant' || v === 'system';

function bad(message: string): never {
  throw badRequest(message);
}

type CheckedMessage = CheckedRequest['messages'][number];

/** Narrows in place, so the token estimate sees each message exactly as it was sent. */
function checkMessage(m: unknown, i: number): asserts m is CheckedMessage {
  if (!isRecord(m)) bad(`messages.${i}: Input should be a valid dictionary`);
  if (!isRole(m.role)) bad(`messages.${i}.role: Input should be 'user', 'assistant' or 'system'`);
  if (typeof m.content !== 'string' && !isArray(m.content)) bad(`messages.${i}.content: Input should be a valid string or list`);
}

/**
 * The checked view of `body` (the parsed JSON), or a 400. `max_tokens` is required for
 * /v1/messages and not looked at for count_tokens.
 */
export function checkMessagesRequest(body: unknown, version: string, route: 'messages' | 'count_tokens'): CheckedRequest {
  const checked = checkRequestFields(body, version, route);
  checkConversation(checked);
  return checked;
}

/**
 * The fields of `body` one by one, or a 400. `messages` must be a list of messages, and not an
 * empty one unless `emptyMessages` (a thread's continue that resumes a paused turn sends none).
 */
export function checkRequestFields(body: unknown, version: string, route: 'messages' | 'count_tokens', emptyMessages = false): CheckedRequest {
  if (!isRecord(body)) bad('There was an issue with the formatting or content of your request: the body must be a JSON object.');
  if (version === '2026-10-21') {
    for (const k of ['temperature', 'top_p', 'top_k']) {
      if (k in body) bad(`${k}: This parameter is not supported in API version 2026-10-21.`);
    }
  } else if ('temperature' in body && (typeof body.temperature !== 'number' || body.temperature < 0 || body.temperature > 1)) {
    bad('temperature: Input should be a number between 0 and 1');
  }

  if (!('model' in body)) bad('model: Field required');
  const { model } = body;
  if (typeof model !== 'string' || model.length === 0) bad('model: Input should be a valid string');

  const checked: CheckedRequest = { model, messages: [] };
  if (route === 'messages') {
    if (!('max_tokens' in body)) bad('max_tokens: Field required');
    const maxTokens = body.max_tokens;
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens)) bad('max_tokens: Input should be a valid integer');
    if (maxTokens < 0) bad('max_tokens: Input should be greater than or equal to 0');
    checked.max_tokens = maxTokens;
  }

  if (!('messages' in body)) bad('messages: Field required');
  const { messages } = body;
  if (!isArray(messages)) bad('messages: Input should be a valid list');
  if (messages.length === 0 && !emptyMessages) bad('messages: at least one message is required');
  checked.messages = messages.map((m, i) => {
    checkMessage(m, i);
    return m;
  });

  const { system, stream } = body;
  if ('system' in body) {
    if (typeof system !== 'string' && !isArray(system)) bad('system: Input should be a valid string or list');
    checked.system = system;
  }
  if ('stream' in body) {
    if (typeof stream !== 'boolean') bad('stream: Input should be a valid boolean');
    checked.stream = stream;
  }
  const { tools } = body;
  if (tools !== undefined && tools !== null) {
    if (!isArray(tools)) bad('tools: Input should be a valid list');
    checked.tools = tools;
  }
  for (const k of ['tool_choice', 'thinking', 'cache_control'] as const) {
    if (body[k] !== undefined && body[k] !== null) checked[k] = body[k];
  }
  return checked;
}

/** What the API checks across fields: tools and tool_choice, tool_use/tool_result pairing, cache breakpoints. */
export function checkConversation(checked: CheckedRequest): void {
  if (checked.messages.length === 0) bad('messages: at least one message is required');
  checkTools(checked);
  checkToolPairing(checked.messages);
  cacheBreakpoints(checked, promptBlocks(checked));
}
