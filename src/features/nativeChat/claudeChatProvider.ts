/**
 * This extension's Claude as a model of VS Code's own chat (the model picker, Ask and Agent modes):
 * a LanguageModelChatProvider on the same key, base URL, retries, idle timeout, prompt caching,
 * thinking and cost as the rest of the extension. VS Code runs the agent loop and the tools; this
 * streams Claude's text as it arrives and each tool call once its input is complete.
 */
import type { ContentBlock, RedactedThinkingBlockParam, ThinkingBlockParam } from '@anthropic-ai/sdk/resources/messages';
import * as vscode from 'vscode';
import { estimateTokens } from '../../core/conversation/historyFit';
import { describeFailure, SecretNotSentError } from '../../core/failures';
import { usageFrom } from '../../core/usage';
import { sdk } from '../../claude/sdk';
import type { ErrorContext } from '../../claude/errors';
import type { Connections } from '../../platform/connections';
import type { Log } from '../../platform/log';
import type { ModelCatalog } from '../../platform/modelCatalog';
import type { SecretGate } from '../../platform/secrets/secretGate';
import { readSettings, SettingsError } from '../../platform/settings';
import type { UsageStatus } from '../../platform/usageStatus';
import { chatInformation } from './modelInformation';
import { mapRequest, sentText } from './requestMapping';
import { ThinkingMemory } from './thinkingMemory';

/** Below this a message is estimated, not sent to the token-counting API. */
const MIN_COUNTED_CHARS = 200;

export class ClaudeChatProvider implements vscode.LanguageModelChatProvider, vscode.Disposable {
  private readonly thinking = new ThinkingMemory();
  /** Token counts already asked for: VS Code counts the same messages again at every step of a loop. */
  private readonly counted = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  constructor(
    private readonly connections: Connections,
    private readonly catalog: ModelCatalog,
    private readonly usage: UsageStatus,
    private readonly log: Log,
    private readonly secrets: SecretGate,
  ) {}

  /** The models changed (a new key, another base URL). */
  refresh(): void {
    this.changed.fire();
  }

  async provideLanguageModelChatInformation(options: { silent: boolean }): Promise<vscode.LanguageModelChatInformation[]> {
    if (!(await this.connections.ready()) && options.silent) return [];
    // A silent look-up (VS Code asks whenever it likes) never goes to the network: the list last
    // fetched by Select Model or an earlier interactive look-up, else the built-in one.
    const { models } = await this.catalog.list(false, !options.silent);
    let maxTokens = 4096;
    try {
      maxTokens = readSettings().maxTokens;
    } catch {
      // An invalid setting is reported when a request is made.
    }
    return chatInformation(models, maxTokens);
  }

