// Claude on Microsoft Foundry: the real createClient / streamMessage / countTokens / runToolLoop of
// src/claude with @anthropic-ai/foundry-sdk, against the fake Foundry (test/fake-platforms/foundry.ts),
// with the resource key or a Microsoft Entra ID token from a fake `az` on PATH.
import * as assert from 'assert';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { delimiter, join } from 'path';
import { AzureCliToken, COGNITIVE_SERVICES } from '../../src/claude/azureCliToken';
import { buildParams, countTokens, streamMessage, type ClientConfig } from '../../src/claude/client';
import { entra } from '../../src/claude/foundryEntry';
import { runToolLoop } from '../../src/claude/toolLoop';
import { describeFailure } from '../../src/core/failures';
import { FAKE_ENTRA_TOKEN, FAKE_FOUNDRY_KEY, startFakeFoundry, type FakeFoundry } from '../fake-platforms/foundry';
import { failureOf, header, quietLog } from './platformFailure';

const log = quietLog;

/**
 * A fake Azure CLI: `az` in a folder of its own, which logs its arguments and prints what `mode`
 * says. PATH is this folder only while a test runs (no real az is ever found).
 */
class FakeAz {
  readonly dir = mkdtempSync(join(tmpdir(), 'fake-az-'));
  readonly log = join(this.dir, 'calls.log');

  write(mode: { token: string; expiresOn: number } | 'signedOut'): void {
    const out =
      mode === 'signedOut'
        ? `echo "ERROR: Please run 'az login' to setup account." >&2\nexit 1`
        : `cat <<'JSON'\n${JSON.stringify({ accessToken: mode.token, expiresOn: new Date(mode.expiresOn * 1000).toISOString(), expires_on: mode.expiresOn, subscription: '00000000-0000-0000-0000-000000000000', tenant: '00000000-0000-0000-0000-000000000001', tokenType: 'Bearer' })}\nJSON`;
    const file = join(this.dir, 'az');
    writeFileSync(file, `#!/bin/sh\necho "$*" >> "${this.log}"\n${out}\n`);
    chmodSync(file, 0o755);
  }

