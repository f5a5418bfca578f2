/**
 * The one way a reply is made, for every surface (reply panel, chat): settings and key first, then
 * the stream through the SDK client, assembled into one reply (text, thinking), then usage and
 * the outcome. It owns Stop (each reply's abort), the SDK's retries with their countdown, and the
 * end: a run never throws, it resolves with the reply done or failed, with whatever had streamed.
 * The views only render what it emits.
 */
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import type { ToolStep } from '../core/agent/toolSteps';
import type { ApiMessage, Turn } from '../core/conversation/turns';
import { estimateTokens } from '../core/conversation/historyFit';
import { describeFailure, SecretNotSentError, StoppedError, type ErrorReport, type Failure } from '../core/failures';
import { ReplyAssembly } from '../core/reply';
import { threadsMessages } from '../core/platformModels';
import { usageFrom, type RawUsage, type Usage } from '../core/usage';
import type { Connections } from '../platform/connections';
import type { Log } from '../platform/log';
import type { GateItem, SecretGate } from '../platform/secrets/secretGate';
import { readSettings, SettingsError, type Settings } from '../platform/settings';
import type { ToolContext, WorkspaceTool } from '../platform/workspace/workspaceTool';
import type { ErrorContext } from './errors';
import type { ConversationThreads } from './conversationThreads';
import type { LoopTool } from './toolLoop';
import { sdk } from './sdk';

export interface Prompt {
  system: string;
  messages: ApiMessage[];
}

/** What a prompt builder may use: the SDK's token counting, with an estimate (not exact) when it fails. */
export interface PromptTools {
  countTokens(messages: ApiMessage[], system: string): Promise<{ tokens: number; exact: boolean }>;
}

export type PromptBuilder = (settings: Settings, tools: PromptTools) => Prompt | Promise<Prompt>;

/** What a request's messages would send, for the secret gate: each message's text (the system prompt is not scanned). */
export function promptGateItems(messages: ReadonlyArray<ApiMessage>): GateItem[] {
  return messages.map((m, i) => ({
    label: messages.length === 1 ? vscode.l10n.t('the request') : vscode.l10n.t('message {0} of {1}', i + 1, messages.length),
    text: m.content,
  }));
}

/** A request of one user turn, from a builder of { system, user }. */
export function singleTurn(build: (settings: Settings) => { system: string; user: string }): PromptBuilder {
  return (settings) => {
    const p = build(settings);
    return { system: p.system, messages: [{ role: 'user', content: p.user }] };
  };
}

/** The reply while it streams: what has arrived so far, and its Stop. */
export interface ActiveReply {
  readonly id: string;
  readonly model: string;
  snapshot(): Turn;
  stop(): void;
}

/** What happens while a reply streams. */
export type ReplyEvent =
  | { type: 'start'; reply: ActiveReply }
  | { type: 'text'; replyId: string; delta: string }
  | { type: 'thinking'; replyId: string; delta: string }
  /** The SDK is about to retry a failed attempt, in about `seconds`. */
  | { type: 'retrying'; replyId: string; attempt: number; seconds: number; reason: string }
  /** A tool call of the reply ran (in a tool loop). */
  | { type: 'step'; replyId: string; step: ToolStep };

/** Tools for a reply: Claude may call them, and the reply goes on with their results (a tool loop). */
export interface ReplyTools {
  tools: WorkspaceTool[];
  /** Given to each tool run: e.g. the text the answer's change set holds for a file. */
  pendingText?: ToolContext['pendingText'];
}

/** How a reply ended. */
export type RunResult =
  | { ok: true; reply: Turn; stopReason: string | null; requestId: string | undefined }
  | { ok: false; reply: Turn; error: ErrorReport };

export class ReplyPipeline implements vscode.Disposable {
  private readonly usageEmitter = new vscode.EventEmitter<Usage>();
  /** Fires with the usage of each finished or failed reply. */
  readonly onUsage = this.usageEmitter.event;

  /** The conversations' message threads (made with the SDK side, on the first request that uses one). */
  private threads: ConversationThreads | undefined;

  constructor(private readonly connections: Connections, private readonly log: Log, private readonly secrets: SecretGate) {}

