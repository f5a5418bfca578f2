// The chat's read-only workspace tools in a real extension host: bounds, unsaved text, paths that
// leave the workspace, excluded files, and the TypeScript extension's definitions and references.
// Generated files live in a temporary folder of the workspace, removed at the end.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { DEFAULT_EXCLUDE_FILES } from '../../src/platform/settings';
import { workspaceTools } from '../../src/platform/workspace/tools';
import { viewPath } from '../../src/platform/workspace/viewPath';
import { isRefused, resolveWorkspacePath } from '../../src/platform/workspace/workspacePaths';
import type { ToolContext, ToolResult } from '../../src/platform/workspace/workspaceTool';
import { closeAllEditors, waitFor } from './helpers';

const tools = workspaceTools({ workspaceTools: true, excludeFiles: [...DEFAULT_EXCLUDE_FILES] });

function ctx(pendingText?: ToolContext['pendingText'], signal = new AbortController().signal): ToolContext {
  return { signal, pendingText };
}

function run(name: string, input: unknown, context = ctx()): Promise<ToolResult> {
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool.run(input, context);
}

function ok(r: ToolResult): ToolResult {
  assert.ok(!r.isError, `expected a result, got an error: ${r.content}`);
  return r;
}

function refused(r: ToolResult, ...patterns: RegExp[]): void {
  assert.strictEqual(r.isError, true, `expected a refusal, got: ${r.content.slice(0, 300)}`);
  for (const p of patterns) assert.match(r.content, p);
}

/** Result lines that are paths or "path:line: text" (not notes). */
function resultLines(r: ToolResult): string[] {
  return r.content.split('\n').filter((l) => l && !l.startsWith('…') && !l.startsWith('(') && !/ /.test(l.split(':')[0]!));
}

/**
 * Polls a language-extension tool until it answers with a result matching `expect`. TypeScript's
 * project server can take minutes to load on a busy machine (until then its syntax server answers
 * from one file only), and it loads sooner for files shown in editors: they are shown first.
 */
