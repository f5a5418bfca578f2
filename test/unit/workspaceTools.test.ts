// The pure parts of the workspace tools: numbered views cut to a budget, text search, .gitignore
// layering and bounded listings.
import * as assert from 'assert';
import { gitignoreDirs, gitignoreMatch, ignoredDirectoryGlobs, parseGitignore, type GitignoreFile } from '../../src/core/workspace/gitignoreRules';
import { truncationNote } from '../../src/core/workspace/limits';
import { viewLines, splitLines, checkViewRange } from '../../src/core/workspace/lineView';
import { boundedListing } from '../../src/core/workspace/listing';
import { buildSearchRegex, excerpt, findWord, matchingLines } from '../../src/core/workspace/textSearch';

const numbered = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const budget = { maxLines: 400, maxChars: 40_000 };

describe('workspace tools: view', () => {
  it('numbers lines like cat -n, a final newline starting no line', () => {
    const v = viewLines('a\nb\r\nc\n', undefined, budget);
    assert.ok(v.ok);
    assert.strictEqual(v.text, '     1\ta\n     2\tb\n     3\tc');
    assert.deepStrictEqual([v.first, v.last, v.total, v.truncated], [1, 3, 3, false]);
    assert.deepStrictEqual(splitLines(''), []);
    assert.deepStrictEqual(splitLines('x'), ['x']);
  });

  it('cuts at 400 lines with a note naming what was not shown', () => {
    const v = viewLines(numbered(1000), undefined, budget);
    assert.ok(v.ok);
    assert.strictEqual(v.last, 400);
    assert.ok(v.text.includes('   400\tline 400\n'));
    assert.ok(!v.text.includes('line 401'));
    assert.ok(v.text.endsWith('… truncated: lines 401–1000 not shown; view a range to see more'), v.text.slice(-100));
  });

  it('views a 1-based inclusive range, -1 meaning to the end, and cuts by characters too', () => {
    const r = viewLines(numbered(1000), [995, -1], budget);
    assert.ok(r.ok);
    assert.strictEqual(r.text, [995, 996, 997, 998, 999, 1000].map((n) => `${String(n).padStart(6)}\tline ${n}`).join('\n'));
    const mid = viewLines(numbered(1000), [10, 12], budget);
    assert.ok(mid.ok && mid.first === 10 && mid.last === 12 && !mid.truncated);
    const wide = viewLines(Array.from({ length: 50 }, () => 'x'.repeat(1000)).join('\n'), undefined, budget);
    assert.ok(wide.ok && wide.last === 39 && wide.truncated, 'forty 1000-character lines do not fit in 40 000 characters');
    assert.ok(wide.text.length <= 40_000 + 200);
    const minified = viewLines('y'.repeat(100_000), undefined, budget);
    assert.ok(minified.ok && minified.text.includes('only its start is shown') && minified.text.length < 40_200);
  });

  it('says what is wrong with a range', () => {
    assert.match(checkViewRange([0, 5]) ?? '', /1 or more/);
    assert.match(checkViewRange([5, 2]) ?? '', /before its start/);
    assert.match(checkViewRange([1.5, 2]) ?? '', /whole numbers/);
    assert.strictEqual(checkViewRange([3, -1]), undefined);
    const past = viewLines(numbered(20), [50, -1], budget);
    assert.ok(!past.ok && /has 20 lines/.test(past.error));
    const empty = viewLines('', undefined, budget);
    assert.ok(empty.ok && empty.text === '(empty file)');
  });
});

describe('workspace tools: search', () => {
  const regex = (q: string, o: Partial<{ isRegex: boolean; caseSensitive: boolean; wholeWord: boolean }> = {}): RegExp => {
    const r = buildSearchRegex(q, { isRegex: false, caseSensitive: false, wholeWord: false, ...o });
    assert.ok('regex' in r, JSON.stringify(r));
    return r.regex;
  };

  it('finds one result per matching line, with its number and column', () => {
    const text = 'const a = maxRetries;\nfoo\n  maxRetries = maxRetries + 1\r\nMAXRETRIES\n';
    assert.deepStrictEqual(matchingLines(text, regex('maxRetries'), false), [
      { line: 1, column: 10, text: 'const a = maxRetries;' },
      { line: 3, column: 2, text: '  maxRetries = maxRetries + 1' },
      { line: 4, column: 0, text: 'MAXRETRIES' },
    ]);
    assert.strictEqual(matchingLines(text, regex('maxRetries', { caseSensitive: true }), false).length, 2);
    assert.strictEqual(matchingLines(text, regex('maxRetries'), false, 1).length, 1, 'stops at max');
  });

  it('takes literal text literally, regexes as regexes, and refuses a bad one', () => {
    assert.strictEqual(matchingLines('a.b\naxb\n', regex('a.b'), false).length, 1);
    assert.strictEqual(matchingLines('a.b\naxb\n', regex('a.b', { isRegex: true }), false).length, 2);
    assert.strictEqual(matchingLines('x-1\n', regex('x\\-1', { isRegex: true }), false).length, 1, 'falls back from unicode mode');
    const bad = buildSearchRegex('foo(', { isRegex: true, caseSensitive: false, wholeWord: false });
    assert.ok('error' in bad && /not a valid regular expression/.test(bad.error));
    assert.ok('error' in buildSearchRegex('', { isRegex: false, caseSensitive: false, wholeWord: false }));
  });

  it('whole words: not inside a longer word', () => {
    const text = 'retry\nretryCount\nwithRetry\n(retry)\n';
    assert.deepStrictEqual(matchingLines(text, regex('retry', { wholeWord: true }), true).map((m) => m.line), [1, 4]);
    assert.strictEqual(findWord('  return withRetries(() => load(id));', 'withRetries'), 9);
    assert.strictEqual(findWord('const retryCount = retry;', 'retry'), 19);
    assert.strictEqual(findWord('nothing here', 'retry'), -1);
  });

  it('quotes a line trimmed to 200 characters, around the match when it is far along', () => {
    assert.strictEqual(excerpt('    short line  ', 4, 200), 'short line');
    const long = `${'a'.repeat(500)}NEEDLE${'b'.repeat(500)}`;
    const e = excerpt(long, 500, 200);
    assert.ok(e.length <= 200 && e.includes('NEEDLE') && e.startsWith('…') && e.endsWith('…'), e);
    const head = excerpt(`NEEDLE${'c'.repeat(500)}`, 0, 200);
    assert.ok(head.length === 200 && head.startsWith('NEEDLE') && head.endsWith('…'));
  });
});