  async provideLanguageModelChatResponse(
    model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    let where: ErrorContext | undefined;
    let reported = false;
    try {
      const settings = readSettings();
      const config = await this.connections.clientConfig(settings, true);
      where = { connection: config.connection, model: model.id };
      const request = mapRequest(messages, options, this.thinking, settings.systemPrompt);
      // What the chat sends, tool results of Agent mode included, is asked about when it holds a possible secret.
      if (!(await this.secrets.allow(sentText(messages), abort.signal))) throw new SecretNotSentError();
      const thinking =
        settings.thinking === 'adaptive'
          ? { thinking: { type: 'adaptive' as const } }
          : settings.thinking === 'enabled'
            ? { thinking: { type: 'enabled' as const, budget_tokens: settings.thinkingBudgetTokens } }
            : {};
      const started = Date.now();
      const { message } = await sdk().streamMessage(
        config,
        {
          model: model.id,
          max_tokens: Math.min(settings.maxTokens, model.maxOutputTokens || settings.maxTokens),
          ...(request.system.length ? { system: request.system } : {}),
          messages: request.messages,
          ...(request.tools ? { tools: request.tools } : {}),
          ...(request.toolChoice ? { tool_choice: request.toolChoice } : {}),
          ...thinking,
        },
        {
          onText: (delta) => {
            reported = true;
            progress.report(new vscode.LanguageModelTextPart(delta));
          },
          onBlock: (block) => {
            if (block.type !== 'tool_use') return;
            reported = true;
            progress.report(new vscode.LanguageModelToolCallPart(block.id, block.name, toInput(block.input)));
          },
          onRetry: (r) => {
            vscode.window.setStatusBarMessage(vscode.l10n.t('$(sync~spin) Claude: {0}; retrying in {1} s…', r.reason, r.seconds), r.seconds * 1000);
          },
        },
        abort.signal,
        this.log,
      );
      this.rememberThinking(message.content);
      const usage = usageFrom(model.id, message.usage);
      this.usage.add(usage);
      this.log.info(`chat model reply in ${Date.now() - started} ms: ${usage.inputTokens} in (${usage.cacheReadInputTokens} cached), ${usage.outputTokens} out, stop ${message.stop_reason}`);
    } catch (err) {
      const { StreamFailure, classifyError } = sdk();
      const cause = err instanceof StreamFailure ? err.cause : err;
      if (err instanceof StreamFailure && err.usage) this.usage.add(usageFrom(model.id, err.usage));
      if (token.isCancellationRequested) return;
      const failure = cause instanceof SettingsError ? { kind: 'setting' as const, message: cause.message } : classifyError(cause, where);
      const report = describeFailure(failure, this.log.redacted);
      this.log.warn(`chat model request failed (${report.kind}): ${report.title}`);
      const text = `${report.title} ${report.detail}`;
      // After part of the answer has shown, the error is said after it (VS Code drops a response that
      // fails), so the text so far stays in the chat; before that, it is the request's error.
      if (reported) {
        progress.report(new vscode.LanguageModelTextPart(`\n\n**${report.title}** ${report.detail}`));
        return;
      }
      if (report.kind === 'auth' || report.kind === 'permission' || report.kind === 'missingKey') throw vscode.LanguageModelError.NoPermissions(text);
      if (report.kind === 'notFound') throw vscode.LanguageModelError.NotFound(text);
      throw new Error(text);
    } finally {
      cancel.dispose();
    }
  }

  /** The thinking of a turn that called tools, for the next step of the loop. */
  private rememberThinking(content: ReadonlyArray<ContentBlock>): void {
    const blocks: Array<ThinkingBlockParam | RedactedThinkingBlockParam> = [];
    for (const b of content) {
      if (b.type === 'thinking') blocks.push({ type: 'thinking', thinking: b.thinking, signature: b.signature });
      else if (b.type === 'redacted_thinking') blocks.push({ type: 'redacted_thinking', data: b.data });
    }
    const callIds = content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
    this.thinking.remember(callIds, blocks);
  }

  async provideTokenCount(
    model: vscode.LanguageModelChatInformation,
    text: string | vscode.LanguageModelChatRequestMessage,
    token: vscode.CancellationToken,
  ): Promise<number> {
    const content = typeof text === 'string' ? text : text.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : JSON.stringify(p))).join('');
    const estimate = estimateTokens([{ role: 'user', content }]);
    // Agent mode counts every string of every tool schema (thousands a turn, seen in the e2e run):
    // those, and any short text, are estimated here; whole messages go to the token-counting API.
    if (typeof text === 'string' || content.length < MIN_COUNTED_CHARS) return estimate;
    if (!(await this.connections.ready())) return estimate;
    const cacheKey = `${model.id}\n${content}`;
    const known = this.counted.get(cacheKey);
    if (known !== undefined) return known;
    // A possible secret is not sent to be counted: the request asks about it first.
    if (!(await this.secrets.isClear([{ label: 'message', text: content }]))) return estimate;
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      const settings = readSettings();
      const config = await this.connections.clientConfig(settings, false, 0);
      const counted = await sdk().countTokens(config, { model: model.id, messages: [{ role: 'user', content }] }, this.log, { signal: abort.signal, timeout: 5000 });
      if (counted === undefined) return estimate;
      this.counted.set(cacheKey, counted);
      if (this.counted.size > 1000) this.counted.delete(this.counted.keys().next().value!);
      return counted;
    } catch {
      return estimate;
    } finally {
      cancel.dispose();
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function toInput(input: unknown): object {
  return typeof input === 'object' && input !== null ? input : {};
}
