/**
 * Writing an accepted proposal: exactly the original range, as one undo step, and only if that
 * text is still there (core/editAnchor). Read-only and closed files are refused with a message.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { resolveAnchor, type Anchor } from '../../core/editAnchor';
import { showProblem, Problem } from '../problems';
import type { Log } from '../log';

export type AcceptOutcome = 'applied' | 'moved' | 'stale' | 'ambiguous' | 'failed' | 'none';

/** A read-only file system, or a file whose permissions say read-only. */
async function isReadOnly(uri: vscode.Uri): Promise<boolean> {
  if (vscode.workspace.fs.isWritableFileSystem(uri.scheme) === false) return true;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return ((stat.permissions ?? 0) & vscode.FilePermission.Readonly) !== 0;
  } catch {
    return false;
  }
}

/** Replaces the anchored range of `doc` by `replacement`; says why when it cannot. */
export async function applyAnchoredEdit(doc: vscode.TextDocument, anchor: Anchor, replacement: string, log: Log): Promise<AcceptOutcome> {
  const refuse = (outcome: AcceptOutcome, message: string, severity: 'warning' | 'error' = 'warning'): AcceptOutcome => {
    showProblem(new Problem(message, severity), log);
    return outcome;
  };
  if (doc.isClosed) return refuse('stale', vscode.l10n.t('The file was closed; the change was not applied.'));
  if (doc.uri.scheme !== 'untitled' && (await isReadOnly(doc.uri))) {
    return refuse('failed', vscode.l10n.t('{0} is read-only; the change was not applied.', path.basename(doc.uri.path)), 'error');
  }
  const where = resolveAnchor(anchor, doc.version, doc.getText());
  if (!where.ok) {
    return where.reason === 'ambiguous'
      ? refuse('ambiguous', vscode.l10n.t('The file changed and the original code now appears more than once; nothing was applied. Run the command again.'))
      : refuse('stale', vscode.l10n.t('The code changed while Claude was answering; nothing was applied. Run the command again on the current code.'));
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(where.start), doc.positionAt(where.end)), replacement);
  if (!(await vscode.workspace.applyEdit(edit))) {
    return refuse('failed', vscode.l10n.t('The change could not be applied (is the file read-only?).'), 'error');
  }
  return where.moved ? 'moved' : 'applied';
}
