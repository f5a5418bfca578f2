/**
 * go_to_definition and find_references: the language extensions' answers for a symbol named on a
 * line, as "path:line: text", only inside the workspace and not excluded.
 */
import * as v from 'valibot';
import * as vscode from 'vscode';
import { LIMITS, plural, truncationNote } from '../../core/workspace/limits';
import { splitLines } from '../../core/workspace/lineView';
import { excerpt, findWord } from '../../core/workspace/textSearch';
import { WorkspaceExcludes } from './excludes';
import { openDocument, readFileText } from './fileText';
import { defineTool, errorResult, nonBlank, refusedResult, stoppedResult, wholeNumber } from './toolSupport';
import { isRefused, resolveWorkspacePath, usableLocation } from './workspacePaths';
import type { ToolContext, ToolResult, WorkspaceTool } from './workspaceTool';

type Kind = 'definition' | 'references';

const input = v.object({
  path: nonBlank,
  line: v.pipe(wholeNumber, v.minValue(1, 'lines are numbered from 1')),
  symbol: nonBlank,
});

const inputSchema = {
  type: 'object' as const,
  properties: {
    path: { type: 'string', description: 'The workspace-relative file where the symbol appears.' },
    line: { type: 'integer', minimum: 1, description: 'The 1-based line on which it appears (as the view command numbers lines).' },
    symbol: { type: 'string', description: 'The identifier exactly as written on that line, e.g. "retry".' },
  },
  required: ['path', 'line', 'symbol'],
};

export function definitionTool(excludeFiles: readonly string[]): WorkspaceTool {
  return defineTool({
    name: 'go_to_definition',
    description:
      "Where a symbol is defined, as the language extension works it out (like F12 in VS Code): give the file, the line where the symbol is used and the symbol's name. " +
      'Returns the definition(s) as "path:line: text". Lines are those of the file as saved or open in the editor (not counting changes you proposed in this answer).',
    inputSchema,
    input,
    run: (i, ctx) => locate('definition', i, excludeFiles, ctx),
  });
}

export function referencesTool(excludeFiles: readonly string[]): WorkspaceTool {
  return defineTool({
    name: 'find_references',
    description:
      'Every place a symbol is used, as the language extension works it out (like Shift+F12 in VS Code), its declaration included: give the file, a line where the symbol appears and its name. ' +
      'Returns "path:line: text" sorted by path, at most 100. More precise than search_text for renames and impact checks.',
    inputSchema,
    input,
    run: (i, ctx) => locate('references', i, excludeFiles, ctx),
  });
}

interface Found {
  uri: vscode.Uri;
  range: vscode.Range;
}

