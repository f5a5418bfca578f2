import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Every vscode.l10n.t string in src/ is in l10n/bundle.l10n.json, so a translation is one file.
describe('localisation bundle', () => {
  it('is up to date with the strings in src/ (run `npm run l10n` after changing them)', function () {
    this.timeout(30_000);
    const root = path.resolve(__dirname, '../../..');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-'));
    const bin = path.join(root, 'node_modules', '.bin', 'vscode-l10n-dev');
    const r = spawnSync(bin, ['export', '--outDir', out, path.join(root, 'src')], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const fresh = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8'));
    const committed = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8'));
    assert.deepStrictEqual(Object.keys(committed).sort(), Object.keys(fresh).sort());
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('package.json contributions use package.nls.json keys that exist', () => {
    const root = path.resolve(__dirname, '../../..');
    const pkg = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
    const keys = [...pkg.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]!);
    assert.ok(keys.length > 20);
    assert.deepStrictEqual(keys.filter((k) => !(k in nls)), []);
  });
});
