// Claude on Google Vertex AI: the real createClient / streamMessage / countTokens / runToolLoop of
// src/claude, with @anthropic-ai/vertex-sdk and google-auth-library's Application Default
// Credentials, against the fake Vertex and its fake Google STS (test/fake-platforms/vertex.ts).
import * as assert from 'assert';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildParams, countTokens, createClient, streamMessage, type ClientConfig } from '../../src/claude/client';
import { runToolLoop } from '../../src/claude/toolLoop';
import type { Connection } from '../../src/core/connection';
import { describeFailure, type Failure } from '../../src/core/failures';
import { startFakeVertex, type FakeVertex } from '../fake-platforms/vertex';
import { failureOf, header, quietLog } from './platformFailure';

const log = quietLog;
const ENV_KEYS = ['GOOGLE_APPLICATION_CREDENTIALS', 'CLOUDSDK_CONFIG', 'METADATA_SERVER_DETECTION', 'GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT', 'GOOGLE_CLOUD_QUOTA_PROJECT', 'ANTHROPIC_VERTEX_BASE_URL'];

describe('Vertex AI (fake Vertex, fake Google STS, real SDK)', function () {
  this.timeout(20_000);
  this.slow(2000);

  let fake: FakeVertex;
  let saved: Record<string, string | undefined>;
  let emptyGcloud: string;

  const connection = (over: Partial<Extract<Connection, { provider: 'vertex' }>> = {}): Connection => ({
    provider: 'vertex',
    projectId: fake.projectId,
    region: fake.region,
    baseUrl: fake.url,
    ...over,
  });
  const config = (over: Partial<Extract<Connection, { provider: 'vertex' }>> = {}): ClientConfig => ({
    connection: connection(over),
    maxRetries: 0,
    idleTimeoutMs: 10_000,
  });
  const ask = (text: string) => buildParams({ model: 'claude-sonnet-5-5', maxTokens: 256, system: 'You help.', messages: [{ role: 'user', content: text }] });

  before(async () => {
    fake = await startFakeVertex();
    emptyGcloud = mkdtempSync(join(tmpdir(), 'no-gcloud-'));
  });
  after(async () => {
    await fake.close();
    rmSync(emptyGcloud, { recursive: true, force: true });
  });
  beforeEach(() => {
    saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
    for (const k of ENV_KEYS) delete process.env[k];
    // No gcloud folder and no metadata server: only what a test sets up is found.
    process.env.CLOUDSDK_CONFIG = emptyGcloud;
    process.env.METADATA_SERVER_DETECTION = 'none';
    // A credentials file of its own per test: the extension keeps one GoogleAuth per file.
    process.env.GOOGLE_APPLICATION_CREDENTIALS = fake.credentials();
    fake.reset();
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('streams the text in order over :streamRawPredict with a token from the STS', async () => {
    fake.enqueue({ text: 'Hello from Vertex, in many small pieces.', chunkSize: 4 });
    const deltas: string[] = [];
    const { message } = await streamMessage(config(), ask('Hi'), { onText: (d) => deltas.push(d) }, new AbortController().signal, log);

    assert.strictEqual(deltas.join(''), 'Hello from Vertex, in many small pieces.');
    assert.ok(deltas.length > 5, 'streamed in pieces');
    assert.strictEqual(message.content[0]?.type, 'text');
    const [req] = fake.requests;
    assert.strictEqual(req!.path, `/v1/projects/${fake.projectId}/locations/${fake.region}/publishers/anthropic/models/claude-sonnet-5-5:streamRawPredict`);
    const body = JSON.parse(req!.rawBody) as Record<string, unknown>;
    assert.ok(!('model' in body), 'the model is in the path, not the body');
    assert.strictEqual(body.anthropic_version, '2026-10-21', 'the SDK copies its API version into the body');
    assert.strictEqual(body.stream, true);
    assert.strictEqual(header(req!, 'anthropic-version'), undefined);
    // The bearer token is the one the STS issued for a correctly signed ID token.
    assert.strictEqual(fake.sts.requests.length, 1);
    const [sts] = fake.sts.requests;
    assert.strictEqual(sts!.grantType, 'urn:ietf:params:oauth:grant-type:token-exchange');
    assert.strictEqual(sts!.scope, 'https://www.googleapis.com/auth/cloud-platform');
    assert.ok(sts!.subjectTokenValid);
    assert.strictEqual(header(req!, 'authorization'), `Bearer ${sts!.issued}`);
  });

  it('streams thinking before the text, and reports usage with the cache fields', async () => {
    fake.enqueue({ thinking: 'Let me think about this carefully.', text: 'Done.', usage: { input_tokens: 12, output_tokens: 34, cache_creation_input_tokens: 2048, cache_read_input_tokens: 1500 } });
    const order: string[] = [];
    const thinking: string[] = [];
    const params = buildParams({ model: 'claude-sonnet-5-5', maxTokens: 4096, system: 's', messages: [{ role: 'user', content: 'Think.' }], thinking: { type: 'enabled', budget_tokens: 1024 } });
    const { message } = await streamMessage(
      config(),
      params,
      { onThinking: (d) => (thinking.push(d), order.push('thinking')), onText: () => order.push('text') },
      new AbortController().signal,
      log,
    );
    assert.strictEqual(thinking.join(''), 'Let me think about this carefully.');
    assert.strictEqual(order.indexOf('text'), order.lastIndexOf('thinking') + 1, 'all thinking comes before the text');
    assert.deepStrictEqual(message.content.map((b) => b.type), ['thinking', 'text']);
    assert.strictEqual(message.usage.input_tokens, 12);
    assert.strictEqual(message.usage.output_tokens, 34);
    assert.strictEqual(message.usage.cache_creation_input_tokens, 2048);
    assert.strictEqual(message.usage.cache_read_input_tokens, 1500);
    assert.deepStrictEqual(JSON.parse(fake.requests[0]!.rawBody).thinking, { type: 'enabled', budget_tokens: 1024 });
  });

  it('reuses the access token until it expires: one token exchange for two requests', async () => {
    await streamMessage(config(), ask('one'), {}, new AbortController().signal, log);
    await streamMessage(config(), ask('two'), {}, new AbortController().signal, log);
    assert.strictEqual(fake.requests.length, 2);
    assert.strictEqual(fake.sts.requests.length, 1);
    assert.strictEqual(header(fake.requests[1]!, 'authorization'), header(fake.requests[0]!, 'authorization'));
  });

  it('answers a non-streaming request over :rawPredict', async () => {
    fake.enqueue({ text: 'Plain JSON.' });
    const client = createClient(config(), log);
    const message = await client.messages.create({ model: 'claude-opus-5-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
    assert.deepStrictEqual(message.content.map((b) => (b.type === 'text' ? b.text : b.type)), ['Plain JSON.']);
    assert.match(fake.requests[0]!.path, /\/models\/claude-opus-5-5:rawPredict$/);
  });

  it('runs a tool round trip with the platform model id in the path', async () => {
    fake.enqueue({ text: 'Let me look.', toolUse: [{ name: 'read_file', input: { path: 'src/a.ts' } }] }, { text: 'The file exports a.' });
    const inputs: unknown[] = [];
    const outcome = await runToolLoop(
      config(),
      {
        model: 'claude-sonnet-4-5',
        maxTokens: 512,
        system: 'You read files.',
        messages: [{ role: 'user', content: 'What is in src/a.ts?' }],
        maxSteps: 5,
        tools: [
          {
            definition: { type: 'custom', name: 'read_file', description: 'Reads a file', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
            run: async (input) => (inputs.push(input), { content: 'export const a = 1;' }),
          },
        ],
      },
      {},
      new AbortController().signal,
      log,
    );
    assert.deepStrictEqual(inputs, [{ path: 'src/a.ts' }]);
    assert.strictEqual(outcome.requests, 2);
    assert.deepStrictEqual(outcome.message.content.map((b) => (b.type === 'text' ? b.text : b.type)), ['The file exports a.']);
    for (const r of fake.requests) assert.match(r.path, /\/publishers\/anthropic\/models\/claude-sonnet-4-5@20250929:streamRawPredict$/);
    const second = JSON.parse(fake.requests[1]!.rawBody) as { messages: Array<{ role: string; content: Array<{ type: string; content?: unknown }> }> };
    const result = second.messages[2]!.content.find((b) => b.type === 'tool_result');
    assert.ok(result, 'the tool result went back to Vertex');
  });

  it('Stop aborts the request and classifies as stopped', async () => {
    fake.enqueue({ text: 'x'.repeat(400), chunkSize: 5, delayMs: 20 });
    const abort = new AbortController();
    const deltas: string[] = [];
    const failure = await failureOf(
      () =>
        streamMessage(config(), ask('long'), { onText: (d) => (deltas.push(d), deltas.length === 3 && abort.abort()) }, abort.signal, log),
      config(),
    );
    assert.strictEqual(failure.kind, 'stopped');
    await fake.requests[0]!.finished;
    assert.ok(fake.requests[0]!.clientClosedEarly, 'the HTTP request was aborted');
    assert.ok(deltas.join('').length < 400);
  });

  it('counts tokens at count-tokens:rawPredict with the Vertex model id in the body', async () => {
    const params = { model: 'claude-haiku-4-5', system: 'sys', messages: [{ role: 'user' as const, content: 'Count these words, please.' }] };
    const n = await countTokens(config(), params, log, {});
    assert.ok(typeof n === 'number' && n > 0);
    const [req] = fake.requests;
    assert.strictEqual(req!.path, `/v1/projects/${fake.projectId}/locations/${fake.region}/publishers/anthropic/models/count-tokens:rawPredict`);
    const body = JSON.parse(req!.rawBody) as Record<string, unknown>;
    assert.strictEqual(body.model, 'claude-haiku-4-5@20251001');
    assert.strictEqual(body.anthropic_version, '2026-10-21');
  });

  describe('failures, in words naming the next step', () => {
    const words = (f: Failure) => describeFailure(f);

    it('403 PERMISSION_DENIED (a project without access) → gcpDenied', async () => {
      const c = config({ projectId: 'someone-elses-project' });
      const f = await failureOf(() => streamMessage(c, ask('Hi'), {}, new AbortController().signal, log), c);
      assert.deepStrictEqual(f.kind === 'platform' && f.problem.code, 'gcpDenied');
      const w = words(f);
      assert.match(w.title, /someone-elses-project/);
      assert.match(w.detail, /Permission 'aiplatform\.endpoints\.predict' denied on resource/);
      assert.match(w.detail, /Vertex AI User/);
    });

    it('404 NOT_FOUND (a model the region does not serve) → vertexModel', async () => {
      fake.models.delete('claude-opus-5-5');
      const c = config();
      const f = await failureOf(() => streamMessage(c, { ...ask('Hi'), model: 'claude-opus-5-5' }, {}, new AbortController().signal, log), c, 'claude-opus-5-5');
      assert.deepStrictEqual(f.kind === 'platform' && f.problem, {
        code: 'vertexModel',
        model: 'claude-opus-5-5',
        region: fake.region,
        message: `Publisher Model \`projects/${fake.projectId}/locations/${fake.region}/publishers/anthropic/models/claude-opus-5-5\` not found`,
      });
      const w = words(f);
      assert.match(w.title, /claude-opus-5-5 in us-east5/);
      assert.match(w.detail, /Model Garden/);
      assert.deepStrictEqual(w.actions, ['openSettings']);
    });

    it("the STS's invalid_grant (an ID token it cannot verify) → gcpRefused", async () => {
      process.env.GOOGLE_APPLICATION_CREDENTIALS = fake.credentials({ signer: 'stranger' });
      const c = { ...config(), maxRetries: 2 };
      const retries: unknown[] = [];
      const f = await failureOf(() => streamMessage(c, ask('Hi'), { onRetry: (r) => retries.push(r) }, new AbortController().signal, log), c);
      assert.deepStrictEqual(f.kind === 'platform' && f.problem, { code: 'gcpRefused', message: 'invalid_grant: Invalid JWT signature' });
      assert.strictEqual(fake.requests.length, 0, 'nothing reached Vertex');
      assert.strictEqual(fake.sts.requests[0]?.subjectTokenValid, false);
      assert.deepStrictEqual(retries, [], 'refused credentials are not retried as a network error');
      assert.strictEqual(fake.sts.requests.length, 1, 'the token endpoint was asked once');
      assert.match(words(f).detail, /gcloud auth application-default login/);
    });

    it('an expired ID token → gcpRefused too', async () => {
      process.env.GOOGLE_APPLICATION_CREDENTIALS = fake.credentials({ expired: true });
      const c = config();
      const f = await failureOf(() => streamMessage(c, ask('Hi'), {}, new AbortController().signal, log), c);
      assert.strictEqual(f.kind === 'platform' && f.problem.code, 'gcpRefused');
    });

    it('no Application Default Credentials at all → gcpNoCredentials, without waiting for a metadata server', async () => {
      delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      const c = { ...config(), maxRetries: 2 };
      const started = Date.now();
      const retries: unknown[] = [];
      const f = await failureOf(() => streamMessage(c, ask('Hi'), { onRetry: (r) => retries.push(r) }, new AbortController().signal, log), c);
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
      assert.deepStrictEqual(retries, [], 'no credentials are not retried as a network error');
      assert.deepStrictEqual(f.kind === 'platform' && f.problem, { code: 'gcpNoCredentials' });
      const w = words(f);
      assert.match(w.detail, /gcloud auth application-default login/);
      assert.match(w.detail, /GOOGLE_APPLICATION_CREDENTIALS/);
      assert.strictEqual(fake.requests.length, 0);
    });

    it('an access token Vertex does not know → 401 → gcpRefused, and a fresh token is fetched next time', async () => {
      await streamMessage(config(), ask('one'), {}, new AbortController().signal, log);
      fake.sts.reset(); // forgets the issued tokens: the cached one is now unknown to Vertex
      const c = config();
      const f = await failureOf(() => streamMessage(c, ask('two'), {}, new AbortController().signal, log), c);
      assert.strictEqual(f.kind === 'platform' && f.problem.code, 'gcpRefused');
      assert.match(describeFailure(f).detail, /invalid authentication credentials/);
      await streamMessage(config(), ask('three'), {}, new AbortController().signal, log);
      assert.strictEqual(fake.sts.requests.length, 1, 'the refused token was dropped and a new one exchanged');
    });

    it('429 RESOURCE_EXHAUSTED and 503 UNAVAILABLE keep the generic classification', async () => {
      const c = config();
      fake.failNext({ status: 429, message: 'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model.' });
      const f429 = await failureOf(() => streamMessage(c, ask('Hi'), {}, new AbortController().signal, log), c);
      assert.strictEqual(f429.kind, 'rateLimit');
      fake.failNext({ status: 503 });
      const f503 = await failureOf(() => streamMessage(c, ask('Hi'), {}, new AbortController().signal, log), c);
      assert.deepStrictEqual(f503.kind === 'server' && f503.status, 503);
    });
  });
});
