import * as assert from 'assert';
import { extractCodeBlocks, pickReplacement } from '../../src/core/codeBlocks';

describe('code blocks', () => {
  it('finds fenced blocks with their language', () => {
    const md = 'Here:\n\n```ts\nconst a = 1;\n```\n\nand\n\n~~~python\nx = 2\n~~~\n';
    assert.deepStrictEqual(extractCodeBlocks(md), [
      { language: 'ts', code: 'const a = 1;\n', closed: true },
      { language: 'python', code: 'x = 2\n', closed: true },
    ]);
  });

  it('knows an unclosed fence is not finished', () => {
    const blocks = extractCodeBlocks('Text\n\n```js\nlet x = 1;\nlet y');
    assert.strictEqual(blocks.length, 1);
    assert.strictEqual(blocks[0]!.closed, false);
    assert.strictEqual(pickReplacement('```js\nlet x', 'javascript'), undefined);
  });

  it('prefers the block in the document\'s language', () => {
    const md = '```bash\nnpm i\n```\n\n```typescript\nexport const x = 1;\n```\n';
    assert.strictEqual(pickReplacement(md, 'typescript')?.code, 'export const x = 1;\n');
    assert.strictEqual(pickReplacement(md, 'rust')?.code, 'npm i\n');
  });

  it('does not mistake a fence inside a longer fence for a block', () => {
    const md = '````md\n```js\ninner\n```\n````\n';
    const blocks = extractCodeBlocks(md);
    assert.strictEqual(blocks.length, 1);
    assert.strictEqual(blocks[0]!.code, '```js\ninner\n```\n');
  });

  it('finds no block in plain prose', () => {
    assert.strictEqual(pickReplacement('No code here.', 'ts'), undefined);
  });
});
