/**
 * Prompt caching, simulated after Anthropic's prompt caching docs, and the usage it gives.
 *
 * - The prompt is a list of blocks in the order tools → system → messages (promptBlocks.ts); the
 *   breakpoints are the blocks with `cache_control`, plus the last cacheable block when the request
 *   has a top-level `cache_control` (cacheBreakpoints.ts, which also answers the API's 400s).
 * - Tokens are the server's ~4 characters a token, over the canonical JSON of a prefix (a JSON
 *   array of the prefix's blocks, keys sorted, without cache_control). The whole prompt is the
 *   prefix that ends with the last block.
 * - A cache entry is keyed by a hash of the model and the canonical prefix; a prefix that reaches
 *   into messages also hashes tool_choice, the thinking settings and whether there are images
 *   (changing those invalidates the messages cache, not the tools or system cache).
 * - Reads: for each breakpoint the cache is looked up at the breakpoint and at up to 20 block
 *   boundaries before it; the longest prefix found is read (A) and its lifetime restarts.
 * - Writes: each breakpoint whose prefix is at least 1024 tokens (the minimum cacheable length)
 *   writes its prefix, living 5 minutes or 1 hour from its `ttl`.
 * - Usage, as the API accounts for it (B is the last 1h breakpoint after A, C the last breakpoint
 *   after A that was written): cache_read_input_tokens = A; cache_creation_input_tokens = C − A, of
 *   which ephemeral_1h = B − A and ephemeral_5m = C − B; input_tokens = the rest of the prompt,
 *   after max(A, C). So read + creation + input = the whole prompt.
 * - count_tokens neither reads nor writes the cache; a status fault or a 400 answers before it.
 */
import { createHash } from 'crypto';
import { cacheBreakpoints, type Ttl } from './cacheBreakpoints';
import { messagesSalt, promptBlocks } from './promptBlocks';
import { tokensForChars } from './tokens';
import type { CheckedRequest } from './types';

export const MIN_CACHEABLE_TOKENS = 1024;
/** Block boundaries before a breakpoint that are also checked for a hit. */
export const LOOKBACK_BLOCKS = 20;
export const TTL_MS: Readonly<Record<Ttl, number>> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

export interface PromptUsage {
  input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  ephemeral_5m_input_tokens: number;
  ephemeral_1h_input_tokens: number;
}

interface Entry {
  ttl: Ttl;
  expiresAt: number;
}

/** Per prefix (ending at block k): its cache key and its tokens. */
function prefixes(req: CheckedRequest): { keys: string[]; tokens: number[]; blocks: ReturnType<typeof promptBlocks> } {
  const blocks = promptBlocks(req);
  const salt = messagesSalt(req);
  const keys: string[] = [];
  const tokens: number[] = [];
  let hash = createHash('sha256').update(req.model).digest('hex');
  let chars = 1; // "["
  blocks.forEach((b, k) => {
    const first = k === 0 || blocks[k - 1].section !== 'messages';
    const salted = b.section === 'messages' && first ? `${salt}\n` : '';
    hash = createHash('sha256').update(`${hash}\n${salted}${b.canonical}`).digest('hex');
    chars += (k > 0 ? 1 : 0) + b.canonical.length; // "," between blocks
    keys.push(hash);
    tokens.push(tokensForChars(chars + 1)); // "]"
  });
  return { keys, tokens, blocks };
}

export class PromptCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Live entries. */
  get size(): number {
    this.expire();
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Reads and writes the cache for one request to /v1/messages, and splits its prompt tokens. */
  use(req: CheckedRequest): PromptUsage {
    this.expire();
    const { keys, tokens, blocks } = prefixes(req);
    const breakpoints = cacheBreakpoints(req, blocks);
    const tokensAt = (k: number) => (k < 0 ? 0 : tokens[k]);
    const total = tokens.length ? tokens[tokens.length - 1] : tokensForChars(2);
    const now = this.now();

    // Reads: the longest cached prefix at a breakpoint or up to LOOKBACK_BLOCKS boundaries before one.
    let hit = -1;
    for (const bp of breakpoints) {
      for (let k = bp.index; k >= Math.max(0, bp.index - LOOKBACK_BLOCKS) && k > hit; k--) {
        if (this.entries.has(keys[k])) {
          hit = k;
          break;
        }
      }
    }
    if (hit >= 0) {
      const e = this.entries.get(keys[hit])!;
      e.expiresAt = now + TTL_MS[e.ttl];
    }

    // Writes: every breakpoint long enough; those after the hit are billed.
    let lastWritten = hit;
    let last1h = hit;
    for (const bp of breakpoints) {
      if (tokensAt(bp.index) < MIN_CACHEABLE_TOKENS) continue;
      const old = this.entries.get(keys[bp.index]);
      const ttl: Ttl = old?.ttl === '1h' ? '1h' : bp.ttl;
      this.entries.set(keys[bp.index], { ttl, expiresAt: Math.max(old?.expiresAt ?? 0, now + TTL_MS[ttl]) });
      if (bp.index <= hit) continue;
      lastWritten = bp.index;
      if (bp.ttl === '1h') last1h = bp.index;
    }

    const read = tokensAt(hit);
    const written1h = tokensAt(last1h) - read;
    const creation = tokensAt(lastWritten) - read;
    return {
      input_tokens: total - tokensAt(lastWritten),
      cache_read_input_tokens: read,
      cache_creation_input_tokens: creation,
      ephemeral_5m_input_tokens: creation - written1h,
      ephemeral_1h_input_tokens: written1h,
    };
  }

  private expire(): void {
    const now = this.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
  }
}
