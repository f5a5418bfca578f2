// The sidebar chat's host side: the whole history in each request, Stop aborting the HTTP
// request, Retry, New Chat, and partial replies kept in the history.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { conversation, systemText, useFakeAnthropic, waitFor } from './helpers';

describe('Chat', () => {
  const fake = useFakeAnthropic();
  beforeEach(() => fake.api.chat.newChat());

  it('sends the whole conversation with each turn', async () => {
    fake.server.enqueue({ text: 'A closure captures variables.' }, { text: 'Like this: `() => x`.' });
    const first = await fake.api.chat.send('What is a closure?');
    assert.ok(first?.ok);
    const second = await fake.api.chat.send('Show me one.');
    assert.ok(second?.ok);

    const body = fake.server.requests[1]!.body;
    assert.deepStrictEqual(conversation(body), [
      ['user', 'What is a closure?'],
      ['assistant', 'A closure captures variables.'],
      ['user', 'Show me one.'],
    ]);
    assert.match(systemText(body), /programming assistant/);
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
