/**
 * The "Claude" context-menu submenu: Refactor, Fix Bugs, Add Documentation, Write Tests, Optimize
 * and Custom Instruction. The reply streams into the reply panel; its code block then opens as a
 * diff against the original selection, to accept or reject (proposalCommands.ts).
 */
import * as vscode from 'vscode';
import { buildRefactorPrompt, refactorTaskInfo, type RefactorTask } from '../../core/prompts';
import { singleTurn } from '../../claude/replyPipeline';
import type { Command } from '../../platform/commands';
import { CommandId } from '../../platform/contributions';
import { editorTarget, requireEditor } from '../../platform/editorTarget';
import type { EditorTracker } from '../../platform/editorTracker';
import type { Log } from '../../platform/log';
import type { ProposalManager } from '../../platform/proposals/proposalManager';
import { proposeReplyCode, type CodeChangeResult } from '../../platform/proposals/replyCode';
import { takeSnapshot } from '../../platform/proposals/snapshot';
import type { ReplyPanel } from '../../platform/replyPanel';

export type RefactorResult = CodeChangeResult;

const TASK_COMMANDS: ReadonlyArray<[CommandId, RefactorTask]> = [
  [CommandId.refactor, 'refactor'],
  [CommandId.fixBugs, 'fixBugs'],
  [CommandId.addDocs, 'addDocs'],
  [CommandId.writeTests, 'writeTests'],
  [CommandId.optimize, 'optimize'],
  [CommandId.customInstruction, 'custom'],
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

/** The instruction of Custom Instruction: the argument when a string (the lightbulb passes one), else asked for. */
async function customInstruction(arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Claude: Custom Instruction'),
    prompt: vscode.l10n.t('What should Claude do with the selected code?'),
    placeHolder: vscode.l10n.t('e.g. Convert to async/await'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Type an instruction.')),
  });
}

export function refactorCommands(panel: ReplyPanel, editors: EditorTracker, proposals: ProposalManager, log: Log): Command[] {
  const runTask = async (task: RefactorTask, instructionArg?: unknown): Promise<RefactorResult> => {
    const target = editorTarget(requireEditor(editors.editor), 'file');
    let instruction: string | undefined;
    if (task === 'custom') {
      instruction = await customInstruction(instructionArg);
      if (!instruction?.trim()) return { outcome: 'cancelled' };
    }
    const info = refactorTaskInfo(task, instruction);
    const title = `${taskTitle(task)}: ${target.context.fileName}`;
    return panel.run(title, target.note, async (ask) => {
      // The anchor is taken when the request is sent: an edit made while the reply streams is never overwritten.
      const snapshot = takeSnapshot(target.document, target.range);
      const run = await ask(
        singleTurn((settings) =>
          buildRefactorPrompt(target.context, task, instruction, settings.systemPrompt, task === 'custom' ? undefined : settings.prompts[task]),
        ),
      );
      return proposeReplyCode(run, target, snapshot, info.replacesSelection ? 'replace' : 'newFile', taskTitle(task), proposals, log);
    });
  };
  const refused: RefactorResult = { outcome: 'cancelled' };
  // The editor context menu passes the file's URI first; only a string counts as an instruction.
  return TASK_COMMANDS.map(([id, task]) => ({ id, refused, execute: (arg?: unknown) => runTask(task, arg) }));
}