async function untilAnswered(name: string, input: unknown, expect: RegExp, timeoutMs = 180_000): Promise<ToolResult> {
  for (const file of ['src/retry.ts', 'src/client.ts']) {
    await vscode.window.showTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, file), { preview: false });
  }
  const end = Date.now() + timeoutMs;
  let last: ToolResult | undefined;
  while (Date.now() < end) {
    last = await run(name, input);
    if (!last.isError && expect.test(last.content)) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${name} never answered ${expect}; last: ${last?.content}`);
}

describe('Workspace tools', function () {
  const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const tmpName = `tmp-tools-${process.pid}`;
  const tmp = path.join(root, tmpName);
  const outsideDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-outside-'));
  const beside = path.join(root, '..', 'outside.txt');
  const token = `needle${process.pid}`;
  /** In unsaved text only (not the token: the host may keep a closed document's text a while). */
  const mark = `edited${process.pid}`;

  before(() => {
    fs.mkdirSync(path.join(tmp, 'many'), { recursive: true });
    for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(tmp, 'many', `f-${String(i).padStart(3, '0')}.txt`), `file ${i}\n`);
    fs.writeFileSync(path.join(tmp, 'long.txt'), Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    // 150 matching lines in 3 files, one of them a line longer than 200 characters.
    for (const n of [1, 2, 3]) {
      const lines = Array.from({ length: 50 }, (_, i) => `${i % 2 ? 'x' : ''} ${token} ${n}-${i}`);
      if (n === 3) lines[49] = `${'y'.repeat(300)} ${token} far along ${'z'.repeat(300)}`;
      fs.writeFileSync(path.join(tmp, `matches-${n}.txt`), lines.join('\n') + '\n');
    }
    fs.writeFileSync(path.join(tmp, 'binary.bin'), Buffer.from([0x50, 0x4b, 0x00, 0x01, 0x02, token.charCodeAt(0)]));
    fs.writeFileSync(path.join(outsideDir, 'secret.txt'), `outside ${token}\n`);
    fs.writeFileSync(beside, `beside the workspace ${token}\n`);
    fs.symlinkSync(path.join(outsideDir, 'secret.txt'), path.join(tmp, 'link-out.txt'));
    fs.symlinkSync(outsideDir, path.join(tmp, 'linkdir-out'));
    fs.symlinkSync(path.join(root, 'sample.ts'), path.join(tmp, 'link-in.ts'));
    fs.symlinkSync(path.join(root, '.env'), path.join(tmp, 'innocent.txt'));
  });

  after(async () => {
    await closeAllEditors();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(outsideDir, { recursive: true, force: true });
    fs.rmSync(beside, { force: true });
    fs.rmSync(path.join(root, 'dist', 'broken.ts'), { force: true });
  });

  afterEach(closeAllEditors);

  describe('view', () => {
    it('numbers a file like cat -n, at most 400 lines with a note, and a range on request', async () => {
      const r = ok(await viewPath(`${tmpName}/long.txt`, undefined, ctx()));
      assert.ok(r.content.startsWith('     1\tline 1\n     2\tline 2\n'));
      assert.ok(r.content.includes('   400\tline 400') && !r.content.includes('line 401'));
      assert.ok(r.content.endsWith('… truncated: lines 401–1000 not shown; view a range to see more'), r.content.slice(-120));
      assert.strictEqual(r.summary, `Read ${tmpName}/long.txt (lines 1–400 of 1000)`);

      const end = ok(await viewPath(`${tmpName}/long.txt`, [995, -1], ctx()));
      assert.strictEqual(end.content.split('\n').length, 6);
      assert.ok(end.content.startsWith('   995\tline 995') && end.content.endsWith('  1000\tline 1000'));
      const whole = ok(await viewPath('src/retry.ts', undefined, ctx()));
      assert.strictEqual(whole.summary, 'Read src/retry.ts (lines 1–13)');
      refused(await viewPath(`${tmpName}/long.txt`, [2000, -1], ctx()), /has 1000 lines/);
      refused(await viewPath(`${tmpName}/binary.bin`, undefined, ctx()), /binary/);
      refused(await viewPath('src/nope.ts', undefined, ctx()), /src\/nope\.ts does not exist/);
    });

    it('lists a directory two levels deep without hidden or excluded entries, at most 200', async () => {
      const top = ok(await viewPath('.', undefined, ctx()));
      const entries = top.content.split('\n').slice(1);
      for (const e of ['src/', 'src/retry.ts', 'src/client.ts', 'sample.ts', `${tmpName}/`]) assert.ok(entries.includes(e), `${e} in:\n${top.content}`);
      for (const e of ['.env', '.gitignore', 'dist/', 'dist/bundle.js']) assert.ok(!entries.includes(e), `${e} is not listed`);
      assert.match(top.summary, /^Listed \.\/ \(\d+ entries\)$/);

      const many = ok(await viewPath(tmpName, undefined, ctx()));
      const lines = many.content.split('\n').slice(1);
      assert.strictEqual(lines.filter((l) => l.startsWith(`${tmpName}/`)).length, 200);
      assert.ok(lines.includes(`${tmpName}/long.txt`), 'first-level entries are kept before the second level');
      assert.match(many.content, /… truncated: 200 of 3\d\d entries shown; view a subdirectory to see more/);
      assert.match(many.summary, new RegExp(`^Listed ${tmpName}/ \\(200 of 3\\d\\d entries\\)$`));
    });

    it('reads text changed earlier in the answer first, then unsaved editor text, then the disk', async () => {
      const file = path.join(tmp, 'unsaved.ts');
      fs.writeFileSync(file, 'const onDisk = 1;\n');
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), `const unsaved_${mark} = 2;\n`));
      assert.ok(editor.document.isDirty);

      const seen = ok(await viewPath(`${tmpName}/unsaved.ts`, undefined, ctx()));
      assert.strictEqual(seen.content, `     1\tconst unsaved_${mark} = 2;\n     2\tconst onDisk = 1;`);
      const pending = ok(await viewPath(`${tmpName}/unsaved.ts`, undefined, ctx((uri) => (uri.fsPath === file ? 'pending text\n' : undefined))));
      assert.strictEqual(pending.content, '     1\tpending text');
      const created = ok(await viewPath(`${tmpName}/created-in-answer.ts`, undefined, ctx((uri) => (uri.path.endsWith('/created-in-answer.ts') ? 'new file\n' : undefined))));
      assert.strictEqual(created.content, '     1\tnew file');

      const found = ok(await run('search_text', { query: `unsaved_${mark}` }));
      assert.ok(found.content.startsWith(`${tmpName}/unsaved.ts:1: const unsaved_${mark} = 2;`), found.content);
      assert.strictEqual(found.summary, `Searched 'unsaved_${mark}': 1 match in 1 file`);
      const shifted = ok(await run('search_text', { query: 'onDisk', include: `${tmpName}/**` }));
      assert.ok(shifted.content.startsWith(`${tmpName}/unsaved.ts:2: const onDisk = 1;`), 'line 2 in the editor, line 1 on disk');
    });
  });

  describe('find_files', () => {
    it('lists matching paths sorted, at most 200 with a note', async () => {
      const r = ok(await run('find_files', { pattern: `${tmpName}/many/**` }));
      const paths = resultLines(r);
      assert.strictEqual(paths.length, 200);
      assert.deepStrictEqual(paths, [...paths].sort());
      assert.strictEqual(paths[0], `${tmpName}/many/f-000.txt`);
      assert.match(r.content, /… truncated: 200 of 300 files shown/);
      assert.strictEqual(r.summary, `Found 300 files matching '${tmpName}/many/**'`);
      const five = ok(await run('find_files', { pattern: `${tmpName}/many/*.txt`, max_results: 5 }));
      assert.strictEqual(resultLines(five).length, 5);
    });

    it('leaves out .gitignore\'d and secret files, and tries a bare name anywhere', async () => {
      const js = ok(await run('find_files', { pattern: '**/*.js' }));
      assert.ok(!js.content.includes('dist/bundle.js'), js.content);
      const env = ok(await run('find_files', { pattern: '**/.env' }));
      assert.deepStrictEqual(resultLines(env), []);
      assert.match(env.content, /1 matching file is left out/);
      const bare = ok(await run('find_files', { pattern: 'retry.ts' }));
      assert.deepStrictEqual(resultLines(bare), ['src/retry.ts']);
      refused(await run('find_files', { pattern: '../**' }), /leaves the workspace/);
    });
  });

  describe('search_text', () => {
    it('answers path:line: text, at most 100 of 150 matches with a note and the count of files', async () => {
      const r = ok(await run('search_text', { query: token }));
      const hits = r.content.split('\n').filter((l) => l.includes(`: `) && l.startsWith(`${tmpName}/`));
      assert.strictEqual(hits.length, 100);
      assert.strictEqual(hits[0], `${tmpName}/matches-1.txt:1: ${token} 1-0`);
      assert.match(r.content, /^150 matching lines in 3 files\.$/m);
      assert.match(r.content, /… truncated: 100 of 150 matching lines shown/);
      assert.strictEqual(r.summary, `Searched '${token}': 150 matches in 3 files`);
      assert.ok(!r.content.includes('outside'), 'nothing from outside the workspace, through links or beside it');
      assert.match(r.content, /Not searched: (.*, )?1 binary file/);

      const far = ok(await run('search_text', { query: `${token} far along`, include: `${tmpName}/**` }));
      const line = far.content.split('\n')[0]!;
      assert.ok(line.startsWith(`${tmpName}/matches-3.txt:50: …`), line);
      assert.ok(line.includes(`${token} far along`) && line.length <= `${tmpName}/matches-3.txt:50: `.length + 200, line);
    });

    it('regex, case and whole-word options; a bad regex is an error result', async () => {
      ok(await run('search_text', { query: `${token} 2-\\d+$`, is_regex: true }));
      const rx = ok(await run('search_text', { query: `^x ${token} 2-\\d+$`, is_regex: true, case_sensitive: true }));
      assert.match(rx.summary, /25 matches in 1 file$/);
      const upper = ok(await run('search_text', { query: token.toUpperCase(), case_sensitive: true }));
      assert.match(upper.content, /^No matches/);
      const partial = ok(await run('search_text', { query: token.slice(0, -2), whole_word: true, include: `${tmpName}/**` }));
      assert.match(partial.content, /^No matches/);
      const bad = await run('search_text', { query: 'foo(', is_regex: true });
      refused(bad, /not a valid regular expression/);
    });

    it('never searches .gitignore\'d or secret files, and stops when asked', async () => {
      const env = ok(await run('search_text', { query: 'FIXTURE_TOKEN' }));
      assert.match(env.content, /^No matches/);
      const dist = ok(await run('search_text', { query: 'export const built' }));
      assert.match(dist.content, /^No matches/);
      const stop = new AbortController();
      const pending = run('search_text', { query: token }, ctx(undefined, stop.signal));
      stop.abort();
      const stopped = await pending;
      assert.strictEqual(stopped.isError, true);
      assert.match(stopped.content, /Stopped/);
    });
  });

  describe('paths', () => {
    it('refuses ../, absolute paths elsewhere and links whose target is outside', async () => {
      refused(await viewPath('../outside.txt', undefined, ctx()), /\.\.\/outside\.txt is outside the workspace/);
      refused(await viewPath('src/../../outside.txt', undefined, ctx()), /outside the workspace/);
      refused(await viewPath(path.join(outsideDir, 'secret.txt'), undefined, ctx()), /secret\.txt is outside the workspace/);
      refused(await viewPath(`${tmpName}/link-out.txt`, undefined, ctx()), new RegExp(`${tmpName}/link-out\\.txt is a symbolic link.*outside the workspace`));
      refused(await viewPath(`${tmpName}/linkdir-out/secret.txt`, undefined, ctx()), /symbolic link/);
      refused(await viewPath(`${tmpName}/linkdir-out`, undefined, ctx()), /symbolic link/);
      const viaProblems = await run('get_problems', { path: '../outside.txt' });
      refused(viaProblems, /outside the workspace/);
      assert.strictEqual(viaProblems.summary, 'Refused ../outside.txt: outside the workspace');

      const inside = ok(await viewPath(`${tmpName}/link-in.ts`, [1, 1], ctx()));
      assert.match(inside.content, /A small TypeScript module/);
      const absolute = ok(await viewPath(path.join(root, 'src', 'retry.ts'), [3, 3], ctx()));
      assert.strictEqual(absolute.summary, 'Read src/retry.ts (lines 3–3 of 13)');
    });

    it('resolves paths for writing: new files inside, nothing through a link leading out', async () => {
      const fresh = await resolveWorkspacePath(`${tmpName}/new/dir/file.ts`, 'write');
      assert.ok(!isRefused(fresh) && fresh.display === `${tmpName}/new/dir/file.ts` && !fresh.stat);
      const viaLink = await resolveWorkspacePath(`${tmpName}/linkdir-out/new.txt`, 'write');
      assert.ok(isRefused(viaLink) && viaLink.reason === 'outside', JSON.stringify(viaLink));
      const env = await resolveWorkspacePath('config/.env.local', 'write');
      assert.ok(isRefused(env) && /config\/\.env\.local is excluded by claude\.excludeFiles \(\*\*\/\.env\.\*\); it was not changed\./.test(env.refused), JSON.stringify(env));
      const dir = await resolveWorkspacePath('src', 'write');
      assert.ok(isRefused(dir) && /is a directory/.test(dir.refused));
    });
  });

  describe('excludes', () => {
    it('refuses .gitignore\'d files and secrets, naming the rule; a link to a secret too', async () => {
      refused(await viewPath('dist/bundle.js', undefined, ctx()), /^dist\/bundle\.js is excluded by \.gitignore \(dist\/\); it was not read\.$/);
      refused(await viewPath('.env', undefined, ctx()), /^\.env is excluded by claude\.excludeFiles \(\*\*\/\.env\); it was not read\.$/);
      refused(await viewPath(`${tmpName}/innocent.txt`, undefined, ctx()), /excluded by claude\.excludeFiles \(\*\*\/\.env\)/);
      const r = await run('get_symbols', { path: '.env' });
      refused(r, /excluded/);
      assert.strictEqual(r.summary, 'Refused .env: excluded');
    });

    it('follows a nested .gitignore as it changes, and files.exclude', async () => {
      const nested = path.join(tmp, '.gitignore');
      fs.writeFileSync(path.join(tmp, 'notes.log.txt'), 'notes\n');
      fs.writeFileSync(nested, 'notes.log.txt\n');
      refused(await viewPath(`${tmpName}/notes.log.txt`, undefined, ctx()), new RegExp(`excluded by ${tmpName}/\\.gitignore \\(notes\\.log\\.txt\\)`));
      fs.writeFileSync(nested, '# nothing ignored any more\n');
      ok(await viewPath(`${tmpName}/notes.log.txt`, undefined, ctx()));
      fs.rmSync(nested);

      const files = vscode.workspace.getConfiguration('files');
      await files.update('exclude', { '**/*.generated.txt': true, '**/*.js': { when: '$(basename).ts' } }, vscode.ConfigurationTarget.Global);
      try {
        fs.writeFileSync(path.join(tmp, 'a.generated.txt'), 'generated\n');
        fs.writeFileSync(path.join(tmp, 'pair.ts'), 'export {};\n');
        fs.writeFileSync(path.join(tmp, 'pair.js'), 'exports.x = 1;\n');
        fs.writeFileSync(path.join(tmp, 'alone.js'), 'exports.y = 1;\n');
        refused(await viewPath(`${tmpName}/a.generated.txt`, undefined, ctx()), /excluded by files\.exclude \(\*\*\/\*\.generated\.txt\)/);
        refused(await viewPath(`${tmpName}/pair.js`, undefined, ctx()), /excluded by files\.exclude \(\*\*\/\*\.js\)/);
        ok(await viewPath(`${tmpName}/alone.js`, undefined, ctx()));
      } finally {
        await files.update('exclude', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });

  describe('language tools', () => {
    it('go_to_definition and find_references on a TypeScript function defined in another file', async function () {
      this.timeout(400_000);
      const def = await untilAnswered('go_to_definition', { path: 'src/client.ts', line: 10, symbol: 'withRetries' }, /src\/retry\.ts:3:/);
      assert.ok(def.content.includes('src/retry.ts:3: export async function withRetries<T>(call: () => Promise<T>, maxRetries = 3): Promise<T> {'), def.content);
      assert.strictEqual(def.summary, "Found 1 definition of 'withRetries'");

      const refs = await untilAnswered('find_references', { path: 'src/retry.ts', line: 3, symbol: 'withRetries' }, /src\/client\.ts:14:/);
      const rows = refs.content.split('\n').slice(1);
      for (const expected of ['src/client.ts:2: import { withRetries } from', 'src/client.ts:10: return withRetries(', 'src/client.ts:14: return Promise.all', 'src/retry.ts:3: export async function withRetries']) {
        assert.ok(rows.some((r) => r.startsWith(expected)), `${expected} in:\n${refs.content}`);
      }
      assert.deepStrictEqual(rows, [...rows].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
      assert.match(refs.summary, /^Found \d+ references to 'withRetries'$/);

      refused(await run('go_to_definition', { path: 'src/client.ts', line: 4, symbol: 'withRetries' }), /"withRetries" is not on line 4 of src\/client\.ts.*export interface User/);
      refused(await run('find_references', { path: 'src/client.ts', line: 99, symbol: 'x' }), /has 15 lines/);
    });

    it('get_symbols: a file\'s outline with line numbers, and workspace symbols by name', async function () {
      this.timeout(400_000);
      const outline = await untilAnswered('get_symbols', { path: 'src/client.ts' }, /fetchUsers/);
      assert.match(outline.content, /^interface User \(lines 4–7\)$/m);
      assert.match(outline.content, /^ {2}property id \(line 5\)$/m);
      assert.match(outline.content, /^function fetchUser \(lines 9–11\)$/m);
      assert.match(outline.summary, /^Outlined src\/client\.ts \(\d+ symbols\)$/);
      const named = await untilAnswered('get_symbols', { query: 'withRetries' }, /src\/retry\.ts:3: function withRetries/);
      assert.ok(!named.content.includes('..'), named.content);
    });

    it('get_problems: a file\'s and the workspace\'s diagnostics, excluded files left out', async function () {
      this.timeout(150_000);
      // Other suites' documents (closed and removed by closeAllEditors) must not crowd the workspace's
      // list: the problems a language server keeps for deleted files are left out.
      await closeAllEditors();
      const broken = path.join(tmp, 'broken.ts');
      fs.writeFileSync(broken, "const n: number = 'text';\nexport { n };\n");
      const ignored = path.join(root, 'dist', 'broken.ts');
      fs.writeFileSync(ignored, "const m: number = 'text';\nexport { m };\n");
      // TypeScript reports problems for files open in editors.
      for (const f of [broken, ignored]) await vscode.window.showTextDocument(vscode.Uri.file(f), { preview: false });
      await waitFor('TypeScript diagnostics', () => [broken, ignored].every((f) => vscode.languages.getDiagnostics(vscode.Uri.file(f)).length > 0), 120_000);

      const one = ok(await run('get_problems', { path: `${tmpName}/broken.ts` }));
      assert.strictEqual(one.content, `${tmpName}/broken.ts:1:7 [error] Type 'string' is not assignable to type 'number'. (ts)`);
      assert.strictEqual(one.summary, `Problems in ${tmpName}/broken.ts: 1 error`);
      const all = ok(await run('get_problems', {}));
      assert.ok(all.content.includes(`${tmpName}/broken.ts:1:7 [error]`), all.content);
      assert.ok(!all.content.includes('dist/'), 'the .gitignore\'d file\'s problems are left out');
      const folder = ok(await run('get_problems', { path: 'src' }));
      assert.match(folder.content, /^No problems reported in src\./);
      refused(await run('get_problems', { path: 'dist/broken.ts' }), /excluded by \.gitignore/);
    });
  });

  it('checks every input and never throws', async () => {
    for (const [name, input, why] of [
      ['find_files', {}, /pattern/],
      ['find_files', { pattern: '**', max_results: 'many' }, /max_results/],
      ['search_text', { query: '' }, /query/],
      ['go_to_definition', { path: 'src/client.ts', line: 0, symbol: 'x' }, /line/],
      ['find_references', null, /path/],
      ['get_symbols', {}, /path.*query|query.*path/],
    ] as const) {
      const r = await run(name, input);
      refused(r, why);
    }
    const asStrings = ok(await run('find_files', { pattern: `${tmpName}/many/*`, max_results: '3' }));
    assert.strictEqual(resultLines(asStrings).length, 3);
    assert.deepStrictEqual(
      tools.map((t) => t.name),
      ['find_files', 'search_text', 'get_problems', 'get_symbols', 'go_to_definition', 'find_references'],
    );
    assert.deepStrictEqual(workspaceTools({ workspaceTools: false, excludeFiles: [] }), []);
  });
});
