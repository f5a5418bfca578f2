/**
 * search_text: a text or regex search over the workspace's files as the user sees them (unsaved
 * editor text wins over the disk), excludes left out, binaries and large files skipped, bounded.
 */
import * as v from 'valibot';
import * as vscode from 'vscode';
import { LIMITS, plural, truncationNote } from '../../core/workspace/limits';
import { buildSearchRegex, excerpt, matchingLines } from '../../core/workspace/textSearch';
import { WorkspaceExcludes } from './excludes';
import { looksBinary, unsavedText } from './fileText';
import { defineTool, errorResult, flag, stoppedResult, tokenFor } from './toolSupport';
import { findWorkspaceFiles, workspaceGlob, type FoundFile } from './workspaceFiles';
import type { ToolContext, WorkspaceTool } from './workspaceTool';

const BATCH = 16;

export function searchTextTool(excludeFiles: readonly string[]): WorkspaceTool {
  return defineTool({
    name: 'search_text',
    description:
      'Search the text of the workspace files for a string or a regular expression (JavaScript syntax), like grep. ' +
      'Sees unsaved changes in open editors. Returns one line per matching line as "path:line: text" (at most 100, lines cut to 200 characters) ' +
      'and how many matches in how many files. Case-insensitive unless case_sensitive is true. ' +
      'Narrow it with include, a glob on the workspace-relative path such as "src/**/*.ts". ' +
      'Files excluded by the user (files.exclude, search.exclude, .gitignore, secret files such as .env), binary files and files over 1 MB are not searched.',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'The text to find, or a regular expression when is_regex is true.' },
        is_regex: { type: 'boolean', description: 'Treat query as a JavaScript regular expression (default false).' },
        case_sensitive: { type: 'boolean', description: 'Match case exactly (default false).' },
        whole_word: { type: 'boolean', description: 'Only matches that are whole words (default false).' },
        include: { type: 'string', description: 'Only files whose workspace-relative path matches this glob, e.g. "src/**/*.py".' },
      },
      required: ['query'],
    },
    input: v.object({
      query: v.pipe(v.string(), v.minLength(1, 'must not be empty')),
      is_regex: v.optional(flag, false),
      case_sensitive: v.optional(flag, false),
      whole_word: v.optional(flag, false),
      include: v.optional(v.pipe(v.string(), v.trim())),
    }),
    async run(input, ctx) {
      const built = buildSearchRegex(input.query, { isRegex: input.is_regex, caseSensitive: input.case_sensitive, wholeWord: input.whole_word });
      if ('error' in built) return errorResult(built.error, vscode.l10n.t("Could not search '{0}'", shorten(input.query)));
      const glob = workspaceGlob(input.include || '**/*');
      if (!glob) return errorResult(`include ${input.include} leaves the workspace; give a glob relative to the workspace root.`, vscode.l10n.t('Refused {0}: outside the workspace', input.include ?? ''));
      const cancel = tokenFor(ctx.signal);
      try {
        const found = await findWorkspaceFiles(glob, new WorkspaceExcludes(excludeFiles), cancel.token);
        if (ctx.signal.aborted) return stoppedResult();
        return await search(input.query, built.regex, input.whole_word, found.files, found.capped, ctx);
      } finally {
        cancel.dispose();
      }
    },
  });
}

interface Tally {
  shown: string[];
  matches: number;
  files: number;
  searched: number;
  tooLarge: number;
  binary: number;
  stoppedEarly: boolean;
}

async function search(query: string, regex: RegExp, wholeWord: boolean, files: FoundFile[], capped: boolean, ctx: ToolContext) {
  const t: Tally = { shown: [], matches: 0, files: 0, searched: 0, tooLarge: 0, binary: 0, stoppedEarly: false };
  for (let i = 0; i < files.length && !t.stoppedEarly; i += BATCH) {
    if (ctx.signal.aborted) return stoppedResult();
    const batch = files.slice(i, i + BATCH);
    const texts = await Promise.all(batch.map((f) => textOf(f.uri, ctx)));
    batch.forEach((file, j) => {
      const text = texts[j]!;
      if (t.stoppedEarly) return;
      if (text === 'tooLarge') return void t.tooLarge++;
      if (text === 'binary') return void t.binary++;
      if (text === undefined) return;
      t.searched++;
      const lines = matchingLines(text, regex, wholeWord, LIMITS.searchCountedMatches - t.matches);
      if (lines.length === 0) return;
      t.files++;
      t.matches += lines.length;
      for (const m of lines) {
        if (t.shown.length >= LIMITS.searchMatches) break;
        t.shown.push(`${file.display}:${m.line}: ${excerpt(m.text, m.column, LIMITS.lineChars)}`);
      }
      if (t.matches >= LIMITS.searchCountedMatches) t.stoppedEarly = true;
    });
  }
  if (ctx.signal.aborted) return stoppedResult();

  const total = t.stoppedEarly ? `at least ${t.matches}` : String(t.matches);
  const lines = [...t.shown];
  if (t.matches === 0) lines.push(`No matches for ${JSON.stringify(query)} in ${plural(t.searched, 'file')}.`);
  else lines.push('', `${total} matching line${t.matches === 1 ? '' : 's'} in ${plural(t.files, 'file')}${t.stoppedEarly ? ' (the search stopped there)' : ''}.`);
  if (t.matches > t.shown.length) lines.push(truncationNote(t.shown.length, total, 'matching lines', 'narrow the query or use include to see the rest'));
  const skipped: string[] = [];
  if (t.tooLarge) skipped.push(`${plural(t.tooLarge, 'file')} over 1 MB`);
  if (t.binary) skipped.push(`${plural(t.binary, 'binary file')}`);
  if (skipped.length) lines.push(`(Not searched: ${skipped.join(', ')}.)`);
  if (capped) lines.push(`(Only the first ${LIMITS.scannedFiles} files were searched; use include to search the rest.)`);

  const matchesText = t.matches === 1 ? vscode.l10n.t('1 match') : vscode.l10n.t('{0} matches', t.stoppedEarly ? `${t.matches}+` : t.matches);
  const filesText = t.files === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', t.files);
  return { content: lines.join('\n'), summary: vscode.l10n.t("Searched '{0}': {1} in {2}", shorten(query), matchesText, filesText) };
}

/** The text to search: unsaved first; undefined when it cannot be read. */
async function textOf(uri: vscode.Uri, ctx: ToolContext): Promise<string | 'tooLarge' | 'binary' | undefined> {
  const unsaved = unsavedText(uri, ctx);
  if (unsaved) return unsaved.text.length > LIMITS.searchFileBytes ? 'tooLarge' : unsaved.text;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > LIMITS.searchFileBytes) return 'tooLarge';
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (looksBinary(bytes)) return 'binary';
    return new TextDecoder('utf-8').decode(bytes);
  } catch {
    return undefined;
  }
}

function shorten(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
