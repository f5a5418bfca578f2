// Context attached to a chat message: the current file, the open editors, the file's problems.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, conversation, openDocument, useFakeAnthropic } from './helpers';

describe('Chat attachments', () => {
  const fake = useFakeAnthropic();
  beforeEach(() => fake.api.chat.newChat());
  afterEach(closeAllEditors);

  it('sends the attached file before the question, and shows it as a chip until sent', async () => {
    await openDocument('export const answer = 42;\n', 'typescript');
    const label = await vscode.commands.executeCommand<string>('claude.attachToChat', 'file');
    assert.match(label, /^scratch\/doc-\d+\.ts$/);
    assert.deepStrictEqual(fake.api.chatState().attachments.map((a) => a.label), [label]);
    await fake.api.chat.send('What does this export?');
    assert.deepStrictEqual(fake.api.chatState().attachments, [], 'chips clear once sent');
    const [[role, text]] = conversation(fake.server.requests[0]!.body) as [[string, string]];
    assert.strictEqual(role, 'user');
    assert.match(text, /^File: scratch\/doc-\d+\.ts \(lines 1-2\), language: typescript\n```typescript\nexport const answer = 42;\n```\n\nWhat does this export\?$/);
    assert.deepStrictEqual(fake.api.chatState().messages[0]!.attachments, [label]);
  });

  it('a removed chip is not sent', async () => {
    await openDocument('x = 1\n', 'python');
    await vscode.commands.executeCommand('claude.attachToChat', 'file');
    fake.api.chat.detach(fake.api.chatState().attachments[0]!.id);
    await fake.api.chat.send('Hi');
    assert.deepStrictEqual(conversation(fake.server.requests[0]!.body), [['user', 'Hi']]);
  });

  it('attaches the open editors, and the problems of the current file', async () => {
    await openDocument('const a = 1;\n', 'javascript');
    const editor = await openDocument('const b = ;\n', 'javascript');
    const diagnostics = vscode.languages.createDiagnosticCollection('claude-attach-test');
    try {
      const d = new vscode.Diagnostic(new vscode.Range(0, 10, 0, 11), 'Expression expected.', vscode.DiagnosticSeverity.Error);
      d.source = 'ts';
      diagnostics.set(editor.document.uri, [d]);
      assert.match(await vscode.commands.executeCommand<string>('claude.attachToChat', 'editors'), /^2 open editors$/);
      assert.match(await vscode.commands.executeCommand<string>('claude.attachToChat', 'diagnostics'), /^Problems in scratch\/doc-\d+\.js$/);
      await fake.api.chat.send('Why does it fail?');
      const text = conversation(fake.server.requests[0]!.body)[0]![1];
      assert.ok(text.includes('const a = 1;') && text.includes('const b = ;'), text);
      assert.ok(text.includes('- line 1: [error] Expression expected. (ts)'), text);
      assert.ok(text.endsWith('Why does it fail?'));
    } finally {
      diagnostics.dispose();
    }
  });
});
