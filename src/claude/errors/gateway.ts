/** Gateways: the token command and refused credentials. */
import { APIError } from '@anthropic-ai/sdk';
import type { Failure } from '../../core/failures';
import { causes, type ErrorContext } from './context';

export function classifyGateway(err: unknown, ctx: ErrorContext): Failure | undefined {
  if (ctx.connection.provider !== 'gateway') return undefined;
  // The platform side's own error (src/platform/tokenCommand.ts), known by name: another bundle.
  const command = causes(err).find((e) => e instanceof Error && e.name === 'TokenCommandError');
  if (command instanceof Error) return { kind: 'platform', problem: { code: 'tokenCommand', message: command.message } };
  if (err instanceof APIError && (err.status === 401 || err.status === 403)) {
    const failure: Failure = {
      kind: 'platform',
      problem: { code: 'gatewayRefused', status: err.status, tokenCommand: !!ctx.connection.token, message: err.apiMessage ?? err.message },
    };
    return err.requestID ? { ...failure, requestId: err.requestID } : failure;
  }
  return undefined;
}
