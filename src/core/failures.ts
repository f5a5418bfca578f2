/**
 * The failures the extension itself raises, the shape of a classified error, and redaction.
 * No SDK import here: the extension loads the SDK only when it first makes a request.
 */
import type { ErrorView } from '../shared/protocol';

/** No key is stored and the user did not give one. */
export class MissingApiKeyError extends Error {
  constructor() {
    super('No Anthropic API key is set.');
    this.name = 'MissingApiKeyError';
  }
}

/** The stream went quiet for longer than the idle timeout (the SDK's own timeout does not cover a stalled stream). */
export class IdleTimeoutError extends Error {
  constructor(readonly seconds: number) {
    super(`No data from the API for ${seconds} s.`);
    this.name = 'IdleTimeoutError';
  }
}

/** The user pressed Stop. */
export class StoppedError extends Error {
  constructor() {
    super('Stopped.');
    this.name = 'StoppedError';
  }
}

export type ErrorKind =
  | 'stopped'
  | 'missingKey'
  | 'auth'
  | 'permission'
  | 'billing'
  | 'notFound'
  | 'badRequest'
  | 'tooLong'
  | 'tooLarge'
  | 'rateLimit'
  | 'overloaded'
  | 'server'
  | 'timeout'
  | 'idle'
  | 'network'
  | 'streamCut'
  | 'unknown';

export interface ClassifiedError extends ErrorView {
  kind: ErrorKind;
}

/** Removes every occurrence of each secret from a text. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  }
  return out;
}
