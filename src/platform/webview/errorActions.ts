/** The next steps offered with an error (other than Retry, which belongs to the view that asked). */
import * as vscode from 'vscode';
import type { ErrorAction } from '../../core/failures';
import { runCommand } from '../commands';
import { CommandId, EXTENSION_ID } from '../contributions';
import type { Log } from '../log';

export async function runErrorAction(action: Exclude<ErrorAction, 'retry'>, log: Log): Promise<void> {
  switch (action) {
    case 'setApiKey':
      await runCommand(CommandId.setApiKey);
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
      return;
    case 'showLog':
      log.show();
      return;
  }
}
