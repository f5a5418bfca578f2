/**
 * Why a request failed, as data: the kind and its parameters, and the words a person reads for
 * it (describeFailure). The words go through @vscode/l10n, which the extension points at VS Code's
 * bundle on activation, so the core stays free of the VS Code API and every string is localised.
 * The SDK's errors are mapped to these kinds in claude/classifyError.ts.
 */
import * as l10n from '@vscode/l10n';
import { platformWords, type PlatformProblem } from './platformFailures';

/** A next step offered with an error. */
export type ErrorAction = 'setApiKey' | 'retry' | 'openSettings' | 'showLog';

export const ERROR_ACTIONS: ReadonlyArray<ErrorAction> = ['setApiKey', 'retry', 'openSettings', 'showLog'];

export type Failure = (
  | { kind: 'stopped' }
  | { kind: 'missingKey' }
  /** A setting is invalid; nothing was sent. */
  | { kind: 'setting'; message: string }
  /** A possible secret was found and the user chose not to send it; nothing was sent. */
  | { kind: 'secretNotSent' }
  | { kind: 'idle'; seconds: number }
  | { kind: 'timeout' }
  | { kind: 'network' }
  | { kind: 'tooLong' }
  | { kind: 'badRequest'; message: string }
  | { kind: 'auth' }
  | { kind: 'billing'; message: string }
  | { kind: 'permission'; message: string }
  | { kind: 'notFound' }
  | { kind: 'tooLarge' }
  | { kind: 'rateLimit' }
  /** midStream: an `overloaded_error` event inside a stream that had started. */
  | { kind: 'overloaded'; midStream: boolean }
  | { kind: 'server'; status: number }
  /** message: the API's own words, when an error event cut the stream. */
  | { kind: 'streamCut'; message?: string }
  | { kind: 'unknown'; status?: number; message: string }
  /** A cloud platform's, a gateway's or the network's own trouble (src/core/platformFailures.ts). */
  | { kind: 'platform'; problem: PlatformProblem }
) & { requestId?: string };

export type ErrorKind = Failure['kind'];

export const ERROR_KINDS: ReadonlyArray<ErrorKind> = [
  'stopped', 'missingKey', 'setting', 'secretNotSent', 'idle', 'timeout', 'network', 'tooLong', 'badRequest', 'auth', 'billing',
  'permission', 'notFound', 'tooLarge', 'rateLimit', 'overloaded', 'server', 'streamCut', 'unknown', 'platform',
];

/** A failure in words, with the next steps: what the views show and the chat history keeps. */
export interface ErrorReport {
  kind: ErrorKind;
  /** One short sentence: what happened. */
  title: string;
  /** What to do next, in plain words. */
  detail: string;
  actions: ErrorAction[];
  requestId?: string;
}

/** The extension's own failures, raised before or around the SDK. */
export class MissingApiKeyError extends Error {
  constructor() {
    super('No Anthropic API key is set.');
    this.name = 'MissingApiKeyError';
  }
}

/** The user chose not to send what would have been sent: it holds a possible secret. */
export class SecretNotSentError extends Error {
  constructor() {
    super('Not sent: it contains a possible secret.');
    this.name = 'SecretNotSentError';
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

/** Removes every occurrence of each secret from a text. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  }
  return out;
}

/** What happened and what to do next, in the user's language; nothing secret survives. */
export function describeFailure(f: Failure, secrets: ReadonlyArray<string | undefined> = []): ErrorReport {
  const [title, detail, actions] = words(f);
  const report: ErrorReport = { kind: f.kind, title: redact(title, secrets), detail: redact(detail, secrets), actions };
  if (f.requestId) report.requestId = f.requestId;
  return report;
}

function words(f: Failure): [string, string, ErrorAction[]] {
  switch (f.kind) {
    case 'stopped':
      return [l10n.t('Stopped.'), l10n.t('The reply was stopped before it finished.'), ['retry']];
    case 'missingKey':
      return [l10n.t('No API key is set.'), l10n.t('Set your Anthropic API key to use Claude.'), ['setApiKey']];
    case 'setting':
      return [l10n.t('A setting needs fixing.'), f.message, ['openSettings']];
    case 'secretNotSent':
      return [
        l10n.t('Not sent: it contains a possible secret.'),
        l10n.t('Nothing left your machine. Remove the secret (or replace it with a placeholder) and try again, or choose "Send anyway" when asked.'),
        [],
      ];
    case 'idle':
      return [
        l10n.t('The API stopped sending data for {0} seconds.', f.seconds),
        l10n.t('The connection seems stalled. Retry; if it keeps happening, raise "claude.requestIdleTimeoutSeconds".'),
        ['retry', 'openSettings'],
      ];
    case 'timeout':
      return [l10n.t('The request timed out.'), l10n.t('The API did not answer in time. Check your connection and retry.'), ['retry']];
    case 'network':
      return [
        l10n.t('Could not reach the Anthropic API.'),
        l10n.t('Check your network connection, proxy, or the "claude.baseUrl" setting, then retry.'),
        ['retry', 'openSettings'],
      ];
    case 'tooLong':
      return [l10n.t('The request is too long for the model.'), l10n.t('Shorten the selection or start a new chat, then retry.'), []];
    case 'badRequest':
      return [l10n.t('The API rejected the request.'), f.message || l10n.t('Check your settings (model, max tokens).'), ['openSettings']];
    case 'auth':
      return [l10n.t('Your API key was not accepted.'), l10n.t('Set a valid Anthropic API key and retry.'), ['setApiKey']];
    case 'billing':
      return [l10n.t('Your account cannot be billed.'), f.message || l10n.t('Check your plan and billing in the Anthropic Console.'), []];
    case 'permission':
      return [
        l10n.t('Your API key is not allowed to do this.'),
        f.message || l10n.t('Check the key\'s workspace and permissions, or use another key.'),
        ['setApiKey'],
      ];
    case 'notFound':
      return [l10n.t('The model or endpoint was not found.'), l10n.t('Check the "claude.model" and "claude.baseUrl" settings.'), ['openSettings']];
    case 'tooLarge':
      return [l10n.t('The request is too large.'), l10n.t('Shorten the selection or start a new chat, then retry.'), []];
    case 'rateLimit':
      return [l10n.t('Rate limit reached.'), l10n.t('Too many requests for your API key right now. Wait a moment, then retry.'), ['retry']];
    case 'overloaded':
      return f.midStream
        ? [l10n.t('Claude became overloaded while answering.'), l10n.t('The text so far is kept. Wait a moment, then retry.'), ['retry']]
        : [l10n.t('Claude is overloaded right now.'), l10n.t('This is temporary. Wait a moment, then retry.'), ['retry']];
    case 'server':
      return [l10n.t('The API had an internal error ({0}).', f.status), l10n.t('This is usually temporary. Retry in a moment.'), ['retry']];
    case 'streamCut':
      return f.message === undefined
        ? [l10n.t('The connection closed before the reply finished.'), l10n.t('The text so far is kept; retry to get the whole answer.'), ['retry']]
        : [
            l10n.t('The reply was interrupted by an API error.'),
            l10n.t('{0}. The text so far is kept; retry to try again.', f.message),
            ['retry'],
          ];
    case 'platform':
      return platformWords(f.problem);
    case 'unknown':
      return f.status !== undefined
        ? [l10n.t('The API answered with an error ({0}).', f.status), f.message || l10n.t('Retry, or check the log.'), ['retry', 'showLog']]
        : [l10n.t('Something went wrong.'), f.message || l10n.t('Retry, or check the log for details.'), ['retry', 'showLog']];
  }
}
