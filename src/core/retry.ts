/**
 * What the SDK is about to do after a failed attempt, so the user can see it: whether it will
 * retry, and in about how long. The SDK does the retrying; this only predicts it, by the rules
 * the SDK follows (x-should-retry, then the status; retry-after-ms, then retry-after, else its
 * exponential backoff).
 */

export interface HeaderLookup {
  get(name: string): string | null;
}

export interface RetryForecast {
  willRetry: boolean;
  /** Seconds until the next attempt (rounded up), when willRetry. */
  seconds: number;
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The SDK's exponential backoff when the server names no delay: 0.5 s, doubling, at most 8 s. */
export function backoffMs(retriesSoFar: number): number {
  return Math.min(0.5 * 2 ** retriesSoFar, 8) * 1000;
}

export function retryDelayMs(headers: HeaderLookup, retriesSoFar: number, now = Date.now()): number {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms > 0 && ms <= 2 ** 31 - 1) return ms;
  const after = headers.get('retry-after');
  if (after) {
    const secs = Number.parseFloat(after);
    const fromHeader = Number.isFinite(secs) ? secs * 1000 : Date.parse(after) - now;
    if (Number.isFinite(fromHeader) && fromHeader > 0 && fromHeader <= 2 ** 31 - 1) return fromHeader;
  }
  return backoffMs(retriesSoFar);
}

export function forecastRetry(
  status: number,
  headers: HeaderLookup,
  retriesSoFar: number,
  maxRetries: number,
  now = Date.now(),
): RetryForecast {
  if (status < 400 || retriesSoFar >= maxRetries) return { willRetry: false, seconds: 0 };
  const should = headers.get('x-should-retry');
  const willRetry = should === 'true' ? true : should === 'false' ? false : isRetryableStatus(status);
  return willRetry
    ? { willRetry, seconds: Math.max(1, Math.ceil(retryDelayMs(headers, retriesSoFar, now) / 1000)) }
    : { willRetry, seconds: 0 };
}
