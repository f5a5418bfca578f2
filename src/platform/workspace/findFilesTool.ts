/** find_files: workspace files whose path matches a glob, excludes left out, sorted and bounded. */
import * as v from 'valibot';
import * as vscode from 'vscode';
import { LIMITS, truncationNote } from '../../core/workspace/limits';
import { WorkspaceExcludes } from './excludes';
import { defineTool, errorResult, nonBlank, stoppedResult, tokenFor, wholeNumber } from './toolSupport';
import { findWorkspaceFiles, workspaceGlob, type FoundFiles } from './workspaceFiles';
import type { WorkspaceTool } from './workspaceTool';

export function findFilesTool(excludeFiles: readonly string[]): WorkspaceTool {
  return defineTool({
    name: 'find_files',
    description:
      'Find files in the workspace by a glob pattern on their path, relative to the workspace root. ' +
      'Examples: "**/*.ts" (every TypeScript file), "src/**/*.test.ts", "**/package.json", "docs/*" (only directly in docs). ' +
      'A pattern without "/" such as "*.md" matches only at the root; if nothing matches there, it is tried anywhere ("**/*.md"). ' +
      'Use {a,b} for alternatives: "**/*.{js,ts}". Returns workspace-relative paths, sorted, at most 200. ' +
      'Files excluded by the user (files.exclude, search.exclude, .gitignore, secret files such as .env) are never listed.',
    inputSchema: {
      type: 'object',
      properties: {
        pattern: { type: 'string', description: 'Glob pattern on the workspace-relative path, e.g. "src/**/*.ts".' },
        max_results: { type: 'integer', minimum: 1, maximum: LIMITS.findFiles, description: `Most paths to return (default and limit ${LIMITS.findFiles}).` },
      },
      required: ['pattern'],
    },
    input: v.object({
      pattern: nonBlank,
      max_results: v.optional(v.pipe(wholeNumber, v.minValue(1))),
    }),
    async run(input, ctx) {
      const glob = workspaceGlob(input.pattern);
      if (!glob) return errorResult(`The pattern ${input.pattern} leaves the workspace; give a glob relative to the workspace root, e.g. "src/**/*.ts".`, vscode.l10n.t('Refused {0}: outside the workspace', input.pattern));
      const excludes = new WorkspaceExcludes(excludeFiles);
      const cancel = tokenFor(ctx.signal);
      try {
        let found = await findWorkspaceFiles(glob, excludes, cancel.token);
        let tried = input.pattern;
        if (found.files.length === 0 && !glob.glob.includes('/') && !glob.glob.startsWith('**')) {
          tried = `**/${glob.glob}`;
          found = await findWorkspaceFiles({ folders: glob.folders, glob: tried }, excludes, cancel.token);
        }
        if (ctx.signal.aborted) return stoppedResult();
        return report(input.pattern, tried, found, Math.min(input.max_results ?? LIMITS.findFiles, LIMITS.findFiles));
      } finally {
        cancel.dispose();
      }
    },
  });
}

function report(pattern: string, tried: string, found: FoundFiles, max: number) {
  const total = found.files.length;
  const lines: string[] = [];
  if (tried !== pattern && total > 0) lines.push(`Nothing matches "${pattern}" at the workspace root; matches of "${tried}":`);
  lines.push(...found.files.slice(0, max).map((f) => f.display));
  if (total === 0) lines.push(`No files match "${pattern}"${tried !== pattern ? ` (nor "${tried}")` : ''}.`);
  if (total > max) lines.push(truncationNote(max, found.capped ? `more than ${total}` : total, 'files', 'use a narrower pattern to see the rest'));
  else if (found.capped) lines.push(`… the search stopped after ${found.files.length + found.excluded} files; use a narrower pattern.`);
  if (found.excluded > 0) lines.push(`(${found.excluded} matching file${found.excluded === 1 ? ' is' : 's are'} left out: excluded by the user (files.exclude, .gitignore, claude.excludeFiles) or linked from outside the workspace.)`);
  const summary =
    total === 1 ? vscode.l10n.t("Found 1 file matching '{0}'", pattern) : vscode.l10n.t("Found {0} files matching '{1}'", total, pattern);
  return { content: lines.join('\n'), summary };
}
