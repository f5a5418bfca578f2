/** Claude: Explain Selection — the selection (or the current line) explained in the reply panel. */
import * as vscode from 'vscode';
import { buildExplainPrompt } from '../../core/prompts';
import { singleTurn, type RunResult } from '../../claude/replyPipeline';
import type { Command } from '../../platform/commands';
import { CommandId } from '../../platform/contributions';
import { editorTarget, requireEditor } from '../../platform/editorTarget';
import type { EditorTracker } from '../../platform/editorTracker';
import type { ReplyPanel } from '../../platform/replyPanel';

export function explainCommand(panel: ReplyPanel, editors: EditorTracker): Command {
  return {
    id: CommandId.explainSelection,
    execute: (): Promise<RunResult> => {
      const target = editorTarget(requireEditor(editors.editor), 'line');
      const title = vscode.l10n.t('Explain: {0}', target.context.fileName);
      return panel.run(title, target.note, (ask) =>
        ask(singleTurn((settings) => buildExplainPrompt(target.context, settings.systemPrompt, settings.prompts.explain))),
      );
    },
  };
}
