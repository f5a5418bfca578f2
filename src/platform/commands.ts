/**
 * The command registry: each command is an object whose id sits beside its code, and all of them
 * are registered in one list (extension.ts). A command that throws a Problem has it shown to the
 * user and returns its `refused` value instead.
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

export function registerCommands(context: vscode.ExtensionContext, log: Log, commands: ReadonlyArray<Command>): void {
  for (const command of commands) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command.id, async (...args: unknown[]) => {
        try {
          return await command.execute(...args);
        } catch (err) {
          showProblem(err, log);
          return command.refused;
        }
      }),
    );
  }
}

/** Runs one of this extension's commands (the id must be one of ours). */
export function runCommand<T = unknown>(id: CommandId, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(id, ...args);
}
