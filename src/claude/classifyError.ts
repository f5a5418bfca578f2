/**
 * Which failure an error of a request is. The SDK's typed errors are the source of truth; this
 * only maps them to the core's failure kinds (core/failures.ts), whose words are made elsewhere.
 */
import {
  AnthropicError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import { classifyPlatformError, type ErrorContext } from './errors';
import type { Failure, IdleTimeoutError, MissingApiKeyError, SecretNotSentError, StoppedError } from '../core/failures';

/**
 * The extension's own failures are recognised by name, not by class: the SDK side is a separate
 * bundle (dist/sdk.js) with its own copy of these classes.
 */
function isNamed<K extends keyof OwnFailures>(err: unknown, name: K): err is OwnFailures[K] {
  return err instanceof Error && err.name === name;
}

interface OwnFailures {
  StoppedError: StoppedError;
  MissingApiKeyError: MissingApiKeyError;
  IdleTimeoutError: IdleTimeoutError;
  SecretNotSentError: SecretNotSentError;
}

const withId = (f: Failure, requestId: string | null | undefined): Failure => (requestId ? { ...f, requestId } : f);

/** `ctx`: where the request went, so that a platform's own failures are told in its words. */
export function classifyError(err: unknown, ctx?: ErrorContext): Failure {
  const platform = ctx && !isNamed(err, 'StoppedError') ? classifyPlatformError(err, ctx) : undefined;
  if (platform) return platform;
  if (isNamed(err, 'StoppedError') || err instanceof APIUserAbortError) return { kind: 'stopped' };
  if (isNamed(err, 'MissingApiKeyError')) return { kind: 'missingKey' };
  if (isNamed(err, 'SecretNotSentError')) return { kind: 'secretNotSent' };
  if (isNamed(err, 'IdleTimeoutError')) return { kind: 'idle', seconds: err.seconds };
  if (err instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
  if (err instanceof APIConnectionError) return { kind: 'network' };
  if (err instanceof APIError) return withId(classifyApiError(err), err.requestID);
  // e.g. "stream ended without producing a Message", a socket cut mid-stream.
  if (err instanceof AnthropicError) return { kind: 'streamCut' };
  if (err instanceof Error && /terminated|socket|ECONNRESET|other side closed|premature close/i.test(err.message)) {
    return { kind: 'streamCut' };
  }
  return { kind: 'unknown', message: err instanceof Error ? err.message : String(err) };
}

function classifyApiError(err: APIError): Failure {
  const message = err.apiMessage ?? (err.message || '');
  switch (err.status) {
    case 400:
      return /too long|too many tokens|context (window|length)|maximum context/i.test(message)
        ? { kind: 'tooLong' }
        : { kind: 'badRequest', message };
    case 401:
      return { kind: 'auth' };
    case 402:
      return { kind: 'billing', message };
    case 403:
      return { kind: 'permission', message };
    case 404:
      return { kind: 'notFound' };
    case 413:
      return { kind: 'tooLarge' };
    case 429:
      return { kind: 'rateLimit' };
    case 529:
      return { kind: 'overloaded', midStream: false };
    case undefined:
      // An `event: error` inside a 200 stream: the SDK throws an APIError without a status.
      if (err.type === 'overloaded_error') return { kind: 'overloaded', midStream: true };
      return { kind: 'streamCut', message: message || err.type || 'Unknown error' };
    default:
      return err.status >= 500 ? { kind: 'server', status: err.status } : { kind: 'unknown', status: err.status, message };
  }
}
