// The SSE events of a streamed reply, in the API's order: message_start, per block
// content_block_start / _delta… / _stop, one ping, message_delta with the usage, message_stop.
// As in the docs' tool-use transcript, a tool_use block starts with `input: {}`, then an empty
// input_json_delta, then the input as JSON with `", "` and `": "` separators in pieces.
// message_start carries the prompt's usage (cache read and creation included); message_delta
// repeats it, cumulative, with the final output_tokens.
import { spacedJson } from './json';
import { fullUsage, hasTextBlock, messageJson, type PlannedReply } from './reply';
import { sseEvent } from './sse';

export interface PlannedEvent {
  /** The framed event. */
  data: string;
  /** Text characters streamed once this event has been sent. */
  textChars: number;
  /** true for events that may be followed by a fault (text block start, ping, text deltas). */
  faultCandidate: boolean;
}

function chunk(s: string, size: number): string[] {
  const out: string[] = [];
  const n = Math.max(1, Math.floor(size));
  for (let i = 0; i < s.length; i += n) out.push(s.slice(i, i + n));
  return out;
}

/**
 * Builds the SSE events for a reply, `chunkSize` characters a delta. When `splitAt` is given, a
 * text delta that crosses that many characters is split there so a fault can happen at exactly
 * that position.
 */
export function planEvents(p: PlannedReply, chunkSize: number, splitAt?: number): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  let textChars = 0;
  const push = (name: string, data: unknown, faultCandidate = false) =>
    events.push({ data: sseEvent(name, data), textChars, faultCandidate });
  const delta = (index: number, d: Record<string, string>, faultCandidate = false) =>
    push('content_block_delta', { type: 'content_block_delta', index, delta: d }, faultCandidate);
  const blockStart = (index: number, block: Record<string, unknown>, faultCandidate = false) =>
    push('content_block_start', { type: 'content_block_start', index, content_block: block }, faultCandidate);
  const blockStop = (index: number) => push('content_block_stop', { type: 'content_block_stop', index });

  // The Message so far: no content or stop reason yet, and at most one output token.
  const usageSoFar = fullUsage({ ...p.usage, output_tokens: Math.min(1, p.usage.output_tokens) });
  push('message_start', {
    type: 'message_start',
    message: { ...messageJson(p), content: [], stop_reason: null, stop_sequence: null, usage: usageSoFar },
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
    blockStart(index, { type: 'thinking', thinking: '', signature: '' });
    ping(false);
    for (const piece of chunk(p.thinking.thinking, chunkSize)) delta(index, { type: 'thinking_delta', thinking: piece });
    delta(index, { type: 'signature_delta', signature: p.thinking.signature });
    blockStop(index++);
  }
  if (hasTextBlock(p)) {
    blockStart(index, { type: 'text', text: '' }, true);
    ping(true);
    let pieces = chunk(p.text, chunkSize);
    if (splitAt !== undefined && splitAt > 0 && splitAt < p.text.length) {
      pieces = [...chunk(p.text.slice(0, splitAt), chunkSize), ...chunk(p.text.slice(splitAt), chunkSize)];
    }
    for (const piece of pieces) {
      textChars += piece.length;
      delta(index, { type: 'text_delta', text: piece }, true);
    }
    blockStop(index++);
  }
  for (const t of p.tools) {
    blockStart(index, { type: 'tool_use', id: t.id, name: t.name, input: {} });
    ping(false);
    delta(index, { type: 'input_json_delta', partial_json: '' });
    for (const piece of chunk(spacedJson(t.input), chunkSize)) delta(index, { type: 'input_json_delta', partial_json: piece });
    blockStop(index++);
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
