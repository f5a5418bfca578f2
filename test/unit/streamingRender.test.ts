import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import hljs from 'highlight.js/lib/common';
import { highlightWith } from '../../src/webview/highlightCore';
import { closesFence, mayCloseFence, stripFenceIndent, type Fence } from '../../src/webview/fenceLines';
import { isPlainDelta, lastLineSettled, splitTrailingSpace } from '../../src/webview/plainDelta';

/** Highlights `code` a line at a time the way a streaming code block does; returns the HTML and the work done (characters highlighted). */
function highlightInPieces(code: string, lang: string): { html: string; work: number } {
  let html = '';
  let dirty = '';
  let dirtyHtml = '';
  let work = 0;
  for (const line of code.split(/(?<=\n)/)) {
    const piece = dirty + line;
    work += piece.length;
    const r = highlightCode(piece, lang);
    if (r.clean) {
      html += r.html;
      dirty = '';
      dirtyHtml = '';
    } else {
      dirty = piece;
      dirtyHtml = r.html ?? '';
    }
  }
  return { html: html + dirtyHtml, work };
}

/** The worker's highlighter (every common language; the page's has TypeScript only). */
const highlightCode = (code: string, info: string) => highlightWith(hljs, code, info);

const root = path.resolve(__dirname, '../../..');

describe('streaming render: code highlighted a line at a time', () => {
  const samples: Array<[string, string]> = [
    ['src/claude/toolLoop.ts', 'typescript'],
    ['src/webview/streamingMarkdown.ts', 'typescript'],
    ['scripts/build.mjs', 'javascript'],
    ['media/webview.css', 'css'],
    ['scripts/test.sh', 'bash'],
    ['package.json', 'json'],
  ];
  for (const [file, lang] of samples) {
    it(`gives the same HTML as highlighting ${file} whole, with little extra work`, () => {
      const code = fs.readFileSync(path.join(root, file), 'utf8');
      const whole = highlightCode(code, lang).html;
      const pieces = highlightInPieces(code, lang);
      assert.strictEqual(pieces.html, whole);
      assert.ok(pieces.work < code.length * 2, `highlighted ${pieces.work} characters for a ${code.length}-character file`);
    });
  }

  it('knows when a piece ends inside a comment, a string or a docstring', () => {
    assert.strictEqual(highlightCode('const a = 1;\n', 'ts').clean, true);
    assert.strictEqual(highlightCode('/* open\n', 'ts').clean, false);
    assert.strictEqual(highlightCode('const s = `a\n', 'typescript').clean, false);
    assert.strictEqual(highlightCode('x = """doc\n', 'python').clean, false);
    assert.strictEqual(highlightCode('x = """doc\n"""\n', 'python').clean, true);
  });

  it('a 400-line block highlighted a line at a time equals the whole, python included', () => {
    const lines: string[] = [];
    for (let i = 0; i < 100; i++) lines.push(`def f${i}(a, b):`, `    """Adds ${i}.`, '    """', `    return a + b + ${i}  # comment`);
    const code = lines.join('\n') + '\n';
    assert.strictEqual(highlightInPieces(code, 'python').html, highlightCode(code, 'python').html);
  });

  it('leaves a language it does not know to plain text', () => {
    assert.deepStrictEqual(highlightCode('anything', 'no-such-language'), { html: undefined, clean: true });
    assert.deepStrictEqual(highlightCode('anything', ''), { html: undefined, clean: true });
  });
});

describe('streaming render: fence lines', () => {
  const backticks: Fence = { markup: '```', indent: 0, info: 'ts' };
  const tildes: Fence = { markup: '~~~~', indent: 2, info: '' };
  it('closes on the same marker, at least as long, up to 3 spaces in, nothing after', () => {
    assert.ok(closesFence(backticks, '```\n'));
    assert.ok(closesFence(backticks, '   ````  \n'));
    assert.ok(closesFence(backticks, '```'));
    assert.ok(!closesFence(backticks, '``\n'));
    assert.ok(!closesFence(backticks, '    ```\n'), 'four spaces is code');
    assert.ok(!closesFence(backticks, '```ts\n'), 'a closing fence has no info');
    assert.ok(!closesFence(backticks, '~~~\n'));
    assert.ok(closesFence(tildes, '~~~~~\n'));
    assert.ok(!closesFence(tildes, '~~~\n'), 'shorter than the opening');
  });
  it('holds back an incomplete line that may become the closing fence', () => {
    assert.ok(mayCloseFence(backticks, '`'));
    assert.ok(mayCloseFence(backticks, '  ``'));
    assert.ok(!mayCloseFence(backticks, '``x'));
    assert.ok(!mayCloseFence(backticks, '~'));
  });
  it('removes up to the opening fence\'s indentation from content lines', () => {
    assert.strictEqual(stripFenceIndent(tildes, '    x\n'), '  x\n');
    assert.strictEqual(stripFenceIndent(tildes, ' x\n'), 'x\n');
    assert.strictEqual(stripFenceIndent(backticks, '  x\n'), '  x\n');
  });
});

describe('streaming render: plain deltas', () => {
  it('appends text that cannot change the parse of what came before', () => {
    assert.ok(isPlainDelta('the value is 42, then'));
    assert.ok(isPlainDelta(' état déjà vu. '));
    for (const d of ['a *b', 'x_y', 'code `x', 'a\nb', '[link', '(url)', 'a & b', '<tag', 'a | b', '# h', '~~s', 'tab\there', 'esc\\', '!']) {
      assert.ok(!isPlainDelta(d), JSON.stringify(d));
    }
    assert.ok(!isPlainDelta(''));
  });
  it('only on a line that has settled what kind of block it is', () => {
    assert.ok(lastLineSettled('Intro.\n\nThe answer'));
    assert.ok(lastLineSettled('1. First'));
    assert.ok(!lastLineSettled('Intro.\n\n1'), 'may still become a list item');
    assert.ok(!lastLineSettled('text\n'), 'a new line may start any block');
    assert.ok(!lastLineSettled('text\n-'));
    assert.ok(!lastLineSettled('[docs]: https'), 'a link definition renders nothing');
  });
  it('holds back trailing whitespace, which markdown-it trims from a block', () => {
    assert.deepStrictEqual(splitTrailingSpace('word  '), ['word', '  ']);
    assert.deepStrictEqual(splitTrailingSpace('   '), ['', '   ']);
    assert.deepStrictEqual(splitTrailingSpace('a b'), ['a b', '']);
  });
});
