/**
 * A platform's or the network's own failures, told apart from the API's before the generic
 * classification (classifyError.ts) sees them: an expired AWS SSO session is not "a network error".
 */
import type { Failure } from '../../core/failures';
import { classifyBedrock } from './bedrock';
import type { ErrorContext } from './context';
import { classifyFoundry } from './foundry';
import { classifyGateway } from './gateway';
import { classifyNetwork } from './network';
import { classifyVertex } from './vertex';

export type { ErrorContext } from './context';

export function classifyPlatformError(err: unknown, ctx: ErrorContext): Failure | undefined {
  const network = classifyNetwork(err, ctx);
  if (network) return network;
  switch (ctx.connection.provider) {
    case 'bedrock':
      return classifyBedrock(err, ctx);
    case 'vertex':
      return classifyVertex(err, ctx);
    case 'foundry':
      return classifyFoundry(err, ctx);
    case 'gateway':
      return classifyGateway(err, ctx);
    case 'anthropic':
      return undefined;
  }
}
