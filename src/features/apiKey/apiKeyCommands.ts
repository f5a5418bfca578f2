/** Claude: Set API Key / Clear API Key. */
import * as vscode from 'vscode';
import { checkKeyFormat, type ApiKeyStore } from '../../platform/apiKeyStore';
import type { Connections } from '../../platform/connections';
import type { Command } from '../../platform/commands';
import { CommandId } from '../../platform/contributions';
import { Problem } from '../../platform/problems';

/** The key store of the configured provider; Bedrock and Vertex sign in with their clouds' own tools. */
function storeOf(connections: Connections): ApiKeyStore {
  const store = connections.keyStore();
  if (!store) {
    throw new Problem(
      connections.provider === 'bedrock'
        ? vscode.l10n.t('Amazon Bedrock uses your AWS credentials, not a key: sign in with the AWS CLI ("aws sso login" or "aws configure").')
        : vscode.l10n.t('Vertex AI uses your Google Cloud credentials, not a key: run "gcloud auth application-default login".'),
      'warning',
    );
  }
  return store;
}

export function apiKeyCommands(connections: Connections): Command[] {
  return [
    {
      id: CommandId.setApiKey,
      refused: false,
      // A key passed as an argument (scripts, tests) is stored without the input box.
      execute: async (key?: unknown): Promise<boolean> => {
        const keys = storeOf(connections);
        if (typeof key === 'string') {
          const problem = checkKeyFormat(key);
          if (problem) throw new Problem(problem, 'error');
          if (!(await keys.set(key))) return false;
        } else if ((await keys.prompt()) === undefined) {
          return false;
        }
        void vscode.window.showInformationMessage(
          keys === connections.anthropicKey
            ? vscode.l10n.t('Your Anthropic API key is saved in VS Code\'s secret storage.')
            : vscode.l10n.t('The {0} is saved in VS Code\'s secret storage.', keys.slot.name),
        );
        return true;
      },
    },
    {
      id: CommandId.clearApiKey,
      execute: async (): Promise<void> => {
        const keys = storeOf(connections);
        await keys.clear();
        void vscode.window.showInformationMessage(
          keys === connections.anthropicKey ? vscode.l10n.t('Your Anthropic API key was removed.') : vscode.l10n.t('The {0} was removed.', keys.slot.name),
        );
      },
    },
  ];
}
