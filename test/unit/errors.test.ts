import * as assert from 'assert';
import { AnthropicError, APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { classifyError as classify } from '../../src/claude/classifyError';
import { describeFailure, IdleTimeoutError, MissingApiKeyError, redact, SecretNotSentError } from '../../src/core/failures';

/** What the user reads: the SDK error classified, then put in words. */
const classifyError = (err: unknown, secrets: string[] = []) => describeFailure(classify(err), secrets);

function apiError(status: number, type: string, message: string): APIError {
  return APIError.generate(
    status,
    { type: 'error', error: { type, message } },
    undefined,
    new Headers({ 'request-id': 'req_123' }),
  );
}

describe('error classification', () => {
  const cases: Array<[number, string, string, string]> = [
    [401, 'authentication_error', 'invalid x-api-key', 'auth'],
    [403, 'permission_error', 'nope', 'permission'],
    [404, 'not_found_error', 'model: claude-nope', 'notFound'],
    [413, 'request_too_large', 'Request exceeds the maximum size', 'tooLarge'],
    [429, 'rate_limit_error', 'slow down', 'rateLimit'],
    [500, 'api_error', 'Internal server error', 'server'],
    [529, 'overloaded_error', 'Overloaded', 'overloaded'],
  ];
  for (const [status, type, message, kind] of cases) {
    it(`${status} ${type} → ${kind}, with the request id`, () => {
      const c = classifyError(apiError(status, type, message));
      assert.strictEqual(c.kind, kind);
      assert.strictEqual(c.requestId, 'req_123');
      assert.ok(c.title.length > 0 && c.detail.length > 0);
    });
  }

  it('401 offers to set the key; 429 and 529 offer a retry', () => {
    assert.deepStrictEqual(classifyError(apiError(401, 'authentication_error', 'x')).actions, ['setApiKey']);
    assert.ok(classifyError(apiError(429, 'rate_limit_error', 'x')).actions.includes('retry'));
    assert.ok(classifyError(apiError(529, 'overloaded_error', 'x')).actions.includes('retry'));
  });

  it('a prompt that is too long says to shorten the selection', () => {
    const c = classifyError(apiError(400, 'invalid_request_error', 'prompt is too long: 250000 tokens > 200000 maximum'));
    assert.strictEqual(c.kind, 'tooLong');
    assert.match(c.detail, /Shorten the selection/);
  });

  it('other 400s show the API\'s own message', () => {
    const c = classifyError(apiError(400, 'invalid_request_error', 'max_tokens: must be positive'));
    assert.strictEqual(c.kind, 'badRequest');
    assert.match(c.detail, /max_tokens: must be positive/);
  });

  it('an overloaded event mid-stream (no status) keeps the text and offers retry', () => {
    const err = new APIError(undefined, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, new Headers(), 'overloaded_error');
    const c = classifyError(err);
    assert.strictEqual(c.kind, 'overloaded');
    assert.match(c.detail, /text so far is kept/);
  });

  it('network, timeout, stop, idle, a missing key and a cut stream', () => {
    assert.strictEqual(classifyError(new APIConnectionError({ message: 'Connection error.' })).kind, 'network');
    assert.strictEqual(classifyError(new APIConnectionTimeoutError()).kind, 'timeout');
    assert.strictEqual(classifyError(new APIUserAbortError()).kind, 'stopped');
    assert.strictEqual(classifyError(new IdleTimeoutError(60)).kind, 'idle');
    assert.deepStrictEqual(classifyError(new MissingApiKeyError()).actions, ['setApiKey']);
    assert.strictEqual(classifyError(new AnthropicError('stream ended without producing a Message with role=assistant')).kind, 'streamCut');
    assert.strictEqual(classifyError(new TypeError('terminated')).kind, 'streamCut');
  });

  it('a possible secret the user chose not to send: says nothing was sent, and offers no retry', () => {
    const c = classifyError(new SecretNotSentError());
    assert.strictEqual(c.kind, 'secretNotSent');
    assert.strictEqual(c.title, 'Not sent: it contains a possible secret.');
    assert.match(c.detail, /Nothing left your machine/);
    assert.deepStrictEqual(c.actions, []);
  });

  it('never repeats the key, even when an error message contains it', () => {
    const key = 'sk-ant-api03-secretsecret';
    const c = classifyError(apiError(400, 'invalid_request_error', `bad header ${key}`), [key]);
    assert.ok(!JSON.stringify(c).includes(key));
    assert.strictEqual(redact(`a ${key} b ${key}`, [key]), 'a [redacted] b [redacted]');
  });
});
