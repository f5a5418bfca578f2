/**
 * The model list last fetched from the Models API, as kept in the global state, read without the
 * network, the SDK or the full settings: VS Code's silent look-ups of the chat models are answered
 * from here at activation (src/features/nativeChat/registerNativeChat.ts), and ModelCatalog keeps it.
 */
import * as vscode from 'vscode';
import { BUILT_IN_MODELS, modelChoice, type CachedModels, type ModelChoice } from '../core/models';

export const MODEL_CACHE_KEY = 'claude.models.cache';

/**
 * What the list is kept for: the provider and its base URL (`claude.baseUrl`, else
 * ANTHROPIC_BASE_URL for the Anthropic API, else the public API: '').
 */
export function modelsBaseUrl(): string {
  const c = vscode.workspace.getConfiguration('claude');
  const provider = c.get<string>('provider') ?? 'anthropic';
  const base = (c.get<string>('baseUrl') ?? '').trim() || (provider === 'anthropic' ? process.env.ANTHROPIC_BASE_URL : '') || '';
  return provider === 'anthropic' ? base : `${provider} ${base}`;
}

/** The list last fetched for this base URL, else the built-in one. */
export function storedModels(state: vscode.Memento, baseUrl: string): { models: ModelChoice[]; live: boolean } {
  const cached = state.get<CachedModels>(MODEL_CACHE_KEY);
  return cached?.baseUrl === baseUrl && cached.models.length ? { models: cached.models.map(modelChoice), live: true } : { models: [...BUILT_IN_MODELS], live: false };
}
