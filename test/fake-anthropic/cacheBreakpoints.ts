// The cache breakpoints of a request, checked the way the API checks them (400
// invalid_request_error): `cache_control: {type: 'ephemeral', ttl?: '5m' | '1h'}` on a tool, a
// system text block or a message's text, image, document, tool_use or tool_result block; a
// top-level `cache_control` applies to the last cacheable block and counts as one more; at most 4
// in all; and a 1h breakpoint may not come after a 5m one (in the order tools, system, messages).
import { badRequest } from './errors';
import { isRecord } from './json';
import type { PromptBlock } from './promptBlocks';
import type { CheckedRequest } from './types';

export type Ttl = '5m' | '1h';

export interface Breakpoint {
  /** Index of the block (in promptBlocks order) that ends the cached prefix. */
  index: number;
  ttl: Ttl;
}

export const MAX_BREAKPOINTS = 4;

/** The ttl of a cache_control at `path`, or a 400 naming what is wrong with it. */
function checkCacheControl(cc: unknown, path: string): Ttl {
  if (!isRecord(cc)) throw badRequest(`${path}: Input should be a valid dictionary`);
  if (cc.type !== 'ephemeral') throw badRequest(`${path}.type: Input should be 'ephemeral'`);
  const ttl = cc.ttl ?? '5m';
  if (ttl !== '5m' && ttl !== '1h') throw badRequest(`${path}.ttl: Input should be '5m' or '1h'`);
  return ttl;
}

/** The breakpoints, one per block (the longer ttl when a block has two), in prompt order; or a 400. */
export function cacheBreakpoints(req: CheckedRequest, blocks: readonly PromptBlock[]): Breakpoint[] {
  const marks: Array<Breakpoint & { path: string }> = [];
  blocks.forEach((b, index) => {
    if (b.cacheControl === undefined) return;
    if (!b.cacheable) throw badRequest(`${b.path}.cache_control: Extra inputs are not permitted`);
    const path = `${b.path}.cache_control`;
    marks.push({ index, path, ttl: checkCacheControl(b.cacheControl, path) });
  });
  if (req.cache_control !== undefined && req.cache_control !== null) {
    const ttl = checkCacheControl(req.cache_control, 'cache_control');
    let last = blocks.length - 1;
    while (last >= 0 && !blocks[last].cacheable) last--;
    if (last >= 0) marks.push({ index: last, path: 'cache_control', ttl });
  }
  if (marks.length > MAX_BREAKPOINTS) {
    throw badRequest(`A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${marks.length}.`);
  }
  marks.sort((a, b) => a.index - b.index); // stable: a block's own mark before the top-level one
  let seen5m = false;
  for (const m of marks) {
    if (m.ttl === '1h' && seen5m) {
      throw badRequest(
        `${m.path}.ttl: a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block. ` +
          'Note that blocks are processed in the following order: `tools`, `system`, `messages`.',
      );
    }
    seen5m ||= m.ttl === '5m';
  }
  const out: Breakpoint[] = [];
  for (const m of marks) {
    const prev = out[out.length - 1];
    if (prev?.index === m.index) prev.ttl = prev.ttl === '1h' || m.ttl === '1h' ? '1h' : '5m';
    else out.push({ index: m.index, ttl: m.ttl });
  }
  return out;
}
