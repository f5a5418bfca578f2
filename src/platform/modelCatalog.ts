/**
 * The models this key can use: from the Models API (cached a day per base URL), or a built-in list
 * when the API cannot be reached. "Select Model" and VS Code's chat model picker both read it.
 */
import * as vscode from 'vscode';
import { BUILT_IN_MODELS, isFresh, modelChoice, type CachedModels, type ModelChoice } from '../core/models';
import { sdk } from '../claude/sdk';
import type { Connections } from './connections';
import type { Log } from './log';
import { listsModels } from '../core/platformModels';
import { MODEL_CACHE_KEY as CACHE_KEY, modelsBaseUrl, storedModels } from './modelCache';
import { readSettings } from './settings';

export class ModelCatalog implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a list was fetched from the Models API. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento, private readonly connections: Connections, private readonly log: Log) {}

  /**
   * The models. `network: false` never asks the API (VS Code's silent look-ups): the list last
   * fetched for this base URL, else the built-in one.
   */
  async list(refresh: boolean, network = true): Promise<{ models: ModelChoice[]; live: boolean }> {
    const settings = readSettings();
    const baseUrl = modelsBaseUrl();
    const cached = this.state.get<CachedModels>(CACHE_KEY);
    if (!refresh && isFresh(cached, baseUrl, Date.now())) return { models: cached.models.map(modelChoice), live: true };
    if (!network) return storedModels(this.state, baseUrl);
    if (!listsModels(this.connections.provider) || !(await this.connections.ready())) return { models: [...BUILT_IN_MODELS], live: false };
    try {
      const config = await this.connections.clientConfig(settings, false, 1);
      const models: ModelChoice[] = ((await sdk().listModels(config, this.log)) ?? []).map(modelChoice);
      if (!models.length) return { models: [...BUILT_IN_MODELS], live: false };
      await this.state.update(CACHE_KEY, { fetchedAt: Date.now(), baseUrl, models } satisfies CachedModels);
      this.changed.fire();
      return { models, live: true };
    } catch (err) {
      this.log.warn(`could not list models: ${err instanceof Error ? err.message : String(err)}; using the built-in list`);
      return { models: [...BUILT_IN_MODELS], live: false };
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
