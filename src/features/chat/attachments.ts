/**
 * Context the user attaches to a chat message: the current file, the open editors, or the
 * current file's diagnostics. Each becomes a chip in the chat and a fenced block in the request.
 */
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { formatCode } from '../../core/prompts';
import { MAX_SELECTION_CHARS } from '../../core/selection';
import { displayName } from '../../platform/editorTarget';
import { Problem } from '../../platform/problems';
import type { AttachmentKind } from '../../shared/protocol';

export interface Attachment {
  id: string;
  label: string;
  /** Markdown sent with the message. */
  text: string;
}

function fileBlock(doc: vscode.TextDocument): string {
  return formatCode({ code: doc.getText(), languageId: doc.languageId, fileName: displayName(doc), startLine: 1, endLine: doc.lineCount });
}

const SEVERITY = ['error', 'warning', 'info', 'hint'];

/** Builds an attachment; a Problem says why it cannot (no file open, too large, nothing to attach). */
export function makeAttachment(kind: AttachmentKind, editor: vscode.TextEditor | undefined): Attachment {
  const id = randomUUID();
  if (kind === 'editors') {
    const docs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .map((t) => (t.input instanceof vscode.TabInputText ? t.input.uri.toString() : undefined))
      .filter((u): u is string => !!u);
    const open = vscode.workspace.textDocuments.filter((d) => !d.isClosed && (docs.includes(d.uri.toString()) || d === editor?.document));
    const unique = [...new Map(open.map((d) => [d.uri.toString(), d])).values()];
    if (!unique.length) throw new Problem(vscode.l10n.t('No editors are open.'));
    const text = unique.map(fileBlock).join('\n\n');
    if (text.length > MAX_SELECTION_CHARS) throw new Problem(vscode.l10n.t('The open editors are too large to attach together; attach the current file instead.'));
    return { id, label: vscode.l10n.t('{0} open editors', unique.length), text };
  }
  if (!editor) throw new Problem(vscode.l10n.t('Open a file first.'));
  const doc = editor.document;
  if (kind === 'file') {
    if (doc.getText().length > MAX_SELECTION_CHARS) throw new Problem(vscode.l10n.t('{0} is too large to attach.', displayName(doc)));
    return { id, label: displayName(doc), text: fileBlock(doc) };
  }
  const diagnostics = vscode.languages.getDiagnostics(doc.uri);
  if (!diagnostics.length) throw new Problem(vscode.l10n.t('{0} has no problems to attach.', displayName(doc)));
  const lines = diagnostics.map(
    (d) => `- line ${d.range.start.line + 1}: [${SEVERITY[d.severity] ?? 'info'}] ${d.message}${d.source ? ` (${d.source})` : ''}`,
  );
  return {
    id,
    label: vscode.l10n.t('Problems in {0}', displayName(doc)),
    text: `Problems reported in ${displayName(doc)}:\n${lines.join('\n')}`,
  };
}
