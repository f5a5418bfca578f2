/** Microsoft Foundry: the resource key, Microsoft Entra ID and deployments. */
import { APIError } from '@anthropic-ai/sdk';
import type { Failure } from '../../core/failures';
import { causes, clause, type ErrorContext } from './context';

/** Azure's error body: {"error":{"code","message"}} (the Anthropic API's has error.type instead). */
function azureCode(err: APIError): string | undefined {
  const code = (err.error as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? code : undefined;
}

export function classifyFoundry(err: unknown, ctx: ErrorContext): Failure | undefined {
  if (ctx.connection.provider !== 'foundry') return undefined;
  for (const e of causes(err)) {
    if (e instanceof APIError && e.status !== undefined) {
      const message = clause(e.apiMessage ?? e.message);
      if (e.status === 401) return { kind: 'platform', problem: { code: 'azureRefused', message } };
      if (e.status === 404 && (azureCode(e) === 'DeploymentNotFound' || /deployment/i.test(message))) {
        return { kind: 'platform', problem: { code: 'foundryDeployment', model: ctx.model, message } };
      }
      return undefined;
    }
    // The Azure CLI is missing, signed out or failed (azureCliToken.ts; by name: it comes from dist/foundry.js).
    if (e instanceof Error && e.name === 'AzureCliError') return { kind: 'platform', problem: { code: 'azureNoCredentials', message: clause(e.message) } };
  }
  return undefined;
}
