import * as assert from 'assert';
import { estimateTokens, fitAgain, fitChat, fitHistory, fitMemo, TRIMMED_TO, type FitMemo } from '../../src/core/conversation/historyFit';
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

  it('keeps a chat\'s last fit with it, and drops a malformed one without losing the chat', () => {
    const fit = { key: 'ab12', length: 41, start: 6, chars: 90_000, tokens: 179_000 };
    const chat = { version: 1, id: 'c', title: 't', createdAt: 5, turns: [u('1', 'q')], fit };
    assert.deepStrictEqual(loadStoredChat(JSON.parse(JSON.stringify(chat))), { ok: true, chat });
    for (const bad of [{ ...fit, tokens: '179000' }, { ...fit, start: -1 }, { ...fit, length: 1.5 }, 'fit']) {
      const loaded = loadStoredChat({ ...chat, fit: bad });
      assert.ok(loaded.ok && loaded.chat, JSON.stringify(bad));
      assert.ok(!('fit' in loaded.chat), `${JSON.stringify(bad)} is dropped`);
      assert.deepStrictEqual(loaded.chat.turns, chat.turns);
    }
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

  /** The first start (a user message, or the question) from which the rest fits, found one turn at a time. */
  function linearFit(history: ApiMessage[], budget: number, tokens: (ms: ApiMessage[]) => number): number {
    for (let i = 0; i < history.length - 1; i++) if (history[i]!.role === 'user' && tokens(history.slice(i)) <= budget) return i;
    return history.length - 1;
  }

  function longChat(turns: number): ApiMessage[] {
    const history: ApiMessage[] = [];
    for (let k = 0; k < turns; k++) history.push({ role: 'user', content: 'q'.repeat(40 + (k % 7)) }, { role: 'assistant', content: 'a'.repeat(1500 + (k % 13) * 10) });
    history.push({ role: 'user', content: 'the question' });
    return history;
  }

  it('fits a 2,000-message chat in two to four counts of about the budget, keeping what dropping one turn at a time keeps', async () => {
    const history = longChat(1000);
    // Tokenizers differ from four characters a token: prose, code (denser), and a skewed one with a fixed overhead.
    const tokenizers: Array<[string, (ms: ApiMessage[]) => number]> = [
      ['4 chars a token', (ms) => estimateTokens(ms)],
      ['3 chars a token', (ms) => Math.ceil(estimateTokens(ms) * 1.33)],
      ['6 chars a token, plus a system prompt', (ms) => 2000 + Math.ceil(estimateTokens(ms) / 1.5)],
    ];
    for (const [name, tokens] of tokenizers) {
      const counted: number[] = [];
      const count = async (ms: ApiMessage[]) => {
        const n = tokens(ms);
        counted.push(n);
        return n;
      };
      const fitted = await fitHistory(history, 100_000, count);
      const start = linearFit(history, 100_000, tokens);
      assert.strictEqual(fitted.dropped, start, name);
      assert.strictEqual(fitted.messages[0]!.role, 'user', name);
      assert.ok(tokens(fitted.messages) <= 100_000 && tokens(history.slice(start - 2)) > 100_000, name);
      assert.ok(counted.length <= 4, `${name}: ${counted.length} counts`);
      // Never the whole 2,000 messages (~780,000 tokens): every count is of about the budget's size.
      assert.ok(Math.max(...counted) < 100_000 * 1.5, `${name}: counted ${Math.max(...counted)} tokens at once`);
    }
  });

  it('finds the same start as dropping one turn at a time, whatever the budget and the tokenizer', async () => {
    const history = longChat(60);
    let worst = 0;
    for (const perChar of [0.1, 0.25, 0.4, 1]) {
      const tokens = (ms: ApiMessage[]): number => Math.ceil(ms.reduce((n, m) => n + m.content.length, 0) * perChar) + 50;
      for (let budget = 0; budget <= tokens(history) + 100; budget += 997) {
        let calls = 0;
        const fitted = await fitHistory(history, budget, async (ms) => {
          calls++;
          return tokens(ms);
        });
        assert.strictEqual(fitted.dropped, linearFit(history, budget, tokens), `${perChar} tokens a character, budget ${budget}`);
        assert.strictEqual(fitted.messages[fitted.messages.length - 1], history[history.length - 1]);
        worst = Math.max(worst, calls);
      }
    }
    // 61 starts: four guided counts, then halving.
    assert.ok(worst <= 4 + 6, `${worst} counts`);
  });

  it('sends a long chat again without counting while its last exact count leaves room, and every send fits', async () => {
    const budget = 100_000;
    const tokenizers: Array<[string, (ms: ApiMessage[]) => number]> = [
      ['4 chars a token', (ms) => estimateTokens(ms)],
      ['2 chars a token, plus a system prompt', (ms) => 3000 + 2 * estimateTokens(ms)],
      // The worst a byte-level tokenizer can do: a token for every byte of UTF-8 (accents are two).
      ['a token a byte', (ms) => ms.reduce((n, m) => n + Buffer.byteLength(m.content) + 4, 0)],
    ];
    for (const [name, tokens] of tokenizers) {
      const history = longChat(1000);
      let memo: FitMemo | undefined;
      const countsPerSend: number[] = [];
      for (let send = 0; send < 20; send++) {
        let counts = 0;
        const fitted = await fitChat(history, budget, 'model\nsystem', memo, async (ms) => {
          counts++;
          return { tokens: tokens(ms), exact: true };
        });
        memo = fitted.memo;
        countsPerSend.push(counts);
        assert.ok(tokens(fitted.messages) <= budget, `${name}, send ${send}: ${tokens(fitted.messages)} tokens sent`);
        assert.strictEqual(fitted.messages[0]!.role, 'user', name);
        assert.strictEqual(fitted.messages.at(-1), history.at(-1), `${name}: the question is sent`);
        assert.strictEqual(fitted.dropped, history.length - fitted.messages.length);
        // The reply, then the next question (accented: more bytes than characters).
        history.push({ role: 'assistant', content: `réponse ${send} `.repeat(120) }, { role: 'user', content: `question ${send} é` });
      }
      assert.ok(countsPerSend[0]! > 0, `${name}: the first send counts`);
      const counted = countsPerSend.filter((n) => n > 0).length;
      assert.ok(counted <= 10, `${name}: ${counted} of 20 sends counted (${countsPerSend.join(', ')})`);
      if (name === '4 chars a token') assert.ok(counted <= 4, `${name}: ${counted} of 20 sends counted (${countsPerSend.join(', ')})`);
    }
  });

  it('trims a chat that no longer fits to a share of the budget, so the next sends have room', async () => {
    const history = longChat(1000);
    const tokens = (ms: ApiMessage[]): number => estimateTokens(ms);
    const fitted = await fitChat(history, 100_000, 'k', undefined, async (ms) => ({ tokens: tokens(ms), exact: true }));
    assert.ok(tokens(fitted.messages) <= 100_000 * TRIMMED_TO);
    assert.strictEqual(fitted.dropped, linearFit(history, 100_000 * TRIMMED_TO, tokens));
    assert.deepStrictEqual(fitted.memo, fitMemo('k', history, fitted.dropped, tokens(fitted.messages)));
  });

  it('counts again when the model, the system prompt or the history changed, or the count was an estimate', async () => {
    const history = longChat(1000);
    const tokens = (ms: ApiMessage[]): number => estimateTokens(ms);
    const first = await fitChat(history, 100_000, 'k', undefined, async (ms) => ({ tokens: tokens(ms), exact: true }));
    const memo = first.memo!;
    const next = [...history, { role: 'assistant' as const, content: 'a reply' }, { role: 'user' as const, content: 'one more' }];
    assert.strictEqual(fitAgain(next, 100_000, 'k', memo)?.start, memo.start, 'the same chat, one turn on');
    assert.strictEqual(fitAgain(next, 100_000, 'another model\nsystem', memo), undefined, 'another key');
    assert.strictEqual(fitAgain(history, 100_000, 'k', memo), undefined, 'nothing new (a retry)');
    const edited = next.map((m, i) => (i === history.length - 1 ? { ...m, content: `${m.content}\n\nmerged` } : m));
    assert.strictEqual(fitAgain(edited, 100_000, 'k', memo), undefined, 'a kept message changed');
    assert.strictEqual(fitAgain(next, memo.tokens + 10, 'k', memo), undefined, 'the newer messages may not fit');
    const estimated = await fitChat(history, 100_000, 'k', undefined, async (ms) => ({ tokens: tokens(ms), exact: false }));
    assert.strictEqual(estimated.memo, undefined, 'an estimate is not remembered');
  });
});
