import * as assert from 'assert';
import { BASE_SYSTEM_PROMPT, buildExplainPrompt, buildRefactorPrompt, buildSystemPrompt, fenceFor, type CodeContext } from '../../src/core/prompts';

const ctx: CodeContext = { code: 'def add(a, b):\n    return a - b', languageId: 'python', fileName: 'src/math.py', startLine: 3, endLine: 4 };

describe('prompts', () => {
  it('explain sends the code, its language and file name, in a fence', () => {
    const p = buildExplainPrompt(ctx);
    assert.strictEqual(p.system, BASE_SYSTEM_PROMPT);
    assert.ok(p.user.includes('File: src/math.py (lines 3-4), language: python'));
    assert.ok(p.user.includes('```python\ndef add(a, b):\n    return a - b\n```'));
  });

  it('appends the user\'s extra system instructions, and ignores blank ones', () => {
    assert.strictEqual(buildSystemPrompt('   '), BASE_SYSTEM_PROMPT);
    const s = buildSystemPrompt('Answer in French.');
    assert.ok(s.startsWith(BASE_SYSTEM_PROMPT));
    assert.ok(s.endsWith('Answer in French.'));
  });

  it('uses a fence longer than any backtick run inside the code', () => {
    assert.strictEqual(fenceFor('no fences'), '```');
    assert.strictEqual(fenceFor('a\n```js\nx\n```'), '````');
    const p = buildExplainPrompt({ ...ctx, code: 'x = """\n````\n"""' });
    assert.ok(p.user.includes('`````python\n'));
  });

  it('each refactor asks for one fenced block and carries its own instruction', () => {
    const fix = buildRefactorPrompt(ctx, 'fixBugs');
    assert.match(fix.user, /fix the bugs/i);
    assert.match(fix.user, /ONE fenced code block/);
    assert.ok(fix.user.includes('return a - b'));
    const custom = buildRefactorPrompt(ctx, 'custom', '  Use type hints  ');
    assert.ok(custom.user.startsWith('Use type hints\n'));
    const tests = buildRefactorPrompt(ctx, 'writeTests');
    assert.match(tests.user, /complete new file/);
  });

  it('a single line is named as one line', () => {
    assert.ok(buildExplainPrompt({ ...ctx, startLine: 7, endLine: 7 }).user.includes('(line 7)'));
  });
});
