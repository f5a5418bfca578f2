/** Fitting a long chat into the model's context window, oldest turns first. */
import type { ApiMessage } from './turns';

/** Counts placed where the counts so far predict the boundary, before halving takes over. */
const GUIDED_COUNTS = 4;

/**
 * Keeps the newest messages that fit `budget` tokens, as counted by `count` (the SDK's
 * countTokens where available, an estimate otherwise). The first kept message is always a user
 * message; the last (the question) is always kept.
 *
 * Each count of a long chat is a request carrying the counted messages, so few are made: the first
 * guess is where the messages' characters say the budget ends (about four a token), each count
 * corrects the line from characters to tokens for the next guess (through the last two counts, so a
 * system prompt's fixed share is seen too), and the boundary is found in two to four counts of about
 * the budget's size (a guess, maybe a correction, the last start that fits and the one before it).
 * Should the guesses not close in, halving finds it in a dozen more at most. The whole history is
 * counted only when it may fit.
 */
export async function fitHistory(
  messages: ApiMessage[],
  budget: number,
  count: (messages: ApiMessage[]) => Promise<number>,
): Promise<{ messages: ApiMessage[]; dropped: number }> {
  if (messages.length <= 1) return { messages, dropped: 0 };
  // Where the kept part may start: the whole history, a user message, or the question itself as the last resort.
  const starts = [0];
  for (let i = 1; i < messages.length - 1; i++) if (messages[i]!.role === 'user') starts.push(i);
  starts.push(messages.length - 1);
  // Characters from each start to the end (decreasing along `starts`).
  const tail: number[] = new Array<number>(messages.length + 1).fill(0);
  for (let i = messages.length - 1; i >= 0; i--) tail[i] = tail[i + 1]! + messages[i]!.content.length + 8;
  const chars = starts.map((s) => tail[s]!);
  // Dropping more never counts more: every start from `fit` on fits, none up to `fail` does.
  let fail = -1;
  let fit = starts.length - 1; // the question alone is sent whatever it counts
  // Tokens as a line in characters: four characters a token at first, then through the last two counts.
  let line = { base: 0, perChar: 0.25 };
  let last: { chars: number; tokens: number } | undefined;
  for (let counts = 0; fit - fail > 1; counts++) {
    let k: number;
    if (counts < GUIDED_COUNTS) {
      // The first start that fits the budget as the line predicts.
      k = fail + 1;
      while (k < fit - 1 && line.base + chars[k]! * line.perChar > budget) k++;
    } else {
      k = (fail + fit) >> 1;
    }
    const tokens = await count(messages.slice(starts[k]));
    const seen = { chars: chars[k]!, tokens };
    if (last && last.chars !== seen.chars) {
      const perChar = (seen.tokens - last.tokens) / (seen.chars - last.chars);
      line = perChar > 0 ? { perChar, base: seen.tokens - perChar * seen.chars } : { base: 0, perChar: seen.tokens / Math.max(1, seen.chars) };
    } else {
      line = { base: 0, perChar: seen.tokens / Math.max(1, seen.chars) };
    }
    last = seen;
    if (tokens <= budget) fit = k;
    else fail = k;
  }
  return { messages: fit === 0 ? messages : messages.slice(starts[fit]), dropped: starts[fit]! };
}

/** About four characters a token: an estimate for when countTokens is not available. */
export function estimateTokens(messages: ReadonlyArray<ApiMessage>, system = ''): number {
  return Math.ceil((system.length + messages.reduce((n, m) => n + m.content.length + 8, 0)) / 4);
}
