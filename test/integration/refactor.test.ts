// The refactor submenu: each task's request, the diff, Accept as one undo step on exactly the
// original range, and no overwrite of code that changed while the reply streamed.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RefactorResult } from '../../src/features/refactor/refactorCommands';
import type { AcceptOutcome } from '../../src/platform/proposals/applyEdit';
import { closeAllEditors, diffTabs, messageText, openDocument, useFakeAnthropic, waitFor } from './helpers';

const ORIGINAL = [
  'export function first() {',
  '  return 1;',
  '}',
  'export function sum(xs: number[]) {',
  '  let t = 0;',
  '  for (let i = 0; i <= xs.length; i++) t += xs[i];',
  '  return t;',
  '}',
  'export function last() {',
  '  return 3;',
  '}',
  '',
].join('\n');
const SELECTED = ORIGINAL.split('\n').slice(3, 8).join('\n') + '\n';
const FIXED = 'export function sum(xs: number[]) {\n  return xs.reduce((t, x) => t + x, 0);\n}\n';
const replyWith = (code: string) => `Here is the change:\n\n\`\`\`typescript\n${code}\`\`\`\n\nIt avoids reading past the end.`;

describe('Refactor commands', () => {
  const fake = useFakeAnthropic();
  afterEach(async () => {
    await vscode.commands.executeCommand('claude.rejectProposal');
    await closeAllEditors();
  });

  const tasks: Array<[string, RegExp]> = [
    ['claude.refactor', /Refactor this code/],
    ['claude.fixBugs', /fix the bugs/],
    ['claude.addDocs', /documentation comments/],
    ['claude.optimize', /Optimise this code/],
  ];
  for (const [command, instruction] of tasks) {
    it(`${command}: diff, then Accept replaces exactly the selection in one undo step`, async () => {
      const editor = await openDocument(ORIGINAL, 'typescript', [3, 0, 8, 0]);
      fake.server.enqueue({ text: replyWith(FIXED), chunkSize: 7 });
      const result = await vscode.commands.executeCommand<RefactorResult>(command);
      assert.strictEqual(result.outcome, 'proposed', JSON.stringify(result));

      const user = messageText(fake.server.requests[0]!.body, 0);
      assert.match(user, instruction);
      assert.match(user, /ONE fenced code block/);
      assert.ok(user.includes(SELECTED.trimEnd()));

      const [diff] = diffTabs();
      assert.ok(diff, 'a diff editor opened');
      const proposed = await vscode.workspace.openTextDocument(diff!.modified);
      assert.strictEqual(proposed.getText(), ORIGINAL.replace(SELECTED, FIXED));

      const outcome = await vscode.commands.executeCommand<AcceptOutcome>('claude.acceptProposal');
      assert.strictEqual(outcome, 'applied');
      assert.strictEqual(editor.document.getText(), ORIGINAL.replace(SELECTED, FIXED));
      assert.strictEqual(diffTabs().length, 0, 'the diff closed');

      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(editor.document.getText(), ORIGINAL, 'one undo restores the original');
    });
  }

  it('Custom Instruction sends the instruction typed by the user', async () => {
    await openDocument(ORIGINAL, 'typescript', [3, 0, 8, 0]);
    fake.server.enqueue({ text: replyWith(FIXED) });
    const result = await vscode.commands.executeCommand<RefactorResult>('claude.customInstruction', 'Use Array.prototype.reduce');
    assert.strictEqual(result.outcome, 'proposed');
    assert.ok(messageText(fake.server.requests[0]!.body, 0).startsWith('Use Array.prototype.reduce'));
  });

  it('Reject leaves the document untouched', async () => {
    const editor = await openDocument(ORIGINAL, 'typescript', [3, 0, 8, 0]);
    fake.server.enqueue({ text: replyWith(FIXED) });
    await vscode.commands.executeCommand('claude.fixBugs');
    await vscode.commands.executeCommand('claude.rejectProposal');
    assert.strictEqual(editor.document.getText(), ORIGINAL);
    assert.strictEqual(diffTabs().length, 0);
    assert.strictEqual(await vscode.commands.executeCommand<AcceptOutcome>('claude.acceptProposal'), 'none');
  });

  it('Write Tests opens the tests in a new document and leaves the source alone', async () => {
    const editor = await openDocument(ORIGINAL, 'typescript', [3, 0, 8, 0]);
    const tests = "import { sum } from './sum';\n\ntest('sum', () => expect(sum([1, 2])).toBe(3));\n";
    fake.server.enqueue({ text: replyWith(tests) });
    const result = await vscode.commands.executeCommand<RefactorResult>('claude.writeTests');
    assert.strictEqual(result.outcome, 'opened');
    const active = vscode.window.activeTextEditor!;
    assert.notStrictEqual(active.document, editor.document);
    assert.strictEqual(active.document.getText(), tests);
    assert.strictEqual(active.document.languageId, 'typescript');
    assert.strictEqual(editor.document.getText(), ORIGINAL);
  });

  it('does not overwrite the selection when it was edited while the reply streamed', async () => {
    const editor = await openDocument(ORIGINAL, 'typescript', [3, 0, 8, 0]);
    fake.server.enqueue({ text: replyWith(FIXED), chunkSize: 4, delayMs: 15 });
    const pending = vscode.commands.executeCommand<RefactorResult>('claude.fixBugs');
    await fake.server.waitForRequests(1);
    // The user fixes the bug by hand while Claude is still answering.
    await editor.edit((b) => b.replace(new vscode.Range(5, 22, 5, 24), '<'));
    const edited = editor.document.getText();
    assert.strictEqual((await pending).outcome, 'proposed');
    const outcome = await vscode.commands.executeCommand<AcceptOutcome>('claude.acceptProposal');
    assert.strictEqual(outcome, 'stale');
    assert.strictEqual(editor.document.getText(), edited, 'nothing was written over the user\'s edit');
    await waitFor('the panel to say the change was not applied', () => fake.api.replyPanelState().proposal === 'stale');
  });

  it('re-anchors when only text above the selection changed', async () => {
    const editor = await openDocument(ORIGINAL, 'typescript', [3, 0, 8, 0]);
    fake.server.enqueue({ text: replyWith(FIXED), chunkSize: 4, delayMs: 15 });
    const pending = vscode.commands.executeCommand<RefactorResult>('claude.fixBugs');
    await fake.server.waitForRequests(1);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// a comment added meanwhile\n'));
    await pending;
    const outcome = await vscode.commands.executeCommand<AcceptOutcome>('claude.acceptProposal');
    assert.strictEqual(outcome, 'moved');
    assert.strictEqual(editor.document.getText(), '// a comment added meanwhile\n' + ORIGINAL.replace(SELECTED, FIXED));
  });

  it('a failed reply opens no diff and applies nothing', async () => {
    const editor = await openDocument(ORIGINAL, 'typescript', [3, 0, 8, 0]);
    fake.server.enqueue({ text: replyWith(FIXED), fault: { kind: 'cut', afterChars: 30 } });
    const result = await vscode.commands.executeCommand<RefactorResult>('claude.fixBugs');
    assert.strictEqual(result.outcome, 'failed');
    assert.strictEqual(diffTabs().length, 0);
    assert.strictEqual(await vscode.commands.executeCommand<AcceptOutcome>('claude.acceptProposal'), 'none');
    assert.strictEqual(editor.document.getText(), ORIGINAL);
  });

  it('Stop mid-stream applies nothing and opens no diff, even after the code block had streamed', async () => {
    const editor = await openDocument(ORIGINAL, 'typescript', [3, 0, 8, 0]);
    fake.server.enqueue({ text: replyWith(FIXED) + '\n' + 'More explanation. '.repeat(200), chunkSize: 8, delayMs: 10 });
    const pending = vscode.commands.executeCommand<RefactorResult>('claude.fixBugs');
    await waitFor('the code block to stream', () => (fake.api.replyPanelState().reply?.text ?? '').includes('More explanation.'));
    fake.api.stopReply();
    const result = await pending;
    assert.strictEqual(result.outcome, 'failed');
    assert.strictEqual(diffTabs().length, 0);
    assert.strictEqual(await vscode.commands.executeCommand<AcceptOutcome>('claude.acceptProposal'), 'none');
    assert.strictEqual(editor.document.getText(), ORIGINAL);
    assert.strictEqual(fake.api.replyPanelState().reply?.incomplete, 'Stopped.');
  });

  it('a reply without a code block says so and opens no diff', async () => {
    await openDocument(ORIGINAL, 'typescript', [3, 0, 8, 0]);
    fake.server.enqueue({ text: 'This code is already fine.' });
    const result = await vscode.commands.executeCommand<RefactorResult>('claude.refactor');
    assert.strictEqual(result.outcome, 'noCode');
    assert.strictEqual(diffTabs().length, 0);
  });
});
