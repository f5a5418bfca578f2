// Authentication and API version: `x-api-key: K` or `Authorization: Bearer K` (SDK 1.x sends the
// latter), and `anthropic-version` 2026-10-21 (what SDK 1.x sends) or 2023-06-01.
import type { IncomingHttpHeaders } from 'http';
import { badRequest, HttpError } from './errors';

export const DEFAULT_TEST_KEY = 'sk-ant-test-key';
export const SUPPORTED_VERSIONS = ['2026-10-21', '2023-06-01'];

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

/** Throws a 401 for a missing or unknown key, a 400 for a missing or unsupported version; returns the version. */
export function checkAuthAndVersion(headers: IncomingHttpHeaders, validKeys: ReadonlySet<string>): string {
  const apiKey = headerValue(headers['x-api-key']);
  const auth = headerValue(headers['authorization']);
  const bearer = auth && /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
  if (apiKey === undefined && !bearer) {
    throw new HttpError(401, 'authentication_error', 'x-api-key or Authorization header is required');
  }
  if (!(apiKey !== undefined && validKeys.has(apiKey)) && !(bearer && validKeys.has(bearer))) {
    throw new HttpError(401, 'authentication_error', 'invalid x-api-key');
  }
  const version = headerValue(headers['anthropic-version']);
  if (version === undefined) throw badRequest('anthropic-version: header is required');
  if (!SUPPORTED_VERSIONS.includes(version)) throw badRequest(`anthropic-version: invalid version '${version}'`);
  return version;
}
