/** Formatting shared by the host (status bar, logs) and the webviews. */
import type { UsageView } from './protocol';

export function formatCost(usd: number | undefined): string {
  if (usd === undefined) return 'cost unknown';
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/**
 * A whole count with thousands separators ("12,345"), as `toLocaleString('en-US')` writes it. Not
 * through Intl: its first use in a webview loads the locale's data, 40–60 ms of the main thread in
 * the handler that renders a reopened chat (a reply's usage line is in it).
 */
export function formatCount(n: number): string {
  const digits = String(Math.round(Math.abs(n)));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

export function formatUsage(u: UsageView): string {
  const parts = [`${formatCount(u.inputTokens)} in`, `${formatCount(u.outputTokens)} out`];
  if (u.cacheCreationInputTokens) parts.push(`${formatCount(u.cacheCreationInputTokens)} cache write`);
  if (u.cacheReadInputTokens) parts.push(`${formatCount(u.cacheReadInputTokens)} cache read`);
  return `${parts.join(' · ')} · ${formatCost(u.costUsd)}`;
}
