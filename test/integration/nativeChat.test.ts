// Issue #11: this extension's Claude as a model of VS Code's own chat, driven through the real
// language model API of the extension host (vscode.lm) against the fake Anthropic server.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { configure, TEST_KEY, useFakeAnthropic, waitFor } from './helpers';

const VENDOR = 'claude-assistant';

async function claudeModel(id = 'claude-sonnet-5-5'): Promise<vscode.LanguageModelChat> {
  const models = await vscode.lm.selectChatModels({ vendor: VENDOR, id });
  assert.ok(models[0], `no ${id} from ${VENDOR}`);
  return models[0];
}

async function collect(response: vscode.LanguageModelChatResponse): Promise<unknown[]> {
  const parts: unknown[] = [];
  for await (const p of response.stream) parts.push(p);
  return parts;
}

/** Waits until the models of this vendor are (or are no longer) offered. */
async function waitForModels(offered: boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await vscode.lm.selectChatModels({ vendor: VENDOR })).length > 0 !== offered) {
    if (Date.now() > end) throw new Error(`timed out waiting for the models to be ${offered ? 'offered' : 'withdrawn'}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const textOf = (parts: unknown[]): string => parts.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');

interface Block {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: Block[];
  thinking?: string;
  signature?: string;
  cache_control?: unknown;
}
interface Body {
  model: string;
  system?: Block[];
  messages: Array<{ role: string; content: Block[] | string }>;
  tools?: Array<{ name: string; cache_control?: unknown }>;
  thinking?: unknown;
}
const blocks = (m: Body['messages'][number] | undefined): Block[] => (Array.isArray(m?.content) ? m.content : []);

const READ_FILE: vscode.LanguageModelChatTool = {
  name: 'read_file',
  description: 'Read a file',
  inputSchema: { type: 'object', properties: { filePath: { type: 'string' } }, required: ['filePath'] },
};

describe("Claude in VS Code's chat: the language model provider", () => {
  const fake = useFakeAnthropic();

  it('offers the Models API models (the list Select Model fetched) with their context windows', async () => {
    fake.server.setModels([
      { id: 'claude-sonnet-5-5', display_name: 'Claude Sonnet 5.5' },
      { id: 'claude-sonnet-9-9', display_name: 'Claude Sonnet 9.9' },
    ]);
    const pending = vscode.commands.executeCommand<string | undefined>('claude.selectModel');
    await waitFor('the models request', () => fake.server.requests.some((r) => r.path.startsWith('/v1/models')));
    await new Promise((r) => setTimeout(r, 300));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await pending, undefined);
    const end = Date.now() + 10_000;
    let model: vscode.LanguageModelChat | undefined;
    while (!model && Date.now() < end) {
      model = (await vscode.lm.selectChatModels({ vendor: VENDOR, id: 'claude-sonnet-9-9' }))[0];
      if (!model) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(model, 'the model from the Models API is offered in VS Code\'s chat');
    assert.strictEqual(model.name, 'Claude Sonnet 9.9');
    assert.strictEqual(model.vendor, VENDOR);
    assert.strictEqual(model.maxInputTokens, 200000);
  });

  it('streams a text reply, with the key only in the Authorization header', async () => {
    fake.server.enqueue({ text: 'Hello from the provider.', chunkSize: 4, usage: { input_tokens: 1000, output_tokens: 50, cache_read_input_tokens: 4000 } });
    const before = fake.api.sessionUsage();
    const model = await claudeModel();
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Say hello')], {}, new vscode.CancellationTokenSource().token);
    assert.strictEqual(textOf(await collect(response)), 'Hello from the provider.');
    const req = fake.server.requests.find((r) => r.path === '/v1/messages')!;
    const body = req.body as Body;
    assert.strictEqual(body.model, 'claude-sonnet-5-5');
    assert.strictEqual(blocks(body.messages[0])[0]?.text, 'Say hello');
    assert.strictEqual(req.headers.authorization, `Bearer ${TEST_KEY}`);
    assert.ok(!req.rawBody.includes(TEST_KEY), 'the key is not in the body');
    // Its usage and cost join the session total in the status bar.
    const after = fake.api.sessionUsage();
    assert.strictEqual(after.inputTokens - before.inputTokens, 1000);
    assert.strictEqual(after.cacheReadInputTokens - before.cacheReadInputTokens, 4000);
    assert.ok((after.costUsd ?? 0) > (before.costUsd ?? 0));
  });

  it('round-trips a tool call: tool_use out as a complete call part, tool_result back with the same id', async () => {
    fake.server.enqueue({ text: 'Let me look.', toolUse: [{ id: 'toolu_read_1', name: 'read_file', input: { filePath: '/w/a.ts' } }] }, { text: 'It exports add().' });
    const model = await claudeModel();
    const question = vscode.LanguageModelChatMessage.User('What is in a.ts?');
    const first = await collect(await model.sendRequest([question], { tools: [READ_FILE] }, new vscode.CancellationTokenSource().token));
    const call = first.find((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart);
    assert.ok(call, 'a tool call part');
    assert.strictEqual(call.callId, 'toolu_read_1');
    assert.strictEqual(call.name, 'read_file');
    assert.deepStrictEqual(call.input, { filePath: '/w/a.ts' });
    assert.strictEqual(textOf(first), 'Let me look.');

    const second = await collect(
      await model.sendRequest(
        [
          question,
          vscode.LanguageModelChatMessage.Assistant([new vscode.LanguageModelTextPart('Let me look.'), call]),
          vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('export function add() {}')])]),
        ],
        { tools: [READ_FILE] },
        new vscode.CancellationTokenSource().token,
      ),
    );
    assert.strictEqual(textOf(second), 'It exports add().');
    const body = fake.server.requests.filter((r) => r.path === '/v1/messages')[1]!.body as Body;
    const [user, assistant, results] = body.messages;
    assert.strictEqual(user?.role, 'user');
    assert.deepStrictEqual(
      blocks(assistant).map((b) => [b.type, b.id ?? b.text]),
      [
        ['text', 'Let me look.'],
        ['tool_use', 'toolu_read_1'],
      ],
    );
    const result = blocks(results)[0]!;
    assert.strictEqual(result.type, 'tool_result');
    assert.strictEqual(result.tool_use_id, 'toolu_read_1');
    assert.strictEqual(result.content?.[0]?.text, 'export function add() {}');
    // The tool definitions are a cache breakpoint, so each step of an agent loop reads them from the cache.
    assert.strictEqual(body.tools?.[0]?.name, 'read_file');
    assert.deepStrictEqual(body.tools?.[body.tools.length - 1]?.cache_control, { type: 'ephemeral' });
  });

  it('puts the thinking blocks, with their signatures, back before the tool call on the next turn', async () => {
    await configure({ thinking: 'enabled', thinkingBudgetTokens: 1024, maxTokens: 4096 });
    try {
      fake.server.enqueue({ thinking: 'I should read the file first.', toolUse: [{ id: 'toolu_think_1', name: 'read_file', input: { filePath: '/w/b.ts' } }] }, { text: 'Done.' });
      const model = await claudeModel();
      const question = vscode.LanguageModelChatMessage.User('Read b.ts');
      const first = await collect(await model.sendRequest([question], { tools: [READ_FILE] }, new vscode.CancellationTokenSource().token));
      const call = first.find((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart)!;
      await collect(
        await model.sendRequest(
          [question, vscode.LanguageModelChatMessage.Assistant([call]), vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('b')])])],
          { tools: [READ_FILE] },
          new vscode.CancellationTokenSource().token,
        ),
      );
      const [firstBody, secondBody] = fake.server.requests.filter((r) => r.path === '/v1/messages').map((r) => r.body as Body);
      assert.ok(firstBody?.thinking, 'thinking was asked for');
      const assistant = blocks(secondBody!.messages[1]);
      assert.strictEqual(assistant[0]?.type, 'thinking', JSON.stringify(assistant));
      assert.strictEqual(assistant[0]?.thinking, 'I should read the file first.');
      assert.ok(assistant[0]?.signature && assistant[0].signature.length > 10, 'the signature came back');
      assert.strictEqual(assistant[1]?.type, 'tool_use');
    } finally {
      await configure({ thinking: undefined, thinkingBudgetTokens: undefined, maxTokens: undefined });
    }
  });

  it('retries a 429 as the SDK does, then answers', async () => {
    fake.server.enqueue({ fault: { kind: 'status', status: 429, headers: { 'retry-after-ms': '50' } } }, { text: 'After the wait.' });
    const model = await claudeModel();
    const parts = await collect(await model.sendRequest([vscode.LanguageModelChatMessage.User('hi')], {}, new vscode.CancellationTokenSource().token));
    assert.strictEqual(textOf(parts), 'After the wait.');
    assert.strictEqual(fake.server.requests.filter((r) => r.path === '/v1/messages').length, 2);
  });

  it('cancelling the request closes the stream', async () => {
    fake.server.enqueue({ text: 'x'.repeat(2000), chunkSize: 10, delayMs: 20 });
    const model = await claudeModel();
    const cts = new vscode.CancellationTokenSource();
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('long')], {}, cts.token);
    let seen = '';
    try {
      for await (const p of response.stream) {
        if (p instanceof vscode.LanguageModelTextPart) seen += p.value;
        if (seen.length >= 20) cts.cancel();
      }
    } catch {
      // a cancelled stream may end with an error
    }
    const req = fake.server.requests.find((r) => r.path === '/v1/messages')!;
    await req.finished;
    assert.ok(req.clientClosedEarly, 'the HTTP request was closed before the reply finished');
    assert.ok(seen.length < 2000);
  });

  it('an API error mid-stream is said after the text that arrived, which stays', async () => {
    fake.server.enqueue({ text: 'Partial answer that', chunkSize: 4, fault: { kind: 'midStreamError', afterChars: 12, errorType: 'api_error', message: 'Internal server error' } });
    const model = await claudeModel();
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('hi')], {}, new vscode.CancellationTokenSource().token);
    const seen = textOf(await collect(response));
    assert.ok(seen.startsWith('Partial '), `the partial text was kept: ${seen}`);
    assert.match(seen, /\*\*The reply was interrupted by an API error\.\*\* Internal server error\. The text so far is kept/);
  });

  it('a request refused before any text is an error of the request, in plain words', async () => {
    fake.server.enqueue({ fault: { kind: 'status', status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' } });
    const model = await claudeModel();
    await assert.rejects(async () => {
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('hi')], {}, new vscode.CancellationTokenSource().token);
      await collect(response);
    }, /Your API key was not accepted/);
  });

  it('counts a message with the token-counting endpoint, and estimates short strings without a request', async () => {
    const model = await claudeModel();
    const message = vscode.LanguageModelChatMessage.User(`Explain this:\n${'function add(a, b) { return a + b; }\n'.repeat(10)}`);
    const n = await model.countTokens(message);
    assert.ok(n > 0);
    assert.strictEqual(fake.server.requests.filter((r) => r.path === '/v1/messages/count_tokens').length, 1);
    assert.strictEqual(await model.countTokens(message), n, 'the same message again is not asked again');
    // Agent mode counts every string of every tool schema: those are estimated here.
    assert.ok((await model.countTokens('description')) > 0);
    assert.strictEqual(fake.server.requests.filter((r) => r.path === '/v1/messages/count_tokens').length, 1);
  });

  it('is off when claude.nativeChat.enabled is false', async () => {
    await configure({ 'nativeChat.enabled': false });
    try {
      await waitForModels(false);
    } finally {
      await configure({ 'nativeChat.enabled': undefined });
    }
    await waitForModels(true);
  });
});
