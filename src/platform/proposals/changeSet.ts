/**
 * The changes Claude makes in one chat answer, held in memory as a change set until the user
 * decides: one entry per file with the text Claude read (its anchor) and the text it proposes.
 * Nothing is written before Accept; Accept refuses a file that changed since Claude read it, and
 * writes each file as one undo step; Undo puts back every file the set wrote.
 */
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import type { ChangeFileStatus, ChangeSetView } from '../../core/agent/toolSteps';
import { lineStats, minimalEdit, type EditResult } from '../../core/agent/textEdits';

export interface ChangeFile {
  uri: vscode.Uri;
  /** Workspace-relative path, as the user and Claude see it. */
  path: string;
  /** The text Claude read before its first change (undefined: the file did not exist). */
  base: string | undefined;
  proposed: string;
  status: ChangeFileStatus;
  message?: string;
  /** Saved by Accept (it had no unsaved changes before), so Undo saves too. */
  saved?: boolean;
}

/** A file's text now: an open editor's (unsaved edits included), else the disk's; undefined if it does not exist. */
export async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = openDocument(uri);
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export class ChangeSet {
  readonly id = randomUUID();
  private readonly files = new Map<string, ChangeFile>();

  get isEmpty(): boolean {
    return this.files.size === 0;
  }

  get entries(): ReadonlyArray<ChangeFile> {
    return [...this.files.values()];
  }

  file(path: string): ChangeFile | undefined {
    return this.entries.find((f) => f.path === path);
  }

  /** The file's text as this answer has changed it so far, if it has. */
  pendingText(uri: vscode.Uri): string | undefined {
    return this.files.get(uri.toString())?.proposed;
  }

  /**
   * Applies one edit of the text-editor tool to the file's proposed text (the current text on the
   * first edit, which becomes the anchor). `edit` gets undefined for a file that does not exist.
   */
  async edit(uri: vscode.Uri, path: string, edit: (text: string | undefined) => EditResult): Promise<EditResult> {
    const key = uri.toString();
    const known = this.files.get(key);
    const before = known ? known.proposed : await currentText(uri);
    const result = edit(before);
    if (!result.ok) return result;
    if (known) known.proposed = result.text;
    else this.files.set(key, { uri, path, base: before, proposed: result.text, status: 'pending' });
    return result;
  }

  view(): ChangeSetView {
    return {
      id: this.id,
      files: this.entries.map((f) => ({
        path: f.path,
        isNew: f.base === undefined,
        ...lineStats(f.base ?? '', f.proposed),
        status: f.status,
        ...(f.message ? { message: f.message } : {}),
      })),
    };
  }

  /** Writes one file if it still holds the text Claude read; otherwise marks it stale and says why. */
  async accept(f: ChangeFile): Promise<void> {
    if (f.status !== 'pending') return;
    const now = await currentText(f.uri);
    if (now !== f.base) {
      f.status = 'stale';
      f.message =
        f.base === undefined
          ? vscode.l10n.t('{0} was created since Claude proposed it; nothing was written. Ask again.', f.path)
          : vscode.l10n.t('{0} changed since Claude read it; nothing was written. Ask again on the current file.', f.path);
      return;
    }
    const hadUnsavedEdits = openDocument(f.uri)?.isDirty ?? false;
    const ok = f.base === undefined ? await createFile(f.uri, f.proposed) : await replaceText(f.uri, f.base, f.proposed);
    if (!ok) {
      f.status = 'stale';
      f.message = vscode.l10n.t('{0} could not be written (is it read-only?).', f.path);
      return;
    }
    // Saved unless the user had unsaved edits of their own in it (those stay theirs to save).
    f.saved = f.base === undefined || (!hadUnsavedEdits && ((await openDocument(f.uri)?.save()) ?? false));
    f.status = 'accepted';
  }

  reject(f: ChangeFile): void {
    if (f.status === 'pending') f.status = 'rejected';
  }

  /** Puts back a file this set wrote, if it still holds what was written. */
  async undo(f: ChangeFile): Promise<void> {
    if (f.status !== 'accepted') return;
    const now = await currentText(f.uri);
    if (now !== f.proposed) {
      f.message = vscode.l10n.t('{0} changed after it was accepted; it was left as it is.', f.path);
      return;
    }
    if (f.base === undefined) {
      const edit = new vscode.WorkspaceEdit();
      edit.deleteFile(f.uri, { ignoreIfNotExists: true });
      if (!(await vscode.workspace.applyEdit(edit))) return;
    } else {
      if (!(await replaceText(f.uri, f.proposed, f.base))) return;
      if (f.saved) await openDocument(f.uri)?.save();
    }
    f.status = 'undone';
    delete f.message;
  }
}

/** One edit, the smallest range that differs: one undo step that keeps the rest of the file (and its markers) as it was. */
async function replaceText(uri: vscode.Uri, from: string, to: string): Promise<boolean> {
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.getText() !== from) return false;
  const { start, end, text } = minimalEdit(from, to);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(start), doc.positionAt(end)), text);
  return vscode.workspace.applyEdit(edit);
}

async function createFile(uri: vscode.Uri, text: string): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(text) });
  return vscode.workspace.applyEdit(edit);
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}
