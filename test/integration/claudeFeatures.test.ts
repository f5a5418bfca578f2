// Claude-native features through the real extension host: prompt-cache breakpoints and cache
// reads in the cost, thinking, the model picker, custom commands, prompt overrides, code actions.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/claude/replyPipeline';
import type { RefactorResult } from '../../src/features/refactor/refactorCommands';
import { closeAllEditors, configure, diffTabs, messageText, openDocument, seenBody, systemText, useFakeAnthropic, waitFor } from './helpers';

const EPHEMERAL = { type: 'ephemeral' };

describe('Claude features', () => {
  const fake = useFakeAnthropic();
  afterEach(async () => {
    await vscode.commands.executeCommand('claude.rejectProposal');
    await closeAllEditors();
  });

  it('puts cache breakpoints on the system prompt, the tools and the end of the conversation, and shows cache reads in the cost', async () => {
    await fake.api.chat.newChat();
    fake.server.enqueue(
      { text: 'First answer.', usage: { input_tokens: 1500, output_tokens: 10, cache_creation_input_tokens: 1400 } },
      { text: 'Second answer.', usage: { input_tokens: 120, output_tokens: 12, cache_read_input_tokens: 1400, cache_creation_input_tokens: 0 } },
    );
    await fake.api.chat.send('First question');
    await fake.api.chat.send('Second question');
    // The second goes on the chat's message thread: the API takes it as the whole conversation.
    const body = seenBody(fake.server.requests[1]!);
    /** The cache_control of the first block of a system prompt or a message's content. */
    const breakpoint = (content: string | object[] | undefined): unknown => {
      const block = typeof content === 'string' ? undefined : content?.[0];
      return block && 'cache_control' in block ? block.cache_control : undefined;
    };
    assert.deepStrictEqual(breakpoint(body.system), EPHEMERAL);
    const msgs = body.messages;
    assert.strictEqual(msgs.length, 3);
    // The chat's tool loop marks the end of the conversation with the request's top-level
    // cache_control (the API applies it to the last block), so each step reads the ones before.
    assert.deepStrictEqual(body.cache_control, EPHEMERAL, 'the end of the conversation is a breakpoint');
    assert.deepStrictEqual(body.tools?.[body.tools.length - 1]?.cache_control, EPHEMERAL, 'the tools are a breakpoint');
    assert.ok(!breakpoint(msgs[0].content) && !breakpoint(msgs[2].content), 'no message carries its own');
    const reply = fake.api.chatState().messages[3]!;
    assert.strictEqual(reply.usage?.cacheReadInputTokens, 1400);
    assert.strictEqual(fake.api.chatState().messages[1]!.usage?.cacheCreationInputTokens, 1400);
    // Cache reads cost a tenth of input: 120 in + 12 out + 1400 read on a Sonnet model.
    const expected = (120 * 3 + 12 * 15 + 1400 * 0.3) / 1_000_000;
    assert.ok(Math.abs((reply.usage?.costUsd ?? 0) - expected) < 1e-12, String(reply.usage?.costUsd));
  });

  it('sends adaptive or budgeted thinking when enabled, and streams the thinking into the reply', async () => {
    await openDocument('let x = 1;\n', 'javascript', [0, 0, 0, 10]);
    try {
      await configure({ thinking: 'adaptive' });
      fake.server.enqueue({ thinking: 'Let me look at x.', text: 'x is one.' });
      const r = await vscode.commands.executeCommand<RunResult>('claude.explainSelection');
      assert.ok(r.ok);
      assert.deepStrictEqual(fake.server.requests[0]!.body.thinking, { type: 'adaptive' });
      assert.strictEqual(fake.api.replyPanelState().reply?.thinking, 'Let me look at x.');
      assert.strictEqual(fake.api.replyPanelState().reply?.text, 'x is one.');

      await configure({ thinking: 'enabled', thinkingBudgetTokens: 2048 });
      await vscode.commands.executeCommand('claude.explainSelection');
      assert.deepStrictEqual(fake.server.requests[1]!.body.thinking, { type: 'enabled', budget_tokens: 2048 });

      await configure({ thinking: 'off' });
      await vscode.commands.executeCommand('claude.explainSelection');
      assert.ok(!('thinking' in fake.server.requests[2]!.body));
    } finally {
      await configure({ thinking: undefined, thinkingBudgetTokens: undefined });
    }
  });

  it('Select Model lists the models from the Models API and stores the choice', async () => {
    fake.server.setModels([
      { id: 'claude-opus-5-5', display_name: 'Claude Opus 5.5' },
      { id: 'claude-haiku-5-5', display_name: 'Claude Haiku 5.5' },
    ]);
    try {
      const pending = vscode.commands.executeCommand<string | undefined>('claude.selectModel');
      await waitFor('the models request', () => fake.server.requests.some((r) => r.path.startsWith('/v1/models')));
      await new Promise((r) => setTimeout(r, 500));
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const picked = await pending;
      assert.strictEqual(picked, 'claude-haiku-5-5');
      assert.strictEqual(vscode.workspace.getConfiguration('claude').get('model'), 'claude-haiku-5-5');
      await waitFor('the chat header to follow', () => fake.api.chatState().model === 'claude-haiku-5-5');
    } finally {
      await configure({ model: 'claude-sonnet-5-5' });
    }
  });

  it('a custom command fills its template and answers in the panel; a replacing one opens the diff', async () => {
    await configure({
      customCommands: [
        { title: 'Review for security', prompt: 'Review this {{language}} from {{fileName}} for security issues:\n{{selection}}' },
        { title: 'Convert to arrow', prompt: 'Convert to an arrow function: {{code}}', replaceSelection: true },
      ],
    });
    try {
      const editor = await openDocument('function f(a) {\n  return a;\n}\n', 'javascript', [0, 0, 3, 0]);
      fake.server.enqueue({ text: 'No issues.' });
      const review = await vscode.commands.executeCommand<RefactorResult>('claude.runCustomCommand', 'Review for security');
      assert.strictEqual(review.outcome, 'answered');
      const user = messageText(fake.server.requests[0]!.body, 0);
      assert.match(user, /^Review this javascript from scratch\/doc-\d+\.js for security issues:\nFile: scratch\/doc-\d+\.js \(lines 1-3\)/);
      assert.ok(user.includes('```javascript\nfunction f(a) {\n  return a;\n}\n```'));

      fake.server.enqueue({ text: '```javascript\nconst f = (a) => a;\n```' });
      const convert = await vscode.commands.executeCommand<RefactorResult>('claude.runCustomCommand', 'Convert to arrow');
      assert.strictEqual(convert.outcome, 'proposed');
      assert.match(messageText(fake.server.requests[1]!.body, 0), /^Convert to an arrow function: function f\(a\)/);
      assert.strictEqual(diffTabs().length, 1);
      assert.strictEqual(await vscode.commands.executeCommand('claude.acceptProposal'), 'applied');
      assert.strictEqual(editor.document.getText(), 'const f = (a) => a;\n');
    } finally {
      await configure({ customCommands: undefined });
    }
  });

  it('the built-in prompts can be reworded in settings', async () => {
    await configure({ prompts: { explain: 'Explain {{fileName}} to a beginner: {{selection}}' } });
    try {
      await openDocument('print(1)\n', 'python', [0, 0, 0, 8]);
      await vscode.commands.executeCommand('claude.explainSelection');
      assert.match(messageText(fake.server.requests[0]!.body, 0), /^Explain scratch\/doc-\d+\.py to a beginner: File:/);
      assert.match(systemText(fake.server.requests[0]!.body), /programming assistant/);
    } finally {
      await configure({ prompts: undefined });
    }
  });

  it('offers "Fix with Claude" on a diagnostic, sending its text, and the fix goes through the diff', async () => {
    const editor = await openDocument('const a = 1;\nconst b = a +;\nconst c = 3;\n', 'javascript');
    const diagnostics = vscode.languages.createDiagnosticCollection('claude-test');
    try {
      const range = new vscode.Range(1, 10, 1, 13);
      const d = new vscode.Diagnostic(range, 'Expression expected.', vscode.DiagnosticSeverity.Error);
      d.source = 'ts';
      d.code = 1109;
      diagnostics.set(editor.document.uri, [d]);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, range);
      const fix = actions.find((a) => a.title === 'Fix with Claude: Expression expected.');
      assert.ok(fix?.command, `actions: ${actions.map((a) => a.title).join(', ')}`);
      fake.server.enqueue({ text: '```javascript\nconst b = a + 1;\n```' });
      await vscode.commands.executeCommand(fix!.command!.command, ...(fix!.command!.arguments ?? []));
      const user = messageText(fake.server.requests[0]!.body, 0);
      assert.match(user, /Fix this problem reported on line 2 \(ts 1109\): "Expression expected\."/);
      assert.ok(user.includes('```javascript\nconst b = a +;\n```'));
      assert.strictEqual(await vscode.commands.executeCommand('claude.acceptProposal'), 'applied');
      assert.strictEqual(editor.document.getText(), 'const a = 1;\nconst b = a + 1;\nconst c = 3;\n');
    } finally {
      diagnostics.dispose();
    }
  });

  it('offers Explain and Refactor with Claude as code actions on a selection', async () => {
    const editor = await openDocument('let total = 0;\n', 'javascript', [0, 0, 0, 14]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, editor.selection);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Explain with Claude') && titles.includes('Refactor with Claude'), titles.join(', '));
  });
});
