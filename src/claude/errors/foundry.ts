/** Microsoft Foundry: the resource key, Microsoft Entra ID and deployments. */
import type { Failure } from '../../core/failures';
import type { ErrorContext } from './context';

export function classifyFoundry(_err: unknown, _ctx: ErrorContext): Failure | undefined {
  return undefined;
}
