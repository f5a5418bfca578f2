// The prompt as the prompt cache sees it: one entry per block, in the cache's prefix order
// tools → system → messages. A string `system` or message `content` is one text block. Each
// entry keeps where it is in the body (for error messages), its cache_control, and a canonical
// JSON of the block without cache_control (a breakpoint does not change what is cached), with the
// message's role (consecutive messages of one role are one turn, as the API merges them).
import { canonicalJson, isArray, isRecord } from './json';
import type { CheckedRequest } from './types';

export type Section = 'tools' | 'system' | 'messages';

export interface PromptBlock {
  section: Section;
  /** Where the block is in the body: `tools.0`, `system.1`, `messages.2.content.0`. */
  path: string;
  /** The block's own cache_control (null counts as absent). */
  cacheControl: unknown;
  /** Whether the block may carry cache_control (thinking blocks may not). */
  cacheable: boolean;
  /** Canonical JSON of the block, without cache_control; part of the cached prefix. */
  canonical: string;
}

/** Message block types that take cache_control. */
const CACHEABLE_MESSAGE_BLOCKS = new Set(['text', 'image', 'document', 'tool_use', 'tool_result']);

function withoutCacheControl(block: unknown): unknown {
  if (!isRecord(block) || !('cache_control' in block)) return block;
  const rest = { ...block };
  delete rest.cache_control;
  return rest;
}

const textBlocks = (v: string | unknown[]): unknown[] => (typeof v === 'string' ? [{ type: 'text', text: v }] : v);

function entry(section: Section, path: string, block: unknown, cacheable: boolean, wrap: (b: unknown) => unknown): PromptBlock {
  const cacheControl = isRecord(block) ? (block.cache_control ?? undefined) : undefined;
  return { section, path, cacheControl, cacheable, canonical: canonicalJson(wrap(withoutCacheControl(block))) };
}

export function promptBlocks(req: CheckedRequest): PromptBlock[] {
  const out: PromptBlock[] = [];
  (req.tools ?? []).forEach((t, i) => out.push(entry('tools', `tools.${i}`, t, true, (tool) => ({ tool }))));
  if (req.system !== undefined) {
    textBlocks(req.system).forEach((b, i) => out.push(entry('system', `system.${i}`, b, true, (system) => ({ system }))));
  }
  req.messages.forEach((m, i) => {
    textBlocks(m.content).forEach((b, j) => {
      const cacheable = isRecord(b) && typeof b.type === 'string' && CACHEABLE_MESSAGE_BLOCKS.has(b.type);
      out.push(entry('messages', `messages.${i}.content.${j}`, b, cacheable, (block) => ({ role: m.role, block })));
    });
  });
  return out;
}

function hasImage(v: unknown): boolean {
  if (isArray(v)) return v.some(hasImage);
  if (!isRecord(v)) return false;
  return v.type === 'image' || hasImage(v.content);
}

/**
 * What else the messages part of the cache depends on, per the docs' "what invalidates the
 * cache" table: tool_choice, the thinking settings, and whether the prompt has images at all.
 * Prefixes that end in tools or system do not depend on these.
 */
export function messagesSalt(req: CheckedRequest): string {
  return canonicalJson({
    tool_choice: req.tool_choice ?? null,
    thinking: req.thinking ?? null,
    images: req.messages.some((m) => hasImage(m.content)),
  });
}
