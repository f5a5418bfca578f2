// Claude on Microsoft Foundry through the real extension host: claude.provider = foundry with the
// resource key in the Foundry slot of the secret storage (Claude: Set API Key while the provider is
// foundry), Explain Selection and a sidebar chat question against the fake Foundry.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/claude/replyPipeline';
import { FAKE_FOUNDRY_KEY, startFakeFoundry, type FakeFoundry } from '../fake-platforms/foundry';
import { closeAllEditors, configure, extensionApi, header, openDocument, TEST_KEY, type ExtensionApi } from './helpers';

const SETTINGS = ['provider', 'baseUrl', 'foundry.resource', 'model', 'maxRetries', 'systemPrompt'];

describe('Microsoft Foundry provider', function () {
  this.timeout(60_000);
  let fake: FakeFoundry;
  let api: ExtensionApi;

  before(async () => {
    api = await extensionApi();
    fake = await startFakeFoundry();
    await configure({ provider: 'foundry', baseUrl: fake.url, model: 'claude-sonnet-5-5', maxRetries: 0, systemPrompt: '' });
    const stored = await vscode.commands.executeCommand<boolean>('claude.setApiKey', FAKE_FOUNDRY_KEY);
    assert.ok(stored, 'the Foundry key was stored');
  });
  beforeEach(() => fake.reset());
  afterEach(closeAllEditors);
  after(async () => {
    // Still provider = foundry: this clears the Foundry slot, not the Anthropic key.
    await vscode.commands.executeCommand('claude.clearApiKey');
    await configure(Object.fromEntries(SETTINGS.map((k) => [k, undefined])));
    await fake?.close();
  });

  it('Explain Selection and a sidebar chat question reach Foundry with the resource key', async () => {
    await openDocument('const answer = 42;\n', 'javascript', [0, 0, 0, 18]);
    fake.enqueue({ text: 'It binds **42** to `answer`, via Foundry.' });
    const r = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    assert.ok(r?.ok, JSON.stringify(r));
    assert.strictEqual(api.replyPanelState().reply?.text, 'It binds **42** to `answer`, via Foundry.');

    await api.chat.newChat();
    fake.enqueue({ text: 'A closure keeps its scope, says Foundry.' });
    const c = await api.chat.send('What is a closure?');
    assert.ok(c?.ok, JSON.stringify(c));
    assert.strictEqual(api.chatState().messages[1]?.text, 'A closure keeps its scope, says Foundry.');

    assert.strictEqual(fake.requests.length, 2);
    for (const req of fake.requests) {
      assert.strictEqual(req.path.split('?')[0], '/anthropic/v1/messages');
      assert.strictEqual(header(req, 'x-api-key'), FAKE_FOUNDRY_KEY, 'the Foundry slot key, not the Anthropic one');
      assert.notStrictEqual(header(req, 'x-api-key'), TEST_KEY);
      assert.strictEqual(header(req, 'authorization'), undefined);
    }
  });

  it("a model with no deployment shows Foundry's message and what to do", async () => {
    fake.deployments.delete('claude-sonnet-5-5');
    await openDocument('const answer = 42;\n', 'javascript', [0, 0, 0, 18]);
    const r = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    assert.ok(r && !r.ok);
    assert.strictEqual(r.error.kind, 'platform');
    assert.match(r.error.title, /Microsoft Foundry has no deployment of claude-sonnet-5-5/);
    assert.match(r.error.detail, /The API deployment for this resource does not exist/);
    assert.match(r.error.detail, /Deploy the model in the Foundry portal/);
    assert.match(api.replyPanelState().reply?.error?.title ?? '', /no deployment of claude-sonnet-5-5/);
  });
});
