// Amazon Bedrock in the real extension host: claude.provider = bedrock with a named AWS profile,
// Explain Selection and the sidebar chat through the real commands, the bundled Bedrock SDK and
// AWS credential chain (dist/bedrock.js) against the fake Bedrock, which checks each request's
// SigV4 signature. The tests run inside the extension host, so the AWS_* variables they set are
// the ones the credential chain reads; every variable and setting is restored afterwards.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/claude/replyPipeline';
import type { RefactorResult } from '../../src/features/refactor/refactorCommands';
import type { AcceptOutcome } from '../../src/platform/proposals/applyEdit';
import { isolateAwsEnv, makeAwsHome, type AwsHome } from '../fake-platforms/awsProfiles';
import { startFakeBedrock, type FakeBedrock } from '../fake-platforms/bedrock';
import { closeAllEditors, configure, extensionApi, messageText, openDocument, type ExtensionApi } from './helpers';

const REGION = 'eu-central-1';
const PROFILE = 'fake-bedrock-profile';
const KEY = { accessKeyId: 'FAKEINTEGRATIONKEY01', secretAccessKey: 'fake-secret-for-the-integration-test' };
const SETTINGS = ['provider', 'baseUrl', 'bedrock.region', 'bedrock.profile', 'bedrock.inferenceProfile', 'model', 'maxRetries', 'requestIdleTimeoutSeconds', 'systemPrompt'];

