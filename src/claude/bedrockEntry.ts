/**
 * Claude on Amazon Bedrock through @anthropic-ai/bedrock-sdk (dist/bedrock.js, loaded on first
 * use). Credentials come from AWS's own chain: the environment, the SSO cache, ~/.aws/config and
 * credentials, a container or instance role; claude.bedrock.profile picks a profile of it.
 */
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type Anthropic from '@anthropic-ai/sdk';
import type { Connection } from '../core/connection';
import type { BaseOptions } from './providers';

type Bedrock = Extract<Connection, { provider: 'bedrock' }>;

export function create(c: Bedrock, options: BaseOptions): Anthropic {
  const client = new AnthropicBedrock({
    ...options,
    awsRegion: c.region,
    ...(c.baseUrl ? { baseURL: c.baseUrl } : {}),
    providerChainResolver: () => Promise.resolve(fromNodeProviderChain(c.profile ? { profile: c.profile } : {})),
  });
  // The same interface for what the extension uses: streaming and the tool runner (no token counting, no models list).
  return client as unknown as Anthropic;
}
