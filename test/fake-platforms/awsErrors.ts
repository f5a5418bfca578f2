// AWS's JSON errors as Bedrock Runtime answers them (restJson1): the status, a body
// {"message": ...} and the error's type in `x-amzn-ErrorType: <Type>:http://internal.amazon.com/coral/<namespace>/`
// with the request's id in `x-amzn-RequestId`. The SDK reads none of these headers as its own.
import { randomUUID } from 'crypto';
import type * as http from 'http';

/** The exceptions the fake answers with: their status, namespace and AWS's own default words. */
export const AWS_EXCEPTIONS = {
  // Authentication, before the service sees the request.
  MissingAuthenticationTokenException: { status: 403, ns: 'com.amazon.coral.service', message: 'Missing Authentication Token' },
  UnrecognizedClientException: { status: 403, ns: 'com.amazon.coral.service', message: 'The security token included in the request is invalid.' },
  InvalidSignatureException: {
    status: 403,
    ns: 'com.amazon.coral.service',
    message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  },
  ExpiredTokenException: { status: 403, ns: 'com.amazon.coral.service', message: 'The security token included in the request is expired' },
  // Bedrock Runtime's own.
  AccessDeniedException: { status: 403, ns: 'com.amazon.bedrock', message: "You don't have access to the model with the specified model ID." },
  ValidationException: { status: 400, ns: 'com.amazon.bedrock', message: 'The provided model identifier is invalid.' },
  ResourceNotFoundException: { status: 404, ns: 'com.amazon.bedrock', message: 'Model not found.' },
  ThrottlingException: { status: 429, ns: 'com.amazon.bedrock', message: 'Too many requests, please wait before trying again.' },
  ServiceUnavailableException: { status: 503, ns: 'com.amazon.bedrock', message: 'Bedrock is unable to process your request.' },
  InternalServerException: { status: 500, ns: 'com.amazon.bedrock', message: 'The server encountered an internal error.' },
  ModelTimeoutException: { status: 408, ns: 'com.amazon.bedrock', message: 'Model has timed out in processing the request.' },
} as const;

export type AwsExceptionType = keyof typeof AWS_EXCEPTIONS;

/** An AWS error to answer with instead of a reply. */
export class AwsError extends Error {
  constructor(readonly type: AwsExceptionType, message?: string) {
    super(message ?? AWS_EXCEPTIONS[type].message);
    this.name = type;
  }
}

export const newAwsRequestId = (): string => randomUUID();

export function sendAwsError(res: http.ServerResponse, requestId: string, err: AwsError): void {
  const e = AWS_EXCEPTIONS[err.type];
  const body = JSON.stringify({ message: err.message });
  res.writeHead(e.status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': `${err.type}:http://internal.amazon.com/coral/${e.ns}/`,
  });
  res.end(body);
}
