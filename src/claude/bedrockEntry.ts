/**
 * Claude on Amazon Bedrock through @anthropic-ai/bedrock-sdk (dist/bedrock.js, loaded on first
 * use). Credentials come from AWS's own chain: the environment, the SSO cache, ~/.aws/config and
 * credentials, a container or instance role; claude.bedrock.profile picks a profile of it.
 */
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type Anthropic from '@anthropic-ai/sdk';
import type { Middleware } from '@anthropic-ai/sdk';
import type { Connection } from '../core/connection';
import { causes } from './errors/context';
import type { BaseOptions } from './providers';

type Bedrock = Extract<Connection, { provider: 'bedrock' }>;

/** The chain's own verdicts: no credentials, a profile that is not there, an SSO session to renew. */
const CHAIN_VERDICTS = new Set(['CredentialsProviderError', 'TokenProviderError']);

/**
 * The SDK wraps the chain's failures in an APIConnectionError, which it retries as if the network
 * had failed. When the chain said why (no credentials, an expired SSO session), asking again
 * cannot help: the chain's error is rethrown as it is, which the SDK does not retry (the
 * classifier, errors/bedrock.ts, reads it either way). Other failures of the chain (the SSO or
 * STS endpoint unreachable) stay on the SDK's retry path.
 */
const credentialsOnce: Middleware = async (request, next) => {
  try {
    return await next(request);
  } catch (err) {
    const verdict = causes(err).find((e) => e instanceof Error && CHAIN_VERDICTS.has(e.name));
    throw verdict ?? err;
  }
};

export function create(c: Bedrock, options: BaseOptions): Anthropic {
  const client = new AnthropicBedrock({
    ...options,
    // Innermost of the client's middleware, right around the SDK's signing.
    middleware: [...options.middleware, credentialsOnce],
    awsRegion: c.region,
    ...(c.baseUrl ? { baseURL: c.baseUrl } : {}),
    providerChainResolver: () => Promise.resolve(fromNodeProviderChain(c.profile ? { profile: c.profile } : {})),
  });
  // The same interface for what the extension uses: streaming and the tool runner (no token counting, no models list).
  return client as unknown as Anthropic;
}
