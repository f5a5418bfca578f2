// The fake Anthropic server's prompt cache, driven by the real SDK: writes and reads across
// requests (a tool loop), the minimum cacheable length, the 20-block lookback, the breakpoint
// limit and ttl rules, expiry and reset, and usage that adds up to the whole prompt.
import * as assert from 'assert';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';

const KEY = 'sk-ant-test-key';
const MODEL = 'claude-sonnet-5-5';
const EPHEMERAL = { type: 'ephemeral' } as const;
/** ~1,300 tokens: long enough to be cached. */
const LONG_SYSTEM = 'You are a careful assistant for a TypeScript workspace; read files before you answer. '.repeat(60);

const READ_FILE: Anthropic.Tool = {
  name: 'read_file',
  description: 'Read a file of the workspace',
  input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

type Usage = Anthropic.Usage;
const promptTokens = (u: Usage) => u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0);

/** Strips every cache_control from a request body, so the same prompt is sent with no breakpoint. */
function withoutBreakpoints<T>(body: T): T {
  return JSON.parse(JSON.stringify(body, (k, v: unknown) => (k === 'cache_control' ? undefined : v))) as T;
}

describe('fake Anthropic server: prompt caching', function () {
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

  const create = (body: Omit<Anthropic.MessageCreateParamsNonStreaming, 'model' | 'max_tokens'>) =>
    client.messages.create({ model: MODEL, max_tokens: 256, ...body });

  /** The same prompt sent without any breakpoint: all of it is input_tokens. */
  const wholePrompt = async (body: Omit<Anthropic.MessageCreateParamsNonStreaming, 'model' | 'max_tokens'>) => {
    const res = await create({ ...withoutBreakpoints(body), stream: false });
    assert.strictEqual(res.usage.cache_read_input_tokens, 0);
    assert.strictEqual(res.usage.cache_creation_input_tokens, 0);
    return res.usage.input_tokens;
  };

  it('a three-step tool loop with top-level cache_control reads the cached prefix on steps 2 and 3 (streamed)', async () => {
    server.enqueue(
      { text: 'Let me read a.ts.', toolUse: [{ name: 'read_file', input: { path: 'a.ts' } }] },
      { toolUse: [{ name: 'read_file', input: { path: 'b.ts' } }] },
      { text: 'a.ts exports a, b.ts exports b.' },
    );
    const base = {
      tools: [{ ...READ_FILE, cache_control: EPHEMERAL }],
      system: [{ type: 'text' as const, text: LONG_SYSTEM, cache_control: EPHEMERAL }],
      cache_control: EPHEMERAL,
    };
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'What do a.ts and b.ts export?' }];
    const steps: Array<{ start: Usage; final: Usage; whole: number }> = [];
    for (const result of ['export const a = 1;', 'export const b = 2;', undefined]) {
      const body = { model: MODEL, max_tokens: 256, ...base, messages: messages.slice() };
      let start: Usage | undefined;
      const stream = client.messages.stream(body);
      stream.on('streamEvent', (e) => {
        if (e.type === 'message_start') start = { ...e.message.usage }; // the SDK updates its snapshot in place
      });
      const msg = await stream.finalMessage();
      steps.push({ start: start!, final: msg.usage, whole: 0 });
      if (result === undefined) break;
      const call = msg.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
      messages.push({ role: 'assistant', content: msg.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: result }] });
    }
    // The whole prompt of each step, measured by sending it again without breakpoints (no cache use).
    for (let i = 0; i < steps.length; i++) {
      const body = server.requests.filter((r) => r.path === '/v1/messages')[i].body;
      steps[i].whole = await wholePrompt(body as unknown as Anthropic.MessageCreateParamsNonStreaming);
    }
    const [s1, s2, s3] = steps;
    // Step 1 writes everything up to its last block; nothing comes after the last breakpoint.
    assert.strictEqual(s1.final.cache_read_input_tokens, 0);
    assert.strictEqual(s1.final.cache_creation_input_tokens, s1.whole);
    assert.strictEqual(s1.final.input_tokens, 0);
    // Steps 2 and 3 read what the step before wrote, and write only what is new.
    assert.strictEqual(s2.final.cache_read_input_tokens, s1.whole);
    assert.strictEqual(s2.final.cache_creation_input_tokens, s2.whole - s1.whole);
    assert.strictEqual(s3.final.cache_read_input_tokens, s2.whole);
    assert.strictEqual(s3.final.cache_creation_input_tokens, s3.whole - s2.whole);
    for (const s of steps) {
      assert.strictEqual(promptTokens(s.final), s.whole, 'read + creation + input = the whole prompt');
      // message_start already has the prompt's usage; message_delta's is cumulative and the same.
      assert.strictEqual(s.start.input_tokens, s.final.input_tokens);
      assert.strictEqual(s.start.cache_read_input_tokens, s.final.cache_read_input_tokens);
      assert.strictEqual(s.start.cache_creation_input_tokens, s.final.cache_creation_input_tokens);
      assert.deepStrictEqual(s.final.cache_creation, { ephemeral_5m_input_tokens: s.final.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 });
    }
  });

  it('non-streaming: a breakpoint on the system prompt writes it once, then reads it; input_tokens is what follows', async () => {
    const body = (q: string) => ({ system: [{ type: 'text' as const, text: LONG_SYSTEM, cache_control: EPHEMERAL }], messages: [{ role: 'user' as const, content: q }] });
    const first = await create(body('First question?'));
    const second = await create(body('A second, longer question about the same code?'));
    const cached = first.usage.cache_creation_input_tokens!;
    assert.ok(cached >= 1024, String(cached));
    assert.strictEqual(first.usage.cache_read_input_tokens, 0);
    assert.strictEqual(second.usage.cache_read_input_tokens, cached);
    assert.strictEqual(second.usage.cache_creation_input_tokens, 0);
    assert.strictEqual(first.usage.input_tokens + cached, await wholePrompt(body('First question?')));
    assert.strictEqual(second.usage.input_tokens + cached, await wholePrompt(body('A second, longer question about the same code?')));
    assert.ok(second.usage.input_tokens > first.usage.input_tokens);
  });

  it('a prefix under 1024 tokens is neither written nor read; 1024 is', async () => {
    // The cached prefix is the canonical JSON [{"system":{"text":T,"type":"text"}}]: 38 characters
    // and T, at ~4 characters a token. 4054 + 38 = 4092 characters → 1023 tokens; 4058 → 1024.
    const send = (chars: number) => create({ system: [{ type: 'text', text: 'x'.repeat(chars), cache_control: EPHEMERAL }], messages: [{ role: 'user', content: 'q' }] });
    for (let i = 0; i < 2; i++) {
      const short = await send(4054);
      assert.strictEqual(short.usage.cache_creation_input_tokens, 0);
      assert.strictEqual(short.usage.cache_read_input_tokens, 0);
    }
    const written = await send(4058);
    assert.strictEqual(written.usage.cache_creation_input_tokens, 1024);
    const read = await send(4058);
    assert.strictEqual(read.usage.cache_read_input_tokens, 1024);
    assert.strictEqual(read.usage.cache_creation_input_tokens, 0);
  });

  it('looks back 20 block boundaries from a breakpoint for a hit, not 21', async () => {
    const system = LONG_SYSTEM;
    const question: Anthropic.MessageParam = { role: 'user', content: [{ type: 'text', text: 'Start here.' }] };
    const first = await create({ system, messages: [question], cache_control: EPHEMERAL });
    const written = first.usage.cache_creation_input_tokens!;
    assert.ok(written > 0);
    // One assistant block, then `n` user blocks: the last block is n + 1 blocks after the written one.
    const later = (n: number, marks: number[] = []): Anthropic.MessageParam[] => [
      question,
      { role: 'assistant', content: 'Go on.' },
      { role: 'user', content: Array.from({ length: n }, (_, i) => ({ type: 'text' as const, text: `part ${i}`, ...(marks.includes(i) ? { cache_control: EPHEMERAL } : {}) })) },
    ];
    assert.strictEqual((await create({ system, messages: later(19), cache_control: EPHEMERAL })).usage.cache_read_input_tokens, written);
    server.reset();
    await create({ system, messages: [question], cache_control: EPHEMERAL });
    assert.strictEqual((await create({ system, messages: later(20), cache_control: EPHEMERAL })).usage.cache_read_input_tokens, 0, '21 blocks back');
    server.reset();
    await create({ system, messages: [question], cache_control: EPHEMERAL });
    // A second breakpoint nearer the written block finds it again.
    const near = await create({ system, messages: later(20, [5]), cache_control: EPHEMERAL });
    assert.strictEqual(near.usage.cache_read_input_tokens, written);
  });

  it('the cache key is the model and the prefix: tools invalidate everything, tool_choice only the messages', async () => {
    const body = (over: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}) => ({
      tools: [READ_FILE],
      system: [{ type: 'text' as const, text: LONG_SYSTEM, cache_control: EPHEMERAL }],
      messages: [{ role: 'user' as const, content: 'Which files are there? '.repeat(200) }],
      cache_control: EPHEMERAL,
      ...over,
    });
    const first = await create(body());
    const all = first.usage.cache_creation_input_tokens!;
    const sameAgain = await create(body());
    assert.strictEqual(sameAgain.usage.cache_read_input_tokens, all);
    const otherChoice = await create(body({ tool_choice: { type: 'any' } }));
    const systemPrefix = otherChoice.usage.cache_read_input_tokens!;
    assert.ok(systemPrefix > 0 && systemPrefix < all, 'tools and system still read, the messages written again');
    assert.strictEqual(otherChoice.usage.cache_creation_input_tokens, all - systemPrefix);
    const otherTool = await create(body({ tools: [{ ...READ_FILE, description: 'Read any file' }] }));
    assert.strictEqual(otherTool.usage.cache_read_input_tokens, 0);
    const otherModel = await client.messages.create({ model: 'claude-opus-5-5', max_tokens: 16, ...body() });
    assert.strictEqual(otherModel.usage.cache_read_input_tokens, 0);
  });

  it('more than 4 breakpoints → 400 (a top-level cache_control counts as one); 4 are fine', async () => {
    const system = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'text' as const, text: `part ${i}`, cache_control: EPHEMERAL }));
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'q' }];
    await create({ system: system(4), messages });
    for (const body of [{ system: system(5), messages }, { system: system(4), messages, cache_control: EPHEMERAL }]) {
      await assert.rejects(create(body), (err: unknown) => {
        assert.ok(err instanceof Anthropic.BadRequestError);
        assert.strictEqual(err.type, 'invalid_request_error');
        assert.strictEqual((err.error as { error: { message: string } }).error.message, 'A maximum of 4 blocks with cache_control may be provided. Found 5.');
        return true;
      });
    }
    await assert.rejects(client.messages.countTokens({ model: MODEL, system: system(5), messages }), Anthropic.BadRequestError);
  });

  it('checks cache_control itself: type ephemeral, ttl 5m or 1h, 1h never after 5m, none on thinking blocks', async () => {
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'q' }];
    const cases: Array<[unknown, RegExp]> = [
      [{ system: [{ type: 'text', text: 's', cache_control: { type: 'persistent' } }], messages }, /^system\.0\.cache_control\.type: Input should be 'ephemeral'$/],
      [{ messages, cache_control: { type: 'ephemeral', ttl: '10m' } }, /^cache_control\.ttl: Input should be '5m' or '1h'$/],
      [
        { system: [{ type: 'text', text: 's', cache_control: EPHEMERAL }], messages, cache_control: { type: 'ephemeral', ttl: '1h' } },
        /^cache_control\.ttl: a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block\. Note that blocks are processed in the following order: `tools`, `system`, `messages`\.$/,
      ],
      [
        { messages: [...messages, { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 's', cache_control: EPHEMERAL }] }] },
        /^messages\.1\.content\.0\.cache_control: Extra inputs are not permitted$/,
      ],
    ];
    for (const [body, message] of cases) {
      await assert.rejects(create(body as Anthropic.MessageCreateParamsNonStreaming), (err: unknown) => {
        assert.ok(err instanceof Anthropic.BadRequestError);
        assert.match((err.error as { error: { message: string } }).error.message, message);
        return true;
      });
    }
  });

  it('entries live 5 minutes from their last use; 1h entries an hour; reset() and POST /__fake/reset empty the cache', async () => {
    const body = (ttl?: '1h') => ({ system: [{ type: 'text' as const, text: LONG_SYSTEM, cache_control: { type: 'ephemeral' as const, ...(ttl ? { ttl } : {}) } }], messages: [{ role: 'user' as const, content: 'q' }] });
    const cached = (await create(body())).usage.cache_creation_input_tokens!;
    clock += 5 * 60_000 - 1;
    assert.strictEqual((await create(body())).usage.cache_read_input_tokens, cached, 'just under 5 minutes');
    clock += 5 * 60_000 - 1;
    assert.strictEqual((await create(body())).usage.cache_read_input_tokens, cached, 'a read restarts the 5 minutes');
    clock += 5 * 60_000;
    const expired = await create(body());
    assert.strictEqual(expired.usage.cache_read_input_tokens, 0, 'expired');
    assert.strictEqual(expired.usage.cache_creation_input_tokens, cached, 'written again');

    // A read refreshes the entry it reads even where the request has no breakpoint (a lookback hit).
    server.reset();
    const question: Anthropic.MessageParam = { role: 'user', content: 'Start here.' };
    const loop = (...more: string[]): Anthropic.MessageParam[] => [question, ...more.flatMap((m): Anthropic.MessageParam[] => [{ role: 'assistant', content: 'ok' }, { role: 'user', content: m }])];
    const prefix = (await create({ system: LONG_SYSTEM, messages: loop(), cache_control: EPHEMERAL })).usage.cache_creation_input_tokens!;
    clock += 4 * 60_000;
    assert.strictEqual((await create({ system: LONG_SYSTEM, messages: loop('one way'), cache_control: EPHEMERAL })).usage.cache_read_input_tokens, prefix);
    clock += 4 * 60_000;
    assert.strictEqual((await create({ system: LONG_SYSTEM, messages: loop('another way'), cache_control: EPHEMERAL })).usage.cache_read_input_tokens, prefix, 'read 8 minutes after it was written');

    server.reset();
    const hour = await create(body('1h'));
    assert.deepStrictEqual(hour.usage.cache_creation, { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: cached });
    clock += 59 * 60_000;
    assert.strictEqual((await create(body('1h'))).usage.cache_read_input_tokens, cached, '59 minutes later');
    clock += 60 * 60_000;
    assert.strictEqual((await create(body('1h'))).usage.cache_read_input_tokens, 0, 'over an hour later');

    server.reset();
    assert.strictEqual((await create(body())).usage.cache_read_input_tokens, 0, 'reset() empties the cache');
    assert.strictEqual((await create(body())).usage.cache_read_input_tokens, cached);
    const res = await fetch(`${server.url}/__fake/reset`, { method: 'POST' });
    assert.strictEqual(res.status, 200);
    assert.strictEqual((await create(body())).usage.cache_read_input_tokens, 0, 'POST /__fake/reset empties it too');
  });

  it('mixed ttls: the 1h breakpoint bills ephemeral_1h up to it, the 5m one bills ephemeral_5m after it', async () => {
    const body = {
      system: [{ type: 'text' as const, text: LONG_SYSTEM, cache_control: { type: 'ephemeral' as const, ttl: '1h' as const } }],
      messages: [{ role: 'user' as const, content: 'Explain the workspace in detail, please. '.repeat(30) }],
      cache_control: EPHEMERAL,
    };
    const first = await create(body);
    const { ephemeral_1h_input_tokens: hour, ephemeral_5m_input_tokens: five } = first.usage.cache_creation!;
    assert.ok(hour >= 1024 && five > 0, JSON.stringify(first.usage));
    assert.strictEqual(first.usage.cache_creation_input_tokens, hour + five);
    assert.strictEqual(promptTokens(first.usage), await wholePrompt(body));
    // Six minutes on, the 5m entry is gone and the 1h one is read.
    clock += 6 * 60_000;
    const later = await create(body);
    assert.strictEqual(later.usage.cache_read_input_tokens, hour);
    assert.deepStrictEqual(later.usage.cache_creation, { ephemeral_5m_input_tokens: five, ephemeral_1h_input_tokens: 0 });
  });

  it('scripted usage fields replace only the fields they name; max_tokens 0 pre-warms; count_tokens neither reads nor writes', async () => {
    const body = { system: [{ type: 'text' as const, text: LONG_SYSTEM, cache_control: EPHEMERAL }], messages: [{ role: 'user' as const, content: 'q' }] };
    const before = await client.messages.countTokens({ model: MODEL, ...body });
    const warm = await client.messages.create({ model: MODEL, max_tokens: 0, ...body });
    const cached = warm.usage.cache_creation_input_tokens!;
    assert.ok(cached > 0, 'count_tokens wrote nothing, so the pre-warm writes');
    assert.deepStrictEqual(warm.content, []);
    server.enqueue({ usage: { input_tokens: 7, output_tokens: 3 } });
    const scripted = await create(body);
    assert.strictEqual(scripted.usage.input_tokens, 7);
    assert.strictEqual(scripted.usage.output_tokens, 3);
    assert.strictEqual(scripted.usage.cache_read_input_tokens, cached, 'the cache read is still computed');
    server.enqueue({ usage: { cache_read_input_tokens: 50, cache_creation_input_tokens: 3 } });
    const overridden = await create(body);
    assert.strictEqual(overridden.usage.cache_read_input_tokens, 50);
    assert.strictEqual(overridden.usage.cache_creation_input_tokens, 3);
    assert.deepStrictEqual(overridden.usage.cache_creation, { ephemeral_5m_input_tokens: 3, ephemeral_1h_input_tokens: 0 });
    assert.strictEqual((await client.messages.countTokens({ model: MODEL, ...body })).input_tokens, before.input_tokens);
  });
});
