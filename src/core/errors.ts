/**
 * Turns any failure of a request into words a person can act on. The SDK's typed errors are the
 * source of truth; this only decides what to say and which next step to offer.
 */
import {
  AnthropicError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import type { ErrorAction } from '../shared/protocol';
import { IdleTimeoutError, MissingApiKeyError, redact, StoppedError, type ClassifiedError, type ErrorKind } from './failures';

export { IdleTimeoutError, MissingApiKeyError, redact, StoppedError, type ClassifiedError, type ErrorKind } from './failures';

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
}

function view(kind: ErrorKind, title: string, detail: string, actions: ErrorAction[], requestId?: string | null): ClassifiedError {
  return requestId ? { kind, title, detail, actions, requestId } : { kind, title, detail, actions };
}

function apiMessage(err: APIError): string {
  return err.apiMessage ?? (err.message || '');
}

export function classifyError(err: unknown, secrets: ReadonlyArray<string | undefined> = []): ClassifiedError {
  const c = classify(err);
  return { ...c, title: redact(c.title, secrets), detail: redact(c.detail, secrets) };
}

function classify(err: unknown): ClassifiedError {
  if (isNamed(err, 'StoppedError') || err instanceof APIUserAbortError) {
    return view('stopped', 'Stopped.', 'The reply was stopped before it finished.', ['retry']);
  }
  if (isNamed(err, 'MissingApiKeyError')) {
    return view('missingKey', 'No API key is set.', 'Set your Anthropic API key to use Claude.', ['setApiKey']);
  }
  if (isNamed(err, 'IdleTimeoutError')) {
    return view(
      'idle',
      `The API stopped sending data for ${err.seconds} seconds.`,
      'The connection seems stalled. Retry; if it keeps happening, raise "claude.requestIdleTimeoutSeconds".',
      ['retry', 'openSettings'],
    );
  }
  if (err instanceof APIConnectionTimeoutError) {
    return view('timeout', 'The request timed out.', 'The API did not answer in time. Check your connection and retry.', ['retry']);
  }
  if (err instanceof APIConnectionError) {
    return view(
      'network',
      'Could not reach the Anthropic API.',
      'Check your network connection, proxy, or the "claude.baseUrl" setting, then retry.',
      ['retry', 'openSettings'],
    );
  }
  if (err instanceof APIError) {
    const id = err.requestID;
    const msg = apiMessage(err);
    switch (err.status) {
      case 400:
        if (/too long|too many tokens|context (window|length)|maximum context/i.test(msg)) {
          return view('tooLong', 'The request is too long for the model.', 'Shorten the selection or start a new chat, then retry.', [], id);
        }
        return view('badRequest', 'The API rejected the request.', msg || 'Check your settings (model, max tokens).', ['openSettings'], id);
      case 401:
        return view('auth', 'Your API key was not accepted.', 'Set a valid Anthropic API key and retry.', ['setApiKey'], id);
      case 402:
        return view('billing', 'Your account cannot be billed.', msg || 'Check your plan and billing in the Anthropic Console.', [], id);
      case 403:
        return view('permission', 'Your API key is not allowed to do this.', msg || 'Check the key\'s workspace and permissions, or use another key.', ['setApiKey'], id);
      case 404:
        return view('notFound', 'The model or endpoint was not found.', 'Check the "claude.model" and "claude.baseUrl" settings.', ['openSettings'], id);
      case 413:
        return view('tooLarge', 'The request is too large.', 'Shorten the selection or start a new chat, then retry.', [], id);
      case 429:
        return view('rateLimit', 'Rate limit reached.', 'Too many requests for your API key right now. Wait a moment, then retry.', ['retry'], id);
      case 529:
        return view('overloaded', 'Claude is overloaded right now.', 'This is temporary. Wait a moment, then retry.', ['retry'], id);
      case undefined:
        // An `event: error` inside a 200 stream: the SDK throws an APIError without a status.
        if (err.type === 'overloaded_error') {
          return view('overloaded', 'Claude became overloaded while answering.', 'The text so far is kept. Wait a moment, then retry.', ['retry'], id);
        }
        return view('streamCut', 'The reply was interrupted by an API error.', `${msg || err.type || 'Unknown error'}. The text so far is kept; retry to try again.`, ['retry'], id);
      default:
        if (err.status >= 500) {
          return view('server', `The API had an internal error (${err.status}).`, 'This is usually temporary. Retry in a moment.', ['retry'], id);
        }
        return view('unknown', `The API answered with an error (${err.status}).`, msg || 'Retry, or check the log.', ['retry', 'showLog'], id);
    }
  }
  if (err instanceof AnthropicError) {
    // e.g. "stream ended without producing a Message", a socket cut mid-stream.
    return view('streamCut', 'The connection closed before the reply finished.', 'The text so far is kept; retry to get the whole answer.', ['retry']);
  }
  if (err instanceof Error && /terminated|socket|ECONNRESET|other side closed|premature close/i.test(err.message)) {
    return view('streamCut', 'The connection closed before the reply finished.', 'The text so far is kept; retry to get the whole answer.', ['retry']);
  }
  const message = err instanceof Error ? err.message : String(err);
  return view('unknown', 'Something went wrong.', message || 'Retry, or check the log for details.', ['retry', 'showLog']);
}
