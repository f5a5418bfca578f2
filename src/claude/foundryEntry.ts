/**
 * Claude on Microsoft Foundry through @anthropic-ai/foundry-sdk (dist/foundry.js, loaded on first
 * use). It authenticates with the resource's key from the secret storage, or else with a
 * Microsoft Entra ID token from the Azure CLI (azureCliToken.ts).
 */
import { AnthropicFoundry } from '@anthropic-ai/foundry-sdk';
import type Anthropic from '@anthropic-ai/sdk';
import type { Middleware } from '@anthropic-ai/sdk';
import type { Connection } from '../core/connection';
import { AzureCliToken } from './azureCliToken';
import type { BaseOptions } from './providers';

type Foundry = Extract<Connection, { provider: 'foundry' }>;

/** One for the extension host: the CLI runs once per token lifetime, not per request (exported for tests). */
export const entra = new AzureCliToken();

/** A token Foundry refuses (revoked, another tenant) is not used again. */
const forgetRefusedToken: Middleware = async (request, next) => {
  const response = await next(request);
  if (response.status === 401) entra.forget();
  return response;
};

export function create(c: Foundry, options: BaseOptions): Anthropic {
  const client = new AnthropicFoundry({
    ...options,
    // claude.baseUrl overrides the resource's endpoint (the SDK refuses both).
    ...(c.baseUrl ? { baseURL: c.baseUrl, resource: null } : { resource: c.resource || null }),
    ...(c.apiKey
      ? { apiKey: c.apiKey }
      : { azureADTokenProvider: () => entra.get(), middleware: [...options.middleware, forgetRefusedToken] }),
  });
  return client as unknown as Anthropic;
}
