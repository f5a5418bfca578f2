/**
 * The command registry: each command is an object whose id sits beside its code, and all of them
 * are in one list (featuresEntry.ts); activation registers the ids alone (extension.ts). A command
 * that throws a Problem has it shown to the user and returns its `refused` value instead.
 */
import * as vscode from 'vscode';
import type { CommandId } from './contributions';
import type { Log } from './log';
import { showProblem } from './problems';

export interface Command {
  readonly id: CommandId;
  execute(...args: unknown[]): unknown;
  /** What the command returns when it could not run (default: undefined). */
  readonly refused?: unknown;
}

/**
 * Registers every command id of package.json at activation, each running `run(id, args)`: the
 * commands' code is loaded on first use (see extension.ts), not when they are registered.
 */
export function registerCommandIds(context: vscode.ExtensionContext, ids: ReadonlyArray<CommandId>, run: (id: CommandId, args: unknown[]) => unknown): void {
  for (const id of ids) context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => run(id, args)));
}

/** What runs the commands of the list by id. A Problem a command throws is shown to the user. */
export function commandRunner(log: Log, commands: ReadonlyArray<Command>): (id: CommandId, args: unknown[]) => Promise<unknown> {
  const byId = new Map(commands.map((c) => [c.id, c]));
  return async (id, args) => {
    const command = byId.get(id);
    try {
      if (!command) throw new Error(`no command ${id}`);
      return await command.execute(...args);
    } catch (err) {
      showProblem(err, log);
      return command?.refused;
    }
  };
}

/** Runs one of this extension's commands (the id must be one of ours). */
export function runCommand<T = unknown>(id: CommandId, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(id, ...args);
}
