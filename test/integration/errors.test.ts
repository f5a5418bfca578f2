// Each failure gives its message and next step, keeps what streamed, and ends the stream.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/claude/replyPipeline';
import type { ErrorKind } from '../../src/core/failures';
import { closeAllEditors, configure, openDocument, useFakeAnthropic } from './helpers';

async function explain(): Promise<RunResult> {
  return vscode.commands.executeCommand<RunResult>('claude.explainSelection');
}

describe('Errors', () => {
  const fake = useFakeAnthropic();
  beforeEach(() => openDocument('const answer = 42;\n', 'javascript', [0, 0, 0, 18]));
  afterEach(closeAllEditors);

  const statuses: Array<[number, string | undefined, ErrorKind, RegExp]> = [
    [401, undefined, 'auth', /API key was not accepted/],
    [403, undefined, 'permission', /not allowed/],
    [404, undefined, 'notFound', /model or endpoint was not found/],
    [400, 'prompt is too long: 210000 tokens > 200000 maximum', 'tooLong', /too long/],
    [413, undefined, 'tooLarge', /too large/],
  ];
  for (const [status, message, kind, title] of statuses) {
    it(`${status} → "${title.source}"`, async () => {
      fake.server.enqueue({ fault: { kind: 'status', status, ...(message ? { message } : {}) } });
      const r = await explain();
      assert.strictEqual(r.ok, false);
      if (!r.ok) {
        assert.strictEqual(r.error.kind, kind);
        assert.match(r.error.title, title);
        assert.ok(r.error.requestId?.startsWith('req_'), 'the request id is shown');
      }
      const state = fake.api.replyPanelState();
      assert.strictEqual(state.streaming, false, 'no spinner left running');
      assert.match(state.reply?.error?.title ?? '', title);
      assert.strictEqual(fake.server.requests.length, 1, 'not retried');
    });
  }

  it('429 with retry-after is retried by the SDK after the wait, then succeeds', async () => {
    fake.server.enqueue({ fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } } }, { text: 'Done after waiting.' });
    const started = Date.now();
    const r = await explain();
    assert.ok(r.ok, JSON.stringify(r));
    assert.ok(Date.now() - started >= 900, 'waited for retry-after');
    assert.strictEqual(fake.server.requests.length, 2);
    assert.strictEqual(fake.api.replyPanelState().reply?.text, 'Done after waiting.');
  });

  it('529 twice, then success', async () => {
    fake.server.enqueue(
      { fault: { kind: 'status', status: 529, headers: { 'retry-after-ms': '50' } } },
      { fault: { kind: 'status', status: 529, headers: { 'retry-after-ms': '50' } } },
      { text: 'Finally.' },
    );
    const r = await explain();
    assert.ok(r.ok);
    assert.strictEqual(fake.server.requests.length, 3);
  });

  it('429 after the retries are used up says to wait, and offers Retry', async () => {
    await configure({ maxRetries: 0 });
    try {
      fake.server.enqueue({ fault: { kind: 'status', status: 429 } });
      const r = await explain();
      assert.ok(!r.ok && r.error.kind === 'rateLimit' && r.error.actions.includes('retry'));
    } finally {
      await configure({ maxRetries: 2 });
    }
  });

  it('500 after the retries says the API had an internal error', async () => {
    await configure({ maxRetries: 0 });
    try {
      fake.server.enqueue({ fault: { kind: 'status', status: 500 } });
      const r = await explain();
      assert.ok(!r.ok && r.error.kind === 'server');
    } finally {
      await configure({ maxRetries: 2 });
    }
  });

  const midStream: Array<[string, object, ErrorKind]> = [
    ['an overloaded event mid-stream', { kind: 'midStreamError', afterChars: 40, errorType: 'overloaded_error', message: 'Overloaded' }, 'overloaded'],
    ['a socket cut mid-stream', { kind: 'cut', afterChars: 40 }, 'streamCut'],
    ['a stream ending before message_stop', { kind: 'earlyEnd', afterChars: 40 }, 'streamCut'],
  ];
  for (const [name, fault, kind] of midStream) {
    it(`${name}: keeps the text so far, marked incomplete, and is not retried`, async () => {
      const text = 'The answer is forty-two, because it is the product of six and seven.';
      fake.server.enqueue({ text, chunkSize: 10, fault: fault as never });
      const r = await explain();
      assert.ok(!r.ok);
      if (!r.ok) assert.strictEqual(r.error.kind, kind);
      const reply = fake.api.replyPanelState().reply!;
      assert.strictEqual(reply.text, text.slice(0, 40));
      assert.ok(reply.incomplete);
      assert.strictEqual(fake.server.requests.length, 1);
    });
  }

  it('an empty 200 body is an error, not a silent empty answer', async () => {
    await configure({ maxRetries: 0 });
    try {
      fake.server.enqueue({ fault: { kind: 'emptyBody' } });
      const r = await explain();
      assert.strictEqual(r.ok, false);
    } finally {
      await configure({ maxRetries: 2 });
    }
  });

  it('a stall after the headers ends with the idle timeout', async function () {
    this.timeout(20_000);
    await configure({ requestIdleTimeoutSeconds: 5 });
    try {
      fake.server.enqueue({ text: 'Some text before the stall.', fault: { kind: 'stall', afterChars: 10 } });
      const r = await explain();
      assert.ok(!r.ok);
      if (!r.ok) assert.strictEqual(r.error.kind, 'idle');
      assert.strictEqual(fake.api.replyPanelState().reply?.text, 'Some text ');
    } finally {
      await configure({ requestIdleTimeoutSeconds: 60 });
    }
  });

  it('the network down: says the API could not be reached', async () => {
    await configure({ baseUrl: 'http://127.0.0.1:9', maxRetries: 0 });
    try {
      const r = await explain();
      assert.ok(!r.ok && r.error.kind === 'network', JSON.stringify(r));
    } finally {
      await configure({ baseUrl: fake.server.url, maxRetries: 2 });
    }
  });

  it('a base URL that is not a URL is refused before sending', async () => {
    await configure({ baseUrl: 'not a url' });
    try {
      const r = await explain();
      assert.ok(!r.ok && r.error.actions.includes('openSettings'));
      assert.match(r.ok ? '' : r.error.detail, /claude\.baseUrl/);
    } finally {
      await configure({ baseUrl: fake.server.url });
    }
  });
});
