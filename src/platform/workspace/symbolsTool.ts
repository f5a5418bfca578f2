/** get_symbols: a file's outline (document symbols), or the workspace's symbols matching a name. */
import * as v from 'valibot';
import * as vscode from 'vscode';
import { LIMITS, truncationNote } from '../../core/workspace/limits';
import { WorkspaceExcludes } from './excludes';
import { defineTool, errorResult, nonBlank, refusedResult } from './toolSupport';
import { isRefused, resolveWorkspacePath, usableLocation, type ResolvedPath } from './workspacePaths';
import type { ToolResult, WorkspaceTool } from './workspaceTool';

export function symbolsTool(excludeFiles: readonly string[]): WorkspaceTool {
  return defineTool({
    name: 'get_symbols',
    description:
      "Symbols (classes, functions, methods, variables…) as VS Code's language extensions see them. " +
      'With path: the file\'s outline, indented by nesting, each with its line numbers (with query too: only the symbols whose name contains it). ' +
      'With query only: symbols across the workspace whose name matches, as "path:line: kind name". At most 100. ' +
      'Use it to find where something is defined before viewing the file.',
    inputSchema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'A workspace-relative file to outline.' },
        query: { type: 'string', description: 'A symbol name, or part of one, to look for.' },
      },
    },
    input: v.object({ path: v.optional(nonBlank), query: v.optional(nonBlank) }),
    async run(input) {
      const excludes = new WorkspaceExcludes(excludeFiles);
      if (input.path) {
        const target = await resolveWorkspacePath(input.path, 'read', { excludes });
        if (isRefused(target)) return refusedResult(input.path, target);
        return outline(target, input.query);
      }
      if (input.query) return workspaceSymbols(input.query, excludes);
      return errorResult('Give a path (a file to outline) or a query (a symbol name to find in the workspace), or both.', vscode.l10n.t('{0}: invalid input', 'get_symbols'));
    },
  });
}

function kindName(kind: vscode.SymbolKind): string {
  return (vscode.SymbolKind[kind] ?? 'symbol').toLowerCase();
}

function lines(range: vscode.Range): string {
  const a = range.start.line + 1;
  const b = range.end.line + 1;
  return a === b ? `line ${a}` : `lines ${a}–${b}`;
}

async function outline(target: ResolvedPath, query: string | undefined): Promise<ToolResult> {
  const { display } = target;
  if (!target.stat) return errorResult(`${display} does not exist.`, vscode.l10n.t('Not found: {0}', display));
  if (target.stat.type & vscode.FileType.Directory) return errorResult(`${display} is a directory; get_symbols outlines one file.`, vscode.l10n.t('Could not read {0}', display));
  const symbols = (await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', target.uri)) ?? [];
  const needle = query?.toLowerCase();
  const rows: string[] = [];
  const walk = (list: readonly (vscode.DocumentSymbol | vscode.SymbolInformation)[], depth: number, container: string): void => {
    for (const s of [...list].sort((a, b) => rangeOf(a).start.compareTo(rangeOf(b).start))) {
      const children = 'children' in s ? s.children : [];
      const detail = 'detail' in s && s.detail ? ` ${s.detail.replace(/\s+/g, ' ').slice(0, 80)}` : '';
      if (!needle) rows.push(`${'  '.repeat(depth)}${kindName(s.kind)} ${s.name}${detail} (${lines(rangeOf(s))})`);
      else if (s.name.toLowerCase().includes(needle)) rows.push(`${kindName(s.kind)} ${s.name}${detail} (${lines(rangeOf(s))})${container ? ` in ${container}` : ''}`);
      walk(children, depth + 1, container ? `${container}.${s.name}` : s.name);
    }
  };
  walk(symbols, 0, '');
  if (rows.length === 0) {
    const why = query
      ? `No symbol in ${display} has a name containing ${JSON.stringify(query)}.`
      : `No symbols found in ${display} (no language extension reported any for this file; one may still be starting).`;
    return { content: why, summary: vscode.l10n.t('No symbols in {0}', display) };
  }
  const shown = rows.slice(0, LIMITS.symbols);
  if (rows.length > shown.length) shown.push(truncationNote(shown.length, rows.length, 'symbols', 'give a query to narrow the outline'));
  return { content: [`${display}:`, ...shown].join('\n'), summary: vscode.l10n.t('Outlined {0} ({1} symbols)', display, rows.length) };
}

function rangeOf(s: vscode.DocumentSymbol | vscode.SymbolInformation): vscode.Range {
  return 'location' in s ? s.location.range : s.range;
}

async function workspaceSymbols(query: string, excludes: WorkspaceExcludes): Promise<ToolResult> {
  const found = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', query)) ?? [];
  const rows: string[] = [];
  const seen = new Set<string>();
  for (const s of found) {
    const display = await usableLocation(s.location.uri, excludes);
    if (display === undefined) continue;
    const row = `${display}:${s.location.range.start.line + 1}: ${kindName(s.kind)} ${s.name}${s.containerName ? ` (in ${s.containerName})` : ''}`;
    if (seen.has(row)) continue;
    seen.add(row);
    rows.push(row);
  }
  if (rows.length === 0) {
    return {
      content: `No symbols matching ${JSON.stringify(query)} were found in the workspace (language extensions may not have indexed it yet; search_text also finds names).`,
      summary: vscode.l10n.t("No symbols matching '{0}'", query),
    };
  }
  const shown = rows.slice(0, LIMITS.symbols);
  if (rows.length > shown.length) shown.push(truncationNote(shown.length, rows.length, 'symbols', 'use a more specific query'));
  return { content: shown.join('\n'), summary: vscode.l10n.t("Found {0} symbols matching '{1}'", rows.length, query) };
}
