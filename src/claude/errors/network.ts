/** The network: proxies and TLS (untrusted, mismatched or expired certificates). */
import type { Failure } from '../../core/failures';
import type { ErrorContext } from './context';

export function classifyNetwork(_err: unknown, _ctx: ErrorContext): Failure | undefined {
  return undefined;
}
