/** Claude: Select Model — the models from the catalog (the Models API, cached; a built-in list offline). */
import * as vscode from 'vscode';
import type { Command } from '../../platform/commands';
import { CommandId } from '../../platform/contributions';
import type { ModelCatalog } from '../../platform/modelCatalog';
import { readSettings } from '../../platform/settings';

export function selectModelCommand(catalog: ModelCatalog): Command {
  return {
    id: CommandId.selectModel,
    execute: async (): Promise<string | undefined> => {
      const current = readSettings().model;
      const { models, live } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Claude: listing models…') },
        () => catalog.list(false),
      );
      const items = models.map((m) => ({
        label: m.displayName,
        description: m.id === current ? `${m.id} $(check)` : m.id,
        id: m.id,
      }));
      const pick = await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('Claude: Select Model'),
        placeHolder: live
          ? vscode.l10n.t('Current: {0}', current)
          : vscode.l10n.t('Current: {0} — the Models API could not be reached; showing the built-in list', current),
        matchOnDescription: true,
      });
      if (!pick) return undefined;
      await vscode.workspace.getConfiguration('claude').update('model', pick.id, vscode.ConfigurationTarget.Global);
      return pick.id;
    },
  };
}
