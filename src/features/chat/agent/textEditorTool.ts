/**
 * Claude's own text-editor tool (text_editor_20250728, "str_replace_based_edit_tool"), the one it is
 * trained on. `view` reads through the workspace tools; `create`, `str_replace` and `insert` change
 * the answer's change set, never a file: the user accepts the set afterwards.
 */
import * as v from 'valibot';
import * as vscode from 'vscode';
import { insertAfterLine, strReplace } from '../../../core/agent/textEdits';
import type { ChangeSet } from '../../../platform/proposals/changeSet';
import { viewPath } from '../../../platform/workspace/viewPath';
import { isRefused, resolveWorkspacePath } from '../../../platform/workspace/workspacePaths';
import type { ToolContext, ToolResult } from '../../../platform/workspace/workspaceTool';

export const TEXT_EDITOR_TOOL = { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' } as const;

const Input = v.variant('command', [
  v.object({ command: v.literal('view'), path: v.string(), view_range: v.optional(v.tuple([v.number(), v.number()])) }),
  v.object({ command: v.literal('create'), path: v.string(), file_text: v.string() }),
  v.object({ command: v.literal('str_replace'), path: v.string(), old_str: v.string(), new_str: v.optional(v.string(), '') }),
  v.object({ command: v.literal('insert'), path: v.string(), insert_line: v.number(), insert_text: v.optional(v.string()), new_str: v.optional(v.string()) }),
]);

const fail = (content: string, summary: string): ToolResult => ({ content, summary, isError: true });

export async function runTextEditor(input: unknown, changes: ChangeSet, ctx: ToolContext): Promise<ToolResult> {
  const parsed = v.safeParse(Input, input);
  if (!parsed.success) {
    const command = typeof (input as { command?: unknown })?.command === 'string' ? (input as { command: string }).command : '?';
    if (command === 'undo_edit') return fail('undo_edit is not available: make another edit instead.', vscode.l10n.t('Edit refused: undo_edit'));
    return fail(`Invalid input for ${command}: ${v.summarize(parsed.issues)}`, vscode.l10n.t('Edit refused: invalid {0}', command));
  }
  const cmd = parsed.output;
  if (cmd.command === 'view') return viewPath(cmd.path, cmd.view_range, ctx);
  const target = await resolveWorkspacePath(cmd.path, 'write');
  if (isRefused(target)) return fail(target.refused, vscode.l10n.t('Edit refused: {0}', cmd.path));
  const { uri, display } = target;
  switch (cmd.command) {
    case 'create': {
      let existed = false;
      const r = await changes.edit(uri, display, (text) => {
        existed = text !== undefined;
        return { ok: true, text: cmd.file_text };
      });
      if (!r.ok) return fail(r.error, vscode.l10n.t('Edit failed: {0}', display));
      return {
        content: `${existed ? 'Replaced the content of' : 'Created'} ${display} (proposed: the user reviews the change before it is written).`,
        summary: existed ? vscode.l10n.t('Rewrote {0}', display) : vscode.l10n.t('Created {0}', display),
      };
    }
    case 'str_replace': {
      const r = await changes.edit(uri, display, (text) => (text === undefined ? { ok: false, error: `${display} does not exist.` } : strReplace(text, cmd.old_str, cmd.new_str)));
      return r.ok
        ? { content: `Edited ${display} (proposed: the user reviews it before it is written).`, summary: vscode.l10n.t('Edited {0}', display) }
        : fail(r.error, vscode.l10n.t('Edit failed: {0}', display));
    }
    case 'insert': {
      const insert = cmd.insert_text ?? cmd.new_str ?? '';
      const r = await changes.edit(uri, display, (text) => (text === undefined ? { ok: false, error: `${display} does not exist.` } : insertAfterLine(text, cmd.insert_line, insert)));
      return r.ok
        ? { content: `Inserted into ${display} after line ${cmd.insert_line} (proposed: the user reviews it before it is written).`, summary: vscode.l10n.t('Edited {0} (inserted after line {1})', display, cmd.insert_line) }
        : fail(r.error, vscode.l10n.t('Edit failed: {0}', display));
    }
  }
}