describe('workspace tools: .gitignore', () => {
  const files = (map: Record<string, string>): ((dir: string) => GitignoreFile | undefined) => {
    const parsed = new Map(Object.entries(map).map(([dir, text]) => [dir, parseGitignore(text, dir ? `${dir}/.gitignore` : '.gitignore', false)]));
    return (dir) => parsed.get(dir);
  };

  it('ignores a directory\'s content and names the file and rule', () => {
    const at = files({ '': 'dist/\n*.log\n' });
    assert.deepStrictEqual(gitignoreMatch('dist/bundle.js', false, at), { file: '.gitignore', pattern: 'dist/' });
    assert.deepStrictEqual(gitignoreMatch('src/debug.log', false, at), { file: '.gitignore', pattern: '*.log' });
    assert.strictEqual(gitignoreMatch('src/dist', false, at), undefined, 'dist/ matches directories only');
    assert.ok(gitignoreMatch('src/dist', true, at));
    assert.strictEqual(gitignoreMatch('src/a.ts', false, at), undefined);
  });

  it('nested files: their rules apply below them, re-include what the root ignores, but not inside an ignored directory', () => {
    const at = files({ '': '*.log\nbuild/\n', pkg: 'generated/\n!keep.log\n', build: '!*.js\n' });
    assert.deepStrictEqual(gitignoreMatch('pkg/generated/x.ts', false, at), { file: 'pkg/.gitignore', pattern: 'generated/' });
    assert.strictEqual(gitignoreMatch('generated/x.ts', false, at), undefined, 'pkg/.gitignore does not reach the root');
    assert.strictEqual(gitignoreMatch('pkg/keep.log', false, at), undefined);
    assert.deepStrictEqual(gitignoreMatch('pkg/other.log', false, at), { file: '.gitignore', pattern: '*.log' });
    assert.deepStrictEqual(gitignoreMatch('build/a.js', false, at), { file: '.gitignore', pattern: 'build/' });
    assert.deepStrictEqual(gitignoreDirs('a/b/c.ts'), ['', 'a', 'a/b']);
  });
});

describe('workspace tools: .gitignore as search globs', () => {
  const globs = (text: string): string[] => ignoredDirectoryGlobs(parseGitignore(text, '.gitignore', false).patterns);

  it('turns ignored directories and plain names into globs for their contents', () => {
    assert.deepStrictEqual(globs('# deps\nnode_modules\ndist/\n/build\nout/lib/\n*.egg-info/\n\n'), [
      '**/node_modules/**',
      '**/dist/**',
      'build/**',
      'out/lib/**',
      '**/*.egg-info/**',
    ]);
  });

  it('leaves wildcard file rules, odd syntax and any file with a re-include to the exact check', () => {
    assert.deepStrictEqual(globs('*.log\n**/tmp\nfoo[12]/\na,b/\n'), []);
    assert.deepStrictEqual(globs('dist/\n!dist/keep.js\n'), []);
  });
});

describe('workspace tools: bounds', () => {
  it('a listing keeps the first level first, shown in tree order', () => {
    const entries = [
      { path: 'a/', depth: 1 },
      ...Array.from({ length: 10 }, (_, i) => ({ path: `a/${i}.ts`, depth: 2 })),
      { path: 'b.ts', depth: 1 },
    ];
    const l = boundedListing(entries, 5);
    assert.deepStrictEqual(l.lines, ['a/', 'a/0.ts', 'a/1.ts', 'a/2.ts', 'b.ts']);
    assert.deepStrictEqual([l.shown, l.total], [5, 12]);
    assert.strictEqual(boundedListing(entries, 100).lines.length, 12);
  });

  it('notes say how much was shown and how to see more', () => {
    assert.strictEqual(truncationNote(100, 150, 'matches', 'narrow the query'), '… truncated: 100 of 150 matches shown; narrow the query');
  });
});
