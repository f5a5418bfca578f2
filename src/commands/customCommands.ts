/**
 * Claude: Run Custom Command… — the user's own prompts from `claude.customCommands`, with
 * {{selection}}, {{code}}, {{language}} and {{fileName}} filled in. A command marked
 * `replaceSelection` goes through the diff like a refactor; others answer in the panel.
 */
import * as vscode from 'vscode';
import { buildCustomCommandPrompt, type CustomCommand } from '../core/prompts';
import { singleTurn, type ClaudeRunner } from '../claude/runner';
import type { EditorTracker } from '../editorTracker';
import { takeSnapshot, type ProposalManager } from '../edits/proposals';
import type { ReplyPanel } from '../panels/replyPanel';
import { readSettings, type Settings } from '../settings';
import { editorTarget, requireEditor } from './codeContext';
import { applyReplyCode, type RefactorResult } from './refactor';

async function chooseCommand(titleArg: unknown): Promise<CustomCommand | undefined> {
  const commands = readSettings().customCommands;
  if (typeof titleArg === 'string') return commands.find((c) => c.title === titleArg);
  if (!commands.length) {
    const open = vscode.l10n.t('Open Settings');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('You have no custom commands yet. Add them in the "claude.customCommands" setting.'),
      open,
    );
    if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'claude.customCommands');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    commands.map((c) => ({ label: c.title, detail: c.prompt.split('\n')[0], command: c })),
    { title: vscode.l10n.t('Claude: Run Custom Command'), matchOnDetail: true },
  );
  return pick?.command;
}

export function registerCustomCommands(
  context: vscode.ExtensionContext,
  runner: ClaudeRunner,
  panel: ReplyPanel,
  editors: EditorTracker,
  proposals: ProposalManager,
): void {
  const run = async (titleArg?: unknown): Promise<RefactorResult> => {
    const editor = editors.editor;
    if (!requireEditor(editor)) return { outcome: 'cancelled' };
    const command = await chooseCommand(titleArg);
    if (!command) return { outcome: 'cancelled' };
    const target = editorTarget(editor, command.replacesSelection ? 'file' : 'line');
    if (!target) return { outcome: 'cancelled' };
    const title = `${command.title}: ${target.context.fileName}`;
    return panel.run(title, target.note, async (signal) => {
      const snapshot = takeSnapshot(target.document, target.range);
      const result = await runner.run(
        singleTurn((settings: Settings) => buildCustomCommandPrompt(target.context, command, settings.systemPrompt)),
        panel,
        signal,
      );
      if (!command.replacesSelection) return { run: result, outcome: result.ok ? 'answered' : 'failed' };
      return applyReplyCode(result, target, snapshot, 'replace', command.title, proposals);
    });
  };
  context.subscriptions.push(vscode.commands.registerCommand('claude.runCustomCommand', run));
}
