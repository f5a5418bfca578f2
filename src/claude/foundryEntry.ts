/**
 * Claude on Microsoft Foundry through @anthropic-ai/foundry-sdk (dist/foundry.js, loaded on first
 * use). It authenticates with the resource's key from the secret storage, or else with a
 * Microsoft Entra ID token.
 */
import { AnthropicFoundry } from '@anthropic-ai/foundry-sdk';
import type Anthropic from '@anthropic-ai/sdk';
import type { Connection } from '../core/connection';
import type { BaseOptions } from './providers';

type Foundry = Extract<Connection, { provider: 'foundry' }>;

export function create(c: Foundry, options: BaseOptions): Anthropic {
  const client = new AnthropicFoundry({
    ...options,
    ...(c.resource ? { resource: c.resource } : { resource: null }),
    ...(c.baseUrl ? { baseURL: c.baseUrl } : {}),
    ...(c.apiKey ? { apiKey: c.apiKey } : { azureADTokenProvider: entraToken }),
  });
  return client as unknown as Anthropic;
}

/** A Microsoft Entra ID token for Cognitive Services (filled in by the Foundry work of issue #14). */
function entraToken(): Promise<string> {
  return Promise.reject(new Error('Microsoft Entra ID sign-in is not available yet: set the Foundry resource key with "Claude: Set API Key".'));
}