  /**
   * Makes one reply; `onEvent` hears it stream. Resolves with the outcome, never rejects. `model`
   * overrides the setting (the model picked in VS Code's chat). `conversation` names the
   * conversation the request belongs to (a chat's id): where the connection and the settings allow
   * message threads, its next request sends only what this one did not (conversationThreads.ts).
   */
  async run(buildPrompt: PromptBuilder, onEvent: (e: ReplyEvent) => void, model?: string, tools?: ReplyTools, conversation?: string): Promise<RunResult> {
    const replyId = randomUUID();
    const abort = new AbortController();
    const { signal } = abort;
    let where: ErrorContext | undefined;
    let assembly = new ReplyAssembly(replyId, '');
    try {
      const settings = withModel(readSettings(), model);
      const reply = new ReplyAssembly(replyId, settings.model);
      assembly = reply;
      onEvent({ type: 'start', reply: { id: replyId, model: settings.model, snapshot: () => reply.toTurn(), stop: () => abort.abort() } });
      // What the views were just sent (the question, the reply starting) leaves before the request's
      // work: the extension host writes its messages to the window in a timer task, and building a long
      // chat's request (copying and serialising megabytes in the SDK) would hold them until it is sent.
      await afterPendingWrites();
      const clientConfig = await this.connections.clientConfig(settings, true);
      where = { connection: clientConfig.connection, model: settings.model };
      const prompt = await buildPrompt(settings, {
        countTokens: async (messages, system) => {
          // Counting sends the messages too: a possible secret is asked about once, before the request.
          const estimate = { tokens: estimateTokens(messages, system), exact: false };
          if (!(await this.secrets.isClear(promptGateItems(messages)))) return estimate;
          try {
            const tokens = await sdk().countTokens({ ...clientConfig, maxRetries: 1 }, { model: settings.model, system, messages }, this.log, { signal });
            return tokens === undefined ? estimate : { tokens, exact: true };
          } catch (err) {
            this.log.warn(`countTokens failed (${err instanceof Error ? err.message : String(err)}); using an estimate`);
            return estimate;
          }
        },
      });
      if (!(await this.secrets.allow(promptGateItems(prompt.messages), signal))) throw signal.aborted ? new StoppedError() : new SecretNotSentError();
      const started = Date.now();
      const handlers = {
        onText: (delta: string) => {
          reply.appendText(delta);
          onEvent({ type: 'text', replyId, delta });
        },
        onThinking: (delta: string) => {
          reply.appendThinking(delta);
          onEvent({ type: 'thinking', replyId, delta });
        },
        onRetry: (r: { attempt: number; seconds: number; reason: string }) =>
          onEvent({ type: 'retrying', replyId, attempt: r.attempt, seconds: r.seconds, reason: r.reason }),
      };
      const threaded = settings.messageThreads && threadsMessages(clientConfig.connection.provider);
      if (!threaded) this.threads?.clear();
      const thread = threaded && conversation ? { threads: (this.threads ??= new (sdk().ConversationThreads)()), key: conversation } : undefined;
      const request = {
        model: settings.model,
        maxTokens: settings.maxTokens,
        system: prompt.system,
        messages: prompt.messages,
        ...thinkingParam(settings),
      };
      const config = clientConfig;
      let outcome: { usage: RawUsage; stopReason: string | null; requestId: string | undefined };
      if (tools?.tools.length) {
        // One tool at a time, in the order Claude called them: two edits of one file must not race.
        let queue: Promise<unknown> = Promise.resolve();
        const inOrder = <T>(work: () => Promise<T>): Promise<T> => {
          const next = queue.then(work, work);
          queue = next.catch(() => undefined);
          return next;
        };
        const loop = await sdk().runToolLoop(
          config,
          {
            ...request,
            tools: tools.tools.map((t) => this.loopTool(t, replyId, reply, onEvent, tools, inOrder)),
            maxSteps: settings.maxToolSteps,
            // Without a conversation, the loop's later requests still send only their tool results.
            ...(thread ? { thread } : threaded ? { thread: 'request' as const } : {}),
          },
          {
            ...handlers,
            onRequest: (n) => {
              if (n === 1) return;
              const sep = reply.nextRequest();
              if (sep) onEvent({ type: 'text', replyId, delta: sep });
            },
          },
          signal,
          this.log,
        );
        if (loop.capped) {
          reply.setNotice(vscode.l10n.t('Stopped after {0} steps, the cap for one question (claude.chat.maxToolSteps). Ask Claude to continue, or raise the cap.', loop.requests));
        }
        outcome = { usage: loop.usage, stopReason: loop.capped ? 'end_turn' : loop.message.stop_reason, requestId: loop.requestId };
        this.log.info(`tool loop: ${loop.requests} request(s)${loop.capped ? ', stopped at the cap' : ''}`);
      } else {
        outcome = await sdk().streamReply(config, { ...request, ...(thread ? { thread } : {}) }, handlers, signal, this.log);
      }
      const usage = usageFrom(settings.model, outcome.usage);
      reply.complete(usage, outcome.stopReason);
      this.log.info(`reply complete in ${Date.now() - started} ms: ${usage.inputTokens} in, ${usage.outputTokens} out, stop ${outcome.stopReason}`);
      this.usageEmitter.fire(usage);
      return { ok: true, reply: reply.toTurn(), stopReason: outcome.stopReason, requestId: outcome.requestId };
    } catch (err) {
      const { StreamFailure, classifyError } = sdk();
      const cause = err instanceof StreamFailure ? err.cause : err;
      const failure: Failure = cause instanceof SettingsError ? { kind: 'setting', message: cause.message } : classifyError(cause, where);
      const error = describeFailure(failure, this.log.redacted);
      const usage = err instanceof StreamFailure && err.usage ? usageFrom(assembly.model, err.usage) : undefined;
      if (usage) this.usageEmitter.fire(usage);
      assembly.fail(error, usage);
      if (error.kind !== 'stopped') {
        this.log.warn(`reply failed (${error.kind}): ${error.title}${error.requestId ? ` request-id ${error.requestId}` : ''}`);
      }
      return { ok: false, reply: assembly.toTurn(), error };
    }
  }

