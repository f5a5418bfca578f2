// A gateway through the real SDK client (src/claude): the base URL, the extra headers, a rotating
// bearer token that is fetched again on a 401, and the words for what goes wrong. The token
// command itself runs in VS Code (test/integration/gateway.test.ts); here a TokenSource stands in.
import * as assert from 'assert';
import { describeFailure } from '../../src/core/failures';
import type { Connection, TokenSource } from '../../src/core/connection';
import { classifyError } from '../../src/claude/classifyError';
import { listModels, StreamFailure, streamMessage, type ClientConfig } from '../../src/claude/client';
import { DEFAULT_MODELS, DEFAULT_TEST_KEY, startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';
import { startFakeGateway, type FakeGateway } from '../fake-platforms/gateway';

const log = { info: (): void => undefined, warn: (): void => undefined };
const HEADER: [string, string] = ['x-team', 'payments'];

/** A token source that asks the gateway for its current token, counting how often it was run. */
function tokens(gateway: FakeGateway, fail = false): TokenSource & { runs: number } {
  const t = {
    runs: 0,
    current: undefined as string | undefined,
    async get() {
      return t.current ?? t.refresh();
    },
    async refresh() {
      t.runs += 1;
      if (fail) {
        const e = new Error('The token command failed: it exited with code 3');
        e.name = 'TokenCommandError';
        throw e;
      }
      t.current = gateway.token;
      return t.current;
    },
  };
  return t;
}

function config(gateway: FakeGateway, token: TokenSource | undefined, headers: Record<string, string> = Object.fromEntries([HEADER])): ClientConfig {
  const connection: Connection = { provider: 'gateway', baseUrl: gateway.url, headers, apiKey: undefined, token };
  return { connection, maxRetries: 2, idleTimeoutMs: 10_000 };
}

const request = { model: 'claude-sonnet-5-5', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hello' }] };

async function failure(p: Promise<unknown>): Promise<StreamFailure> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StreamFailure, `a StreamFailure, not ${String(err)}`);
    return err;
  }
  throw new Error('the request succeeded');
}

describe('gateway provider (a base URL, extra headers and a rotating token)', () => {
  let upstream: FakeAnthropic;
  let gateway: FakeGateway;
  let savedKey: string | undefined;

  before(async () => {
    // The gateway must not pick up an Anthropic key from the environment.
    savedKey = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = 'sk-ant-from-the-environment-must-not-be-sent';
    upstream = await startFakeAnthropic();
    gateway = await startFakeGateway({ upstream: upstream.url, upstreamKey: DEFAULT_TEST_KEY, header: HEADER });
  });
  beforeEach(() => {
    upstream.reset();
    gateway.seen.length = 0;
  });
  after(async () => {
    if (savedKey === undefined) delete process.env.ANTHROPIC_API_KEY;
    else process.env.ANTHROPIC_API_KEY = savedKey;
    await gateway.close();
    await upstream.close();
  });

  it('streams through the gateway with its header and token, and no Anthropic key of the environment', async () => {
    upstream.enqueue({ text: 'Through the gateway, in pieces.', chunkSize: 4 });
    const t = tokens(gateway);
    const deltas: string[] = [];
    const { message } = await streamMessage(config(gateway, t), request, { onText: (d) => deltas.push(d) }, new AbortController().signal, log);
    assert.strictEqual(deltas.join(''), 'Through the gateway, in pieces.');
    assert.ok(deltas.length > 3, 'streamed in pieces');
    assert.strictEqual(message.content[0]?.type === 'text' && message.content[0].text, 'Through the gateway, in pieces.');
    assert.deepStrictEqual(gateway.seen.map((s) => [s.path, s.header, s.status]), [['/v1/messages', 'payments', 200]]);
    assert.strictEqual(t.runs, 1);
    const sent = upstream.requests[0]!;
    assert.ok(!JSON.stringify(sent.headers).includes('from-the-environment'), 'the environment key was not sent');
  });

  it('runs the token command again when the gateway refuses an expired token, and repeats the request once', async () => {
    const t = tokens(gateway);
    upstream.enqueue({ text: 'first' });
    await streamMessage(config(gateway, t), request, {}, new AbortController().signal, log);
    gateway.rotate();
    upstream.enqueue({ text: 'after rotation' });
    const deltas: string[] = [];
    await streamMessage(config(gateway, t), request, { onText: (d) => deltas.push(d) }, new AbortController().signal, log);
    assert.strictEqual(deltas.join(''), 'after rotation');
    assert.strictEqual(t.runs, 2, 'one run for the first token, one after the 401');
    assert.deepStrictEqual(gateway.seen.map((s) => s.status), [200, 401, 200]);
  });

  it('says the gateway refused it when a fresh token is refused too, without retrying further', async () => {
    const t = tokens(gateway);
    // A token source whose fresh tokens are stale: the gateway refuses every one.
    t.refresh = async () => {
      t.runs += 1;
      return 'stale-token';
    };
    const err = await failure(streamMessage(config(gateway, t), request, {}, new AbortController().signal, log));
    const f = classifyError(err.cause, { connection: config(gateway, t).connection, model: 'claude-sonnet-5-5' });
    assert.strictEqual(f.kind, 'platform');
    assert.strictEqual(f.kind === 'platform' && f.problem.code, 'gatewayRefused');
    const words = describeFailure(f);
    assert.match(words.title, /gateway refused the request \(401\)/);
    assert.match(words.detail, /claude\.gateway\.tokenCommand/);
    assert.deepStrictEqual(gateway.seen.map((s) => s.status), [401, 401], 'the request and its one repeat');
  });

  it('says which header is missing when the gateway wants one (403), with the settings to check', async () => {
    const err = await failure(streamMessage(config(gateway, tokens(gateway), {}), request, {}, new AbortController().signal, log));
    const f = classifyError(err.cause, { connection: config(gateway, undefined, {}).connection, model: 'claude-sonnet-5-5' });
    const words = describeFailure(f);
    assert.strictEqual(f.kind === 'platform' && f.problem.code, 'gatewayRefused');
    assert.match(words.detail, /x-team header missing/);
    assert.match(words.detail, /claude\.gateway\.headers/);
  });

  it('lists the models the gateway serves (its /v1/models), with the token and header', async () => {
    const t = tokens(gateway);
    const models = await listModels(config(gateway, t), log);
    assert.deepStrictEqual(models?.map((m) => m.id), DEFAULT_MODELS.map((m) => m.id));
    assert.strictEqual(models?.[0]?.maxInputTokens, 200000);
    assert.deepStrictEqual(gateway.seen.map((s) => [s.path.split('?')[0], s.header, s.status]), [['/v1/models', 'payments', 200]]);
  });

  it('reports a failing token command as such, once, not as a network error to retry', async () => {
    const t = tokens(gateway, true);
    const retries: unknown[] = [];
    const err = await failure(streamMessage(config(gateway, t), request, { onRetry: (r) => retries.push(r) }, new AbortController().signal, log));
    const f = classifyError(err.cause, { connection: config(gateway, t).connection, model: 'claude-sonnet-5-5' });
    assert.strictEqual(f.kind === 'platform' && f.problem.code, 'tokenCommand');
    assert.match(describeFailure(f).detail, /exited with code 3.*claude\.gateway\.tokenCommand/);
    assert.strictEqual(t.runs, 1, 'not run again by retries');
    assert.deepStrictEqual(retries, [], 'no retry countdown');
    assert.strictEqual(gateway.seen.length, 0, 'nothing reached the gateway');
  });
});
