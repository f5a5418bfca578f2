/** Fitting a long chat into the model's context window, oldest turns first. */
import type { ApiMessage } from './turns';

/**
 * Keeps the newest messages that fit `budget` tokens, as counted by `count` (the SDK's
 * countTokens where available, an estimate otherwise). The first kept message is always a user
 * message; the last (the question) is always kept.
 */
export async function fitHistory(
  messages: ApiMessage[],
  budget: number,
  count: (messages: ApiMessage[]) => Promise<number>,
): Promise<{ messages: ApiMessage[]; dropped: number }> {
  if (messages.length <= 1 || (await count(messages)) <= budget) return { messages, dropped: 0 };
  // Where the kept part may start: at a user message, or at the question itself as the last resort.
  const starts: number[] = [];
  for (let i = 1; i < messages.length - 1; i++) if (messages[i]!.role === 'user') starts.push(i);
  starts.push(messages.length - 1);
  // Dropping more never counts more, so the first start that fits is found by halving: a long chat
  // costs a dozen counts (each a request to the API), not one per dropped turn.
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((await count(messages.slice(starts[mid]))) <= budget) hi = mid;
    else lo = mid + 1;
  }
  return { messages: messages.slice(starts[lo]), dropped: starts[lo]! };
}

/** About four characters a token: an estimate for when countTokens is not available. */
export function estimateTokens(messages: ReadonlyArray<ApiMessage>, system = ''): number {
  return Math.ceil((system.length + messages.reduce((n, m) => n + m.content.length + 8, 0)) / 4);
}
