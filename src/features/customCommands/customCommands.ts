/**
 * Claude: Run Custom Command… — the user's own prompts from `claude.customCommands`, with
 * {{selection}}, {{code}}, {{language}} and {{fileName}} filled in. A command marked
 * `replaceSelection` goes through the diff like a refactor; others answer in the panel.
 */
import * as vscode from 'vscode';
import { buildCustomCommandPrompt, type CustomCommand } from '../../core/prompts';
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
import { readSettings } from '../../platform/settings';

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

export function customCommand(panel: ReplyPanel, editors: EditorTracker, proposals: ProposalManager, log: Log): Command {
  const refused: CodeChangeResult = { outcome: 'cancelled' };
  return {
    id: CommandId.runCustomCommand,
    refused,
    execute: async (titleArg?: unknown): Promise<CodeChangeResult> => {
      const editor = requireEditor(editors.editor);
      const command = await chooseCommand(titleArg);
      if (!command) return refused;
      const target = editorTarget(editor, command.replacesSelection ? 'file' : 'line');
      const title = `${command.title}: ${target.context.fileName}`;
      return panel.run(title, target.note, async (ask) => {
        const snapshot = takeSnapshot(target.document, target.range);
        const result = await ask(singleTurn((settings) => buildCustomCommandPrompt(target.context, command, settings.systemPrompt)));
        if (!command.replacesSelection) return { run: result, outcome: result.ok ? 'answered' : 'failed' };
        return proposeReplyCode(result, target, snapshot, 'replace', command.title, proposals, log);
      });
    },
  };
}
