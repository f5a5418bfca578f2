/** Token usage and what it cost. The price table is the one place to update when prices change. */

/** The tokens of one reply (or a sum of replies) and their cost. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  /** Dollars, or undefined when the model's price is unknown. */
  costUsd?: number;
}

export interface Price {
  /** Dollars per million tokens. */
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

const perMillion = (input: number, output: number): Price => ({
  input,
  output,
  cacheWrite: input * 1.25,
  cacheRead: input * 0.1,
});

/** Matched against the model id in order; first match wins. Prices as published for 2026 models. */
export const PRICE_TABLE: ReadonlyArray<{ match: RegExp; price: Price }> = [
  { match: /opus-4-[01]\b|opus-4$|claude-3-opus/, price: perMillion(15, 75) },
  { match: /opus/, price: perMillion(5, 25) },
  { match: /sonnet/, price: perMillion(3, 15) },
  { match: /haiku-3\b|claude-3-haiku/, price: perMillion(0.25, 1.25) },
  { match: /haiku/, price: perMillion(1, 5) },
];

export function priceFor(model: string): Price | undefined {
  return PRICE_TABLE.find((p) => p.match.test(model))?.price;
}

export interface RawUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export const ZERO_USAGE: Usage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
  costUsd: 0,
});

export function usageFrom(model: string, raw: RawUsage | undefined | null): Usage {
  const u = {
    inputTokens: raw?.input_tokens ?? 0,
    outputTokens: raw?.output_tokens ?? 0,
    cacheCreationInputTokens: raw?.cache_creation_input_tokens ?? 0,
    cacheReadInputTokens: raw?.cache_read_input_tokens ?? 0,
  };
  const price = priceFor(model);
  if (!price) return u;
  const costUsd =
    (u.inputTokens * price.input +
      u.outputTokens * price.output +
      u.cacheCreationInputTokens * price.cacheWrite +
      u.cacheReadInputTokens * price.cacheRead) /
    1_000_000;
  return { ...u, costUsd };
}

/** Sums usages; the cost is unknown if any part's cost is. */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheCreationInputTokens: a.cacheCreationInputTokens + b.cacheCreationInputTokens,
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
    costUsd: a.costUsd === undefined || b.costUsd === undefined ? undefined : a.costUsd + b.costUsd,
  };
}
