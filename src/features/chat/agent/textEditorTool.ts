/**
 * Claude's own text-editor tool (text_editor_20250728, "str_replace_based_edit_tool"), the one it is
 * trained on. `view` reads through the workspace tools; `create`, `str_replace` and `insert` change
 * the answer's change set, never a file: the user accepts the set afterwards.
 */
import * as v from 'valibot';
import { insertAfterLine, strReplace } from '../../../core/agent/textEdits';
import type { ChangeSet } from '../../../platform/proposals/changeSet';
import type { ToolContext, ToolResult } from '../../../platform/workspace/workspaceTool';
import { resolveWorkspacePath, viewPath } from './workspaceAccess';

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
    if (command === 'undo_edit') return fail('undo_edit is not available: make another edit instead.', 'Edit refused: undo_edit');
    return fail(`Invalid input for ${command}: ${v.summarize(parsed.issues)}`, `Edit refused: invalid ${command}`);
  }
  const cmd = parsed.output;
  if (cmd.command === 'view') return viewPath(cmd.path, cmd.view_range, ctx);
  const target = await resolveWorkspacePath(cmd.path, 'write');
  if ('refused' in target) return fail(target.refused, `Edit refused: ${cmd.path}`);
  const { uri, display } = target;
  switch (cmd.command) {
    case 'create': {
      const r = await changes.edit(uri, display, () => ({ ok: true, text: cmd.file_text }));
      return r.ok ? { content: `Proposed ${display} (the user reviews the change before it is written).`, summary: `Proposed new content for ${display}` } : fail(r.error, `Edit failed: ${display}`);
    }
    case 'str_replace': {
      const r = await changes.edit(uri, display, (text) => (text === undefined ? { ok: false, error: `${display} does not exist.` } : strReplace(text, cmd.old_str, cmd.new_str)));
      return r.ok ? { content: `Edited ${display} (proposed; the user reviews it before it is written).`, summary: `Edited ${display}` } : fail(r.error, `Edit failed: ${display}`);
    }
    case 'insert': {
      const insert = cmd.insert_text ?? cmd.new_str ?? '';
      const r = await changes.edit(uri, display, (text) => (text === undefined ? { ok: false, error: `${display} does not exist.` } : insertAfterLine(text, cmd.insert_line, insert)));
      return r.ok ? { content: `Inserted into ${display} after line ${cmd.insert_line} (proposed).`, summary: `Edited ${display} (insert after line ${cmd.insert_line})` } : fail(r.error, `Edit failed: ${display}`);
    }
  }
}
