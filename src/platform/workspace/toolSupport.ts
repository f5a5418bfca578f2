/** What every workspace tool shares: its input checked with valibot, results for failures, and stopping. */
import * as v from 'valibot';
import * as vscode from 'vscode';
import type { RefusedPath } from './workspacePaths';
import type { ToolContext, ToolResult, WorkspaceTool } from './workspaceTool';

/** A whole number, also when the model sends it as a string ("20"). */
export const wholeNumber = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^-?\d+$/), v.transform(Number))]),
  v.integer(),
);

/** A boolean, also when the model sends it as a string ("true"). */
export const flag = v.union([v.boolean(), v.pipe(v.picklist(['true', 'false']), v.transform((s) => s === 'true'))]);

export const nonBlank = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));

export function errorResult(content: string, summary: string): ToolResult {
  return { content, summary, isError: true };
}

export function refusedResult(path: string, refusal: RefusedPath): ToolResult {
  const summary =
    refusal.reason === 'outside'
      ? vscode.l10n.t('Refused {0}: outside the workspace', path)
      : refusal.reason === 'excluded'
        ? vscode.l10n.t('Refused {0}: excluded', path)
        : vscode.l10n.t('Refused {0}', path);
  return errorResult(refusal.refused, summary);
}

export function stoppedResult(): ToolResult {
  return errorResult('Stopped by the user.', vscode.l10n.t('Stopped.'));
}

/**
 * A tool from its parts: the input checked against `schema` (a bad one is an error result naming
 * what is wrong), and any exception turned into an error result, so run() never throws.
 */
export function defineTool<S extends v.GenericSchema>(spec: {
  name: string;
  description: string;
  inputSchema: WorkspaceTool['inputSchema'];
  input: S;
  run(input: v.InferOutput<S>, ctx: ToolContext): Promise<ToolResult>;
}): WorkspaceTool {
  return {
    name: spec.name,
    description: spec.description,
    inputSchema: spec.inputSchema,
    async run(input: unknown, ctx: ToolContext): Promise<ToolResult> {
      const parsed = v.safeParse(spec.input, input ?? {});
      if (!parsed.success) {
        const problems = parsed.issues.map((i) => `${v.getDotPath(i) ?? 'input'}: ${i.message}`).join('; ');
        return errorResult(`Invalid input for ${spec.name}: ${problems}. It takes ${describeInput(spec.inputSchema)}.`, vscode.l10n.t('{0}: invalid input', spec.name));
      }
      if (ctx.signal.aborted) return stoppedResult();
      try {
        return await spec.run(parsed.output, ctx);
      } catch (err) {
        if (ctx.signal.aborted) return stoppedResult();
        const message = err instanceof Error ? err.message : String(err);
        return errorResult(`${spec.name} failed: ${message}`, vscode.l10n.t('{0} failed', spec.name));
      }
    },
  };
}

/** "pattern (string, required), max_results (integer)". */
function describeInput(schema: WorkspaceTool['inputSchema']): string {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties)
    .map(([name, p]) => `${name} (${(p as { type?: string }).type ?? 'any'}${required.has(name) ? ', required' : ''})`)
    .join(', ');
}

/** A cancellation token that follows `signal`; dispose it when done. */
export function tokenFor(signal: AbortSignal): vscode.CancellationTokenSource {
  const source = new vscode.CancellationTokenSource();
  if (signal.aborted) source.cancel();
  else signal.addEventListener('abort', () => source.cancel(), { once: true });
  return source;
}
