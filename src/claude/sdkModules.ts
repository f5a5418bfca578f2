/**
 * The SDK's modules that Anthropic's Bedrock, Vertex and Foundry packages import. dist/bedrock.js,
 * dist/vertex.js and dist/foundry.js take them from here (dist/sdk.js, scripts/build.mjs) instead
 * of bundling a second SDK: one copy, so that their errors are the classes classifyError knows.
 */
import * as main from '@anthropic-ai/sdk';
import * as client from '@anthropic-ai/sdk/client';
import * as coreError from '@anthropic-ai/sdk/core/error';
import * as coreMiddleware from '@anthropic-ai/sdk/core/middleware';
import * as corePagination from '@anthropic-ai/sdk/core/pagination';
import * as coreStreaming from '@anthropic-ai/sdk/core/streaming';
import * as error from '@anthropic-ai/sdk/error';
import * as resources from '@anthropic-ai/sdk/resources/index';
import * as streaming from '@anthropic-ai/sdk/streaming';
import * as version from '@anthropic-ai/sdk/version';

export const sdkModules: Record<string, unknown> = {
  '@anthropic-ai/sdk': main,
  '@anthropic-ai/sdk/client': client,
  '@anthropic-ai/sdk/core/error': coreError,
  '@anthropic-ai/sdk/core/middleware': coreMiddleware,
  '@anthropic-ai/sdk/core/pagination': corePagination,
  '@anthropic-ai/sdk/core/streaming': coreStreaming,
  '@anthropic-ai/sdk/error': error,
  '@anthropic-ai/sdk/resources/index': resources,
  '@anthropic-ai/sdk/streaming': streaming,
  '@anthropic-ai/sdk/version': version,
};
