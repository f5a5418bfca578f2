import * as assert from 'assert';
import { buildParams } from '../../src/claude/client';
import { buildCustomCommandPrompt, buildExplainPrompt, buildRefactorPrompt, parseCustomCommands, renderTemplate, type CodeContext } from '../../src/core/prompts';
import { BUILT_IN_MODELS, isFresh, MODEL_CACHE_MS } from '../../src/core/models';

const ctx: CodeContext = { code: 'x = 1', languageId: 'python', fileName: 'a.py', startLine: 1, endLine: 1 };

describe('prompt caching breakpoints', () => {
  it('caches the system prompt and the last message, and nothing in between', () => {
    const p = buildParams({
      model: 'claude-sonnet-5-5',
      maxTokens: 100,
      system: 'sys',
      messages: [
        { role: 'user', content: 'q1' },
        { role: 'assistant', content: 'a1' },
        { role: 'user', content: 'q2' },
      ],
    });
    assert.deepStrictEqual(p.system, [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }]);
    assert.deepStrictEqual(p.messages, [
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: [{ type: 'text', text: 'q2', cache_control: { type: 'ephemeral' } }] },
    ]);
    assert.ok(!('thinking' in p));
    assert.ok(!('temperature' in p));
  });

  it('passes the thinking configuration through', () => {
    const p = buildParams({ model: 'm', maxTokens: 5000, system: 's', messages: [{ role: 'user', content: 'q' }], thinking: { type: 'enabled', budget_tokens: 2048 } });
    assert.deepStrictEqual(p.thinking, { type: 'enabled', budget_tokens: 2048 });
  });
});

describe('custom prompts', () => {
  it('fills {{selection}}, {{code}}, {{language}} and {{fileName}}', () => {
    const out = renderTemplate('Review {{fileName}} ({{language}}):\n{{selection}}\nraw: {{ code }}', ctx);
    assert.strictEqual(out, 'Review a.py (python):\nFile: a.py (line 1), language: python\n```python\nx = 1\n```\nraw: x = 1');
  });

  it('always sends the code, even when the template forgets it', () => {
    assert.ok(renderTemplate('Is this idiomatic?', ctx).endsWith('```python\nx = 1\n```'));
  });

  it('reads only well-formed custom commands', () => {
    const cmds = parseCustomCommands([
      { title: 'Review', prompt: 'Review {{selection}}' },
      { title: 'To async', prompt: 'Convert', replaceSelection: true },
      { title: '', prompt: 'x' },
      { prompt: 'no title' },
      'junk',
    ]);
    assert.deepStrictEqual(cmds, [
      { title: 'Review', prompt: 'Review {{selection}}', replacesSelection: false },
      { title: 'To async', prompt: 'Convert', replacesSelection: true },
    ]);
    assert.deepStrictEqual(parseCustomCommands(undefined), []);
  });

  it('a replacing custom command asks for one fenced block', () => {
    assert.match(buildCustomCommandPrompt(ctx, { title: 't', prompt: 'Convert', replacesSelection: true }).user, /ONE fenced code block/);
    assert.doesNotMatch(buildCustomCommandPrompt(ctx, { title: 't', prompt: 'Review', replacesSelection: false }).user, /ONE fenced/);
  });

  it('overrides of the built-in prompts replace their wording, not the reply shape', () => {
    assert.strictEqual(buildExplainPrompt(ctx, '', 'ELI5: {{code}}').user, 'ELI5: x = 1');
    const r = buildRefactorPrompt(ctx, 'refactor', undefined, '', 'Make {{fileName}} pythonic');
    assert.ok(r.user.startsWith('Make a.py pythonic\n\nFile: a.py (line 1), language: python\n```python\nx = 1\n```'), r.user);
    assert.match(r.user, /ONE fenced code block/);
  });
});

describe('model list cache', () => {
  it('is reused for a day, for the same base URL only', () => {
    const cache = { fetchedAt: 1000, baseUrl: 'http://x', models: [...BUILT_IN_MODELS] };
    assert.ok(isFresh(cache, 'http://x', 1000 + MODEL_CACHE_MS - 1));
    assert.ok(!isFresh(cache, 'http://x', 1000 + MODEL_CACHE_MS));
    assert.ok(!isFresh(cache, 'http://y', 1001));
    assert.ok(!isFresh(undefined, 'http://x', 1001));
  });
});
