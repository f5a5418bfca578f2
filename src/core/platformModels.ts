/**
 * Model ids differ per platform. The pickers show Anthropic's ids; a request maps them to the
 * platform's here. An id that is already the platform's (an ARN, a Bedrock id with its version, a
 * Vertex id with its date) is sent as it is.
 */
import type { Connection, Provider } from './connection';

interface PlatformIds {
  bedrock: string;
  vertex: string;
}

/**
 * The built-in list's ids on each platform (the README's "Model ids per platform"). Bedrock's
 * cross-region inference prefix (claude.bedrock.inferenceProfile) is added at request time.
 */
export const PLATFORM_MODEL_IDS: Readonly<Record<string, PlatformIds>> = {
  'claude-sonnet-5-5': { bedrock: 'anthropic.claude-sonnet-5-5-v1', vertex: 'claude-sonnet-5-5' },
  'claude-opus-5-5': { bedrock: 'anthropic.claude-opus-5-5-v1', vertex: 'claude-opus-5-5' },
  'claude-haiku-5-5': { bedrock: 'anthropic.claude-haiku-5-5-v1', vertex: 'claude-haiku-5-5' },
  'claude-sonnet-4-5': { bedrock: 'anthropic.claude-sonnet-4-5-20250929-v1:0', vertex: 'claude-sonnet-4-5@20250929' },
  'claude-opus-4-5': { bedrock: 'anthropic.claude-opus-4-5-20251101-v1:0', vertex: 'claude-opus-4-5@20251101' },
  'claude-haiku-4-5': { bedrock: 'anthropic.claude-haiku-4-5-20251001-v1:0', vertex: 'claude-haiku-4-5@20251001' },
};

const INFERENCE_PREFIXES = ['us', 'eu', 'apac', 'jp', 'au', 'global'];

/** The id to send for `model` on this connection. */
export function platformModelId(connection: Connection, model: string): string {
  switch (connection.provider) {
    case 'bedrock': {
      if (model.startsWith('arn:')) return model;
      const known = PLATFORM_MODEL_IDS[model]?.bedrock;
      const base = known ?? (model.startsWith('claude-') ? `anthropic.${model}-v1` : model);
      const hasPrefix = INFERENCE_PREFIXES.some((p) => base.startsWith(`${p}.`));
      return connection.inferencePrefix && !hasPrefix ? `${connection.inferencePrefix}.${base}` : base;
    }
    case 'vertex':
      return PLATFORM_MODEL_IDS[model]?.vertex ?? model;
    default:
      return model;
  }
}

/** Whether this provider serves a models endpoint (else the picker shows the built-in list). */
export function listsModels(provider: Provider): boolean {
  return provider === 'anthropic' || provider === 'gateway';
}

/**
 * Whether requests to this provider may use message threads (the API's beta): the Anthropic API
 * and Microsoft Foundry hold them. Not Bedrock or Vertex (their SDK clients have none), nor a
 * gateway, which may pass on a continue's few messages without the conversation they continue.
 */
export function threadsMessages(provider: Provider): boolean {
  return provider === 'anthropic' || provider === 'foundry';
}

/** Whether this provider counts tokens (else the history fit uses an estimate). */
export function countsTokens(provider: Provider): boolean {
  return provider !== 'bedrock';
}
