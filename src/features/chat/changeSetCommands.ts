/**
 * The change sets' commands: Accept All and Reject act on a set (by id, or the newest one with
 * changes pending), Undo Last Claude Change Set puts back the files the newest accepted set wrote.
 */
import * as vscode from 'vscode';
import type { Command } from '../../platform/commands';
import { CommandId } from '../../platform/contributions';
import type { ChangeSets } from '../../platform/proposals/changeSets';

export function changeSetCommands(changeSets: ChangeSets): Command[] {
  const target = (id: unknown): string | undefined => (typeof id === 'string' ? id : changeSets.latestPending()?.id);
  const decide = (action: 'accept' | 'reject') => async (id?: unknown, path?: unknown): Promise<boolean> => {
    const setId = target(id);
    return setId ? changeSets.run(action, setId, typeof path === 'string' ? path : undefined) : false;
  };
  return [
    { id: CommandId.acceptChangeSet, execute: decide('accept') },
    { id: CommandId.rejectChangeSet, execute: decide('reject') },
    { id: CommandId.undoChangeSet, execute: async () => (await changeSets.undoLast())?.id },
    {
      // One file's proposed change in the diff editor: by id and path, or picked from the newest set.
      id: CommandId.showChangeDiff,
      execute: async (id?: unknown, path?: unknown): Promise<boolean> => {
        const setId = target(id);
        if (!setId) return false;
        let file = typeof path === 'string' ? path : undefined;
        if (file === undefined) {
          const files = changeSets.get(setId)?.entries.map((f) => f.path) ?? [];
          file = files.length === 1 ? files[0] : await vscode.window.showQuickPick(files, { title: vscode.l10n.t('Claude: Show Proposed Change') });
        }
        return file === undefined ? false : changeSets.run('diff', setId, file);
      },
    },
  ];
}
