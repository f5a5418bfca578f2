/** Claude: Set API Key / Clear API Key. */
import * as vscode from 'vscode';
import { checkKeyFormat, type ApiKeyStore } from '../apiKey';

export function registerApiKeyCommands(context: vscode.ExtensionContext, keys: ApiKeyStore): void {
  context.subscriptions.push(
    // A key passed as an argument (scripts, tests) is stored without the input box.
    vscode.commands.registerCommand('claude.setApiKey', async (key?: unknown): Promise<boolean> => {
      if (typeof key === 'string') {
        const problem = checkKeyFormat(key);
        if (problem) {
          void vscode.window.showErrorMessage(problem);
          return false;
        }
        if (!(await keys.set(key))) return false;
      } else if ((await keys.prompt()) === undefined) {
        return false;
      }
      void vscode.window.showInformationMessage(vscode.l10n.t('Your Anthropic API key is saved in VS Code\'s secret storage.'));
      return true;
    }),
    vscode.commands.registerCommand('claude.clearApiKey', async (): Promise<void> => {
      await keys.clear();
      void vscode.window.showInformationMessage(vscode.l10n.t('Your Anthropic API key was removed.'));
    }),
  );
}
