// Explain Selection and the key, end to end through the real extension host and the real SDK,
// against the fake Anthropic server.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/claude/replyPipeline';
import { closeAllEditors, EXTENSION_ID, header, messageText, openDocument, systemText, TEST_KEY, useFakeAnthropic } from './helpers';

describe('activation and commands', () => {
  it('registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    const contributed: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, []);
    assert.ok(contributed.length >= 13);
    // …and registers nothing it does not contribute (the view's own commands are VS Code's).
    const extra = [...registered].filter((c) => c.startsWith('claude.') && !c.startsWith('claude.chat.') && !contributed.includes(c));
    assert.deepStrictEqual(extra, []);
  });

  it('does not activate on startup for everything (no "*" activation)', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok(!(ext.packageJSON.activationEvents ?? []).includes('*'));
  });
});

describe('Explain Selection', () => {
  const fake = useFakeAnthropic();
  afterEach(closeAllEditors);

  it('sends the selected code, its language and file name with the system prompt, and streams the reply into the panel', async () => {
    const code = 'function add(a: number, b: number) {\n  return a - b;\n}\n';
    await openDocument(`// header\n${code}// footer\n`, 'typescript', [1, 0, 4, 0]);
    const reply = 'This **adds** two numbers.\n\n```ts\nadd(1, 2);\n```\n\nBut it subtracts.';
    fake.server.enqueue({ text: reply, chunkSize: 5, usage: { input_tokens: 120, output_tokens: 30 } });

    const result = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    assert.ok(result?.ok, JSON.stringify(result));

    const [req] = fake.server.requests;
    assert.strictEqual(req!.path, '/v1/messages');
    assert.strictEqual(header(req!, 'authorization'), `Bearer ${TEST_KEY}`);
    assert.strictEqual(header(req!, 'anthropic-version'), '2026-10-21');
    const body = req!.body;
    assert.strictEqual(body.model, 'claude-sonnet-5-5');
    assert.strictEqual(body.stream, true);
    assert.strictEqual(body.max_tokens, 4096);
    assert.ok(!('temperature' in body), 'temperature must not be sent');
    assert.match(systemText(body), /programming assistant/);
    assert.strictEqual(body.messages.length, 1);
    const user = messageText(body, 0);
    assert.ok(user.includes(code.trimEnd()), user);
    assert.ok(user.includes('language: typescript'), user);
    assert.match(user, /File: scratch\/doc-\d+\.ts \(lines 2-4\)/);

    const state = fake.api.replyPanelState();
    assert.strictEqual(state.streaming, false);
    assert.strictEqual(state.reply?.text, reply);
    assert.strictEqual(state.reply?.usage?.inputTokens, 120);
    assert.strictEqual(state.reply?.usage?.outputTokens, 30);
    assert.ok((state.reply?.usage?.costUsd ?? 0) > 0);
    assert.match(state.title, /^Explain: /);
  });

  it('with no selection explains the current line and says so', async () => {
    await openDocument('const a = 1;\nconst b = a * 2;\n', 'javascript', [1, 3, 1, 3]);
    const result = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    assert.ok(result?.ok);
    const user = messageText(fake.server.requests[0]!.body, 0);
    assert.ok(user.includes('```javascript\nconst b = a * 2;\n```'), user);
    assert.match(fake.api.replyPanelState().note ?? '', /No selection: using the current line \(2\)/);
  });

  it('appends the custom system prompt from settings', async () => {
    await vscode.workspace.getConfiguration('claude').update('systemPrompt', 'Answer like a pirate.', vscode.ConfigurationTarget.Global);
    try {
      await openDocument('x = 1\n', 'python', [0, 0, 0, 5]);
      await vscode.commands.executeCommand('claude.explainSelection');
      assert.match(systemText(fake.server.requests[0]!.body), /Answer like a pirate\.$/);
    } finally {
      await vscode.workspace.getConfiguration('claude').update('systemPrompt', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('refuses a whitespace-only selection and sends nothing', async () => {
    await openDocument('   \n\t\n', 'plaintext', [0, 0, 1, 1]);
    const result = await vscode.commands.executeCommand<RunResult | undefined>('claude.explainSelection');
    assert.strictEqual(result, undefined);
    assert.strictEqual(fake.server.requests.length, 0);
  });

  it('refuses a 2 MB selection before sending anything', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    await openDocument(big, 'plaintext', [0, 0, 0, big.length]);
    const result = await vscode.commands.executeCommand<RunResult | undefined>('claude.explainSelection');
    assert.strictEqual(result, undefined);
    assert.strictEqual(fake.server.requests.length, 0);
  });
});

describe('API key', () => {
  const fake = useFakeAnthropic();
  afterEach(closeAllEditors);

  it('a rejected key (401) says to set the key, and the next request uses the new key', async () => {
    await vscode.commands.executeCommand('claude.setApiKey', 'sk-ant-wrong-key-000');
    await openDocument('let x = 1;\n', 'javascript', [0, 0, 0, 10]);
    const bad = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    assert.strictEqual(bad.ok, false);
    if (!bad.ok) {
      assert.strictEqual(bad.error.kind, 'auth');
      assert.deepStrictEqual(bad.error.actions, ['setApiKey']);
      assert.ok(!JSON.stringify(bad).includes('sk-ant-wrong-key-000'), 'the key must not appear in the error');
    }
    assert.strictEqual(header(fake.server.requests[0]!, 'authorization'), 'Bearer sk-ant-wrong-key-000');

    await vscode.commands.executeCommand('claude.setApiKey', TEST_KEY);
    const good = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
    assert.ok(good.ok);
    assert.strictEqual(header(fake.server.requests[1]!, 'authorization'), `Bearer ${TEST_KEY}`);
  });

  it('after Clear API Key a command asks for the key; cancelling sends nothing and offers Set API Key', async () => {
    await vscode.commands.executeCommand('claude.clearApiKey');
    try {
      await openDocument('let y = 2;\n', 'javascript', [0, 0, 0, 10]);
      const pending = vscode.commands.executeCommand<RunResult>('claude.explainSelection');
      // The password box is open: dismiss it as a user pressing Escape would.
      await new Promise((r) => setTimeout(r, 800));
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      const result = await pending;
      assert.strictEqual(result.ok, false);
      if (!result.ok) {
        assert.strictEqual(result.error.kind, 'missingKey');
        assert.deepStrictEqual(result.error.actions, ['setApiKey']);
      }
      assert.strictEqual(fake.server.requests.length, 0);
    } finally {
      await vscode.commands.executeCommand('claude.setApiKey', TEST_KEY);
    }
  });

  it('refuses a malformed key', async () => {
    const ok = await vscode.commands.executeCommand<boolean>('claude.setApiKey', 'has spaces in it');
    assert.strictEqual(ok, false);
  });
});
