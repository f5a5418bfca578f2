/** Claude: Explain Selection — the selection (or the current line) explained in the reply panel. */
import * as vscode from 'vscode';
import { buildExplainPrompt } from '../core/prompts';
import { singleTurn, type ClaudeRunner, type RunResult } from '../claude/runner';
import type { Settings } from '../settings';
import type { EditorTracker } from '../editorTracker';
import type { ReplyPanel } from '../panels/replyPanel';
import { editorTarget, requireEditor } from './codeContext';

export function registerExplainCommand(
  context: vscode.ExtensionContext,
  runner: ClaudeRunner,
  panel: ReplyPanel,
  editors: EditorTracker,
): void {
  const explain = async (): Promise<RunResult | undefined> => {
    const editor = editors.editor;
    if (!requireEditor(editor)) return undefined;
    const target = editorTarget(editor, 'line');
    if (!target) return undefined;
    const title = vscode.l10n.t('Explain: {0}', target.context.fileName);
    return panel.run(title, target.note, (signal) =>
      runner.run(
        singleTurn((settings: Settings) => buildExplainPrompt(target.context, settings.systemPrompt, settings.prompts.explain)),
        panel,
        signal,
      ),
    );
  };
  context.subscriptions.push(vscode.commands.registerCommand('claude.explainSelection', explain));
}
