// Secrets in what would be sent, found by secretlint's recommended rules (src/platform/secrets/secretScan.ts).
// The fake secrets are assembled at run time, so that this file holds none in a form a scanner would flag.
import * as assert from 'assert';
import { createHash, generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { maskSecret, scanForSecrets, type SecretFinding } from '../../src/platform/secrets/secretScan';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

const AWS_ID = ['AKIA', 'Z7QX4Y2W3V5U6T8S'].join('');
const AWS_SECRET = ['Jq8vR2mZ', 'x5Lw9TnC', '4bYp7KsD', '3hGf6QeA', '1uVr0WiO'].join('');
const ANTHROPIC = ['sk-ant-', 'api03-', 'Zt9'.repeat(31), 'AA'].join('');
const GITHUB = ['gh', 'p_', 'R4nd0mT0k3nF0rT3sts0nly', 'XyZ123abcDEF4'].join('');
const SLACK = ['xo', 'xb-', '2481632641', '-', '1357911131517', '-', 'Qw3rTy7UiOp9AsDfGhJkLzXc'].join('');
const PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function one(findings: SecretFinding[], ruleId: string): SecretFinding {
  const f = findings.filter((x) => x.ruleId === ruleId);
  assert.strictEqual(f.length, 1, `${ruleId}: ${JSON.stringify(findings)}`);
  return f[0]!;
}

function srcFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? srcFiles(p) : /\.(ts|css|json)$/.test(e.name) ? [p] : [];
  });
}

describe('secret scan (secretlint, recommended rules)', function () {
  this.timeout(20_000);

  it('finds an AWS key pair: the secret access key, on its line', async () => {
    const text = `# deploy settings\nregion = eu-west-1\naws_access_key_id = ${AWS_ID}\naws_secret_access_key = ${AWS_SECRET}\n`;
    const f = one(await scanForSecrets(text, 'credentials'), '@secretlint/secretlint-rule-aws');
    assert.strictEqual(f.what, 'AWS Secret Access Key');
    assert.strictEqual(f.line, 4);
    assert.strictEqual(f.masked, 'Jq8v************');
    assert.strictEqual(f.hash, sha256(AWS_SECRET));
  });

  it('finds an Anthropic API key', async () => {
    const text = `import Anthropic from '@anthropic-ai/sdk';\n\nconst client = new Anthropic({\n  apiKey: '${ANTHROPIC}',\n});\n`;
    const f = one(await scanForSecrets(text), '@secretlint/secretlint-rule-anthropic');
    assert.strictEqual(f.what, 'Anthropic Claude API key');
    assert.strictEqual(f.line, 4);
    assert.strictEqual(f.masked, 'sk-a************');
    assert.strictEqual(f.hash, sha256(ANTHROPIC));
  });

  it('finds a GitHub token, naming its kind', async () => {
    const f = one(await scanForSecrets(`GITHUB_TOKEN=${GITHUB}`), '@secretlint/secretlint-rule-github');
    assert.strictEqual(f.what, 'GitHub Token(GitHub personal access tokens)');
    assert.strictEqual(f.line, 1);
    assert.strictEqual(f.hash, sha256(GITHUB));
  });

  it('finds a private key block', async () => {
    const text = `const pem = \`\n${PRIVATE_KEY}\`;\n`;
    const f = one(await scanForSecrets(text), '@secretlint/secretlint-rule-privatekey');
    assert.strictEqual(f.what, 'Private key');
    assert.strictEqual(f.line, 2);
    assert.strictEqual(f.masked.length, 16);
  });

  it('finds a Slack token', async () => {
    const text = `\n\n\nslack:\n  token: "${SLACK}"\n`;
    const f = one(await scanForSecrets(text), '@secretlint/secretlint-rule-slack');
    assert.strictEqual(f.what, 'Slack token');
    assert.strictEqual(f.line, 5);
    assert.strictEqual(f.hash, sha256(SLACK));
  });

  it('finds each of several secrets in one text, with the right lines', async () => {
    const text = [`a = 1`, `token = "${SLACK}"`, `b = 2`, `key = "${ANTHROPIC}"`, `c = 3`, `gh = ${GITHUB}`].join('\n');
    const lines = (await scanForSecrets(text)).map((f) => [f.ruleId.replace('@secretlint/secretlint-rule-', ''), f.line]);
    assert.deepStrictEqual(lines.sort(), [['anthropic', 4], ['github', 6], ['slack', 2]]);
  });

  it('never puts the secret in what it returns', async () => {
    for (const secret of [AWS_SECRET, ANTHROPIC, GITHUB, SLACK, PRIVATE_KEY.trim()]) {
      const text = `x = 1\naws_secret_access_key = "${secret}"\nsecret = "${secret}"\n`;
      const findings = await scanForSecrets(text);
      assert.ok(findings.length > 0, secret.slice(0, 8));
      for (const f of findings) {
        assert.ok(f.masked.length <= 16, f.masked);
        const shown = JSON.stringify(f);
        // Not the secret, nor any 8 characters of it in a row.
        for (let i = 0; i + 8 <= secret.length; i++) assert.ok(!shown.includes(secret.slice(i, i + 8)), `${shown} shows part of ${f.ruleId}'s secret`);
      }
    }
  });

  it('masks a short value without showing most of it', () => {
    assert.strictEqual(maskSecret('abc'), '****');
    assert.strictEqual(maskSecret('abcdefgh'), 'ab******');
    assert.strictEqual(maskSecret('x'.repeat(200)).length, 16);
  });

  it('finds nothing in ordinary code: the extension\'s own sources and README', async () => {
    const files = [...srcFiles(path.join(REPO_ROOT, 'src')), path.join(REPO_ROOT, 'README.md'), path.join(REPO_ROOT, 'package.json')];
    assert.ok(files.length > 50, `${files.length} files`);
    const found: string[] = [];
    for (const file of files) {
      for (const f of await scanForSecrets(fs.readFileSync(file, 'utf8'), path.basename(file))) found.push(`${path.relative(REPO_ROOT, file)}:${f.line} ${f.what}`);
    }
    assert.deepStrictEqual(found, []);
  });

  it('takes any label, an empty one too', async () => {
    assert.strictEqual((await scanForSecrets(`token: ${SLACK}`, '')).length, 1);
    assert.strictEqual((await scanForSecrets(`token: ${SLACK}`, 'result of the tool read_file')).length, 1);
  });

  it('finds nothing in empty or blank text', async () => {
    assert.deepStrictEqual(await scanForSecrets(''), []);
    assert.deepStrictEqual(await scanForSecrets('  \n\t'), []);
  });

  it('scans 100 KB of code in well under a second', async () => {
    const code = fs.readFileSync(path.join(REPO_ROOT, 'src', 'claude', 'replyPipeline.ts'), 'utf8');
    let text = '';
    while (text.length < 100 * 1024) text += code;
    text = text.slice(0, 100 * 1024 - 200) + `\naws_secret_access_key = ${AWS_SECRET}\n`;
    await scanForSecrets('warm up');
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = process.hrtime.bigint();
      const findings = await scanForSecrets(text);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      assert.strictEqual(findings.length, 1);
    }
    times.sort((a, b) => a - b);
    console.log(`      100 KB scan: median ${times[2]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times[4]!.toFixed(1)})`);
    assert.ok(times[2]! < 1000, `${times[2]} ms`);
  });
});
