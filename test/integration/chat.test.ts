// The sidebar chat's host side: the whole history in each request (on the chat's message thread,
// or in full), Stop aborting the HTTP request, Retry, New Chat, and partial replies kept in the history.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { configure, conversation, seenBody, systemText, useFakeAnthropic, waitFor } from './helpers';

describe('Chat', () => {
  const fake = useFakeAnthropic();
  beforeEach(() => fake.api.chat.newChat());

  it('sends the first question in full and the next on the chat\'s message thread: only the new question goes, the API answers the whole conversation', async () => {
    fake.server.enqueue({ text: 'A closure captures variables.' }, { text: 'Like this: `() => x`.' });
    const first = await fake.api.chat.send('What is a closure?');
    assert.ok(first?.ok);
    const second = await fake.api.chat.send('Show me one.');
    assert.ok(second?.ok);

    const [create, next] = fake.server.requests;
    assert.deepStrictEqual(create!.body.thread, { type: 'create' });
    assert.match(String(create!.headers['anthropic-beta']), /message-threads-2026-08-12/);
    assert.match(systemText(create!.body), /programming assistant/);
    assert.strictEqual(next!.body.thread?.type, 'continue');
    assert.deepStrictEqual(conversation(next!.body), [['user', 'Show me one.']], 'only the new question is sent');
    assert.ok(!('system' in next!.body) && !('tools' in next!.body), 'the thread keeps the system prompt and the tools');
    assert.deepStrictEqual(conversation(seenBody(next!)), [
      ['user', 'What is a closure?'],
      ['assistant', 'A closure captures variables.'],
      ['user', 'Show me one.'],
    ]);
    assert.match(systemText(seenBody(next!)), /programming assistant/);
    const state = fake.api.chatState();
    assert.deepStrictEqual(
      state.messages.map((m) => [m.role, m.text]),
      [
        ['user', 'What is a closure?'],
        ['assistant', 'A closure captures variables.'],
        ['user', 'Show me one.'],
        ['assistant', 'Like this: `() => x`.'],
      ],
    );
    assert.ok(state.sessionUsage.outputTokens > 0);
  });

  it('sends the whole conversation with each turn, and no thread, when message threads are off', async () => {
    await configure({ 'chat.messageThreads': false });
    try {
      fake.server.enqueue({ text: 'A closure captures variables.' }, { text: 'Like this.' });
      assert.ok((await fake.api.chat.send('What is a closure?'))?.ok);
      assert.ok((await fake.api.chat.send('Show me one.'))?.ok);
      for (const r of fake.server.requests) {
        assert.ok(!('thread' in r.body), 'no thread field');
        assert.doesNotMatch(String(r.headers['anthropic-beta'] ?? ''), /message-threads/);
      }
      assert.deepStrictEqual(conversation(fake.server.requests[1]!.body), [
        ['user', 'What is a closure?'],
        ['assistant', 'A closure captures variables.'],
        ['user', 'Show me one.'],
      ]);
    } finally {
      await configure({ 'chat.messageThreads': undefined });
    }
  });

  it('sends the whole conversation again when the API lost the thread, when a reply was stopped, and when the model changes', async () => {
    fake.server.enqueue({ text: 'One.' }, { text: 'Two.' });
    await fake.api.chat.send('First?');
    fake.server.forgetThreads();
    // The continue is refused (404 thread_not_found) and the SDK sends the turn again in full.
    const second = await fake.api.chat.send('Second?');
    assert.ok(second?.ok, 'the user sees no error');
    const [, refused, replayed] = fake.server.requests;
    assert.strictEqual(fake.server.requests.length, 3);
    assert.strictEqual(refused!.body.thread?.type, 'continue');
    assert.strictEqual(refused!.rebuiltBody, undefined, 'the fake had no thread to continue');
    assert.deepStrictEqual(replayed!.body.thread, { type: 'create' });
    assert.deepStrictEqual(conversation(replayed!.body).map(([, t]) => t), ['First?', 'One.', 'Second?']);
    assert.strictEqual(fake.api.chatState().messages[3]!.text, 'Two.');

    // A stopped reply: the next question starts a new thread with everything the chat kept.
    fake.server.enqueue({ text: 'word '.repeat(400), chunkSize: 5, delayMs: 20 });
    const pending = fake.api.chat.send('Long?');
    await waitFor('some text to stream', () => (fake.api.chatState().messages[5]?.text.length ?? 0) > 20);
    fake.api.chat.stop();
    assert.strictEqual((await pending)?.ok, false);
    fake.server.enqueue({ text: 'Three.' });
    await fake.api.chat.send('Third?');
    const afterStop = fake.server.requests.at(-1)!;
    assert.deepStrictEqual(afterStop.body.thread, { type: 'create' });
    assert.deepStrictEqual(conversation(afterStop.body).map(([r]) => r), ['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);

    // Another model: a new thread.
    await configure({ model: 'claude-haiku-5-5' });
    try {
      fake.server.enqueue({ text: 'Four.' });
      await fake.api.chat.send('Fourth?');
      const other = fake.server.requests.at(-1)!;
      assert.deepStrictEqual(other.body.thread, { type: 'create' });
      assert.strictEqual(other.body.messages.length, 9);
    } finally {
      await configure({ model: 'claude-sonnet-5-5' });
    }
  });

  it('Stop aborts the HTTP request and keeps the partial reply, marked', async () => {
    fake.server.enqueue({ text: 'word '.repeat(400), chunkSize: 5, delayMs: 20 });
    const pending = fake.api.chat.send('Write a long answer');
    const [req] = await fake.server.waitForRequests(1);
    await waitFor('some text to stream', () => (fake.api.chatState().messages[1]?.text.length ?? 0) > 20);
    fake.api.chat.stop();
    const result = await pending;
    assert.strictEqual(result?.ok, false);
    if (result && !result.ok) assert.strictEqual(result.error.kind, 'stopped');
    await req!.finished;
    assert.strictEqual(req!.clientClosedEarly, true, 'the server saw the connection close');
    const reply = fake.api.chatState().messages[1]!;
    assert.ok(reply.text.startsWith('word word'));
    assert.ok(reply.text.length < 2000);
    assert.strictEqual(reply.incomplete, 'Stopped.');
    assert.strictEqual(fake.api.chatState().streamingId, undefined);
  });

  it('Retry asks again for the last question, replacing the failed reply', async () => {
    fake.server.enqueue({ fault: { kind: 'status', status: 400, message: 'something odd' } }, { text: 'Second time lucky.' });
    const failed = await fake.api.chat.send('Hello?');
    assert.strictEqual(failed?.ok, false);
    assert.ok(fake.api.chatState().messages[1]?.error);
    const retried = await fake.api.chat.retry();
    assert.ok(retried?.ok);
    assert.deepStrictEqual(
      fake.api.chatState().messages.map((m) => m.text),
      ['Hello?', 'Second time lucky.'],
    );
    assert.deepStrictEqual(conversation(fake.server.requests[1]!.body), [['user', 'Hello?']]);
  });

  it('New Chat starts an empty conversation', async () => {
    await fake.api.chat.send('one');
    await vscode.commands.executeCommand('claude.newChat');
    assert.deepStrictEqual(fake.api.chatState().messages, []);
    await fake.api.chat.send('two');
    assert.deepStrictEqual(conversation(fake.server.requests[1]!.body), [['user', 'two']]);
  });
});
