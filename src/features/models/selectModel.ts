/** Claude: Select Model — the models from the Models API (cached), or a built-in list offline. */
import * as vscode from 'vscode';
import { BUILT_IN_MODELS, isFresh, type CachedModels, type ModelChoice } from '../../core/models';
import { sdk } from '../../claude/sdk';
import type { ApiKeyStore } from '../../platform/apiKeyStore';
import type { Command } from '../../platform/commands';
import { CommandId } from '../../platform/contributions';
import type { Log } from '../../platform/log';
import { readSettings } from '../../platform/settings';

const CACHE_KEY = 'claude.models.cache';

async function listModels(context: vscode.ExtensionContext, keys: ApiKeyStore, log: Log, refresh: boolean): Promise<{ models: ModelChoice[]; live: boolean }> {
  const settings = readSettings();
  const baseUrl = settings.baseUrl || process.env.ANTHROPIC_BASE_URL || '';
  const cached = context.globalState.get<CachedModels>(CACHE_KEY);
  if (!refresh && isFresh(cached, baseUrl, Date.now())) return { models: cached.models, live: true };
  const key = await keys.get();
  if (!key) return { models: [...BUILT_IN_MODELS], live: false };
  try {
    const client = sdk().createClient({ apiKey: key, baseUrl: settings.baseUrl, maxRetries: 1, idleTimeoutMs: settings.idleTimeoutMs }, log);
    const models: ModelChoice[] = [];
    for await (const m of client.models.list({ limit: 100 })) models.push({ id: m.id, displayName: m.display_name });
    if (!models.length) return { models: [...BUILT_IN_MODELS], live: false };
    await context.globalState.update(CACHE_KEY, { fetchedAt: Date.now(), baseUrl, models } satisfies CachedModels);
    return { models, live: true };
  } catch (err) {
    log.warn(`could not list models: ${err instanceof Error ? err.message : String(err)}; using the built-in list`);
    return { models: [...BUILT_IN_MODELS], live: false };
  }
}

export function selectModelCommand(context: vscode.ExtensionContext, keys: ApiKeyStore, log: Log): Command {
  return {
    id: CommandId.selectModel,
    execute: async (): Promise<string | undefined> => {
      const current = readSettings().model;
      const { models, live } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Claude: listing models…') },
        () => listModels(context, keys, log, false),
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
