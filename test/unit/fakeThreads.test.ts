// The fake Anthropic server's message threads (beta message-threads-2026-08-12), driven by the
// real SDK's thread helper and tool runner: a create then continues that send only the new
// messages and are answered (usage, prompt cache, checks) as the whole conversation; a forgotten
// or expired thread (404, replayed by the helper as a create); a response continued twice; system
// or tools in a continue; a changed fingerprint; a continue in flight; an aborted stream that
// stores nothing; error bodies the SDK maps to its thread error classes.
import * as assert from 'assert';
import Anthropic from '@anthropic-ai/sdk';
import type { BetaMessageStream } from '@anthropic-ai/sdk/lib/BetaMessageStream';
import type { BetaMessage, BetaMessageParam, BetaTool } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest } from '../fake-anthropic/server';

const KEY = 'sk-ant-test-key';
const MODEL = 'claude-sonnet-5-5';
const BETA = 'message-threads-2026-08-12';
const EPHEMERAL = { type: 'ephemeral' } as const;
const SYSTEM = 'You are a careful assistant for a TypeScript workspace.';
/** ~1,300 tokens: long enough to be cached. */
const LONG_SYSTEM = 'You are a careful assistant for a TypeScript workspace; read files before you answer. '.repeat(60);
const FIVE_MINUTES = 5 * 60_000;

const READ_FILE: BetaTool = {
  name: 'read_file',
  description: 'Read a file of the workspace',
  input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

const user = (content: string): BetaMessageParam => ({ role: 'user', content });
const textOf = (m: BetaMessage): string => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
const promptTokens = (u: BetaMessage['usage']) => u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0);

type ApiError = InstanceType<typeof Anthropic.APIError>;
type ApiErrorClass = abstract new (...args: never[]) => ApiError;

/** Checks an error as the SDK raised it: its class, status, error.type, error_code and a real-shaped body. */
function apiError(cls: ApiErrorClass, status: number, type: string, code: string | null, message?: RegExp) {
  return (err: unknown): true => {
    assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
    assert.strictEqual(err.status, status);
    assert.strictEqual(err.type, type);
    assert.strictEqual(err.errorCode, code);
    const body = err.error as { type: string; error: { type: string; message: string; details?: { error_code: string } }; request_id: string };
    assert.strictEqual(body.type, 'error');
    assert.strictEqual(body.error.type, type);
    assert.strictEqual(body.error.details?.error_code, code ?? undefined);
    assert.strictEqual(body.request_id, err.requestID);
    if (message) assert.match(body.error.message, message);
    return true;
  };
}