describe('Bedrock provider', function () {
  this.timeout(60_000);
  let fake: FakeBedrock;
  let home: AwsHome;
  let restoreEnv: () => void;
  let api: ExtensionApi;

  before(async () => {
    api = await extensionApi();
    fake = await startFakeBedrock({ region: REGION });
    home = makeAwsHome();
    home.addCredentials(PROFILE, { aws_access_key_id: KEY.accessKeyId, aws_secret_access_key: KEY.secretAccessKey });
    // HOME stays: the rest of the extension host reads it too.
    restoreEnv = isolateAwsEnv(home, {}, true);
    await configure({
      provider: 'bedrock',
      baseUrl: fake.url,
      'bedrock.region': REGION,
      'bedrock.profile': PROFILE,
      'bedrock.inferenceProfile': '',
      model: 'claude-sonnet-5-5',
      maxRetries: 0,
      requestIdleTimeoutSeconds: 60,
      systemPrompt: '',
    });
  });
  beforeEach(() => {
    fake.reset();
    fake.credentials.set(KEY.accessKeyId, KEY);
  });
  afterEach(closeAllEditors);
  after(async () => {
    await configure(Object.fromEntries(SETTINGS.map((k) => [k, undefined])));
    restoreEnv?.();
    home?.remove();
    await fake?.close();
  });

  it('Explain Selection streams the reply from Bedrock, the request SigV4-signed by the profile', async () => {
    const code = 'function twice(n: number) {\n  return n * 2;\n}\n';
    await openDocument(code, 'typescript', [0, 0, 3, 0]);
    const reply = 'It **doubles** a number.\n\n```ts\ntwice(2); // 4\n```';
    fake.enqueue({ text: reply, chunkSize: 5, usage: { input_tokens: 90, output_tokens: 20, cache_read_input_tokens: 12 } });

    const result = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    assert.ok(result?.ok, JSON.stringify(result));
    const state = api.replyPanelState();
    assert.strictEqual(state.streaming, false);
    assert.strictEqual(state.reply?.text, reply);
    assert.strictEqual(state.reply?.usage?.inputTokens, 90);
    assert.strictEqual(state.reply?.usage?.cacheReadInputTokens, 12);

    assert.strictEqual(fake.requests.length, 1);
    const [req] = fake.requests;
    assert.strictEqual(req!.path, '/model/anthropic.claude-sonnet-5-5-v1/invoke-with-response-stream');
    assert.strictEqual(req!.error, undefined);
    assert.strictEqual(req!.signedBy, KEY.accessKeyId, 'the signature checked out for the profile\'s key');
    assert.match(String(req!.headers.authorization), new RegExp(`^AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/\\d{8}/${REGION}/bedrock/aws4_request`));
    assert.strictEqual(req!.headers['x-api-key'], undefined);
    assert.strictEqual(req!.body?.anthropic_version, '2026-10-21');
    assert.ok(messageText(req!.body as unknown as Parameters<typeof messageText>[0], 0).includes('return n * 2;'));
  });

  it('the sidebar chat asks Bedrock, the whole conversation signed each turn', async () => {
    api.chat.newChat();
    fake.enqueue({ text: 'A closure keeps its scope.' }, { text: 'Like `() => x`.' });
    assert.ok((await api.chat.send('What is a closure?'))?.ok);
    const second = await api.chat.send('Show me one.');
    assert.ok(second?.ok, JSON.stringify(second));
    assert.deepStrictEqual(
      api.chatState().messages.map((m) => [m.role, m.text]),
      [
        ['user', 'What is a closure?'],
        ['assistant', 'A closure keeps its scope.'],
        ['user', 'Show me one.'],
        ['assistant', 'Like `() => x`.'],
      ],
    );
    assert.strictEqual(fake.requests.length, 2);
    for (const req of fake.requests) {
      assert.match(req.path, /^\/model\/anthropic\.claude-sonnet-5-5-v1\/invoke-with-response-stream$/);
      assert.strictEqual(req.signedBy, KEY.accessKeyId);
    }
    assert.strictEqual((fake.requests[1]!.body?.messages as unknown[]).length, 3);
  });

  it('a refactor proposes its diff from Bedrock\'s reply, and Accept applies it', async () => {
    const original = 'const total = [1, 2, 3].map((n) => n).reduce((a, b) => a + b);\n';
    const fixed = 'const total = [1, 2, 3].reduce((a, b) => a + b, 0);';
    const editor = await openDocument(original, 'typescript', [0, 0, 0, original.length - 1]);
    fake.enqueue({ text: `Simpler:\n\n\`\`\`ts\n${fixed}\n\`\`\``, chunkSize: 9 });
    const result = await vscode.commands.executeCommand<RefactorResult>('claude.refactor');
    assert.strictEqual(result.outcome, 'proposed', JSON.stringify(result));
    assert.strictEqual(fake.requests[0]!.signedBy, KEY.accessKeyId);
    assert.strictEqual(await vscode.commands.executeCommand<AcceptOutcome>('claude.acceptProposal'), 'applied');
    assert.strictEqual(editor.document.getText(), `${fixed}\n`);
  });

  it('VS Code\'s own chat gets the same models and streams them from Bedrock (the language model provider)', async () => {
    const [model] = await vscode.lm.selectChatModels({ vendor: 'claude-assistant', id: 'claude-sonnet-5-5' });
    assert.ok(model, 'the provider offers its models without an Anthropic key');
    fake.enqueue({ text: 'Hello from Bedrock, in VS Code\'s chat.', chunkSize: 6 });
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Say hello')], {}, new vscode.CancellationTokenSource().token);
    let text = '';
    for await (const part of response.stream) if (part instanceof vscode.LanguageModelTextPart) text += part.value;
    assert.strictEqual(text, 'Hello from Bedrock, in VS Code\'s chat.');
    assert.strictEqual(fake.requests[0]!.path, '/model/anthropic.claude-sonnet-5-5-v1/invoke-with-response-stream');
    assert.strictEqual(fake.requests[0]!.signedBy, KEY.accessKeyId);
  });

  it('model access denied shows Bedrock\'s words and the next step', async () => {
    await openDocument('const answer = 42;\n', 'javascript', [0, 0, 0, 18]);
    fake.enqueue({ fault: { kind: 'exception', type: 'AccessDeniedException' } });
    const result = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    assert.strictEqual(result?.ok, false);
    if (result && !result.ok) {
      assert.strictEqual(result.error.kind, 'platform');
      assert.match(result.error.title, /Bedrock cannot use the model anthropic\.claude-sonnet-5-5-v1 in eu-central-1/);
      assert.match(result.error.detail, /You don't have access to the model with the specified model ID\. Enable the model under "Model access"/);
      assert.deepStrictEqual(result.error.actions, ['openSettings']);
    }
    const state = api.replyPanelState();
    assert.strictEqual(state.streaming, false);
    assert.match(state.reply?.error?.title ?? '', /Bedrock cannot use the model/);
    assert.strictEqual(fake.requests[0]!.error, 'AccessDeniedException');
  });
});
