import * as assert from 'assert';
import { estimateTokens, fitHistory } from '../../src/core/conversation/historyFit';
import { chatToMarkdown } from '../../src/core/conversation/markdownExport';
import { loadChatIndex, loadStoredChat } from '../../src/core/conversation/storedChat';
import { titleFor, toApiMessages, type ApiMessage, type Turn } from '../../src/core/conversation/turns';

const u = (id: string, text: string): Turn => ({ id, role: 'user', text });
const a = (id: string, text: string, extra: Partial<Turn> = {}): Turn => ({ id, role: 'assistant', text, ...extra });

describe('conversation', () => {
  it('sends the whole history, alternating, starting with the user', () => {
    const turns = [u('1', 'hi'), a('2', 'hello  \n'), u('3', 'and?')];
    assert.deepStrictEqual(toApiMessages(turns), [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
      { role: 'user', content: 'and?' },
    ]);
  });

  it('drops a reply that produced nothing and merges the user turns around it', () => {
    const turns = [u('1', 'first'), a('2', '', { incomplete: 'Rate limit reached.' }), u('3', 'second')];
    assert.deepStrictEqual(toApiMessages(turns), [{ role: 'user', content: 'first\n\nsecond' }]);
  });

  it('keeps a partial reply as far as it got', () => {
    const turns = [u('1', 'q'), a('2', 'half an ans', { incomplete: 'Stopped.' }), u('3', 'go on')];
    assert.strictEqual(toApiMessages(turns)[1]!.content, 'half an ans');
  });

  it('never starts with an assistant message', () => {
    assert.deepStrictEqual(toApiMessages([a('1', 'orphan'), u('2', 'q')]), [{ role: 'user', content: 'q' }]);
  });

  it('reads back what it stored, and reports what it cannot read', () => {
    const chat = { version: 1, id: 'c', title: 't', createdAt: 5, turns: [u('1', 'q'), a('2', 'r')] };
    assert.deepStrictEqual(loadStoredChat(JSON.parse(JSON.stringify(chat))), { ok: true, chat });
    assert.deepStrictEqual(loadStoredChat(undefined), { ok: true, chat: undefined });
    assert.strictEqual(loadStoredChat({ version: 99, id: 'c', turns: [] }).ok, false);
    assert.strictEqual(loadStoredChat({ version: 1, id: 'c', turns: [{ role: 'robot' }] }).ok, false);
    assert.strictEqual(loadStoredChat('garbage').ok, false);
  });

  it('titles a chat by its first line', () => {
    assert.strictEqual(titleFor('How do I sort?\nMore'), 'How do I sort?');
    assert.strictEqual(titleFor('x'.repeat(100)).length, 58);
  });
});

describe('chat list, export and trimming', () => {
  it('exports a chat as Markdown, marking an incomplete reply', () => {
    const md = chatToMarkdown({
      version: 1,
      id: 'c',
      title: 'Sorting',
      createdAt: Date.UTC(2026, 10, 25, 9, 30),
      turns: [u('1', 'How?'), a('2', 'Like this.', { model: 'claude-opus-5-5', incomplete: 'Stopped.' })],
    });
    assert.strictEqual(md, '# Sorting\n\n_2026-11-25 09:30 UTC_\n\n## You\n\nHow?\n\n## Claude (claude-opus-5-5)\n\nLike this.\n\n> ⚠ Incomplete: Stopped.\n');
  });

  it('reads the chat index and rejects a malformed one', () => {
    const index = { version: 1, currentId: 'b', entries: [{ id: 'b', title: 'B', createdAt: 1, updatedAt: 2 }] };
    assert.deepStrictEqual(loadChatIndex(index), { ok: true, index });
    assert.strictEqual(loadChatIndex({ version: 2, entries: [] }).ok, false);
    assert.strictEqual(loadChatIndex({ version: 1, entries: [{ title: 'no id' }] }).ok, false);
  });

  it('drops the oldest turns until the history fits, keeping user-first order and the question', async () => {
    const m = (role: 'user' | 'assistant', n: number): ApiMessage => ({ role, content: 'x'.repeat(n) });
    const history = [m('user', 400), m('assistant', 400), m('user', 400), m('assistant', 400), m('user', 400)];
    const count = async (ms: ApiMessage[]) => estimateTokens(ms);
    const all = await fitHistory(history, 10_000, count);
    assert.strictEqual(all.dropped, 0);
    const fitted = await fitHistory(history, 350, count);
    assert.strictEqual(fitted.dropped, 2);
    assert.strictEqual(fitted.messages[0]!.role, 'user');
    assert.strictEqual(fitted.messages.length, 3);
    const tiny = await fitHistory(history, 1, count);
    assert.deepStrictEqual(tiny.messages, [history[4]], 'the question itself is always sent');
  });

  it('fits a 2,000-message chat with a dozen counts, keeping the same turns as dropping one at a time', async () => {
    const history: ApiMessage[] = [];
    for (let k = 0; k < 1000; k++) history.push({ role: 'user', content: 'q'.repeat(40 + (k % 7)) }, { role: 'assistant', content: 'a'.repeat(1500 + (k % 13) * 10) });
    history.push({ role: 'user', content: 'the question' });
    let calls = 0;
    const count = async (ms: ApiMessage[]) => {
      calls++;
      return estimateTokens(ms);
    };
    const fitted = await fitHistory(history, 100_000, count);
    assert.ok(calls <= 14, `${calls} counts`);
    // One turn at a time: the first user message from which the rest fits.
    let start = 0;
    while (estimateTokens(history.slice(start)) > 100_000) start += 2;
    assert.strictEqual(fitted.dropped, start);
    assert.strictEqual(fitted.messages[0]!.role, 'user');
    assert.ok(estimateTokens(fitted.messages) <= 100_000 && estimateTokens(history.slice(start - 2)) > 100_000);
  });
});
