/**
 * The "Claude" context-menu submenu: Refactor, Fix Bugs, Add Documentation, Write Tests, Optimize
 * and Custom Instruction. The reply streams into the reply panel; its code block then opens as a
 * diff against the original selection, to accept or reject.
 */
import * as vscode from 'vscode';
import { pickReplacement } from '../core/codeBlocks';
import { buildRefactorPrompt, refactorTaskInfo, type RefactorTask } from '../core/prompts';
import { singleTurn, type ClaudeRunner, type RunResult } from '../claude/runner';
import type { Settings } from '../settings';
import type { EditorTracker } from '../editorTracker';
import { takeSnapshot, type AcceptOutcome, type ProposalManager, type Snapshot } from '../edits/proposals';
import type { ReplyPanel } from '../panels/replyPanel';
import { editorTarget, requireEditor, type EditorTarget } from './codeContext';

export interface RefactorResult {
  run?: RunResult;
  outcome: 'proposed' | 'opened' | 'answered' | 'noCode' | 'failed' | 'cancelled';
}

const TASK_COMMANDS: ReadonlyArray<[string, RefactorTask]> = [
  ['claude.refactor', 'refactor'],
  ['claude.fixBugs', 'fixBugs'],
  ['claude.addDocs', 'addDocs'],
  ['claude.writeTests', 'writeTests'],
  ['claude.optimize', 'optimize'],
  ['claude.customInstruction', 'custom'],
];

function taskTitle(task: RefactorTask): string {
  switch (task) {
    case 'refactor':
      return vscode.l10n.t('Refactor');
    case 'fixBugs':
      return vscode.l10n.t('Fix Bugs');
    case 'addDocs':
      return vscode.l10n.t('Add Documentation');
    case 'writeTests':
      return vscode.l10n.t('Write Tests');
    case 'optimize':
      return vscode.l10n.t('Optimize');
    case 'custom':
      return vscode.l10n.t('Custom Instruction');
  }
}

/**
 * What happens to a finished code-changing reply: its code block opens as a diff against the
 * snapshot (Accept / Reject), or as a new document.
 */
export async function applyReplyCode(
  run: RunResult,
  target: EditorTarget,
  snapshot: Snapshot,
  mode: 'replace' | 'newFile',
  title: string,
  proposals: ProposalManager,
): Promise<RefactorResult> {
  if (!run.ok) return { run, outcome: 'failed' };
  const block = pickReplacement(run.reply.text, target.context.languageId);
  if (!block) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Claude\'s reply has no code block to apply. Its answer is in the panel.'));
    return { run, outcome: 'noCode' };
  }
  if (mode === 'newFile') {
    const doc = await vscode.workspace.openTextDocument({ content: block.code, language: target.context.languageId });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: false });
    return { run, outcome: 'opened' };
  }
  await proposals.propose(snapshot, block.code, title);
  return { run, outcome: 'proposed' };
}

export function registerRefactorCommands(
  context: vscode.ExtensionContext,
  runner: ClaudeRunner,
  panel: ReplyPanel,
  editors: EditorTracker,
  proposals: ProposalManager,
): void {
  const runTask = async (task: RefactorTask, instructionArg?: unknown): Promise<RefactorResult> => {
    const editor = editors.editor;
    if (!requireEditor(editor)) return { outcome: 'cancelled' };
    const target = editorTarget(editor, 'file');
    if (!target) return { outcome: 'cancelled' };
    let instruction: string | undefined;
    if (task === 'custom') {
      instruction =
        typeof instructionArg === 'string'
          ? instructionArg
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Claude: Custom Instruction'),
              prompt: vscode.l10n.t('What should Claude do with the selected code?'),
              placeHolder: vscode.l10n.t('e.g. Convert to async/await'),
              ignoreFocusOut: true,
              validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Type an instruction.')),
            });
      if (!instruction?.trim()) return { outcome: 'cancelled' };
    }
    const info = refactorTaskInfo(task, instruction);
    const title = `${taskTitle(task)}: ${target.context.fileName}`;
    return panel.run(title, target.note, async (signal) => {
      // The anchor is taken when the request is sent: an edit made while the reply streams is never overwritten.
      const snapshot = takeSnapshot(target.document, target.range);
      const run = await runner.run(
        singleTurn((settings: Settings) =>
          buildRefactorPrompt(target.context, task, instruction, settings.systemPrompt, task === 'custom' ? undefined : settings.prompts[task]),
        ),
        panel,
        signal,
      );
      return applyReplyCode(run, target, snapshot, info.replacesSelection ? 'replace' : 'newFile', taskTitle(task), proposals);
    });
  };

  for (const [id, task] of TASK_COMMANDS) {
    // The editor context menu passes the file's URI first; only a string counts as an instruction.
    context.subscriptions.push(vscode.commands.registerCommand(id, (arg?: unknown) => runTask(task, arg)));
  }
  context.subscriptions.push(
    vscode.commands.registerCommand('claude.acceptProposal', (): Promise<AcceptOutcome> => proposals.accept()),
    vscode.commands.registerCommand('claude.rejectProposal', (): Promise<void> => proposals.reject()),
    proposals.onDidChangeState((s) => panel.setProposalState(s)),
  );
}
