import * as assert from 'assert';
import hljs from 'highlight.js/lib/common';
import { forWorker, highlightCode } from '../../src/webview/codeHighlight';
import { WORKER_LANGUAGES } from '../../src/webview/highlightLanguages';

describe('highlighting: the page has TypeScript, the worker every common language', () => {
  it('lists every name and alias of highlight.js/lib/common as the worker languages', () => {
    const known = new Set<string>();
    for (const name of hljs.listLanguages()) {
      known.add(name);
      for (const alias of hljs.getLanguage(name)?.aliases ?? []) known.add(alias.toLowerCase());
    }
    assert.deepStrictEqual([...WORKER_LANGUAGES].sort(), [...known].sort());
  });

  it("sends code in the worker's languages to the worker, and TypeScript until its grammar is compiled on the page", () => {
    for (const info of ['python', 'py', 'Java', 'go', 'rust', 'bash', 'json']) assert.strictEqual(forWorker(info), true, info);
    for (const info of ['', 'no-such-language', 'text-only']) assert.strictEqual(forWorker(info), false, info);
    assert.strictEqual(forWorker('typescript'), true, 'TypeScript before its first use on the page');
    assert.ok(highlightCode('const a = 1;\n', 'ts').html?.includes('hljs-keyword'), 'the page highlights TypeScript');
    assert.strictEqual(forWorker('typescript'), false, 'TypeScript, compiled on the page');
    assert.strictEqual(forWorker('ts'), false, 'and by its alias');
  });

  it('leaves code in other languages plain on the page (their grammars are not in its script)', () => {
    assert.deepStrictEqual(highlightCode('def half(n):\n    return n / 2\n', 'python'), { html: undefined, clean: true });
    assert.deepStrictEqual(highlightCode('func main() {}\n', 'go'), { html: undefined, clean: true });
  });
});
