// Error types of the API: error.type by HTTP status and back, default messages, and the HttpError
// that route code throws to answer with a real-shaped error body, with `error.details` (an
// `error_code` the SDK maps to its own error class, e.g. 404 thread_not_found → ThreadNotFoundError).

/** error.type by HTTP status, as the API documents it. */
export function errorTypeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 408:
      return 'timeout_error';
    case 409:
      return 'conflict_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** error.type → [HTTP status, default message]. */
const ERROR_TYPES = new Map<string, [number, string]>([
  ['invalid_request_error', [400, 'There was an issue with the format or content of your request.']],
  ['authentication_error', [401, "There's an issue with your API key."]],
  ['billing_error', [402, 'There is an issue with your billing or payment information.']],
  ['permission_error', [403, 'Your API key does not have permission to use the specified resource.']],
  ['not_found_error', [404, 'The requested resource could not be found.']],
  ['conflict_error', [409, 'The request conflicts with the current state of the resource.']],
  ['request_too_large', [413, 'Request exceeds the maximum allowed number of bytes.']],
  ['rate_limit_error', [429, 'Your account has hit a rate limit.']],
  ['api_error', [500, "An unexpected error has occurred internal to Anthropic's systems."]],
  ['timeout_error', [504, 'Request timed out.']],
  ['overloaded_error', [529, 'Overloaded']],
]);

/** The HTTP status for an error.type (500 for unknown types). */
export function statusForErrorType(type: string): number {
  return ERROR_TYPES.get(type)?.[0] ?? 500;
}

export function defaultErrorMessage(type: string): string {
  return ERROR_TYPES.get(type)?.[1] ?? 'Error';
}

/**
 * `error.details` of an error body: `error_code` is what the SDK reads into `APIError.errorCode`
 * and, with the status, uses to pick a more specific error class (core/error-classes.js).
 */
export interface ErrorDetails {
  error_code: string;
  [key: string]: unknown;
}

/** Thrown by route code; the server answers with this status and error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }
}

/** A 400 invalid_request_error. */
export function badRequest(message: string): HttpError {
  return new HttpError(400, 'invalid_request_error', message);
}
