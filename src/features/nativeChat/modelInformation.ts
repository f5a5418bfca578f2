/**
 * The models as VS Code's chat lists them. A silent look-up (VS Code asks whenever it likes, and
 * activation asks once to fill the model picker) is answered from here without loading the rest of
 * the extension: the key's presence, the list last fetched (or the built-in one), claude.maxTokens.
 */
import * as vscode from 'vscode';
import type { ModelChoice } from '../../core/models';
import { SECRET_ID } from '../../platform/apiKeyStore';
import { modelsBaseUrl, storedModels } from '../../platform/modelCache';

export function chatInformation(models: ReadonlyArray<ModelChoice>, maxTokens: number): vscode.LanguageModelChatInformation[] {
  return models.map((m) => ({
    id: m.id,
    name: m.displayName,
    family: m.id.replace(/-\d[\d-]*$/, ''),
    version: m.id,
    detail: vscode.l10n.t('your Anthropic key'),
    tooltip: vscode.l10n.t('{0} through the Claude Assistant extension', m.displayName),
    maxInputTokens: m.maxInputTokens,
    maxOutputTokens: Math.min(m.maxOutputTokens, maxTokens),
    capabilities: { toolCalling: true, imageInput: m.imageInput },
  }));
}

/**
 * The silent answer: nothing on the Anthropic API without a key (the other providers sign in with
 * their platforms' credentials, asked when a request is made); never the network.
 */
export async function silentChatInformation(context: vscode.ExtensionContext): Promise<vscode.LanguageModelChatInformation[]> {
  const provider = vscode.workspace.getConfiguration('claude').get<string>('provider') ?? 'anthropic';
  const key = provider === 'anthropic' ? await Promise.resolve(context.secrets.get(SECRET_ID)).catch(() => undefined) : 'not needed';
  if (!key) return [];
  const maxTokens = vscode.workspace.getConfiguration('claude').get<number>('maxTokens') ?? 4096;
  // An invalid claude.maxTokens is reported when a request is made.
  const valid = Number.isInteger(maxTokens) && maxTokens >= 1 && maxTokens <= 128_000;
  return chatInformation(storedModels(context.globalState, modelsBaseUrl()).models, valid ? maxTokens : 4096);
}
