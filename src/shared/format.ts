/** Formatting shared by the host (status bar, logs) and the webviews. */
import type { UsageView } from './protocol';

export function formatCost(usd: number | undefined): string {
  if (usd === undefined) return 'cost unknown';
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function formatUsage(u: UsageView): string {
  const parts = [`${u.inputTokens.toLocaleString('en-US')} in`, `${u.outputTokens.toLocaleString('en-US')} out`];
  if (u.cacheCreationInputTokens) parts.push(`${u.cacheCreationInputTokens.toLocaleString('en-US')} cache write`);
  if (u.cacheReadInputTokens) parts.push(`${u.cacheReadInputTokens.toLocaleString('en-US')} cache read`);
  return `${parts.join(' · ')} · ${formatCost(u.costUsd)}`;
}
