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
  let start = 0;
  let kept = messages;
  while (kept.length > 1 && (await count(kept)) > budget) {
    start += 1;
    while (start < messages.length - 1 && messages[start]!.role !== 'user') start += 1;
    kept = messages.slice(start);
  }
  return { messages: kept, dropped: start };
}

/** About four characters a token: an estimate for when countTokens is not available. */
export function estimateTokens(messages: ReadonlyArray<ApiMessage>, system = ''): number {
  return Math.ceil((system.length + messages.reduce((n, m) => n + m.content.length + 8, 0)) / 4);
}
