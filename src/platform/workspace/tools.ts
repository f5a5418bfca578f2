/**
 * The read-only workspace tools Claude may call in the sidebar chat, without asking: they stay
 * inside the workspace, see unsaved editor text, skip what the user excludes, and return bounded
 * results. (The text-editor tool's `view` command is viewPath, in ./viewPath.)
 */
import type { Settings } from '../settings';
import { findFilesTool } from './findFilesTool';
import { definitionTool, referencesTool } from './navigationTools';
import { problemsTool } from './problemsTool';
import { searchTextTool } from './searchTextTool';
import { symbolsTool } from './symbolsTool';
import type { WorkspaceTool } from './workspaceTool';

/** The tools, or none when claude.chat.workspaceTools is off (or the workspace is not trusted). */
export function workspaceTools(settings: Pick<Settings, 'workspaceTools' | 'excludeFiles'>): WorkspaceTool[] {
  if (!settings.workspaceTools) return [];
  const excludeFiles = settings.excludeFiles;
  return [
    findFilesTool(excludeFiles),
    searchTextTool(excludeFiles),
    problemsTool(excludeFiles),
    symbolsTool(excludeFiles),
    definitionTool(excludeFiles),
    referencesTool(excludeFiles),
  ];
}
