// The text-editor tool's edits on a file's text, and what a change amounts to.
import * as assert from 'assert';
import { insertAfterLine, lineStats, minimalEdit, strReplace } from '../../src/core/agent/textEdits';

describe('text-editor edits', () => {
  it('str_replace replaces the one occurrence', () => {
    assert.deepStrictEqual(strReplace('a\nb\nc\n', 'b', 'B'), { ok: true, text: 'a\nB\nc\n' });
  });

  it('str_replace refuses no match and several matches, naming the lines', () => {
    const none = strReplace('a\nb\n', 'z', 'Z');
    assert.ok(!none.ok && /No match found/.test(none.error));
    const many = strReplace('x\ny\nx\n', 'x', 'X');
    assert.ok(!many.ok && /multiple matches .*lines 1, 3/.test(many.error), JSON.stringify(many));
    const empty = strReplace('x', '', 'X');
    assert.ok(!empty.ok);
  });

  it('insert puts text after a line, 0 meaning the top, and refuses a line out of range', () => {
    assert.deepStrictEqual(insertAfterLine('a\nb\n', 0, 'top'), { ok: true, text: 'top\na\nb\n' });
    assert.deepStrictEqual(insertAfterLine('a\nb\n', 1, 'mid\n'), { ok: true, text: 'a\nmid\nb\n' });
    assert.deepStrictEqual(insertAfterLine('a\nb\n', 2, 'end'), { ok: true, text: 'a\nb\nend\n' });
    assert.deepStrictEqual(insertAfterLine('a\nb', 2, 'end'), { ok: true, text: 'a\nb\nend\n' });
    const out = insertAfterLine('a\nb\n', 3, 'x');
    assert.ok(!out.ok && /out of range: the file has 2 lines/.test(out.error));
  });

  it('the smallest edit keeps the unchanged start and end', () => {
    assert.deepStrictEqual(minimalEdit('function add(a)', 'function sum(a)'), { start: 9, end: 12, text: 'sum' });
    assert.deepStrictEqual(minimalEdit('same', 'same'), { start: 4, end: 4, text: '' });
    assert.deepStrictEqual(minimalEdit('', 'new'), { start: 0, end: 0, text: 'new' });
    assert.deepStrictEqual(minimalEdit('aaa', 'aa'), { start: 2, end: 3, text: '' });
  });

  it('counts lines added and removed as a line diff does', () => {
    assert.deepStrictEqual(lineStats('a\nb\nc\n', 'a\nB\nc\n'), { added: 1, removed: 1 });
    assert.deepStrictEqual(lineStats('', 'x\ny\n'), { added: 2, removed: 0 });
    assert.deepStrictEqual(lineStats('a\nb\n', 'a\n'), { added: 0, removed: 1 });
    assert.deepStrictEqual(lineStats('a\n', 'a\n'), { added: 0, removed: 0 });
  });
});
