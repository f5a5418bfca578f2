/**
 * The change sets' commands: Accept All and Reject act on a set (by id, or the newest one with
 * changes pending), Undo Last Claude Change Set puts back the files the newest accepted set wrote.
 */
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
  ];
}
