/** Google Vertex AI: Application Default Credentials, IAM and Model Garden. */
import type { Failure } from '../../core/failures';
import type { ErrorContext } from './context';

export function classifyVertex(_err: unknown, _ctx: ErrorContext): Failure | undefined {
  return undefined;
}
