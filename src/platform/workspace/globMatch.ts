/**
 * VS Code's own glob matching (the semantics of files.exclude and of the globs in settings), through
 * vscode.languages.match with a RelativePattern document filter. The API scores a TextDocument but
 * reads only its uri and languageId, so a file that is not open is matched with a stand-in.
 */
import * as vscode from 'vscode';

function standIn(uri: vscode.Uri): vscode.TextDocument {
  return { uri, languageId: '' } as unknown as vscode.TextDocument;
}

/** The first of `globs` (relative to `base`) that matches `uri`, or undefined. */
export function firstMatchingGlob(base: vscode.Uri, globs: readonly string[], uri: vscode.Uri): string | undefined {
  if (globs.length === 0) return undefined;
  const doc = standIn(uri);
  const filters = globs.map((g) => ({ pattern: new vscode.RelativePattern(base, g) }));
  // One call for all of them (the common case: none matches), then find which one did.
  if (vscode.languages.match(filters, doc) === 0) return undefined;
  return globs.find((_, i) => vscode.languages.match(filters[i]!, doc) > 0);
}
