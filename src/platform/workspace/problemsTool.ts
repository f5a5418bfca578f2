/** get_problems: the diagnostics VS Code shows in the Problems view, for a file, a folder or the workspace. */
import * as v from 'valibot';
import * as vscode from 'vscode';
import { LIMITS, truncationNote } from '../../core/workspace/limits';
import { relativeTo, WorkspaceExcludes } from './excludes';
import { defineTool, nonBlank, refusedResult } from './toolSupport';
import { isRefused, resolveWorkspacePath, usableLocation } from './workspacePaths';
import type { WorkspaceTool } from './workspaceTool';

const SEVERITY = ['error', 'warning', 'info', 'hint'] as const;

interface Row {
  display: string;
  diagnostic: vscode.Diagnostic;
}

export function problemsTool(excludeFiles: readonly string[]): WorkspaceTool {
  return defineTool({
    name: 'get_problems',
    description:
      'The problems (errors, warnings, hints) VS Code shows in its Problems view, as reported by the language extensions, ' +
      'for one file, a folder, or the whole workspace when path is left out. ' +
      'Each as "path:line:column [severity] message (source)", errors first, at most 100. ' +
      'Language extensions usually report on files that are open or were opened recently, so a file not listed may still have problems.',
    inputSchema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'A workspace-relative file or folder; leave out for the whole workspace.' },
      },
    },
    input: v.object({ path: v.optional(nonBlank) }),
    async run(input) {
      const excludes = new WorkspaceExcludes(excludeFiles);
      let scope: { uri: vscode.Uri; display: string; isDirectory: boolean } | undefined;
      if (input.path) {
        const target = await resolveWorkspacePath(input.path, 'read', { excludes });
        if (isRefused(target)) return refusedResult(input.path, target);
        scope = { uri: target.uri, display: target.display, isDirectory: !!target.stat && (target.stat.type & vscode.FileType.Directory) !== 0 };
      }
      const all: [vscode.Uri, readonly vscode.Diagnostic[]][] =
        scope && !scope.isDirectory ? [[scope.uri, vscode.languages.getDiagnostics(scope.uri)]] : vscode.languages.getDiagnostics();
      const rows: Row[] = [];
      for (const [uri, diagnostics] of all) {
        if (diagnostics.length === 0 || (scope?.isDirectory && relativeTo(scope.uri, uri) === undefined)) continue;
        // A language server can keep a deleted file's problems: they are not the workspace's any more.
        if (!(await stillThere(uri))) continue;
        const display = await usableLocation(uri, excludes);
        if (display === undefined) continue;
        for (const diagnostic of diagnostics) rows.push({ display, diagnostic });
      }
      rows.sort(
        (a, b) =>
          a.diagnostic.severity - b.diagnostic.severity ||
          (a.display < b.display ? -1 : a.display > b.display ? 1 : 0) ||
          a.diagnostic.range.start.line - b.diagnostic.range.start.line ||
          a.diagnostic.range.start.character - b.diagnostic.range.start.character,
      );
      const where = scope ? scope.display : vscode.l10n.t('the workspace');
      const whereForModel = scope ? scope.display : 'the workspace';
      if (rows.length === 0) {
        return {
          content: `No problems reported in ${whereForModel}. (Language extensions report on the files they have analysed, usually the open ones.)`,
          summary: vscode.l10n.t('No problems in {0}', where),
        };
      }
      const lines = rows.slice(0, LIMITS.problems).map(format);
      if (rows.length > LIMITS.problems) lines.push(truncationNote(LIMITS.problems, rows.length, 'problems', 'ask for one file or folder to see its problems'));
      return { content: lines.join('\n'), summary: vscode.l10n.t('Problems in {0}: {1}', where, counts(rows)) };
    },
  });
}

async function stillThere(uri: vscode.Uri): Promise<boolean> {
  // Text not on disk (yet) counts; a closed editor's document lingers in textDocuments, so only
  // unsaved or untitled ones do.
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc && (doc.isDirty || doc.isUntitled)) return true;
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

function format({ display, diagnostic: d }: Row): string {
  let message = d.message.replace(/\s*\n\s*/g, ' ').trim();
  if (message.length > LIMITS.problemMessageChars) message = `${message.slice(0, LIMITS.problemMessageChars - 1)}…`;
  const source = d.source ? ` (${d.source})` : '';
  return `${display}:${d.range.start.line + 1}:${d.range.start.character + 1} [${SEVERITY[d.severity] ?? 'info'}] ${message}${source}`;
}

function counts(rows: Row[]): string {
  const n = (s: vscode.DiagnosticSeverity) => rows.filter((r) => r.diagnostic.severity === s).length;
  const errors = n(vscode.DiagnosticSeverity.Error);
  const warnings = n(vscode.DiagnosticSeverity.Warning);
  const others = rows.length - errors - warnings;
  const parts: string[] = [];
  if (errors) parts.push(errors === 1 ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', errors));
  if (warnings) parts.push(warnings === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', warnings));
  if (others) parts.push(others === 1 ? vscode.l10n.t('1 other') : vscode.l10n.t('{0} others', others));
  return parts.join(', ');
}
