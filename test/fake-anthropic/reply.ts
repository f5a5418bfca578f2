// What a reply script produces for a checked request: its content blocks, stop reason and usage
// (PlannedReply), and that reply as a non-streaming Message. The prompt's usage comes from the
// prompt cache (promptCache.ts); a scripted `usage` field replaces the field it names.
import { newMessageId, newSignature, newToolUseId } from './ids';
import { isArray, isRecord } from './json';
import type { PromptUsage } from './promptCache';
import { estimateTokens } from './tokens';
import type { CheckedRequest, ReplyScript } from './types';

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  /** The cache writes by ttl; they add up to cache_creation_input_tokens. */
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

export interface PlannedReply {
  id: string;
  model: string;
  thinking?: { thinking: string; signature: string };
  text: string;
  tools: Array<{ id: string; name: string; input: unknown }>;
  stopReason: string;
  usage: Usage;
}

/** count_tokens' estimate: the system prompt and messages (tools are not counted). */
export function inputTokensFor(req: Pick<CheckedRequest, 'system' | 'messages'>): number {
  return estimateTokens(JSON.stringify({ system: req.system, messages: req.messages }));
}

function lastUserText(messages: readonly unknown[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (!isRecord(m) || m.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (isArray(m.content)) {
      const text = m.content
        .flatMap((b) => (isRecord(b) && b.type === 'text' && typeof b.text === 'string' ? [b.text] : []))
        .join(' ');
      if (text) return text;
    }
  }
  return '';
}

export function defaultReplyText(messages: readonly unknown[]): string {
  const quoted = lastUserText(messages).replace(/\s+/g, ' ').trim().slice(0, 40);
  return `You said: "${quoted}". This is a reply from the fake Anthropic server.`;
}

/** The prompt cache's usage, with each field the script gives replacing the computed one. */
function promptUsage(script: ReplyScript, prompt: PromptUsage): Omit<Usage, 'output_tokens'> {
  const u = script.usage ?? {};
  const creation = u.cache_creation_input_tokens;
  return {
    input_tokens: u.input_tokens ?? prompt.input_tokens,
    cache_creation_input_tokens: creation ?? prompt.cache_creation_input_tokens,
    cache_read_input_tokens: u.cache_read_input_tokens ?? prompt.cache_read_input_tokens,
    cache_creation:
      creation === undefined
        ? { ephemeral_5m_input_tokens: prompt.ephemeral_5m_input_tokens, ephemeral_1h_input_tokens: prompt.ephemeral_1h_input_tokens }
        : { ephemeral_5m_input_tokens: creation, ephemeral_1h_input_tokens: 0 },
  };
}

/** `prompt` is what the prompt cache made of this request's prompt. */
export function planReply(script: ReplyScript, req: CheckedRequest, prompt: PromptUsage): PlannedReply {
  const maxTokensZero = req.max_tokens === 0;
  const text = maxTokensZero ? '' : (script.text ?? defaultReplyText(req.messages));
  const thinking = !maxTokensZero && script.thinking !== undefined ? { thinking: script.thinking, signature: newSignature() } : undefined;
  const tools = maxTokensZero ? [] : (script.toolUse ?? []).map((t) => ({ id: t.id ?? newToolUseId(), name: t.name, input: t.input }));
  const outText = text + (thinking?.thinking ?? '') + tools.map((t) => JSON.stringify(t.input)).join('');
  return {
    id: newMessageId(),
    model: req.model,
    thinking,
    text,
    tools,
    stopReason: script.stopReason ?? (maxTokensZero ? 'max_tokens' : tools.length ? 'tool_use' : 'end_turn'),
    usage: {
      ...promptUsage(script, prompt),
      output_tokens: script.usage?.output_tokens ?? (maxTokensZero ? 0 : estimateTokens(outText)),
    },
  };
}

/** A text block is sent when there is text, or when nothing else would fill the reply. */
export function hasTextBlock(p: PlannedReply): boolean {
  return p.text.length > 0 || (!p.thinking && p.tools.length === 0 && p.stopReason !== 'max_tokens');
}

/** The Message's usage object, every field present as the API sends it. */
export function fullUsage(u: Usage): Record<string, unknown> {
  return {
    input_tokens: u.input_tokens,
    output_tokens: u.output_tokens,
    cache_creation_input_tokens: u.cache_creation_input_tokens,
    cache_read_input_tokens: u.cache_read_input_tokens,
    cache_creation: { ...u.cache_creation },
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
    inference_geo: null,
    output_tokens_details: null,
  };
}

/** The reply as a non-streaming Message. */
export function messageJson(p: PlannedReply): Record<string, unknown> {
  const content: unknown[] = [];
  if (p.thinking) content.push({ type: 'thinking', thinking: p.thinking.thinking, signature: p.thinking.signature });
  if (hasTextBlock(p)) content.push({ type: 'text', text: p.text, citations: null });
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
