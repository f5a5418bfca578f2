// Issue #9: on a fresh machine `npm test` could not install code-server. The outer npm (on the
// machine's Node 20) exports npm_config_user_agent ("npm/11 node/v20 ..."); the npm that
// scripts/setup-code-server.sh starts on Node 24 read it as its own, and code-server's postinstall
// took the Node version from it and refused. This runs the real setup script, as `npm test` does,
// with an outer npm's environment, into an empty cache, installing a stand-in for code-server whose
// postinstall makes the same check code-server's does.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SETUP = path.join(REPO_ROOT, 'scripts', 'setup-code-server.sh');

/** What code-server's postinstall.sh does: the Node major version from the user agent npm gives it. */
const POSTINSTALL = `
const ua = process.env.npm_config_user_agent || '';
const m = / node\\/v(\\d+)/.exec(ua);
const wanted = process.versions.node.split('.')[0];
require('fs').writeFileSync(require('path').join(__dirname, 'seen.json'), JSON.stringify({
  ua, node: process.version, leaked: process.env.npm_config_outer_marker ?? null,
}));
if (!m || m[1] !== wanted) {
  console.error('ERROR: this package requires node v' + wanted + '. We have detected that you are on node v' + (m ? m[1] : '?'));
  process.exit(1);
}
`;

function makeStandIn(dir: string): string {
  const pkg = path.join(dir, 'package');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(
    path.join(pkg, 'package.json'),
    JSON.stringify({
      name: 'code-server',
      version: '0.0.0-standin',
      bin: { 'code-server': 'bin.js' },
      scripts: { postinstall: 'node postinstall.js' },
    }),
  );
  fs.writeFileSync(path.join(pkg, 'postinstall.js'), POSTINSTALL);
  fs.writeFileSync(path.join(pkg, 'bin.js'), '#!/usr/bin/env node\nconsole.log("stand-in");\n', { mode: 0o755 });
  const tgz = path.join(dir, 'code-server-standin.tgz');
  const tar = spawnSync('tar', ['czf', tgz, '-C', dir, 'package']);
  assert.strictEqual(tar.status, 0, String(tar.stderr));
  return tgz;
}

describe('scripts/setup-code-server.sh on a fresh machine', function () {
  this.timeout(120_000);
  let tmp: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-cs-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('installs code-server on its own Node even when run under an outer npm on another Node', () => {
    const cache = path.join(tmp, 'cache');
    // The "Node 24" of the cache is this Node; the outer npm claims another one, as npm 11 on
    // Node 20 does when `npm test` runs the setup for a Node 24 install.
    const nodeDir = path.join(cache, 'node-24.9.0');
    fs.mkdirSync(path.join(nodeDir, 'bin'), { recursive: true });
    fs.symlinkSync(process.execPath, path.join(nodeDir, 'bin', 'node'));
    const spec = makeStandIn(tmp);

    const outerNpm = {
      npm_config_user_agent: 'npm/11.19.1 node/v0.99.0 linux x64 workspaces/false',
      npm_config_outer_marker: 'from-the-outer-npm',
      npm_lifecycle_event: 'test',
      npm_package_name: 'claude-assistant',
      INIT_CWD: REPO_ROOT,
    };
    const r = spawnSync('bash', [SETUP], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...outerNpm,
        CLAUDE_VSCODE_CACHE: cache,
        CLAUDE_SETUP_SKIP_APT: '1',
        CODE_SERVER_SPEC: spec,
      },
    });
    assert.strictEqual(r.status, 0, `setup failed:\n${r.stdout}\n${r.stderr}`);

    const installed = path.join(cache, 'code-server-4.139.1');
    assert.ok(fs.existsSync(path.join(installed, 'node_modules', '.bin', 'code-server')), 'the code-server binary is there');
    assert.match(r.stdout, new RegExp(`^CODE_SERVER=${installed}/node_modules/.bin/code-server$`, 'm'));
    const seen = JSON.parse(fs.readFileSync(path.join(installed, 'node_modules', 'code-server', 'seen.json'), 'utf8')) as {
      ua: string;
      node: string;
      leaked: string | null;
    };
    assert.match(seen.ua, new RegExp(` node/${process.version.replace(/\./g, '\\.')} `), 'the inner npm speaks for its own Node');
    assert.strictEqual(seen.leaked, null, 'no npm_config_* of the outer npm reaches the install');
  });
});
