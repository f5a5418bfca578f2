/**
 * The tools the sidebar chat gives Claude for one question: the workspace's read-only tools and
 * the text editor, whose changes go into that answer's change set. Off when the setting says so or
 * the workspace is not trusted; `toolsOffReason` says which, for the chat to show.
 */
import * as vscode from 'vscode';
import type { ReplyTools } from '../../../claude/replyPipeline';
import type { ChangeSet } from '../../../platform/proposals/changeSet';
import { readSettings } from '../../../platform/settings';
import { workspaceTools } from '../../../platform/workspace/tools';
import type { WorkspaceTool } from '../../../platform/workspace/workspaceTool';
import { runTextEditor, TEXT_EDITOR_TOOL } from './textEditorTool';

export function toolsOffReason(): string | undefined {
  if (!vscode.workspace.isTrusted) return vscode.l10n.t('Workspace tools are off in Restricted Mode: Claude sees only what you attach.');
  if (!vscode.workspace.getConfiguration('claude').get<boolean>('chat.workspaceTools', true)) {
    return vscode.l10n.t('Workspace tools are off (claude.chat.workspaceTools): Claude sees only what you attach.');
  }
  if (!vscode.workspace.workspaceFolders?.length) return vscode.l10n.t('No folder is open: Claude sees only what you attach.');
  return undefined;
}

/** The tools for one answer, its changes collected in `changes`; undefined when tools are off. */
export function chatTools(changes: ChangeSet): ReplyTools | undefined {
  if (toolsOffReason()) return undefined;
  let settings;
  try {
    settings = readSettings();
  } catch {
    return undefined; // The pipeline reports the setting.
  }
  const editor: WorkspaceTool = {
    apiType: TEXT_EDITOR_TOOL.type,
    name: TEXT_EDITOR_TOOL.name,
    description: '',
    inputSchema: { type: 'object', properties: {} },
    run: (input, ctx) => runTextEditor(input, changes, ctx),
  };
  return { tools: [...workspaceTools(settings), editor], pendingText: (uri) => changes.pendingText(uri) };
}
