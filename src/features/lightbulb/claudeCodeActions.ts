/**
 * Code actions: "Fix with Claude" on diagnostics (the lightbulb; the diagnostic's text goes into
 * the prompt), and "Explain with Claude" / "Refactor with Claude" on a selection.
 */
import * as vscode from 'vscode';
import { runCommand, type Command } from '../../platform/commands';
import { CommandId } from '../../platform/contributions';

const FIX_KIND = vscode.CodeActionKind.QuickFix.append('claude');
const EXPLAIN_KIND = vscode.CodeActionKind.Refactor.append('claude.explain');
const REFACTOR_KIND = vscode.CodeActionKind.RefactorRewrite.append('claude');

/** The instruction sent for a diagnostic: what the tool said, where. */
export function diagnosticInstruction(d: vscode.Diagnostic): string {
  const source = d.source ? ` (${d.source}${d.code !== undefined ? ` ${typeof d.code === 'object' ? String(d.code.value) : String(d.code)}` : ''})` : '';
  return `Fix this problem reported on line ${d.range.start.line + 1}${source}: "${d.message}". Change only what is needed.`;
}

class ClaudeCodeActions implements vscode.CodeActionProvider {
  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics.slice(0, 3)) {
      const fix = new vscode.CodeAction(vscode.l10n.t('Fix with Claude: {0}', d.message.split('\n')[0] ?? ''), FIX_KIND);
      fix.diagnostics = [d];
      fix.command = { command: CommandId.fixDiagnostic, title: fix.title, arguments: [document.uri, d.range, diagnosticInstruction(d)] };
      actions.push(fix);
    }
    if (!range.isEmpty) {
      const explain = new vscode.CodeAction(vscode.l10n.t('Explain with Claude'), EXPLAIN_KIND);
      explain.command = { command: CommandId.explainSelection, title: explain.title };
      const refactor = new vscode.CodeAction(vscode.l10n.t('Refactor with Claude'), REFACTOR_KIND);
      refactor.command = { command: CommandId.refactor, title: refactor.title };
      actions.push(explain, refactor);
    }
    return actions;
  }
}

export function registerCodeActionsProvider(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider({ scheme: '*' }, new ClaudeCodeActions(), {
      providedCodeActionKinds: [FIX_KIND, EXPLAIN_KIND, REFACTOR_KIND],
    }),
  );
}

/** Selects the diagnostic's whole lines and asks Claude to fix exactly that problem, through the diff. */
export const fixDiagnosticCommand: Command = {
  id: CommandId.fixDiagnostic,
  execute: async (uri: unknown, range: unknown, instruction: unknown) => {
    if (!(uri instanceof vscode.Uri) || !(range instanceof vscode.Range) || typeof instruction !== 'string') return undefined;
    const editor = await vscode.window.showTextDocument(uri, { preserveFocus: false });
    const lines = new vscode.Range(range.start.line, 0, Math.min(range.end.line + 1, editor.document.lineCount), 0);
    const full = editor.document.validateRange(lines);
    editor.selection = new vscode.Selection(full.start, full.end);
    return runCommand(CommandId.customInstruction, instruction);
  },
};
