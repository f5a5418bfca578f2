/** Claude: Set API Key / Clear API Key. */
import * as vscode from 'vscode';
import { checkKeyFormat, type ApiKeyStore } from '../../platform/apiKeyStore';
import type { Command } from '../../platform/commands';
import { CommandId } from '../../platform/contributions';
import { Problem } from '../../platform/problems';

export function apiKeyCommands(keys: ApiKeyStore): Command[] {
  return [
    {
      id: CommandId.setApiKey,
      refused: false,
      // A key passed as an argument (scripts, tests) is stored without the input box.
      execute: async (key?: unknown): Promise<boolean> => {
        if (typeof key === 'string') {
          const problem = checkKeyFormat(key);
          if (problem) throw new Problem(problem, 'error');
          if (!(await keys.set(key))) return false;
        } else if ((await keys.prompt()) === undefined) {
          return false;
        }
        void vscode.window.showInformationMessage(vscode.l10n.t('Your Anthropic API key is saved in VS Code\'s secret storage.'));
        return true;
      },
    },
    {
      id: CommandId.clearApiKey,
      execute: async (): Promise<void> => {
        await keys.clear();
        void vscode.window.showInformationMessage(vscode.l10n.t('Your Anthropic API key was removed.'));
      },
    },
  ];
}
