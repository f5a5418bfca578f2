// A conversation's message thread as the extension keeps it (src/claude/conversationThreads.ts),
// through the real streamReply / runToolLoop and the SDK against the fake server: a send that goes
// on from the last reply continues the thread with only its new messages; anything else (another
// history, system prompt or model, a thread idle too long, a loop stopped at its cap with a tool
// call unanswered, a failed reply) starts a new thread that sends everything; at most MAX_THREADS
// conversations are kept.
import * as assert from 'assert';
import { streamReply, type ClientConfig, type StreamRequest } from '../../src/claude/client';
import { ConversationThreads, MAX_THREADS, THREAD_IDLE_MS } from '../../src/claude/conversationThreads';
import { runToolLoop, type LoopTool } from '../../src/claude/toolLoop';
import type { ApiMessage } from '../../src/core/conversation/turns';
import { conversation, seenBody } from '../fake-anthropic/requestText';
import { startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';

const log = { info: () => undefined, warn: () => undefined };
const user = (content: string): ApiMessage => ({ role: 'user', content });
const assistant = (content: string): ApiMessage => ({ role: 'assistant', content });

describe('conversation message threads', function () {
  this.timeout(10_000);
  this.slow(2000);

  let server: FakeAnthropic;
  let clock = 0;
  let threads: ConversationThreads;
  let config: ClientConfig;

  before(async () => {
    server = await startFakeAnthropic();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    clock = 1_000_000;
    threads = new ConversationThreads(() => clock);
    config = { connection: { provider: 'anthropic', apiKey: 'sk-ant-test-key', baseUrl: server.url }, maxRetries: 0, idleTimeoutMs: 10_000 };
  });

  const ask = async (key: string, messages: ApiMessage[], extra: Partial<StreamRequest> = {}): Promise<string> => {
    const outcome = await streamReply(
      config,
      { model: 'claude-sonnet-5-5', maxTokens: 256, system: 'Be brief.', messages, thread: { threads, key }, ...extra },
      { onText: () => undefined },
      new AbortController().signal,
      log,
    );
    return outcome.text;
  };
  const last = () => server.requests.at(-1)!;

  it('continues with only the new question when the history goes on from the last reply, and starts over when it does not', async () => {
    const first = await ask('chat', [user('One?')]);
    assert.deepStrictEqual(last().body.thread, { type: 'create' });
    await ask('chat', [user('One?'), assistant(first), user('Two?')]);
    assert.strictEqual(last().body.thread?.type, 'continue');
    assert.deepStrictEqual(conversation(last().body), [['user', 'Two?']]);
    assert.deepStrictEqual(conversation(seenBody(last())).map(([, t]) => t.slice(0, 4)), ['One?', 'You ', 'Two?']);

    // The same question again (a retry) is not a continuation: a new thread with the whole history.
    await ask('chat', [user('One?'), assistant(first), user('Two?')]);
    assert.deepStrictEqual(last().body.thread, { type: 'create' });
    assert.strictEqual(last().body.messages.length, 3);

    // An earlier message changed (e.g. the history trimmed): a new thread.
    await ask('chat', [user('One, edited?'), assistant(first), user('Two?'), assistant('x'), user('Three?')]);
    assert.deepStrictEqual(last().body.thread, { type: 'create' });
    assert.strictEqual(last().body.messages.length, 5);
  });

  it('starts a new thread for another system prompt, another model, after the API forgets an idle one, and once forgotten (a deleted chat); keeps one per conversation', async () => {
    const history = [user('One?')];
    const go = async (extra: Partial<StreamRequest> = {}, key = 'chat'): Promise<void> => {
      const text = await ask(key, history, extra);
      history.push(assistant(text), user(`Question ${history.length}?`));
    };
    await go();
    await go();
    assert.strictEqual(last().body.thread?.type, 'continue');
    await go({ system: 'Be thorough.' });
    assert.deepStrictEqual(last().body.thread, { type: 'create' });
    await go({ system: 'Be thorough.' });
    assert.strictEqual(last().body.thread?.type, 'continue');
    await go({ system: 'Be thorough.', model: 'claude-haiku-5-5' });
    assert.deepStrictEqual(last().body.thread, { type: 'create' });
    clock += THREAD_IDLE_MS;
    await go({ system: 'Be thorough.', model: 'claude-haiku-5-5' });
    assert.deepStrictEqual(last().body.thread, { type: 'create' }, 'idle as long as the API keeps it: not continued');
    assert.strictEqual(last().body.messages.length, history.length - 2);

    // Other conversations do not disturb this one, until more than MAX_THREADS are kept.
    for (let i = 0; i < MAX_THREADS - 1; i++) await ask(`other ${i}`, [user('Hi?')]);
    await go({ system: 'Be thorough.', model: 'claude-haiku-5-5' });
    assert.strictEqual(last().body.thread?.type, 'continue');
    for (let i = 0; i < MAX_THREADS; i++) await ask(`more ${i}`, [user('Hi?')]);
    await go({ system: 'Be thorough.', model: 'claude-haiku-5-5' });
    assert.deepStrictEqual(last().body.thread, { type: 'create' }, 'the least recently used thread was let go');

    // A deleted chat's thread is forgotten.
    await go({ system: 'Be thorough.', model: 'claude-haiku-5-5' });
    assert.strictEqual(last().body.thread?.type, 'continue');
    threads.forget('chat');
    await go({ system: 'Be thorough.', model: 'claude-haiku-5-5' });
    assert.deepStrictEqual(last().body.thread, { type: 'create' });
  });

  it('a failed or refused reply is not continued: the next question sends everything', async () => {
    const first = await ask('chat', [user('One?')]);
    server.enqueue({ fault: { kind: 'status', status: 400, errorType: 'invalid_request_error', message: 'nope' } });
    await assert.rejects(ask('chat', [user('One?'), assistant(first), user('Two?')]));
    const second = await ask('chat', [user('One?'), assistant(first), user('Two, again?')]);
    assert.deepStrictEqual(last().body.thread, { type: 'create' });
    assert.strictEqual(last().body.messages.length, 3);

    // The SDK leaves a refused turn out of the thread; the chat keeps it, so the next send goes in full.
    server.enqueue({ text: 'I can not help with that.', stopReason: 'refusal' });
    const history = [user('One?'), assistant(first), user('Two, again?'), assistant(second), user('Refuse?')];
    await ask('chat', history);
    assert.strictEqual(last().body.thread?.type, 'continue');
    await ask('chat', [...history, assistant('I can not help with that.'), user('Three?')]);
    assert.deepStrictEqual(last().body.thread, { type: 'create' });
    assert.strictEqual(last().body.messages.length, 7);
  });

  it('a tool loop continues from its last reply; one stopped at the cap with a tool call unanswered is not continued', async () => {
    const readme: LoopTool = {
      definition: { type: 'custom', name: 'read_file', description: 'Read a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } },
      run: async () => ({ content: '# Readme' }),
    };
    const loop = (messages: ApiMessage[], maxSteps = 5) =>
      runToolLoop(
        config,
        { model: 'claude-sonnet-5-5', maxTokens: 256, system: 'Use tools.', messages, tools: [readme], maxSteps, thread: { threads, key: 'chat' } },
        {},
        new AbortController().signal,
        log,
      );
    server.enqueue({ toolUse: [{ name: 'read_file', input: { path: 'README.md' } }] }, { text: 'It is a readme.' });
    const first = await loop([user('What is in README.md?')]);
    assert.strictEqual(first.requests, 2);
    const [create, toolResults] = server.requests;
    assert.deepStrictEqual(create!.body.thread, { type: 'create' });
    assert.strictEqual(toolResults!.body.thread?.type, 'continue');
    assert.deepStrictEqual(toolResults!.body.messages.map((m) => m.role), ['user'], 'the step sends only its tool result');

    const history = [user('What is in README.md?'), assistant('It is a readme.'), user('And again?')];
    server.enqueue({ toolUse: [{ name: 'read_file', input: { path: 'README.md' } }] });
    const capped = await loop(history, 1);
    assert.ok(capped.capped);
    assert.strictEqual(last().body.thread?.type, 'continue');
    assert.deepStrictEqual(conversation(last().body), [['user', 'And again?']]);
    // Four messages of the thread before it (the question, the tool call, its result, the answer).
    assert.strictEqual(seenBody(last()).messages.length, 5);

    server.enqueue({ text: 'Done.' });
    await loop([...history, assistant('(stopped)'), user('Go on?')]);
    assert.deepStrictEqual(server.requests.at(-1)!.body.thread, { type: 'create' });
    assert.strictEqual(server.requests.at(-1)!.body.messages.length, 5);
  });
});
