// Past chats (open, rename, delete, export as Markdown) and trimming a long chat to the context
// window with countTokens, with a visible note.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { conversation, seenBody, useFakeAnthropic } from './helpers';

describe('Chat history', () => {
  const fake = useFakeAnthropic();
  beforeEach(() => fake.api.chat.newChat());

  it('keeps past chats to reopen, rename, export as Markdown and delete', async () => {
    fake.server.enqueue({ text: 'Use a Map.' });
    await fake.api.chat.send('How do I count words?');
    const firstId = fake.api.chat.current.id;
    await fake.api.chat.newChat();
    fake.server.enqueue({ text: 'Use async/await.' });
    await fake.api.chat.send('Promises or callbacks?');

    const titles = fake.api.chat.history.map((e) => e.title);
    assert.deepStrictEqual(titles.slice(0, 2), ['Promises or callbacks?', 'How do I count words?']);

    assert.ok(await fake.api.chat.open(firstId));
    assert.deepStrictEqual(fake.api.chatState().messages.map((m) => m.text), ['How do I count words?', 'Use a Map.']);
    // The reopened chat continues with its own history (its own message thread: only the question is sent).
    fake.server.enqueue({ text: 'Or reduce.' });
    await fake.api.chat.send('Another way?');
    assert.deepStrictEqual(conversation(seenBody(fake.server.requests[2]!)).map(([, t]) => t), ['How do I count words?', 'Use a Map.', 'Another way?']);
    assert.deepStrictEqual(fake.server.requests[2]!.body.thread?.type, 'continue');

    await fake.api.chat.rename(firstId, 'Word counting');
    assert.strictEqual(fake.api.chat.history.find((e) => e.id === firstId)?.title, 'Word counting');

    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('claude.exportChat', firstId);
    assert.strictEqual(doc.languageId, 'markdown');
    const md = doc.getText();
    assert.ok(md.startsWith('# Word counting\n'), md);
    assert.ok(md.includes('## You\n\nHow do I count words?\n\n## Claude (claude-sonnet-5-5)\n\nUse a Map.'), md);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    await fake.api.chat.delete(firstId);
    assert.ok(!fake.api.chat.history.some((e) => e.id === firstId));
    assert.deepStrictEqual(fake.api.chatState().messages, [], 'deleting the open chat starts a new one');
  });

  it('trims a chat that outgrows the context window, oldest turns first, counting with countTokens, says so, and sends the next question without counting again', async function () {
    this.timeout(60_000);
    const big = 'lorem ipsum '.repeat(25_000); // 300,000 characters ≈ 75,000 tokens
    await fake.api.chat.send(`A ${big}`);
    await fake.api.chat.send(`B ${big}`);
    assert.ok(fake.server.requests.some((r) => r.path === '/v1/messages/count_tokens'), 'countTokens was asked once the chat grew');
    const third = await fake.api.chat.send(`C ${big}`);
    assert.ok(third?.ok);
    const sent = conversation(fake.server.requests.filter((r) => r.path === '/v1/messages').at(-1)!.body);
    assert.strictEqual(sent[0]![0], 'user');
    assert.ok(sent[0]![1].startsWith('B '), 'the oldest turn was left out');
    assert.strictEqual(sent.length, 3);
    const reply = fake.api.chatState().messages.at(-1)!;
    assert.match(reply.notice ?? '', /^2 earlier messages were left out to fit the model's context window\.$/);
    assert.strictEqual(fake.api.chatState().messages.length, 6, 'nothing is removed from what the user sees');

    // Trimmed with room to spare: the next question goes out on the last count, without counting again.
    const counts = (): number => fake.server.requests.filter((r) => r.path === '/v1/messages/count_tokens').length;
    const before = counts();
    const fourth = await fake.api.chat.send('D: and in short?');
    assert.ok(fourth?.ok);
    assert.strictEqual(counts(), before, 'no count for a send the last count leaves room for');
    const next = conversation(seenBody(fake.server.requests.filter((r) => r.path === '/v1/messages').at(-1)!));
    assert.deepStrictEqual(next.map(([role, text]) => [role, text.slice(0, 2)]), [['user', 'B '], ['assistant', sent[1]![1].slice(0, 2)], ['user', 'C '], ['assistant', next[3]![1].slice(0, 2)], ['user', 'D:']]);

    // The fit is stored with the chat: read back from its file (as after a reload), the next question still goes without counting.
    const id = fake.api.chat.current.id;
    await fake.api.chat.newChat();
    assert.ok(await fake.api.chat.open(id));
    assert.strictEqual(fake.api.chatState().messages.length, 8);
    const fifth = await fake.api.chat.send('E: and one more?');
    assert.ok(fifth?.ok);
    assert.strictEqual(counts(), before, 'no count for the reopened chat either');
    const last = conversation(seenBody(fake.server.requests.filter((r) => r.path === '/v1/messages').at(-1)!));
    assert.deepStrictEqual(last.map(([role, text]) => [role, text.slice(0, 2)]).filter(([role]) => role === 'user'), [['user', 'B '], ['user', 'C '], ['user', 'D:'], ['user', 'E:']]);
  });
});
