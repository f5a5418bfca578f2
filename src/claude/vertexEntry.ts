/**
 * Claude on Google Vertex AI through @anthropic-ai/vertex-sdk (dist/vertex.js, loaded on first
 * use). Credentials are Google's Application Default Credentials (gcloud auth application-default
 * login, GOOGLE_APPLICATION_CREDENTIALS, the metadata server).
 */
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import type Anthropic from '@anthropic-ai/sdk';
import type { Connection } from '../core/connection';
import type { BaseOptions } from './providers';

type Vertex = Extract<Connection, { provider: 'vertex' }>;

export function create(c: Vertex, options: BaseOptions): Anthropic {
  const client = new AnthropicVertex({
    ...options,
    projectId: c.projectId,
    region: c.region,
    ...(c.baseUrl ? { baseURL: c.baseUrl } : {}),
  });
  return client as unknown as Anthropic;
}
