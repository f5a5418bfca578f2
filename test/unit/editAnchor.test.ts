import * as assert from 'assert';
import { fitReplacement, resolveAnchor, type Anchor } from '../../src/core/editAnchor';

const doc = 'function a() {}\nfunction target() { return 1; }\nfunction c() {}\n';
const start = doc.indexOf('function target');
const end = doc.indexOf('\nfunction c');
const anchor: Anchor = { version: 3, start, end, originalText: doc.slice(start, end) };

describe('edit anchoring', () => {
  it('applies at the original range when the document did not change', () => {
    assert.deepStrictEqual(resolveAnchor(anchor, 3, doc), { ok: true, start, end, moved: false });
  });

  it('re-anchors when the original text moved but is still there once', () => {
    const edited = '// a new header line\n' + doc;
    const r = resolveAnchor(anchor, 4, edited);
    assert.deepStrictEqual(r, { ok: true, start: start + 21, end: end + 21, moved: true });
    if (r.ok) assert.strictEqual(edited.slice(r.start, r.end), anchor.originalText);
  });

  it('keeps the range when edits elsewhere left it in place', () => {
    const edited = doc + 'function d() {}\n';
    assert.deepStrictEqual(resolveAnchor(anchor, 5, edited), { ok: true, start, end, moved: false });
  });

  it('refuses when the selected text itself changed', () => {
    const edited = doc.replace('return 1;', 'return 2;');
    assert.deepStrictEqual(resolveAnchor(anchor, 4, edited), { ok: false, reason: 'changed' });
  });

  it('refuses when the text moved and now appears twice', () => {
    const edited = 'function target() { return 1; }\n' + doc.replace('function a() {}\n', '');
    assert.deepStrictEqual(resolveAnchor(anchor, 4, edited), { ok: false, reason: 'ambiguous' });
  });

  it('fits the replacement\'s final line break to the selection', () => {
    assert.strictEqual(fitReplacement('a\nb\n', 'x\ny'), 'x\ny\n');
    assert.strictEqual(fitReplacement('a\nb', 'x\ny\n\n'), 'x\ny');
    assert.strictEqual(fitReplacement('a\r\nb\r\n', 'x\ny\n'), 'x\r\ny\r\n');
  });
});