async function locate(kind: Kind, i: v.InferOutput<typeof input>, excludeFiles: readonly string[], ctx: ToolContext): Promise<ToolResult> {
  const excludes = new WorkspaceExcludes(excludeFiles);
  const target = await resolveWorkspacePath(i.path, 'read', { excludes });
  if (isRefused(target)) return refusedResult(i.path, target);
  const { display } = target;
  if (!target.stat && !openDocument(target.uri)) return errorResult(`${display} does not exist.`, vscode.l10n.t('Not found: {0}', display));
  if (target.stat && target.stat.type & vscode.FileType.Directory) return errorResult(`${display} is a directory; give the file where the symbol appears.`, vscode.l10n.t('Could not read {0}', display));
  if (target.stat && target.stat.size > LIMITS.viewFileBytes) return errorResult(`${display} is too large for the language extension to work on here.`, vscode.l10n.t('Not read: {0} (too large)', display));

  // The document the language extension works on (opening it does not show it).
  const doc = await vscode.workspace.openTextDocument(target.uri);
  const lineCount = splitLines(doc.getText()).length;
  if (i.line > lineCount) return errorResult(`${display} has ${plural(lineCount, 'line')}; there is no line ${i.line}.`, vscode.l10n.t("'{0}' not found in {1}", i.symbol, display));
  const lineText = doc.lineAt(i.line - 1).text;
  const column = findWord(lineText, i.symbol);
  if (column < 0) {
    return errorResult(
      `${JSON.stringify(i.symbol)} is not on line ${i.line} of ${display} as a whole word; that line reads: ${JSON.stringify(excerpt(lineText, 0, LIMITS.lineChars))}. Give the line where it appears (view the file to check).`,
      vscode.l10n.t("'{0}' not found in {1}", i.symbol, display),
    );
  }
  const position = new vscode.Position(i.line - 1, column);
  const raw =
    kind === 'definition'
      ? await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[] | undefined>('vscode.executeDefinitionProvider', target.uri, position)
      : await vscode.commands.executeCommand<vscode.Location[] | undefined>('vscode.executeReferenceProvider', target.uri, position);
  if (ctx.signal.aborted) return stoppedResult();

  const found = dedupe((raw ?? []).map(toFound));
  if (kind === 'references') found.sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()) || a.range.start.compareTo(b.range.start));
  const rows: { display: string; found: Found }[] = [];
  let hidden = 0;
  for (const f of found) {
    const shown = await usableLocation(f.uri, excludes);
    if (shown === undefined) hidden++;
    else rows.push({ display: shown, found: f });
  }
  if (kind === 'references') rows.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0) || a.found.range.start.compareTo(b.found.range.start));

  const at = `${display}:${i.line}`;
  const what = kind === 'definition' ? 'definition' : 'reference';
  const lines: string[] = [];
  if (rows.length === 0) {
    lines.push(
      hidden > 0
        ? `No ${what} of ${JSON.stringify(i.symbol)} (at ${at}) inside the workspace: ${plural(hidden, 'result')} outside it or in excluded files.`
        : `No ${what} of ${JSON.stringify(i.symbol)} found at ${at} (the language extension gave none; it may still be starting, or none is installed for this kind of file).`,
    );
  } else {
    lines.push(`${kind === 'definition' ? 'Definition' : 'References'} of ${JSON.stringify(i.symbol)} at ${at}:`);
    lines.push(...(await quoteLines(rows.slice(0, LIMITS.locations))));
    if (rows.length > LIMITS.locations) lines.push(truncationNote(LIMITS.locations, rows.length, `${what}s`, 'search_text with include can narrow by folder'));
    if (hidden > 0) lines.push(`(${plural(hidden, 'more result')} outside the workspace or in excluded files not shown.)`);
  }
  const n = rows.length;
  const summary =
    kind === 'definition'
      ? n === 1
        ? vscode.l10n.t("Found 1 definition of '{0}'", i.symbol)
        : vscode.l10n.t("Found {0} definitions of '{1}'", n, i.symbol)
      : n === 1
        ? vscode.l10n.t("Found 1 reference to '{0}'", i.symbol)
        : vscode.l10n.t("Found {0} references to '{1}'", n, i.symbol);
  return { content: lines.join('\n'), summary };
}

function toFound(l: vscode.Location | vscode.LocationLink): Found {
  return 'targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange ?? l.targetRange } : { uri: l.uri, range: l.range };
}

function dedupe(list: Found[]): Found[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const key = `${f.uri.toString()}#${f.range.start.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "path:line: text" for each location, each file read once (open editors' text first). */
async function quoteLines(rows: { display: string; found: Found }[]): Promise<string[]> {
  const texts = new Map<string, Promise<string[] | undefined>>();
  const linesOf = (uri: vscode.Uri): Promise<string[] | undefined> => {
    const key = uri.toString();
    let t = texts.get(key);
    if (!t) {
      // Positions come from the language extension, which sees the editor's text, not pending changes.
      t = readFileText(uri, { pendingText: undefined }, LIMITS.viewFileBytes).then((r) => ('text' in r ? splitLines(r.text) : undefined));
      texts.set(key, t);
    }
    return t;
  };
  return Promise.all(
    rows.map(async ({ display, found }) => {
      const line = (await linesOf(found.uri))?.[found.range.start.line];
      return `${display}:${found.range.start.line + 1}: ${line === undefined ? '' : excerpt(line, found.range.start.character, LIMITS.lineChars)}`;
    }),
  );
}