describe('fake Anthropic server: message threads', function () {
  this.timeout(5000);
  this.slow(1500);

  let server: FakeAnthropic;
  let client: Anthropic;
  let clock = 0;

  before(async () => {
    server = await startFakeAnthropic({ now: () => clock });
    client = new Anthropic({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    clock = 1_000_000;
  });

  const newThread = (extra: { model?: string; thinking?: Anthropic.Beta.BetaThinkingConfigParam } = {}) =>
    client.beta.messages.thread({ model: MODEL, max_tokens: 256, system: SYSTEM, tools: [READ_FILE], ...extra });

  /** A continue sent by hand (not by the helper), as the SDK's create sends it. */
  const continueFrom = (id: string, messages: BetaMessageParam[], extra: Partial<Anthropic.Beta.MessageCreateParamsNonStreaming> = {}) =>
    client.beta.messages.create({ model: MODEL, max_tokens: 256, messages, thread: { type: 'continue', previous_message_id: id }, betas: [BETA], ...extra });

  /** The same, streamed. */
  const streamContinueFrom = (id: string, messages: BetaMessageParam[]) =>
    client.beta.messages.stream({ model: MODEL, max_tokens: 256, messages, thread: { type: 'continue', previous_message_id: id }, betas: [BETA] });

  const thread = (r: RecordedRequest) => r.body.thread;

  it('a create then continues: each continue sends only the new messages, no system or tools; the reply and usage are the whole conversation’s', async () => {
    server.enqueue({ text: 'First reply.' });
    const t = newThread();
    const first = await t.send(user('Hello there'));
    assert.strictEqual(textOf(first), 'First reply.');
    // Streamed, then a turn that continues from the streamed reply.
    const second = await t.stream(user('And again')).finalMessage();
    const third = await t.send(user('Once more'));
    // The default reply quotes the last user message of the rebuilt conversation.
    assert.strictEqual(textOf(second), 'You said: "And again". This is a reply from the fake Anthropic server.');
    assert.strictEqual(textOf(third), 'You said: "Once more". This is a reply from the fake Anthropic server.');

    const [create, cont1, cont2] = server.requests;
    assert.strictEqual(server.requests.length, 3);
    assert.deepStrictEqual(thread(create), { type: 'create' });
    assert.match(String(create.headers['anthropic-beta']), new RegExp(BETA));
    assert.strictEqual(create.body.system, SYSTEM);
    assert.deepStrictEqual(create.body.tools, [READ_FILE]);
    assert.strictEqual(create.rebuiltBody, undefined);
    for (const [r, prev, text] of [
      [cont1, first, 'And again'],
      [cont2, second, 'Once more'],
    ] as const) {
      assert.deepStrictEqual(thread(r), { type: 'continue', previous_message_id: prev.id });
      assert.match(String(r.headers['anthropic-beta']), new RegExp(BETA));
      // The recorded body is what the client sent: one message, no system, no tools.
      assert.deepStrictEqual(r.body.messages, [user(text)]);
      assert.ok(!('system' in r.body) && !('tools' in r.body), JSON.stringify(r.body));
    }
    assert.strictEqual(cont1.body.stream, true);
    // What the fake answered: the whole conversation, with the thread's system and tools.
    const rebuilt = cont2.rebuiltBody!;
    assert.deepStrictEqual(rebuilt.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant', 'user']);
    assert.strictEqual(rebuilt.system, SYSTEM);
    assert.deepStrictEqual(rebuilt.tools, [READ_FILE]);

    // Usage counts the whole conversation: the same as sending it whole without a thread.
    const whole = async (messages: BetaMessageParam[]) =>
      (await client.beta.messages.create({ model: MODEL, max_tokens: 256, system: SYSTEM, tools: [READ_FILE], messages })).usage.input_tokens;
    const history = t.messages;
    assert.strictEqual(history.length, 6);
    assert.strictEqual(second.usage.input_tokens, await whole(history.slice(0, 3)));
    assert.strictEqual(third.usage.input_tokens, await whole(history.slice(0, 5)));
    assert.ok(third.usage.input_tokens > second.usage.input_tokens && second.usage.input_tokens > first.usage.input_tokens);
  });

  it('a forgotten thread: the continue gets 404 thread_not_found and the helper replays the whole history as a create', async () => {
    const t = newThread();
    const first = await t.send(user('Hello there'));
    assert.strictEqual(server.forgetThreads(), 1);
    server.enqueue({ text: 'After the replay.' });
    const reply = await t.send(user('Still there?'));
    // The caller sees a normal reply (the rejected continue did not take the queued script).
    assert.strictEqual(textOf(reply), 'After the replay.');

    const [, cont, replay] = server.requests;
    assert.strictEqual(server.requests.length, 3);
    assert.deepStrictEqual(thread(cont), { type: 'continue', previous_message_id: first.id });
    assert.deepStrictEqual(cont.body.messages, [user('Still there?')]);
    assert.strictEqual(cont.rebuiltBody, undefined);
    assert.deepStrictEqual(thread(replay), { type: 'create' });
    assert.deepStrictEqual(replay.body.messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.strictEqual(replay.body.system, SYSTEM);
    assert.deepStrictEqual(replay.body.tools, [READ_FILE]);

    // The 404 as the SDK sees it.
    await assert.rejects(continueFrom(first.id, [user('x')]), apiError(Anthropic.ThreadNotFoundError, 404, 'not_found_error', 'thread_not_found', new RegExp(first.id)));
    // The replay stored a new thread: the next turn continues from it.
    await t.send(user('Good.'));
    assert.deepStrictEqual(thread(server.requests[4]), { type: 'continue', previous_message_id: reply.id });
    assert.deepStrictEqual(server.requests[4].body.messages, [user('Good.')]);
    assert.strictEqual(server.requests.length, 5);
  });

  it('a thread expires 5 minutes after its last stored response (the fake’s clock); each stored response restarts the window', async () => {
    const t = newThread();
    await t.send(user('one'));
    clock += FIVE_MINUTES - 1;
    await t.send(user('two'));
    clock += FIVE_MINUTES - 1;
    await t.send(user('three'));
    assert.deepStrictEqual(server.requests.map((r) => thread(r)?.type), ['create', 'continue', 'continue']);
    clock += FIVE_MINUTES;
    const expiredFrom = t.previousMessageId!;
    await t.send(user('four'));
    assert.deepStrictEqual(server.requests.map((r) => thread(r)?.type), ['create', 'continue', 'continue', 'continue', 'create']);
    assert.strictEqual(server.requests[4].body.messages.length, 7);
    await assert.rejects(continueFrom(expiredFrom, [user('x')]), apiError(Anthropic.ThreadNotFoundError, 404, 'not_found_error', 'thread_not_found'));
  });

  it('a response continued twice → 400 thread_already_continued; the thread’s latest response still continues', async () => {
    const t = newThread();
    const first = await t.send(user('Hello there'));
    const second = await t.send(user('And again'));
    await assert.rejects(
      continueFrom(first.id, [user('A branch')]),
      apiError(Anthropic.ThreadAlreadyContinuedError, 400, 'invalid_request_error', 'thread_already_continued', new RegExp(first.id)),
    );
    const third = await continueFrom(second.id, [user('Once more')]);
    assert.strictEqual(textOf(third), 'You said: "Once more". This is a reply from the fake Anthropic server.');
    assert.strictEqual(server.requests.at(-1)!.rebuiltBody!.messages.length, 5);
  });

  it('system or tools in a continue → 400 invalid_request_error naming the field; the response can still be continued', async () => {
    const first = await newThread().send(user('Hello there'));
    await assert.rejects(continueFrom(first.id, [user('x')], { system: SYSTEM }), apiError(Anthropic.BadRequestError, 400, 'invalid_request_error', null, /^system: /));
    await assert.rejects(continueFrom(first.id, [user('x')], { tools: [READ_FILE] }), apiError(Anthropic.BadRequestError, 400, 'invalid_request_error', null, /^tools: /));
    await continueFrom(first.id, [user('Fine.')]);
  });

  it('a continue is checked as the whole conversation: a tool_use answered by no tool_result → the API’s 400', async () => {
    server.enqueue({ text: 'Reading.', toolUse: [{ name: 'read_file', input: { path: 'a.ts' }, id: 'toolu_A' }] });
    const first = await newThread().send(user('What does a.ts export?'));
    assert.strictEqual(first.stop_reason, 'tool_use');
    await assert.rejects(
      continueFrom(first.id, [user('Never mind.')]),
      apiError(Anthropic.BadRequestError, 400, 'invalid_request_error', null, /^messages\.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_A\./),
    );
    await continueFrom(first.id, [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_A', content: 'export const a = 1;' }] }]);
  });

  it('a message’s cache_control counts for the request that sent it: turns that each mark their message stay within 4 breakpoints', async () => {
    const t = client.beta.messages.thread({ model: MODEL, max_tokens: 64, system: [{ type: 'text', text: LONG_SYSTEM, cache_control: EPHEMERAL }], cache_control: EPHEMERAL });
    const marked = (text: string): BetaMessageParam => ({ role: 'user', content: [{ type: 'text', text, cache_control: EPHEMERAL }] });
    for (const text of ['one', 'two', 'three', 'four', 'five']) await t.send(marked(text));
    assert.deepStrictEqual(server.requests.map((r) => thread(r)?.type), ['create', 'continue', 'continue', 'continue', 'continue']);
    // The thread's system marker is still a breakpoint: the last turn reads the cached system prompt.
    const last = await t.send(marked('six'));
    assert.ok((last.usage.cache_read_input_tokens ?? 0) > 1000, JSON.stringify(last.usage));
  });

  it('a changed model or thinking → 400 thread_fingerprint_mismatch naming the field (not replayed by the helper); max_tokens may change', async () => {
    const t = newThread();
    const first = await t.send(user('Hello there'));
    t.update({ model: 'claude-opus-5-5' });
    await assert.rejects(
      t.send(user('Now with Opus')),
      apiError(Anthropic.ThreadFingerprintMismatchError, 400, 'invalid_request_error', 'thread_fingerprint_mismatch', /^`model` differs/),
    );
    assert.strictEqual(server.requests.length, 2);
    await assert.rejects(
      continueFrom(first.id, [user('x')], { thinking: { type: 'adaptive' } }),
      apiError(Anthropic.ThreadFingerprintMismatchError, 400, 'invalid_request_error', 'thread_fingerprint_mismatch', /^`thinking` differs/),
    );
    // Not fingerprinted (an assumption of the fake): max_tokens.
    t.update({ model: MODEL, max_tokens: 512 });
    await t.send(user('Back to Sonnet'));
    assert.deepStrictEqual(thread(server.requests.at(-1)!), { type: 'continue', previous_message_id: first.id });
  });

  it('the tool runner over a thread (client.beta.messages.toolRunner): the tool_result turn is a continue, and reads the prompt cache of the whole conversation', async () => {
    server.enqueue({ text: 'Reading a.ts.', toolUse: [{ name: 'read_file', input: { path: 'a.ts' } }] }, { text: 'a.ts exports a.' });
    const calls: unknown[] = [];
    const runner = client.beta.messages.toolRunner({
      model: MODEL,
      max_tokens: 256,
      system: [{ type: 'text', text: LONG_SYSTEM, cache_control: EPHEMERAL }],
      tools: [
        {
          ...READ_FILE,
          cache_control: EPHEMERAL,
          parse: (input: unknown) => input,
          run: (input: unknown) => {
            calls.push(input);
            return 'export const a = 1;';
          },
        },
      ],
      messages: [user('What does a.ts export?')],
      cache_control: EPHEMERAL,
      stream: true,
    });
    const replies: BetaMessage[] = [];
    for await (const stream of runner) replies.push(await stream.finalMessage());
    assert.deepStrictEqual(calls, [{ path: 'a.ts' }]);
    assert.deepStrictEqual(replies.map(textOf), ['Reading a.ts.', 'a.ts exports a.']);

    const [create, cont] = server.requests;
    assert.strictEqual(server.requests.length, 2);
    assert.deepStrictEqual(thread(create), { type: 'create' });
    assert.strictEqual(create.body.tools?.length, 1);
    const toolUse = replies[0].content.find((b) => b.type === 'tool_use');
    assert.ok(toolUse?.type === 'tool_use');
    assert.deepStrictEqual(thread(cont), { type: 'continue', previous_message_id: replies[0].id });
    assert.deepStrictEqual(cont.body.messages, [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'export const a = 1;' }] }]);
    assert.ok(!('system' in cont.body) && !('tools' in cont.body));
    assert.deepStrictEqual(cont.rebuiltBody!.messages.map((m) => m.role), ['user', 'assistant', 'user']);
    // The prompt cache works over the rebuilt conversation: the system prompt written by the create is read.
    const { usage } = replies[1];
    assert.ok((usage.cache_read_input_tokens ?? 0) > 1000, JSON.stringify(usage));
    assert.ok(promptTokens(usage) > promptTokens(replies[0].usage));
  });

  it('a stream aborted before message_stop stores nothing: a continue from its id is a 404; an aborted continue leaves its previous response continuable', async () => {
    const slow = { text: 'A long reply that the client stops part way through, long before the end.', chunkSize: 4, delayMs: 15 };
    const abortAfterText = async (stream: BetaMessageStream, rec: Promise<RecordedRequest>) => {
      let id = '';
      let seen = '';
      stream.on('streamEvent', (e) => {
        if (e.type === 'message_start') id = e.message.id;
      });
      stream.on('text', (d) => (seen += d));
      const done = stream.finalMessage().catch((e: unknown) => e);
      while (seen.length < 8) await new Promise((r) => setTimeout(r, 5));
      stream.abort();
      assert.ok((await done) instanceof Anthropic.APIUserAbortError);
      const r = await rec;
      await r.finished;
      assert.strictEqual(r.clientClosedEarly, true);
      return id;
    };

    server.enqueue(slow);
    const n = server.requests.length;
    const created = client.beta.messages.stream({ model: MODEL, max_tokens: 256, messages: [user('Hello there')], thread: { type: 'create' }, betas: [BETA] });
    const abortedId = await abortAfterText(created, server.waitForRequests(n + 1).then((rs) => rs[n]));
    assert.match(abortedId, /^msg_/);
    await assert.rejects(continueFrom(abortedId, [user('x')]), apiError(Anthropic.ThreadNotFoundError, 404, 'not_found_error', 'thread_not_found'));

    // A continue aborted part way: its previous response is neither continued nor in flight afterwards.
    const first = await newThread().send(user('Hello there'));
    server.enqueue(slow);
    const m = server.requests.length;
    const cont = streamContinueFrom(first.id, [user('Go on')]);
    const abortedContinue = await abortAfterText(cont, server.waitForRequests(m + 1).then((rs) => rs[m]));
    await assert.rejects(continueFrom(abortedContinue, [user('x')]), Anthropic.ThreadNotFoundError);
    await continueFrom(first.id, [user('Go on')]);
  });

  it('a continue while another from the same response is streaming → 400 thread_continue_in_flight; once it ends, thread_already_continued', async () => {
    const first = await newThread().send(user('Hello there'));
    server.enqueue({ text: 'Slowly, slowly.', chunkSize: 2, delayMs: 20 });
    const stream = streamContinueFrom(first.id, [user('Go on')]);
    await server.waitForRequests(2);
    await assert.rejects(
      continueFrom(first.id, [user('Me too')]),
      apiError(Anthropic.ThreadContinueInFlightError, 400, 'invalid_request_error', 'thread_continue_in_flight', new RegExp(first.id)),
    );
    const second = await stream.finalMessage();
    assert.strictEqual(textOf(second), 'Slowly, slowly.');
    await assert.rejects(continueFrom(first.id, [user('Me too')]), Anthropic.ThreadAlreadyContinuedError);
    await continueFrom(second.id, [user('Next')]);
  });

  it('`thread` needs the beta header; `thread: null` or none is a plain request; a malformed thread → 400', async () => {
    await assert.rejects(
      client.beta.messages.create({ model: MODEL, max_tokens: 64, messages: [user('hi')], thread: { type: 'create' } }),
      apiError(Anthropic.BadRequestError, 400, 'invalid_request_error', null, new RegExp(`^thread: .*anthropic-beta: ${BETA}`)),
    );
    const plain = await client.beta.messages.create({ model: MODEL, max_tokens: 64, messages: [user('hi')], thread: null });
    // A plain reply is not stored.
    await assert.rejects(continueFrom(plain.id, [user('x')]), Anthropic.ThreadNotFoundError);
    const bad = (t: unknown) =>
      client.beta.messages.create({ model: MODEL, max_tokens: 64, messages: [user('hi')], betas: [BETA], thread: t as Anthropic.Beta.BetaMessageThreadParam });
    await assert.rejects(bad({ type: 'fork' }), apiError(Anthropic.BadRequestError, 400, 'invalid_request_error', null, /^thread: Input tag 'fork'/));
    await assert.rejects(bad({ type: 'continue' }), apiError(Anthropic.BadRequestError, 400, 'invalid_request_error', null, /^thread\.continue\.previous_message_id: Field required/));
    // The beta may come among others, in one header.
    await client.beta.messages.create({ model: MODEL, max_tokens: 64, messages: [user('hi')], thread: { type: 'create' }, betas: ['token-counting-2024-11-01', BETA] });
  });

  it('a scripted thread_unsupported_request (status fault with details) reaches the SDK; the helper can go on unthreaded', async () => {
    const unsupported = { kind: 'status' as const, status: 400, message: 'thinking is not supported with thread.', details: { error_code: 'thread_unsupported_request', unsupported: ['thinking'] } };
    server.enqueue({ fault: unsupported });
    await assert.rejects(newThread().send(user('hi')), (err: unknown) => {
      apiError(Anthropic.ThreadUnsupportedRequestError, 400, 'invalid_request_error', 'thread_unsupported_request')(err);
      assert.deepStrictEqual((err as ApiError).details, { error_code: 'thread_unsupported_request', unsupported: ['thinking'] });
      return true;
    });
    server.enqueue({ fault: unsupported }, { text: 'Unthreaded.' });
    const t = client.beta.messages.thread({ model: MODEL, max_tokens: 64, unsupportedRequestBehavior: 'continue_unthreaded' });
    assert.strictEqual(textOf(await t.send(user('hi'))), 'Unthreaded.');
    assert.strictEqual(server.requests.at(-1)!.body.thread, undefined);
  });

  it('the control API forgets threads (POST /__fake/threads/forget); reset() forgets them too', async () => {
    const forget = async (body?: unknown) => {
      const res = await fetch(`${server.url}/__fake/threads/forget`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      assert.strictEqual(res.status, 200);
      return ((await res.json()) as { forgotten: number }).forgotten;
    };
    const a = await newThread().send(user('a'));
    const b = await newThread().send(user('b'));
    assert.strictEqual(await forget({ id: a.id }), 1);
    await assert.rejects(continueFrom(a.id, [user('x')]), Anthropic.ThreadNotFoundError);
    await continueFrom(b.id, [user('y')]);
    assert.strictEqual(await forget(), 2); // b and the reply to its continue
    const c = await newThread().send(user('c'));
    server.reset();
    await assert.rejects(continueFrom(c.id, [user('x')]), Anthropic.ThreadNotFoundError);
  });
});
