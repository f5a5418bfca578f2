// Issue #5, security: the packaged extension (claude-assistant.vsix, from `npm run package`) carries
// no API key and none of the sources, tests or source maps. Read in memory with yauzl (which comes
// with @vscode/vsce) through test/runner/zip.ts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readZip } from '../runner/zip';

// out/test/unit -> repo root
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const VSIX = path.join(REPO_ROOT, 'claude-assistant.vsix');

/** An Anthropic key: `sk-ant-` and at least 20 more key characters. */
const KEY_PATTERN = /sk-ant-[A-Za-z0-9_-]{20,}/;

describe('the packaged .vsix', function () {
  this.timeout(20_000);
  let files: Map<string, Buffer>;

  before(async function () {
    if (!fs.existsSync(VSIX)) {
      // npm test packages first and sets CLAUDE_REQUIRE_VSIX: there, a missing package is a failure.
      if (process.env.CLAUDE_REQUIRE_VSIX) throw new Error(`${VSIX} is missing: npm run package did not produce it`);
      console.log(`  (no ${path.basename(VSIX)}: run \`npm run package\` to check it)`);
      this.skip();
    }
    files = await readZip(VSIX);
  });

  it('stays small: under 1 MB, without the README screenshots', () => {
    assert.ok(fs.statSync(VSIX).size < 1024 * 1024, `${fs.statSync(VSIX).size} bytes`);
    assert.deepStrictEqual([...files.keys()].filter((f) => f.includes('screenshots/')), []);
  });

  it('is a real extension package', () => {
    assert.ok(files.has('extension.vsixmanifest'), [...files.keys()].join(', '));
    assert.ok(files.has('extension/package.json'));
    assert.ok(files.has('extension/dist/extension.js'));
    assert.ok(files.has('extension/dist/webview.js'));
    // Loaded on first use: the features on the first command, view or chat, the SDK on the first
    // request, secretlint on the first scan.
    assert.ok(files.has('extension/dist/features.js'));
    assert.ok(files.has('extension/dist/sdk.js'));
    assert.ok(files.has('extension/dist/secretlint.js'));
  });

  it('keeps secretlint out of the activation bundle (it is loaded on the first scan)', () => {
    const extension = files.get('extension/dist/extension.js')!.toString('utf8');
    const features = files.get('extension/dist/features.js')!.toString('utf8');
    assert.ok(features.includes('./secretlint.js'), 'features.js requires dist/secretlint.js');
    assert.ok(!extension.includes('secretlint-rule-aws') && !features.includes('secretlint-rule-aws'), 'the rules are not in extension.js or features.js');
    assert.ok(files.get('extension/dist/secretlint.js')!.toString('utf8').includes('secretlint-rule-aws'));
  });

  it('contains no API key in any file', () => {
    const found = [...files]
      .map(([name, bytes]) => [name, KEY_PATTERN.exec(bytes.toString('latin1'))?.[0]] as const)
      .filter(([, m]) => m !== undefined)
      .map(([name, m]) => `${name}: ${m!.slice(0, 12)}…`);
    assert.deepStrictEqual(found, []);
  });

  it('contains no source maps, sources, tests or compiled tests', () => {
    const names = [...files.keys()];
    const bad = names.filter((n) => /\.map$/i.test(n) || /^extension\/(src|test|out)\//.test(n) || /^extension\/node_modules\//.test(n));
    assert.deepStrictEqual(bad, []);
    const inlineMaps = names.filter((n) => /\.js$/.test(n) && files.get(n)!.toString('latin1').includes('sourceMappingURL=data:'));
    assert.deepStrictEqual(inlineMaps, [], 'no inline source map (it would embed the sources)');
  });
});
