/**
 * Runs one request for any surface (reply panel, chat): settings and key first, then the stream,
 * then usage. It never throws: every outcome reaches the sink as done or failed, with whatever
 * text had streamed.
 */
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { MissingApiKeyError, type ClassifiedError } from '../core/failures';
import { ReplyAssembly } from '../core/reply';
import { toUsageView } from '../core/usage';
import { estimateTokens, type ApiMessage } from '../core/conversation';
import type { MessageView, UsageView } from '../shared/protocol';
import type { ApiKeyStore } from '../apiKey';
import type { Log } from '../log';
import { readSettings, SettingsError, type Settings } from '../settings';
import { sdk } from './sdk';

export interface ReplySink {
  start(replyId: string, model: string): void;
  text(replyId: string, delta: string): void;
  thinking(replyId: string, delta: string): void;
  retrying(replyId: string, attempt: number, seconds: number, reason: string): void;
  /** May return a promise: the run resolves only after it settles (e.g. the history is saved). */
  done(reply: MessageView, stopReason: string | null): void | Promise<void>;
  failed(reply: MessageView, error: ClassifiedError): void | Promise<void>;
}

export interface Prompt {
  system: string;
  messages: ApiMessage[];
}

/** What a prompt builder may use: the SDK's token counting, with an estimate when it fails. */
export interface PromptTools {
  countTokens(messages: ApiMessage[], system: string): Promise<number>;
}

/** A request of one user turn, from a builder of { system, user }. */
export function singleTurn<S>(build: (settings: S) => { system: string; user: string }): (settings: S) => Prompt {
  return (settings) => {
    const p = build(settings);
    return { system: p.system, messages: [{ role: 'user', content: p.user }] };
  };
}

export type RunResult =
  | { ok: true; reply: MessageView; requestId: string | undefined }
  | { ok: false; reply: MessageView; error: ClassifiedError };

export class ClaudeRunner {
  private readonly usageEmitter = new vscode.EventEmitter<UsageView>();
  /** Fires with the usage of each finished or failed reply. */
  readonly onUsage = this.usageEmitter.event;

  constructor(private readonly keys: ApiKeyStore, private readonly log: Log) {}

  async run(
    buildPrompt: (settings: Settings, tools: PromptTools) => Prompt | Promise<Prompt>,
    sink: ReplySink,
    signal: AbortSignal,
  ): Promise<RunResult> {
    const replyId = randomUUID();
    let key: string | undefined;
    let assembly = new ReplyAssembly(replyId, '');
    try {
      const settings = readSettings();
      assembly = new ReplyAssembly(replyId, settings.model);
      sink.start(replyId, settings.model);
      key = await this.keys.ensure();
      if (!key) throw new MissingApiKeyError();
      const apiKey = key;
      const prompt = await buildPrompt(settings, {
        countTokens: async (messages, system) => {
          try {
            const client = sdk().createClient({ apiKey, baseUrl: settings.baseUrl, maxRetries: 1, idleTimeoutMs: settings.idleTimeoutMs }, this.log);
            const r = await client.messages.countTokens({ model: settings.model, system, messages }, { signal });
            return r.input_tokens;
          } catch (err) {
            this.log.warn(`countTokens failed (${err instanceof Error ? err.message : String(err)}); using an estimate`);
            return estimateTokens(messages, system);
          }
        },
      });
      const started = Date.now();
      const outcome = await sdk().streamReply(
        { apiKey: key, baseUrl: settings.baseUrl, maxRetries: settings.maxRetries, idleTimeoutMs: settings.idleTimeoutMs },
        {
          model: settings.model,
          maxTokens: settings.maxTokens,
          system: prompt.system,
          messages: prompt.messages,
          ...(settings.thinking === 'adaptive'
            ? { thinking: { type: 'adaptive' as const } }
            : settings.thinking === 'enabled'
              ? { thinking: { type: 'enabled' as const, budget_tokens: settings.thinkingBudgetTokens } }
              : {}),
        },
        {
          onText: (d) => {
            assembly.appendText(d);
            sink.text(replyId, d);
          },
          onThinking: (d) => {
            assembly.appendThinking(d);
            sink.thinking(replyId, d);
          },
          onRetry: (r) => sink.retrying(replyId, r.attempt, r.seconds, r.reason),
        },
        signal,
        this.log,
      );
      const usage = toUsageView(settings.model, outcome.usage);
      assembly.complete(usage, outcome.stopReason);
      this.log.info(`reply complete in ${Date.now() - started} ms: ${usage.inputTokens} in, ${usage.outputTokens} out, stop ${outcome.stopReason}`);
      this.usageEmitter.fire(usage);
      const reply = assembly.toView();
      await sink.done(reply, outcome.stopReason);
      return { ok: true, reply, requestId: outcome.requestId };
    } catch (err) {
      const { StreamFailure, classifyError } = sdk();
      const cause = err instanceof StreamFailure ? err.cause : err;
      const error: ClassifiedError =
        cause instanceof SettingsError
          ? { kind: 'badRequest', title: vscode.l10n.t('A setting needs fixing.'), detail: cause.message, actions: ['openSettings'] }
          : classifyError(cause, [key]);
      const usage = err instanceof StreamFailure && err.usage ? toUsageView(assembly.model, err.usage) : undefined;
      if (usage) this.usageEmitter.fire(usage);
      assembly.fail(error.kind === 'stopped' ? vscode.l10n.t('Stopped.') : error.title, usage);
      if (error.kind !== 'stopped') {
        this.log.warn(`reply failed (${error.kind}): ${error.title}${error.requestId ? ` request-id ${error.requestId}` : ''}`);
      }
      const reply = assembly.toView();
      await sink.failed(reply, error);
      return { ok: false, reply, error };
    }
  }

  dispose(): void {
    this.usageEmitter.dispose();
  }
}
