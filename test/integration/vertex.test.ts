// Claude on Google Vertex AI through the real extension host: claude.provider = vertex, Explain
// Selection and a sidebar chat question against the fake Vertex, with Application Default
// Credentials (GOOGLE_APPLICATION_CREDENTIALS: external_account) exchanged at its fake Google STS.
// The tests run inside the extension host, so the environment they set is the extension's.
import * as assert from 'assert';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/claude/replyPipeline';
import { startFakeVertex, type FakeVertex } from '../fake-platforms/vertex';
import { closeAllEditors, configure, extensionApi, header, openDocument, type ExtensionApi } from './helpers';

const ENV_KEYS = ['GOOGLE_APPLICATION_CREDENTIALS', 'CLOUDSDK_CONFIG', 'METADATA_SERVER_DETECTION'];
const SETTINGS = ['provider', 'baseUrl', 'vertex.projectId', 'vertex.region', 'model', 'maxRetries', 'systemPrompt'];

describe('Vertex AI provider', function () {
  this.timeout(60_000);
  let fake: FakeVertex;
  let api: ExtensionApi;
  let savedEnv: Record<string, string | undefined>;
  let emptyGcloud: string;

  before(async () => {
    api = await extensionApi();
    fake = await startFakeVertex();
    savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
    emptyGcloud = mkdtempSync(join(tmpdir(), 'no-gcloud-'));
    process.env.CLOUDSDK_CONFIG = emptyGcloud;
    process.env.METADATA_SERVER_DETECTION = 'none';
    process.env.GOOGLE_APPLICATION_CREDENTIALS = fake.credentials();
    await configure({ provider: 'vertex', baseUrl: fake.url, 'vertex.projectId': fake.projectId, 'vertex.region': fake.region, model: 'claude-sonnet-5-5', maxRetries: 0, systemPrompt: '' });
  });
  beforeEach(() => fake.reset());
  afterEach(closeAllEditors);
  after(async () => {
    await configure(Object.fromEntries(SETTINGS.map((k) => [k, undefined])));
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(emptyGcloud, { recursive: true, force: true });
    await fake?.close();
  });

  it('Explain Selection and a sidebar chat question reach Vertex with a Google access token', async () => {
    await openDocument('const answer = 42;\n', 'javascript', [0, 0, 0, 18]);
    fake.enqueue({ text: 'It binds **42** to `answer`, via Vertex.' });
    const r = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    assert.ok(r?.ok, JSON.stringify(r));
    assert.strictEqual(api.replyPanelState().reply?.text, 'It binds **42** to `answer`, via Vertex.');

    await api.chat.newChat();
    fake.enqueue({ text: 'A closure keeps its scope, says Vertex.' });
    const c = await api.chat.send('What is a closure?');
    assert.ok(c?.ok, JSON.stringify(c));
    assert.strictEqual(api.chatState().messages[1]?.text, 'A closure keeps its scope, says Vertex.');

    assert.strictEqual(fake.requests.length, 2);
    const issued = fake.sts.requests.filter((s) => s.issued).map((s) => `Bearer ${s.issued}`);
    for (const req of fake.requests) {
      assert.strictEqual(req.path, `/v1/projects/${fake.projectId}/locations/${fake.region}/publishers/anthropic/models/claude-sonnet-5-5:streamRawPredict`);
      assert.ok(issued.includes(header(req, 'authorization') ?? ''), 'authorised with a token the STS issued');
    }
    assert.strictEqual(fake.sts.requests.length, 1, 'one token for both requests');
  });

  it("a project without Vertex AI access shows Google's message and the role to ask for", async () => {
    await configure({ 'vertex.projectId': 'someone-elses-project' });
    try {
      await openDocument('const answer = 42;\n', 'javascript', [0, 0, 0, 18]);
      const r = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
      assert.ok(r && !r.ok);
      assert.strictEqual(r.error.kind, 'platform');
      assert.match(r.error.title, /You may not use Vertex AI in the project someone-elses-project/);
      assert.match(r.error.detail, /Permission 'aiplatform\.endpoints\.predict' denied/);
      assert.match(r.error.detail, /Vertex AI User/);
      assert.match(api.replyPanelState().reply?.error?.title ?? '', /You may not use Vertex AI/);
    } finally {
      await configure({ 'vertex.projectId': fake.projectId });
    }
  });
});
