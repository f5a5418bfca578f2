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

/**
 * A fit's exact count, kept to send the same chat again without counting while it has room: the
 * messages fitted (how many), where the kept part started, its characters, and at least its tokens.
 */
export interface FitMemo {
  /** What else the count depends on (the model, the system prompt): another key, another count. */
  readonly key: string;
  readonly length: number;
  readonly start: number;
  readonly chars: number;
  readonly tokens: number;
}

/** A message's own tokens beyond its text (its role and separators) are fewer than this. */
const FRAMING_TOKENS = 16;
const utf8 = new TextEncoder();

/** The most tokens a message can take: a token is at least one byte of UTF-8. */
export function tokensAtMost(m: ApiMessage): number {
  return utf8.encode(m.content).length + FRAMING_TOKENS;
}

function charsOf(messages: ReadonlyArray<ApiMessage>, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += messages[i]!.content.length;
  return n;
}

/** The memo of a fit that counted its kept part, from `start` on, as `tokens`. */
export function fitMemo(key: string, messages: ReadonlyArray<ApiMessage>, start: number, tokens: number): FitMemo {
  return { key, length: messages.length, start, chars: charsOf(messages, start, messages.length), tokens };
}

/**
 * Fits a chat again without counting: when `messages` are those `memo` counted followed by newer
 * ones (the same characters from its start), the kept part starts where it did as long as its count
 * plus the most the newer messages can take stays within `budget`. Otherwise undefined: count again.
 */
export function fitAgain(messages: ReadonlyArray<ApiMessage>, budget: number, key: string, memo: FitMemo): FitMemo | undefined {
  if (memo.key !== key || messages.length <= memo.length || messages[memo.start]?.role !== 'user') return undefined;
  if (charsOf(messages, memo.start, memo.length) !== memo.chars) return undefined;
  let tokens = memo.tokens;
  for (let i = memo.length; i < messages.length; i++) tokens += tokensAtMost(messages[i]!);
  if (tokens > budget) return undefined;
  return fitMemo(key, messages, memo.start, tokens);
}

/**
 * When a chat no longer fits, it is trimmed to this share of the budget, so that the next few sends
 * fit without counting again (each count of a long chat is a request of about its size).
 */
export const TRIMMED_TO = 0.9;

/**
 * Fits a chat for one send, remembering what it counted for the next: again without counting
 * (fitAgain) when the last exact fit leaves room, otherwise by fitHistory to TRIMMED_TO of the
 * budget. `count` says whether its answer is exact; the memo holds exact counts only.
 */
export async function fitChat(
  messages: ApiMessage[],
  budget: number,
  key: string,
  previous: FitMemo | undefined,
  count: (messages: ApiMessage[]) => Promise<{ tokens: number; exact: boolean }>,
): Promise<{ messages: ApiMessage[]; dropped: number; memo: FitMemo | undefined }> {
  const again = previous && fitAgain(messages, budget, key, previous);
  if (again) return { messages: messages.slice(again.start), dropped: again.start, memo: again };
  // Exact counts by how many messages were counted (a count is of the newest ones).
  const exact = new Map<number, number>();
  const fitted = await fitHistory(messages, Math.floor(budget * TRIMMED_TO), async (m) => {
    const counted = await count(m);
    if (counted.exact) exact.set(m.length, counted.tokens);
    return counted.tokens;
  });
  const tokens = exact.get(fitted.messages.length);
  return { ...fitted, memo: tokens === undefined ? undefined : fitMemo(key, messages, fitted.dropped, tokens) };
}