  calls(): string[] {
    try {
      return readFileSync(this.log, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('Microsoft Foundry (fake Foundry, real SDK)', function () {
  this.timeout(20_000);
  this.slow(2000);

  let fake: FakeFoundry;
  let az: FakeAz;
  let savedPath: string | undefined;
  const ENV_KEYS = ['ANTHROPIC_FOUNDRY_API_KEY', 'ANTHROPIC_FOUNDRY_RESOURCE', 'ANTHROPIC_FOUNDRY_BASE_URL'];
  let savedEnv: Record<string, string | undefined>;

  const withKey = (apiKey: string | undefined): ClientConfig => ({
    connection: { provider: 'foundry', resource: '', baseUrl: fake.url, apiKey },
    maxRetries: 0,
    idleTimeoutMs: 10_000,
  });
  /** No key stored: Microsoft Entra ID. */
  const withEntra = (): ClientConfig => withKey(undefined);
  const ask = (text: string, model = 'claude-sonnet-5-5') => buildParams({ model, maxTokens: 256, system: 'You help.', messages: [{ role: 'user', content: text }] });

  before(async () => {
    fake = await startFakeFoundry();
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset();
    az = new FakeAz();
    savedPath = process.env.PATH;
    savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
    for (const k of ENV_KEYS) delete process.env[k];
    // /bin for the script's sh and cat; the fake az first.
    process.env.PATH = [az.dir, '/bin', '/usr/bin'].join(delimiter);
    entra.forget();
  });
  afterEach(() => {
    process.env.PATH = savedPath;
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    az.dispose();
  });

  it('streams the text in order from /anthropic/v1/messages with the key in x-api-key', async () => {
    fake.enqueue({ text: 'Hello from Foundry, streamed in small pieces.', chunkSize: 3 });
    const deltas: string[] = [];
    await streamMessage(withKey(FAKE_FOUNDRY_KEY), ask('Hi'), { onText: (d) => deltas.push(d) }, new AbortController().signal, log);
    assert.strictEqual(deltas.join(''), 'Hello from Foundry, streamed in small pieces.');
    assert.ok(deltas.length > 5);
    const [req] = fake.requests;
    assert.strictEqual(req!.path, '/anthropic/v1/messages');
    assert.strictEqual(header(req!, 'x-api-key'), FAKE_FOUNDRY_KEY);
    assert.strictEqual(header(req!, 'authorization'), undefined);
    assert.strictEqual(header(req!, 'api-key'), undefined);
    assert.strictEqual(JSON.parse(req!.rawBody).model, 'claude-sonnet-5-5');
    assert.strictEqual(az.calls().length, 0, 'a key needs no az');
  });

  it('streams thinking, then text, with usage and its cache fields', async () => {
    fake.enqueue({ thinking: 'Considering.', text: 'Answer.', usage: { input_tokens: 7, output_tokens: 9, cache_creation_input_tokens: 1100, cache_read_input_tokens: 3300 } });
    const thinking: string[] = [];
    const text: string[] = [];
    const params = buildParams({ model: 'claude-opus-5-5', maxTokens: 4096, system: 's', messages: [{ role: 'user', content: 'Think.' }], thinking: { type: 'adaptive' } });
    const { message } = await streamMessage(withKey(FAKE_FOUNDRY_KEY), params, { onThinking: (d) => thinking.push(d), onText: (d) => text.push(d) }, new AbortController().signal, log);
    assert.strictEqual(thinking.join(''), 'Considering.');
    assert.strictEqual(text.join(''), 'Answer.');
    assert.deepStrictEqual(
      [message.usage.input_tokens, message.usage.output_tokens, message.usage.cache_creation_input_tokens, message.usage.cache_read_input_tokens],
      [7, 9, 1100, 3300],
    );
  });

  it('runs a tool round trip', async () => {
    fake.enqueue({ toolUse: [{ name: 'list_files', input: { folder: 'src' } }] }, { text: 'There are two files.' });
    const outcome = await runToolLoop(
      withKey(FAKE_FOUNDRY_KEY),
      {
        model: 'claude-haiku-5-5',
        maxTokens: 512,
        system: 'You list files.',
        messages: [{ role: 'user', content: 'What is in src?' }],
        maxSteps: 4,
        tools: [
          {
            definition: { type: 'custom', name: 'list_files', description: 'Lists a folder', input_schema: { type: 'object', properties: { folder: { type: 'string' } } } },
            run: async (input) => ({ content: `a.ts\nb.ts (${JSON.stringify(input)})` }),
          },
        ],
      },
      {},
      new AbortController().signal,
      log,
    );
    assert.strictEqual(outcome.requests, 2);
    assert.deepStrictEqual(outcome.message.content.map((b) => (b.type === 'text' ? b.text : b.type)), ['There are two files.']);
    const second = JSON.parse(fake.requests[1]!.rawBody) as { messages: Array<{ content: Array<{ type: string; content?: unknown }> }> };
    const result = second.messages[2]!.content.find((b) => b.type === 'tool_result');
    assert.match(JSON.stringify(result), /a\.ts\\nb\.ts \(\{\\"folder\\":\\"src\\"\}\)/);
    for (const r of fake.requests) assert.strictEqual(r.path.split('?')[0], '/anthropic/v1/messages');
  });

  it('Stop aborts the request', async () => {
    fake.enqueue({ text: 'y'.repeat(400), chunkSize: 5, delayMs: 20 });
    const abort = new AbortController();
    let n = 0;
    const f = await failureOf(() => streamMessage(withKey(FAKE_FOUNDRY_KEY), ask('long'), { onText: () => ++n === 3 && abort.abort() }, abort.signal, log), withKey(FAKE_FOUNDRY_KEY));
    assert.strictEqual(f.kind, 'stopped');
    await fake.requests[0]!.finished;
    assert.ok(fake.requests[0]!.clientClosedEarly);
  });

  it('counts tokens at /anthropic/v1/messages/count_tokens', async () => {
    const n = await countTokens(withKey(FAKE_FOUNDRY_KEY), { model: 'claude-sonnet-5-5', messages: [{ role: 'user', content: 'How many tokens is this?' }] }, log, {});
    assert.ok(typeof n === 'number' && n > 0);
    assert.strictEqual(fake.requests[0]!.path, '/anthropic/v1/messages/count_tokens');
  });

  describe('Microsoft Entra ID through the Azure CLI', () => {
    it('without a key, sends the token az prints as Authorization: Bearer, running az once while it is valid', async () => {
      az.write({ token: FAKE_ENTRA_TOKEN, expiresOn: Math.floor(Date.now() / 1000) + 3600 });
      await streamMessage(withEntra(), ask('one'), {}, new AbortController().signal, log);
      await streamMessage(withEntra(), ask('two'), {}, new AbortController().signal, log);
      for (const r of fake.requests) {
        assert.strictEqual(header(r, 'authorization'), `Bearer ${FAKE_ENTRA_TOKEN}`);
        assert.strictEqual(header(r, 'x-api-key'), undefined);
      }
      assert.deepStrictEqual(az.calls(), [`account get-access-token --resource ${COGNITIVE_SERVICES} --output json`]);
    });

    it('az not on PATH → azureNoCredentials, naming the two ways in', async () => {
      process.env.PATH = mkdtempSync(join(tmpdir(), 'empty-path-'));
      const c = withEntra();
      const f = await failureOf(() => streamMessage(c, ask('Hi'), {}, new AbortController().signal, log), c);
      rmSync(process.env.PATH, { recursive: true, force: true });
      assert.deepStrictEqual(f.kind === 'platform' && f.problem, { code: 'azureNoCredentials', message: 'The Azure CLI (az) was not found on PATH' });
      const w = describeFailure(f);
      assert.match(w.detail, /Claude: Set API Key/);
      assert.match(w.detail, /az login/);
      assert.doesNotMatch(w.detail, /\.\./);
      assert.deepStrictEqual(w.actions, ['setApiKey']);
      assert.strictEqual(fake.requests.length, 0);
    });

    it('az signed out → azureNoCredentials saying to run az login', async () => {
      az.write('signedOut');
      const c = withEntra();
      const f = await failureOf(() => streamMessage(c, ask('Hi'), {}, new AbortController().signal, log), c);
      assert.deepStrictEqual(f.kind === 'platform' && f.problem, { code: 'azureNoCredentials', message: 'The Azure CLI is not signed in (run "az login")' });
    });

    it('a token Foundry refuses (401) → azureRefused, and az is asked again next time', async () => {
      az.write({ token: 'an-old-token', expiresOn: Math.floor(Date.now() / 1000) + 3600 });
      const c = withEntra();
      const f = await failureOf(() => streamMessage(c, ask('Hi'), {}, new AbortController().signal, log), c);
      assert.strictEqual(f.kind === 'platform' && f.problem.code, 'azureRefused');
      az.write({ token: FAKE_ENTRA_TOKEN, expiresOn: Math.floor(Date.now() / 1000) + 3600 });
      await streamMessage(c, ask('again'), {}, new AbortController().signal, log);
      assert.strictEqual(az.calls().length, 2);
    });

    it('AzureCliToken renews a token that expires within five minutes', async () => {
      let now = Date.now();
      const cli = new AzureCliToken(() => now);
      az.write({ token: 'first', expiresOn: Math.floor(now / 1000) + 600 });
      assert.strictEqual(await cli.get(), 'first');
      assert.strictEqual(await cli.get(), 'first');
      assert.strictEqual(az.calls().length, 1);
      now += 6 * 60_000; // 4 minutes left
      az.write({ token: 'second', expiresOn: Math.floor(now / 1000) + 3600 });
      assert.strictEqual(await cli.get(), 'second');
      assert.strictEqual(az.calls().length, 2);
    });
  });

  describe('failures, in words naming the next step', () => {
    it('401 (a wrong key) → azureRefused with Azure\'s message', async () => {
      const c = withKey('fake-wrong-key');
      const f = await failureOf(() => streamMessage(c, ask('Hi'), {}, new AbortController().signal, log), c);
      assert.strictEqual(f.kind === 'platform' && f.problem.code, 'azureRefused');
      const w = describeFailure(f, ['fake-wrong-key']);
      assert.match(w.title, /Microsoft Foundry did not accept your key or token/);
      assert.match(w.detail, /Access denied due to invalid subscription key/);
      assert.match(w.detail, /claude\.foundry\.resource/);
      assert.deepStrictEqual(w.actions, ['setApiKey', 'openSettings']);
    });

    it('404 DeploymentNotFound → foundryDeployment naming the model', async () => {
      fake.deployments.delete('claude-opus-5-5');
      const c = withKey(FAKE_FOUNDRY_KEY);
      const f = await failureOf(() => streamMessage(c, ask('Hi', 'claude-opus-5-5'), {}, new AbortController().signal, log), c, 'claude-opus-5-5');
      assert.strictEqual(f.kind === 'platform' && f.problem.code, 'foundryDeployment');
      const w = describeFailure(f);
      assert.match(w.title, /no deployment of claude-opus-5-5/);
      assert.match(w.detail, /The API deployment for this resource does not exist/);
      assert.match(w.detail, /Deploy the model in the Foundry portal/);
    });

    it('429 keeps the generic classification', async () => {
      fake.enqueue({ fault: { kind: 'status', status: 429 } });
      const c = withKey(FAKE_FOUNDRY_KEY);
      const f = await failureOf(() => streamMessage(c, ask('Hi'), {}, new AbortController().signal, log), c);
      assert.strictEqual(f.kind, 'rateLimit');
    });
  });
});
