import * as assert from 'assert';
import * as path from 'path';
import { spawn } from 'child_process';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest } from '../fake-anthropic/server';

// out/test/unit -> repo root
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const TRANSCRIPTS = path.join(REPO_ROOT, 'test', 'fake-anthropic', 'transcripts');
const KEY = 'sk-ant-test-key';
const MODEL = 'claude-sonnet-5-5';

describe('fake Anthropic server (driven by the real SDK)', function () {
  this.timeout(5000);
  this.slow(1500);

  let server: FakeAnthropic;
  let client: Anthropic;

  const newClient = (opts: { maxRetries?: number; apiKey?: string } = {}) =>
    new Anthropic({ apiKey: opts.apiKey ?? KEY, baseURL: server.url, maxRetries: opts.maxRetries ?? 0 });

  const userMsg = (text: string): Anthropic.MessageParam[] => [{ role: 'user', content: text }];

  const rawFetch = (p: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) =>
    fetch(server.url + p, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  before(async () => {
    server = await startFakeAnthropic();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    client = newClient();
  });

  it('listens on 127.0.0.1 with a usable baseURL', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0);
  });

  describe('messages', () => {
    it('streams text that the SDK accumulates; records the SDK request headers', async () => {
      server.enqueue({ text: 'Hello from the fake server, streamed in small pieces.', chunkSize: 5 });
      const deltas: string[] = [];
      const stream = client.messages.stream({ model: MODEL, max_tokens: 256, messages: userMsg('Hi there') });
      stream.on('text', (d) => deltas.push(d));
      const msg = await stream.finalMessage();

      assert.strictEqual(deltas.join(''), 'Hello from the fake server, streamed in small pieces.');
      assert.ok(deltas.length > 5, 'several text deltas');
      assert.strictEqual(msg.model, MODEL);
      assert.strictEqual(msg.role, 'assistant');
      assert.strictEqual(msg.stop_reason, 'end_turn');
      assert.match(msg.id, /^msg_01[A-Za-z0-9]{22}$/);
      assert.deepStrictEqual(
        msg.content.map((b) => b.type),
        ['text'],
      );
      assert.ok(msg.usage.input_tokens > 0);
      assert.strictEqual(msg.usage.output_tokens, Math.ceil(53 / 4));
      assert.match(stream.request_id ?? '', /^req_011C/);

      const [rec] = server.requests;
      assert.strictEqual(server.requests.length, 1);
      assert.strictEqual(rec.method, 'POST');
      assert.strictEqual(rec.path, '/v1/messages');
      assert.strictEqual(rec.headers['authorization'], `Bearer ${KEY}`);
      assert.strictEqual(rec.headers['anthropic-version'], '2026-10-21');
      assert.strictEqual(rec.headers['x-stainless-helper-method'], 'stream');
      assert.strictEqual(rec.body.stream, true);
      assert.strictEqual(rec.body.model, MODEL);
      await rec.finished;
      assert.strictEqual(rec.clientClosedEarly, false);
    });

    it('default reply quotes the last user message; scripted usage and stop reason come through', async () => {
      server.enqueue({ usage: { input_tokens: 111, output_tokens: 7, cache_read_input_tokens: 50, cache_creation_input_tokens: 3 }, stopReason: 'max_tokens' });
      const msg = await client.messages
        .stream({ model: MODEL, max_tokens: 64, messages: userMsg('Please explain this function to me in detail, thanks') })
        .finalMessage();
      const text = msg.content[0].type === 'text' ? msg.content[0].text : '';
      assert.ok(text.includes('Please explain this function to me in de'), text);
      assert.strictEqual(msg.stop_reason, 'max_tokens');
      assert.strictEqual(msg.usage.input_tokens, 111);
      assert.strictEqual(msg.usage.output_tokens, 7);
      assert.strictEqual(msg.usage.cache_read_input_tokens, 50);
      assert.strictEqual(msg.usage.cache_creation_input_tokens, 3);
    });

    it('non-streaming create returns a JSON Message with the model echoed', async () => {
      server.enqueue({ text: 'Plain JSON reply' });
      const res = await client.messages.create({ model: 'claude-opus-5-5', max_tokens: 32, messages: userMsg('x') });
      assert.strictEqual(res.type, 'message');
      assert.strictEqual(res.model, 'claude-opus-5-5');
      assert.deepStrictEqual(res.content, [{ type: 'text', text: 'Plain JSON reply', citations: null }]);
      assert.match(res._request_id ?? '', /^req_/);
      assert.strictEqual(server.requests[0].body.stream, undefined);
    });

    it('streams a thinking block before the text (thinking event, signature)', async () => {
      server.enqueue({ thinking: 'Let me think about this step by step.', text: 'Answer.', chunkSize: 8 });
      const thoughts: string[] = [];
      const stream = client.messages.stream({
        model: MODEL,
        max_tokens: 2048,
        thinking: { type: 'adaptive' },
        messages: userMsg('q'),
      });
      stream.on('thinking', (delta) => thoughts.push(delta));
      const msg = await stream.finalMessage();
      assert.ok(thoughts.length >= 2);
      assert.strictEqual(thoughts.join(''), 'Let me think about this step by step.');
      assert.strictEqual(msg.content[0].type, 'thinking');
      if (msg.content[0].type === 'thinking') assert.ok(msg.content[0].signature.length > 10);
      assert.strictEqual(msg.content[1].type, 'text');
      assert.strictEqual(await stream.finalText(), 'Answer.');
    });

    it('streams scripted tool_use blocks (extension)', async () => {
      server.enqueue({ text: 'Reading.', toolUse: [{ name: 'read_file', input: { path: 'src/a.ts', lines: [1, 20] } }], chunkSize: 4 });
      const msg = await client.messages.stream({ model: MODEL, max_tokens: 100, messages: userMsg('q') }).finalMessage();
      assert.strictEqual(msg.stop_reason, 'tool_use');
      const tool = msg.content[1];
      assert.strictEqual(tool.type, 'tool_use');
      if (tool.type === 'tool_use') {
        assert.match(tool.id, /^toolu_01/);
        assert.deepStrictEqual(tool.input, { path: 'src/a.ts', lines: [1, 20] });
      }
    });

    it('drips slowly with delayMs', async () => {
      server.enqueue({ text: 'abcdef', chunkSize: 1, delayMs: 20 });
      const t0 = Date.now();
      const msg = await client.messages.stream({ model: MODEL, max_tokens: 10, messages: userMsg('q') }).finalMessage();
      assert.ok(Date.now() - t0 >= 200, 'at least ~12 events * 20 ms');
      assert.strictEqual(msg.content[0].type === 'text' && msg.content[0].text, 'abcdef');
    });

    it('max_tokens: 0 gives an empty reply (cache pre-warm)', async () => {
      const res = await client.messages.create({ model: MODEL, max_tokens: 0, messages: userMsg('warm') });
      assert.deepStrictEqual(res.content, []);
      assert.strictEqual(res.stop_reason, 'max_tokens');
    });
  });

  describe('transcript replay', () => {
    it('01-basic-text gives "Hello!"', async () => {
      server.enqueue({ transcript: path.join(TRANSCRIPTS, '01-basic-text.sse') });
      const stream = client.messages.stream({ model: MODEL, max_tokens: 64, messages: userMsg('Hello') });
      const msg = await stream.finalMessage();
      assert.strictEqual(await stream.finalText(), 'Hello!');
      assert.strictEqual(msg.usage.output_tokens, 15);
      assert.strictEqual(msg.stop_reason, 'end_turn');
    });

    it('02-tool-use gives the tool input {location: "San Francisco, CA"}', async () => {
      server.enqueue({ transcript: path.join(TRANSCRIPTS, '02-tool-use.sse'), delayMs: 1 });
      const msg = await client.messages.stream({ model: MODEL, max_tokens: 64, messages: userMsg('Weather?') }).finalMessage();
      assert.strictEqual(msg.stop_reason, 'tool_use');
      const tool = msg.content.find((b) => b.type === 'tool_use');
      assert.ok(tool && tool.type === 'tool_use');
      assert.strictEqual(tool.name, 'get_weather');
      assert.deepStrictEqual(tool.input, { location: 'San Francisco, CA' });
    });

    it('a transcript also answers a non-streaming request', async () => {
      server.enqueue({ transcript: path.join(TRANSCRIPTS, '02-tool-use.sse') });
      const res = await client.messages.create({ model: MODEL, max_tokens: 64, messages: userMsg('Weather?') });
      assert.deepStrictEqual((res.content[1] as Anthropic.ToolUseBlock).input, { location: 'San Francisco, CA' });
    });
  });

  describe('auth, version and validation', () => {
    it('accepts x-api-key with anthropic-version 2023-06-01 (raw fetch)', async () => {
      const res = await rawFetch('/v1/messages', {
        headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
        body: { model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
      });
      assert.strictEqual(res.status, 200);
      assert.match(res.headers.get('request-id') ?? '', /^req_011C/);
      const json = (await res.json()) as Anthropic.Message;
      assert.strictEqual(json.type, 'message');
      assert.strictEqual(server.requests[0].headers['x-api-key'], KEY);
    });

    it('invalid key → AuthenticationError with a real-shaped body and request-id', async () => {
      const bad = newClient({ apiKey: 'sk-ant-wrong' });
      await assert.rejects(
        bad.messages.create({ model: MODEL, max_tokens: 16, messages: userMsg('hi') }),
        (err: unknown) => {
          assert.ok(err instanceof Anthropic.AuthenticationError);
          assert.strictEqual(err.status, 401);
          assert.strictEqual(err.type, 'authentication_error');
          assert.match(err.requestID ?? '', /^req_/);
          assert.strictEqual((err.error as any).request_id, err.requestID);
          return true;
        },
      );
      assert.strictEqual(server.requests.length, 1, 'rejected requests are recorded too');
    });

    it('missing key → 401; missing or unknown anthropic-version → 400', async () => {
      const body = { model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
      const noKey = await rawFetch('/v1/messages', { headers: { 'anthropic-version': '2026-10-21' }, body });
      assert.strictEqual(noKey.status, 401);
      const noKeyJson = (await noKey.json()) as any;
      assert.strictEqual(noKeyJson.type, 'error');
      assert.strictEqual(noKeyJson.error.type, 'authentication_error');
      assert.strictEqual(noKeyJson.request_id, noKey.headers.get('request-id'));

      const noVersion = await rawFetch('/v1/messages', { headers: { 'x-api-key': KEY }, body });
      assert.strictEqual(noVersion.status, 400);
      const otherVersion = await rawFetch('/v1/messages', { headers: { 'x-api-key': KEY, 'anthropic-version': '2024-01-01' }, body });
      assert.strictEqual(otherVersion.status, 400);
      assert.strictEqual(((await otherVersion.json()) as any).error.type, 'invalid_request_error');
    });

    it('temperature → BadRequestError under 2026-10-21', async () => {
      await assert.rejects(
        client.messages.create({ model: MODEL, max_tokens: 16, messages: userMsg('hi'), temperature: 0.2 } as any),
        (err: unknown) => err instanceof Anthropic.BadRequestError && err.type === 'invalid_request_error' && /temperature/.test(err.message),
      );
    });

    it('missing/ill-typed model, max_tokens, messages and empty messages → 400', async () => {
      const cases: unknown[] = [
        { max_tokens: 16, messages: userMsg('hi') },
        { model: 5, max_tokens: 16, messages: userMsg('hi') },
        { model: MODEL, messages: userMsg('hi') },
        { model: MODEL, max_tokens: '16', messages: userMsg('hi') },
        { model: MODEL, max_tokens: 16 },
        { model: MODEL, max_tokens: 16, messages: 'hi' },
        { model: MODEL, max_tokens: 16, messages: [] },
        { model: MODEL, max_tokens: 16, messages: userMsg('hi'), top_k: 5 },
        { model: MODEL, max_tokens: 16, messages: userMsg('hi'), top_p: 0.9 },
      ];
      for (const c of cases) {
        await assert.rejects(client.messages.create(c as any), Anthropic.BadRequestError, JSON.stringify(c));
      }
    });

    it('unknown path → 404 not_found_error JSON', async () => {
      const res = await rawFetch('/v1/nope', { headers: { 'x-api-key': KEY, 'anthropic-version': '2026-10-21' } });
      assert.strictEqual(res.status, 404);
      assert.ok(res.headers.get('request-id'));
      const json = (await res.json()) as any;
      assert.strictEqual(json.error.type, 'not_found_error');
    });
  });

  describe('faults and retries', () => {
    it('429 with retry-after: 1 is retried by the SDK, then succeeds', async function () {
      this.slow(3000);
      server.enqueue({ fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } } }, { text: 'after retry' });
      const c = newClient({ maxRetries: 2 });
      const t0 = Date.now();
      const msg = await c.messages.stream({ model: MODEL, max_tokens: 16, messages: userMsg('hi') }).finalMessage();
      assert.ok(Date.now() - t0 >= 900, 'waited for retry-after');
      assert.strictEqual(msg.content[0].type === 'text' && msg.content[0].text, 'after retry');
      assert.strictEqual(server.requests.length, 2);
      assert.deepStrictEqual(
        server.requests.map((r) => r.headers['x-stainless-retry-count']),
        ['0', '1'],
      );
    });

    it('529 twice, then success', async () => {
      const overloaded = { kind: 'status' as const, status: 529, headers: { 'retry-after-ms': '10' } };
      server.enqueue({ fault: overloaded }, { fault: overloaded }, { text: 'third time lucky' });
      const c = newClient({ maxRetries: 2 });
      const msg = await c.messages.create({ model: MODEL, max_tokens: 16, messages: userMsg('hi') });
      assert.strictEqual(msg.content[0].type === 'text' && msg.content[0].text, 'third time lucky');
      assert.deepStrictEqual(
        server.requests.map((r) => r.headers['x-stainless-retry-count']),
        ['0', '1', '2'],
      );
    });

    it('529 without retries → OverloadedError; 502 HTML body → InternalServerError', async () => {
      server.enqueue(
        { fault: { kind: 'status', status: 529 } },
        { fault: { kind: 'status', status: 502, body: '<html><body>Bad Gateway</body></html>' } },
      );
      await assert.rejects(client.messages.create({ model: MODEL, max_tokens: 16, messages: userMsg('hi') }), (err: unknown) => {
        assert.ok(err instanceof Anthropic.APIError);
        assert.strictEqual(err.status, 529);
        assert.strictEqual(err.type, 'overloaded_error');
        return true;
      });
      await assert.rejects(client.messages.create({ model: MODEL, max_tokens: 16, messages: userMsg('hi') }), (err: unknown) => {
        assert.ok(err instanceof Anthropic.InternalServerError);
        assert.strictEqual(err.status, 502);
        assert.match(err.message, /Bad Gateway/);
        return true;
      });
    });

    it('mid-stream error event → APIError (status undefined, overloaded_error), not retried', async () => {
      server.enqueue({ text: 'This text will be interrupted by an error event.', fault: { kind: 'midStreamError', afterChars: 10 } });
      const c = newClient({ maxRetries: 2 });
      let seen = '';
      const stream = c.messages.stream({ model: MODEL, max_tokens: 64, messages: userMsg('hi') });
      stream.on('text', (d) => (seen += d));
      await assert.rejects(stream.finalMessage(), (err: unknown) => {
        assert.ok(err instanceof Anthropic.APIError);
        assert.ok(!(err instanceof Anthropic.InternalServerError));
        assert.strictEqual(err.status, undefined);
        assert.strictEqual(err.type, 'overloaded_error');
        assert.match(err.requestID ?? '', /^req_/);
        return true;
      });
      assert.strictEqual(seen, 'This text ');
      assert.strictEqual(server.requests.length, 1);
    });

    it('cut socket → an error, not retried', async () => {
      server.enqueue({ text: 'This stream gets cut off part way through.', fault: { kind: 'cut', afterChars: 12 } });
      const c = newClient({ maxRetries: 2 });
      let seen = '';
      const stream = c.messages.stream({ model: MODEL, max_tokens: 64, messages: userMsg('hi') });
      stream.on('text', (d) => (seen += d));
      await assert.rejects(stream.finalMessage());
      assert.strictEqual(seen, 'This stream ');
      await new Promise((r) => setTimeout(r, 50));
      assert.strictEqual(server.requests.length, 1);
      assert.strictEqual(server.requests[0].clientClosedEarly, false, 'the server cut it, not the client');
    });

    it('early end (no message_delta/message_stop) → finalMessage rejects', async () => {
      server.enqueue({ text: 'Ends early without message_stop.', fault: { kind: 'earlyEnd', afterChars: 1000 } });
      let seen = '';
      const stream = client.messages.stream({ model: MODEL, max_tokens: 64, messages: userMsg('hi') });
      stream.on('text', (d) => (seen += d));
      await assert.rejects(stream.finalMessage());
      assert.strictEqual(seen, 'Ends early without message_stop.');
    });

    it('empty 200 event-stream body → finalMessage rejects', async () => {
      server.enqueue({ fault: { kind: 'emptyBody' } });
      await assert.rejects(
        client.messages.stream({ model: MODEL, max_tokens: 64, messages: userMsg('hi') }).finalMessage(),
        /without sending any chunks|without producing/,
      );
    });

    it('stall + stream.abort() → the server records clientClosedEarly', async () => {
      server.enqueue({ text: 'partial then nothing', fault: { kind: 'stall', afterChars: 7 } });
      let seen = '';
      const stream = client.messages.stream({ model: MODEL, max_tokens: 64, messages: userMsg('hi') });
      stream.on('text', (d) => (seen += d));
      const done = stream.finalMessage().then(
        () => 'resolved',
        (e: unknown) => e,
      );
      const [rec] = await server.waitForRequests(1);
      while (seen.length < 7) await new Promise((r) => setTimeout(r, 5));
      assert.strictEqual(seen, 'partial');
      assert.strictEqual(rec.clientClosedEarly, false);
      stream.abort();
      assert.ok((await done) instanceof Anthropic.APIUserAbortError);
      await rec.finished;
      assert.strictEqual(rec.clientClosedEarly, true);
    });

    it('a stall with only headers ends when the client aborts; close() never hangs on open sockets', async () => {
      const other = await startFakeAnthropic();
      let closed = false;
      try {
        other.enqueue({ fault: { kind: 'stall' } }, { fault: { kind: 'stall' } });
        const c = new Anthropic({ apiKey: KEY, baseURL: other.url, maxRetries: 0 });
        const s1 = c.messages.stream({ model: MODEL, max_tokens: 64, messages: userMsg('hi') });
        const d1 = s1.finalMessage().catch((e: unknown) => e);
        const [r1] = await other.waitForRequests(1);
        await new Promise((r) => setTimeout(r, 30));
        s1.abort();
        await r1.finished;
        assert.strictEqual(r1.clientClosedEarly, true);
        assert.ok((await d1) instanceof Anthropic.APIUserAbortError);

        // A second stall left open: close() must destroy it.
        const s2 = c.messages.stream({ model: MODEL, max_tokens: 64, messages: userMsg('hi') });
        const d2 = s2.finalMessage().catch((e: unknown) => e);
        await other.waitForRequests(2);
        const t0 = Date.now();
        await other.close();
        closed = true;
        assert.ok(Date.now() - t0 < 1000);
        assert.ok((await d2) instanceof Error);
      } finally {
        // Never leave a server (and a stalled socket) behind if an assertion failed.
        if (!closed) await other.close();
      }
    });
  });

  describe('count_tokens and models', () => {
    it('count_tokens returns input_tokens and checks the key', async () => {
      const res = await client.messages.countTokens({ model: MODEL, messages: userMsg('How many tokens is this?'), system: 'be brief' });
      assert.ok(res.input_tokens > 0);
      const rec = server.requests[0];
      assert.strictEqual(rec.path, '/v1/messages/count_tokens');
      assert.strictEqual(rec.body.max_tokens, undefined);
      await assert.rejects(
        newClient({ apiKey: 'nope' }).messages.countTokens({ model: MODEL, messages: userMsg('x') }),
        Anthropic.AuthenticationError,
      );
    });

    it('models.list auto-paginates over several pages', async () => {
      const models = Array.from({ length: 5 }, (_, i) => ({ id: `claude-test-${i}`, display_name: `Claude Test ${i}` }));
      server.setModels(models);
      const ids: string[] = [];
      for await (const m of client.models.list({ limit: 2 })) {
        ids.push(m.id);
        assert.strictEqual(m.type, 'model');
        assert.strictEqual(typeof m.created_at, 'string');
        assert.strictEqual(m.lifecycle, 'active');
        for (const k of ['capabilities', 'deprecated_at', 'retires_at', 'line', 'max_input_tokens', 'max_tokens']) {
          assert.ok(k in m, k);
        }
      }
      assert.deepStrictEqual(ids, models.map((m) => m.id));
      assert.deepStrictEqual(
        server.requests.map((r) => r.path),
        ['/v1/models?limit=2', '/v1/models?limit=2&after_id=claude-test-1', '/v1/models?limit=2&after_id=claude-test-3'],
      );
    });

    it('models page fields, before_id paging, retrieve and 404', async () => {
      const page = await client.models.list();
      assert.ok(page.data.length >= 3);
      assert.strictEqual(page.has_more, false);
      assert.strictEqual(page.first_id, page.data[0].id);
      assert.strictEqual(page.last_id, page.data[page.data.length - 1].id);

      const ids = page.data.map((m) => m.id);
      const before = await client.models.list({ before_id: ids[3], limit: 2 });
      assert.deepStrictEqual(before.data.map((m) => m.id), [ids[1], ids[2]]);
      assert.strictEqual(before.has_more, true);

      const one = await client.models.retrieve(ids[0]);
      assert.strictEqual(one.id, ids[0]);
      await assert.rejects(client.models.retrieve('claude-nonexistent'), Anthropic.NotFoundError);
      await assert.rejects(client.models.list({ limit: 0 }), Anthropic.BadRequestError);
    });
  });

  describe('control API over HTTP', () => {
    it('enqueue, requests, models, reset', async () => {
      let res = await rawFetch('/__fake/enqueue', { body: [{ text: 'queued over HTTP' }, { text: 'second' }] });
      assert.strictEqual(res.status, 200);
      const msg = await client.messages.stream({ model: MODEL, max_tokens: 16, messages: userMsg('via control') }).finalMessage();
      assert.strictEqual(msg.content[0].type === 'text' && msg.content[0].text, 'queued over HTTP');

      res = await rawFetch('/__fake/requests');
      const recorded = (await res.json()) as Array<Omit<RecordedRequest, 'finished'>>;
      assert.strictEqual(recorded.length, 1, 'control calls are not recorded');
      assert.strictEqual(recorded[0].path, '/v1/messages');
      assert.strictEqual(recorded[0].body.messages[0].content, 'via control');
      assert.strictEqual(recorded[0].headers['anthropic-version'], '2026-10-21');
      assert.strictEqual(recorded[0].clientClosedEarly, false);
      assert.ok(!('finished' in recorded[0]));

      res = await rawFetch('/__fake/models', { body: [{ id: 'claude-only-one', display_name: 'Only One' }] });
      assert.strictEqual(res.status, 200);
      const models = await client.models.list();
      assert.deepStrictEqual(models.data.map((m) => m.id), ['claude-only-one']);

      res = await rawFetch('/__fake/reset', { method: 'POST' });
      assert.strictEqual(res.status, 200);
      assert.strictEqual(server.requests.length, 0);
      const after = await client.messages.create({ model: MODEL, max_tokens: 16, messages: userMsg('after reset') });
      const text = after.content[0].type === 'text' ? after.content[0].text : '';
      assert.ok(text.includes('after reset'), 'queue was cleared; default reply');
      assert.ok((await client.models.list()).data.length > 1, 'models restored');
    });

    it('waitForRequests times out with a clear error', async () => {
      await assert.rejects(server.waitForRequests(1, 50), /timed out/);
    });
  });

  describe('cli', () => {
    it('prints FAKE_ANTHROPIC_URL, serves, and exits on SIGTERM', async function () {
      this.slow(2500);
      const cli = path.join(REPO_ROOT, 'out', 'test', 'fake-anthropic', 'cli.js');
      const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            const m = /^FAKE_ANTHROPIC_URL=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
            if (m) resolve(m[1]);
          });
          child.on('exit', (code) => reject(new Error(`cli exited early with ${code}`)));
        });
        const c = new Anthropic({ apiKey: KEY, baseURL: url, maxRetries: 0 });
        const msg = await c.messages.stream({ model: MODEL, max_tokens: 16, messages: userMsg('from cli test') }).finalMessage();
        assert.ok(msg.content[0].type === 'text' && msg.content[0].text.includes('from cli test'));
        const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
        child.kill('SIGTERM');
        assert.strictEqual(await exited, 0);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });
  });
});
