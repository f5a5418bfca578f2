import * as assert from 'assert';
import { loadStoredChat, titleFor, toApiMessages, type Turn } from '../../src/core/conversation';

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
