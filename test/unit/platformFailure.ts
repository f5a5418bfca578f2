// What the platform suites (vertex, foundry) share: a quiet log, a recorded request's header, and a
// failure classified as the extension classifies it.
import { classifyError } from '../../src/claude/classifyError';
import { StreamFailure, type ClientConfig } from '../../src/claude/client';
import type { Failure } from '../../src/core/failures';

export const quietLog = { info: (): void => undefined, warn: (): void => undefined };

export function header(rec: { headers: Record<string, string | string[] | undefined> }, name: string): string | undefined {
  const v = rec.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The failure of `run`, classified as the extension does (the StreamFailure's cause, with the connection). */
export async function failureOf(run: () => Promise<unknown>, config: ClientConfig, model = 'claude-sonnet-5-5'): Promise<Failure> {
  try {
    await run();
  } catch (err) {
    const cause = err instanceof StreamFailure ? err.cause : err;
    return classifyError(cause, { connection: config.connection, model });
  }
  throw new Error('expected a failure');
}
