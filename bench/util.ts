// Small helpers shared by the bench: a wall clock with sub-millisecond resolution that two processes
// (and the browser) can compare, statistics and formatting. (sleep and waitFor: test/runner/env.ts.)
import { performance } from 'perf_hooks';

/**
 * Offset that turns performance.timeOrigin + performance.now() into the system wall clock.
 * Date.now() floors to whole milliseconds, so the true wall time is Date.now() + U[0, 1): the mean of
 * many samples of (Date.now() + 0.5 - hr) estimates the offset to well under a millisecond.
 * The same calibration runs in the browser frames (see CLOCK_SCRIPT), so every timestamp of the bench
 * is "milliseconds since the epoch, as this machine's clock reads it".
 */
function calibrate(): number {
  let sum = 0;
  let n = 0;
  const end = performance.now() + 20;
  while (performance.now() < end) {
    const hr = performance.timeOrigin + performance.now();
    sum += Date.now() + 0.5 - hr;
    n++;
  }
  return sum / n;
}

const offset = calibrate();

/** Wall-clock milliseconds with sub-millisecond resolution (comparable across processes on this machine). */
export function now(): number {
  return performance.timeOrigin + performance.now() + offset;
}

/**
 * The same clock for a browser frame, as source to evaluate there: defines window.__benchNow().
 * Kept as a string so it runs unchanged in any frame (and in init scripts). `calibrateMs` is how
 * long it samples Date.now() (busy) to find the offset.
 */
export function clockScript(calibrateMs = 10): string {
  return `(() => {
  if (window.__benchNow) return;
  let sum = 0, n = 0;
  const end = performance.now() + ${calibrateMs};
  while (performance.now() < end) { sum += Date.now() + 0.5 - (performance.timeOrigin + performance.now()); n++; }
  const off = sum / n;
  window.__benchNow = () => performance.timeOrigin + performance.now() + off;
})();`;
}

export const CLOCK_SCRIPT = clockScript();

export function median(xs: number[]): number {
  return percentile(xs, 50);
}

/** Linear-interpolated percentile (p in 0..100). */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = ((s.length - 1) * p) / 100;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo]! + (s[hi]! - s[lo]!) * (i - lo);
}

export function fmtMs(ms: number, digits = 1): string {
  return Number.isFinite(ms) ? `${ms.toFixed(digits)} ms` : 'n/a';
}

export function fmtBytes(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(2)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a';
}

export function log(msg: string): void {
  const t = new Date().toISOString().slice(11, 19);
  console.log(`[bench ${t}] ${msg}`);
}
