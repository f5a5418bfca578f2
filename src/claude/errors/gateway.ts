/** Gateways: the token command and refused tokens. */
import type { Failure } from '../../core/failures';
import type { ErrorContext } from './context';

export function classifyGateway(_err: unknown, _ctx: ErrorContext): Failure | undefined {
  return undefined;
}
