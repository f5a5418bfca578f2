import * as assert from 'assert';
import { journalRecord, replayJournal, shouldCompact, snapshotGeneration, snapshotText, type ChatImage } from '../../src/core/conversation/chatJournal';
import { loadStoredChat, type StoredChat } from '../../src/core/conversation/storedChat';
import type { Turn } from '../../src/core/conversation/turns';

const u = (id: string, text: string): Turn => ({ id, role: 'user', text });
const a = (id: string, text: string, extra: Partial<Turn> = {}): Turn => ({ id, role: 'assistant', text, ...extra });

function chat(turns: Turn[], extra: Partial<StoredChat> = {}): StoredChat {
  return { version: 1, id: 'c1', title: 'A chat', createdAt: 1, turns, ...extra };
}

/** What the chat looks like after its snapshot and journal are read back. */
function readBack(snapshot: string, journal: string): { chat: StoredChat; replayed: ReturnType<typeof replayJournal> } {
  const raw: unknown = JSON.parse(snapshot);
  const result = loadStoredChat(raw);
  assert.ok(result.ok && result.chat);
  const replayed = replayJournal(result.chat, journal, snapshotGeneration(raw));
  return { chat: result.chat, replayed };
}

const line = (before: ChatImage, after: ChatImage, g: number): string => `${JSON.stringify(journalRecord(before, after, g))}\n`;
const copy = (c: StoredChat): StoredChat => ({ ...c, turns: [...c.turns] });

describe('chat journal', () => {
  it('a save after a question and a reply writes those two turns, not the chat', () => {
    const history = Array.from({ length: 200 }, (_, i) => (i % 2 ? a(`a${i}`, 'x'.repeat(1000)) : u(`u${i}`, `question ${i}`)));
    const before = chat(history);
    const after = copy(before);
    after.turns.push(u('q', 'one more?'), a('r', 'yes'));
    const record = journalRecord(before, after, 7);
    assert.deepStrictEqual(record, { g: 7, keep: 200, add: [u('q', 'one more?'), a('r', 'yes')] });
    assert.ok(JSON.stringify(record).length < 200);
  });

  it('nothing changed: nothing to write', () => {
    const before = chat([u('1', 'hi'), a('2', 'hello')]);
    assert.strictEqual(journalRecord(before, copy(before), 1), undefined);
    // Equal turns that are other objects (the chat read back again) are not written either.
    assert.strictEqual(journalRecord(before, chat([u('1', 'hi'), a('2', 'hello')]), 1), undefined);
  });

  it('replays questions, replies, a replaced turn, a retry, a rename and the fit memo onto the snapshot', () => {
    const fit = { key: 'k', length: 2, start: 0, chars: 7, tokens: 3 };
    const c0 = chat([u('1', 'hi'), a('2', 'hello')], { fit });
    const snapshot = snapshotText(c0, 42);
    let journal = '';
    // A question, then a reply that failed.
    const c1 = copy(c0);
    c1.turns.push(u('3', 'and?'));
    journal += line(c0, c1, 42);
    const c2 = copy(c1);
    c2.turns.push(a('4', 'ha', { incomplete: 'Stopped.' }));
    delete c2.fit;
    journal += line(c1, c2, 42);
    // Retry: the failed reply dropped, another one in its place; an older reply's change set changed; renamed.
    const c3 = copy(c2);
    c3.turns.pop();
    c3.turns.push(a('5', 'and so on'));
    c3.turns[1] = { ...c3.turns[1]!, changeSet: { id: 's', files: [{ path: 'a.ts', isNew: false, added: 1, removed: 0, status: 'accepted' }] } };
    c3.title = 'Renamed';
    c3.fit = { ...fit, length: 3 };
    journal += line(c2, c3, 42);
    const { chat: back, replayed } = readBack(snapshot, journal);
    assert.deepStrictEqual(replayed, { applied: 3 });
    assert.deepStrictEqual(back, c3);
  });

  it('skips the lines of an earlier snapshot (a crash after a new snapshot, before its old journal was removed)', () => {
    const c0 = chat([u('1', 'hi')]);
    const c1 = copy(c0);
    c1.turns.push(a('2', 'hello'));
    const journal = line(c0, c1, 5);
    // The new snapshot holds the reply and a question after it; the old journal's line (keep one turn, add the reply) must not apply.
    const c2 = copy(c1);
    c2.turns.push(u('3', 'and?'));
    const { chat: back, replayed } = readBack(snapshotText(c2, 6), journal);
    assert.deepStrictEqual(replayed, { applied: 1 });
    assert.deepStrictEqual(back.turns, c2.turns);
  });

  it('reads a chat stored before journals (no generation) with a journal of generation 0', () => {
    const c0 = chat([u('1', 'hi'), a('2', 'hello')]);
    const old = JSON.stringify(c0);
    assert.strictEqual(snapshotGeneration(JSON.parse(old)), 0);
    const c1 = copy(c0);
    c1.turns.push(u('3', 'more'));
    assert.deepStrictEqual(readBack(old, line(c0, c1, 0)).chat.turns, c1.turns);
  });

  it('a torn last line (a crash while appending) stops the replay there, keeping everything before it, and says so', () => {
    const c0 = chat([u('1', 'hi')]);
    const c1 = copy(c0);
    c1.turns.push(a('2', 'hello'));
    const c2 = copy(c1);
    c2.turns.push(u('3', 'and then?'));
    const whole = line(c1, c2, 1);
    const { chat: back, replayed } = readBack(snapshotText(c0, 1), line(c0, c1, 1) + whole.slice(0, whole.length - 10));
    assert.deepStrictEqual(back.turns, c1.turns);
    assert.deepStrictEqual(replayed, { applied: 1, unreadable: 'line 2 of its journal: cut short' });
  });

  it('garbage, a malformed message or a line that does not fit the chat stops the replay and says why', () => {
    const c0 = chat([u('1', 'hi')]);
    const c1 = copy(c0);
    c1.turns.push(a('2', 'hello'));
    const good = line(c0, c1, 1);
    const cases: Array<[string, string]> = [
      ['garbage\n', 'not JSON'],
      ['{"g":1}\n', 'missing fields'],
      ['{"g":1,"keep":1,"add":[{"id":"x","role":"robot","text":"?"}]}\n', 'a message is malformed'],
      ['{"g":1,"keep":9}\n', 'it follows messages the chat does not have'],
    ];
    for (const [bad, reason] of cases) {
      const { chat: back, replayed } = readBack(snapshotText(c0, 1), good + bad + good);
      assert.deepStrictEqual(replayed, { applied: 1, unreadable: `line 2 of its journal: ${reason}` }, bad);
      assert.deepStrictEqual(back.turns, c1.turns, bad);
    }
  });

  it('a journal is folded into the snapshot once it is longer than the snapshot', () => {
    assert.strictEqual(shouldCompact(10_000, 2_000_000), false);
    assert.strictEqual(shouldCompact(2_000_001, 2_000_000), true);
    assert.strictEqual(shouldCompact(1000, 100), false, 'not for a few lines of a small chat');
    assert.strictEqual(shouldCompact(100_000, 100), true);
  });
});
