/** Amazon Bedrock: credentials of the AWS chain, SSO, IAM and model access. */
import type { Failure } from '../../core/failures';
import type { ErrorContext } from './context';

export function classifyBedrock(_err: unknown, _ctx: ErrorContext): Failure | undefined {
  return undefined;
}
