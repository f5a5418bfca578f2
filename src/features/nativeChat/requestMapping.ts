/**
 * VS Code's chat messages as a Messages API request, faithfully: system, user and assistant turns;
 * text, images, tool calls (tool_use) and tool results (tool_result) with their ids paired and their
 * order kept; the thinking blocks Claude wrote before a tool call put back before it (the API refuses
 * a tool loop's next turn without them); the tools with a cache breakpoint after the last one.
 */
import type { ContentBlockParam, MessageParam, TextBlockParam, Tool, ToolChoice } from '@anthropic-ai/sdk/resources/messages';
import * as vscode from 'vscode';
import type { GateItem } from '../../platform/secrets/secretGate';
import type { ThinkingMemory } from './thinkingMemory';

const EPHEMERAL = { type: 'ephemeral' } as const;
/** LanguageModelChatMessageRole.System, which the stable API does not name yet but the agent sends. */
const SYSTEM_ROLE = 3;

export interface MappedRequest {
  system: TextBlockParam[];
  messages: MessageParam[];
  tools?: Tool[];
  toolChoice?: ToolChoice;
}

function textOf(parts: ReadonlyArray<unknown>): string {
  return parts.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

function toolResultContent(part: vscode.LanguageModelToolResultPart): Array<TextBlockParam | { type: 'image'; source: { type: 'base64'; media_type: ImageMime; data: string } }> {
  const out: Array<TextBlockParam | { type: 'image'; source: { type: 'base64'; media_type: ImageMime; data: string } }> = [];
  for (const c of part.content) {
    if (c instanceof vscode.LanguageModelTextPart) {
      if (c.value) out.push({ type: 'text', text: c.value });
    } else if (c instanceof vscode.LanguageModelDataPart) {
      const image = imageBlock(c);
      if (image) out.push(image);
      else if (c.mimeType.startsWith('text/') || c.mimeType.includes('json')) out.push({ type: 'text', text: new TextDecoder().decode(c.data) });
    } else if (typeof c === 'object' && c !== null && 'value' in c && typeof (c as { value: unknown }).value === 'string') {
      out.push({ type: 'text', text: (c as { value: string }).value });
    }
  }
  return out.length ? out : [{ type: 'text', text: '(no output)' }];
}

type ImageMime = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';
const IMAGE_MIMES: ReadonlyArray<string> = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

function imageBlock(part: vscode.LanguageModelDataPart): { type: 'image'; source: { type: 'base64'; media_type: ImageMime; data: string } } | undefined {
  if (!IMAGE_MIMES.includes(part.mimeType)) return undefined;
  return { type: 'image', source: { type: 'base64', media_type: part.mimeType as ImageMime, data: Buffer.from(part.data).toString('base64') } };
}

function contentBlocks(message: vscode.LanguageModelChatRequestMessage, thinking: ThinkingMemory): ContentBlockParam[] {
  const blocks: ContentBlockParam[] = [];
  const assistant = message.role === vscode.LanguageModelChatMessageRole.Assistant;
  for (const part of message.content) {
    if (part instanceof vscode.LanguageModelTextPart) {
      if (part.value) blocks.push({ type: 'text', text: part.value });
    } else if (part instanceof vscode.LanguageModelDataPart) {
      const image = imageBlock(part);
      if (image) blocks.push(image);
    } else if (part instanceof vscode.LanguageModelToolCallPart) {
      blocks.push({ type: 'tool_use', id: part.callId, name: part.name, input: part.input });
    } else if (part instanceof vscode.LanguageModelToolResultPart) {
      blocks.push({ type: 'tool_result', tool_use_id: part.callId, content: toolResultContent(part) });
    }
  }
  if (assistant) {
    // Thinking comes first in an assistant turn, as Claude wrote it, signature and all.
    const callIds = blocks.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
    const remembered = thinking.recall(callIds);
    if (remembered.length) blocks.unshift(...remembered);
  } else {
    // Tool results go first in a user turn.
    blocks.sort((a, b) => Number(b.type === 'tool_result') - Number(a.type === 'tool_result'));
  }
  return blocks;
}

export function mapRequest(
  messages: ReadonlyArray<vscode.LanguageModelChatRequestMessage>,
  options: vscode.ProvideLanguageModelChatResponseOptions,
  thinking: ThinkingMemory,
  extraSystem: string,
): MappedRequest {
  const systemText: string[] = [];
  const out: MessageParam[] = [];
  for (const m of messages) {
    if ((m.role as number) === SYSTEM_ROLE) {
      systemText.push(textOf(m.content));
      continue;
    }
    const role = m.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user';
    const blocks = contentBlocks(m, thinking);
    if (!blocks.length) continue;
    const last = out[out.length - 1];
    // The API wants user and assistant to alternate: consecutive turns of one role are one turn.
    if (last && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  }
  if (extraSystem.trim()) systemText.push(extraSystem.trim());
  const system: TextBlockParam[] = systemText.filter((s) => s.trim()).map((text) => ({ type: 'text', text }));
  if (system.length) system[system.length - 1] = { ...system[system.length - 1]!, cache_control: EPHEMERAL };
  // The last message is a cache breakpoint too, so the next step of a tool loop reads this one from the cache.
  const lastMessage = out[out.length - 1];
  if (lastMessage && Array.isArray(lastMessage.content)) {
    const lastBlock = lastMessage.content[lastMessage.content.length - 1];
    if (lastBlock && lastBlock.type !== 'thinking' && lastBlock.type !== 'redacted_thinking') {
      lastMessage.content[lastMessage.content.length - 1] = { ...lastBlock, cache_control: EPHEMERAL } as ContentBlockParam;
    }
  }
  const tools: Tool[] | undefined = options.tools?.length
    ? options.tools.map((t, i, all) => ({
        name: t.name,
        description: t.description,
        input_schema: (t.inputSchema as Tool['input_schema'] | undefined) ?? { type: 'object', properties: {} },
        ...(i === all.length - 1 ? { cache_control: EPHEMERAL } : {}),
      }))
    : undefined;
  const toolChoice: ToolChoice | undefined =
    tools && options.toolMode === vscode.LanguageModelChatToolMode.Required ? { type: 'any' } : undefined;
  return { system, messages: out, ...(tools ? { tools } : {}), ...(toolChoice ? { toolChoice } : {}) };
}

/**
 * The text these messages would send, for the secret gate: each message's text parts, and each tool
 * result (what VS Code's Agent mode read for Claude) on its own, named after its tool.
 */
export function sentText(messages: ReadonlyArray<vscode.LanguageModelChatRequestMessage>): GateItem[] {
  const tools = new Map<string, string>();
  const items: GateItem[] = [];
  messages.forEach((m, i) => {
    const text = textOf(m.content);
    if (text.trim()) items.push({ label: vscode.l10n.t('message {0} of {1}', i + 1, messages.length), text });
    for (const part of m.content) {
      if (part instanceof vscode.LanguageModelToolCallPart) tools.set(part.callId, part.name);
      else if (part instanceof vscode.LanguageModelToolResultPart) {
        const result = toolResultContent(part).flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');
        items.push({ label: vscode.l10n.t('result of the tool {0}', tools.get(part.callId) ?? part.callId), text: result });
      }
    }
  });
  return items;
}
