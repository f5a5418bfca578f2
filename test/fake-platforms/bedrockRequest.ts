// What Bedrock checks of an InvokeModel body for an Anthropic model before it answers: the model
// id in the path is one of Bedrock's (with an optional cross-region inference profile prefix), the
// body carries `anthropic_version` and neither `model` nor `stream` (they are the path's), and the
// rest is a Messages request (the fake Anthropic server's checks, answered as ValidationException).
import { PLATFORM_MODEL_IDS } from '../../src/core/platformModels';
import { HttpError } from '../fake-anthropic/errors';
import { isRecord } from '../fake-anthropic/json';
import type { CheckedRequest } from '../fake-anthropic/types';
import { checkMessagesRequest } from '../fake-anthropic/validate';
import { AwsError } from './awsErrors';

/** The versions Bedrock takes: its own, and the API version the SDK 1.x copies from its header. */
export const BEDROCK_VERSIONS = ['bedrock-2023-05-31', '2026-10-21'] as const;

/** Bedrock's ids of the Anthropic models the fake serves. */
export const BEDROCK_MODEL_IDS: readonly string[] = Object.values(PLATFORM_MODEL_IDS).map((ids) => ids.bedrock);

export const INFERENCE_PREFIXES = ['us', 'eu', 'apac', 'jp', 'au', 'global'] as const;

export interface BedrockModel {
  /** As in the path, e.g. us.anthropic.claude-sonnet-5-5-v1. */
  id: string;
  /** Without the inference profile prefix. */
  base: string;
  /** '' when the call is on-demand in the region. */
  prefix: string;
}

/** The model of a path's `{modelId}` (percent-decoded), or a ValidationException as Bedrock's. */
export function parseModelId(raw: string): BedrockModel {
  const id = decodeURIComponent(raw);
  const dot = id.indexOf('.');
  const head = dot > 0 ? id.slice(0, dot) : '';
  const prefix = (INFERENCE_PREFIXES as readonly string[]).includes(head) ? head : '';
  const base = prefix ? id.slice(dot + 1) : id;
  if (!BEDROCK_MODEL_IDS.includes(base)) throw new AwsError('ValidationException', 'The provided model identifier is invalid.');
  return { id, base, prefix };
}

/** The Messages request the body stands for (with the path's model), or a ValidationException. */
export function checkInvokeBody(body: unknown, model: BedrockModel, stream: boolean): CheckedRequest {
  if (!isRecord(body)) throw new AwsError('ValidationException', 'Malformed input request, please reformat your input and try again.');
  const version = body.anthropic_version;
  if (version === undefined) throw new AwsError('ValidationException', 'Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.');
  if (typeof version !== 'string' || !(BEDROCK_VERSIONS as readonly string[]).includes(version)) {
    throw new AwsError('ValidationException', `Malformed input request: #/anthropic_version: ${JSON.stringify(version)} is not a valid enum value, please reformat your input and try again.`);
  }
  for (const k of ['model', 'stream']) {
    if (k in body) throw new AwsError('ValidationException', `Malformed input request: #: extraneous key [${k}] is not permitted, please reformat your input and try again.`);
  }
  const rest: Record<string, unknown> = { ...body, model: model.id, stream };
  delete rest.anthropic_version;
  delete rest.anthropic_beta;
  try {
    return checkMessagesRequest(rest, version === 'bedrock-2023-05-31' ? '2023-06-01' : version, 'messages');
  } catch (err) {
    if (err instanceof HttpError) throw new AwsError('ValidationException', err.message);
    throw err;
  }
}