  /** Forgets what is kept for a conversation's next request (its message thread): the chat was deleted. */
  forgetConversation(conversation: string): void {
    this.threads?.forget(conversation);
  }

  /**
   * Gets a request ready while the user is still typing it, so that its send waits for neither: loads
   * the SDK side, and scans what the request will carry for secrets (the gate keeps each text's scan).
   * Sends nothing and asks nothing: a possible secret is asked about when the user sends, and what
   * fails here is only logged (the send meets it again and says so). Resolves with how many messages
   * were scanned.
   */
  async prepare(messages: ReadonlyArray<ApiMessage>): Promise<number> {
    const started = Date.now();
    try {
      sdk();
      await this.secrets.isClear(promptGateItems(messages));
    } catch (err) {
      this.log.warn(`could not get the next request ready (${err instanceof Error ? err.message : String(err)})`);
      return 0;
    }
    this.log.info(`ready to send: the SDK loaded and ${messages.length} messages of the history scanned in ${Date.now() - started} ms`);
    return messages.length;
  }

  /** A tool as the loop runs it: its result is shown as a step of the reply, then sent to Claude. */
  private loopTool(
    tool: WorkspaceTool,
    replyId: string,
    reply: ReplyAssembly,
    onEvent: (e: ReplyEvent) => void,
    tools: ReplyTools,
    inOrder: <T>(work: () => Promise<T>) => Promise<T>,
  ): LoopTool {
    const definition: LoopTool['definition'] = tool.apiType
      ? { type: tool.apiType, name: 'str_replace_based_edit_tool' }
      : { type: 'custom', name: tool.name, description: tool.description, input_schema: tool.inputSchema };
    return {
      definition,
      run: (input, signal, toolUseId) => inOrder(async () => {
        let result: { content: string; summary: string; isError?: boolean };
        try {
          result = await tool.run(input, { signal, ...(tools.pendingText ? { pendingText: tools.pendingText } : {}) });
        } catch (err) {
          result = { content: `Error: ${err instanceof Error ? err.message : String(err)}`, summary: vscode.l10n.t('{0} failed', tool.name), isError: true };
        }
        // A tool's result leaves the machine too: a possible secret in it is asked about first, and
        // when the user declines, Claude is told the result was withheld (the loop goes on without it).
        if (!result.isError && !(await this.secrets.allow([{ label: result.summary, text: result.content }], signal))) {
          result = {
            content: 'The user declined to share this result: it contains a possible secret. Do not ask for it again; go on without it.',
            summary: vscode.l10n.t('{0} (withheld: possible secret)', result.summary),
            isError: true,
          };
        }
        const step: ToolStep = { id: toolUseId, summary: result.summary, detail: stepDetail(tool.name, input), ...(result.isError ? { isError: true } : {}) };
        reply.addStep(step);
        onEvent({ type: 'step', replyId, step });
        return { content: result.content, ...(result.isError ? { isError: true } : {}) };
      }),
    };
  }

  dispose(): void {
    this.usageEmitter.dispose();
  }
}

/** The tool and its input in one short line (long texts, e.g. a file's new content, cut). */
function stepDetail(name: string, input: unknown): string {
  const json = JSON.stringify(input ?? {}, (_k, value: unknown) => (typeof value === 'string' && value.length > 120 ? `${value.slice(0, 117)}…` : value));
  return `${name} ${json.length > 400 ? `${json.slice(0, 397)}…` : json}`;
}

/** Resolves after the timer tasks queued so far (e.g. the extension host's write of messages to the window). */
function afterPendingWrites(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function withModel(settings: Settings, model: string | undefined): Settings {
  return model ? { ...settings, model } : settings;
}

function thinkingParam(settings: Settings): { thinking?: { type: 'adaptive' } | { type: 'enabled'; budget_tokens: number } } {
  if (settings.thinking === 'adaptive') return { thinking: { type: 'adaptive' } };
  if (settings.thinking === 'enabled') return { thinking: { type: 'enabled', budget_tokens: settings.thinkingBudgetTokens } };
  return {};
}
