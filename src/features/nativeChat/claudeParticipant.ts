/**
 * @claude in VS Code's own chat: /explain, /fix, /refactor, /tests and /doc on the selection (or a
 * #file reference), with the same prompts and custom wording as the commands, and plain questions
 * answered with the chat's history. Replies come from the same reply pipeline as everywhere else.
 * Code changes open in this extension's anchored diff (Accept / Reject): it refuses to write over
 * code that changed while Claude answered, which VS Code's edit parts do not promise.
 */
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { pickReplacement } from '../../core/codeBlocks';
import type { ApiMessage } from '../../core/conversation/turns';
import { buildExplainPrompt, buildRefactorPrompt, buildSystemPrompt, formatCode, type RefactorTask } from '../../core/prompts';
import type { PromptBuilder, ReplyPipeline, RunResult } from '../../claude/replyPipeline';
import { CommandId } from '../../platform/contributions';
import { editorTarget, targetOf, type EditorTarget } from '../../platform/editorTarget';
import type { EditorTracker } from '../../platform/editorTracker';
import type { Log } from '../../platform/log';
import { Problem } from '../../platform/problems';
import type { ProposalManager } from '../../platform/proposals/proposalManager';
import { proposeReplyCode } from '../../platform/proposals/replyCode';
import { takeSnapshot } from '../../platform/proposals/snapshot';
import { PARTICIPANT_ID, VENDOR } from './ids';

type SlashCommand = 'explain' | 'fix' | 'refactor' | 'tests' | 'doc';
const TASKS: Record<Exclude<SlashCommand, 'explain'>, Exclude<RefactorTask, 'custom'>> = {
  fix: 'fixBugs',
  refactor: 'refactor',
  tests: 'writeTests',
  doc: 'addDocs',
};
const isSlashCommand = (c: string | undefined): c is SlashCommand => c === 'explain' || c === 'fix' || c === 'refactor' || c === 'tests' || c === 'doc';

interface ClaudeChatResult extends vscode.ChatResult {
  /**
   * Given back with each turn's result in the history. `conversation`: the id of a conversation with
   * @claude; `sent`: the id under which this window keeps the question as it was sent.
   */
  metadata: { command?: SlashCommand; conversation?: string; sent?: string };
}

/** How many questions, as sent, a window keeps for the history of later ones. */
const SENT_KEPT = 200;

/**
 * The conversation a question goes on: the id the last @claude answer of this chat returned, else a
 * new one. The reply pipeline keeps its message thread, so a follow-up sends only the new question.
 */
function conversationOf(context: vscode.ChatContext): string {
  for (let i = context.history.length - 1; i >= 0; i--) {
    const turn = context.history[i];
    if (turn instanceof vscode.ChatResponseTurn && turn.participant === PARTICIPANT_ID) {
      const id = (turn.result.metadata as ClaudeChatResult['metadata'] | undefined)?.conversation;
      if (typeof id === 'string') return id;
    }
  }
  return randomUUID();
}

/** The code a slash command works on: a #file (or #selection-like location) reference, else the editor's selection. */
async function commandTarget(request: vscode.ChatRequest, editors: EditorTracker): Promise<EditorTarget> {
  for (const ref of request.references) {
    if (ref.value instanceof vscode.Location) {
      const doc = await vscode.workspace.openTextDocument(ref.value.uri);
      return targetOf(doc, ref.value.range);
    }
    if (ref.value instanceof vscode.Uri) {
      const doc = await vscode.workspace.openTextDocument(ref.value);
      return targetOf(doc, doc.validateRange(new vscode.Range(0, 0, doc.lineCount, 0)));
    }
  }
  const editor = editors.editor;
  if (!editor) throw new Problem(vscode.l10n.t('Select some code in an editor, or name a file with #file, then ask again.'));
  return editorTarget(editor, request.command === 'explain' ? 'line' : 'file');
}

/**
 * The conversation so far with @claude, as request messages. A question is what was sent (with the
 * code its references attached) where this window kept it, so that the history is the one the
 * conversation's message thread holds; else its prompt, as VS Code's history has it.
 */
function historyMessages(context: vscode.ChatContext, sentQuestions: ReadonlyMap<string, string>): ApiMessage[] {
  const out: ApiMessage[] = [];
  const turns = context.history;
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i]!;
    if (turn.participant !== PARTICIPANT_ID) continue;
    if (turn instanceof vscode.ChatRequestTurn) {
      const answer = turns[i + 1];
      const id = answer instanceof vscode.ChatResponseTurn ? (answer.result.metadata as ClaudeChatResult['metadata'] | undefined)?.sent : undefined;
      const sent = id === undefined ? undefined : sentQuestions.get(id);
      out.push({ role: 'user', content: sent ?? (turn.command ? `/${turn.command} ${turn.prompt}` : turn.prompt) });
    } else if (turn instanceof vscode.ChatResponseTurn) {
      const text = turn.response
        .map((p) => (p instanceof vscode.ChatResponseMarkdownPart ? p.value.value : ''))
        .join('')
        .trim();
      if (text) out.push({ role: 'assistant', content: text });
    }
  }
  return out;
}

/** What @claude does; the participant itself is created at activation (registerNativeChat.ts). */
export interface ClaudeParticipant {
  readonly handler: vscode.ChatRequestHandler;
  readonly followupProvider: vscode.ChatFollowupProvider;
}

export function claudeParticipant(pipeline: ReplyPipeline, editors: EditorTracker, proposals: ProposalManager, log: Log): ClaudeParticipant {
  /** Plain questions as they were sent, by the id their answer's metadata carries (this window only, the newest SENT_KEPT). */
  const sentQuestions = new Map<string, string>();
  const handler: vscode.ChatRequestHandler = async (request, context, response, token): Promise<ClaudeChatResult> => {
    const command = isSlashCommand(request.command) ? request.command : undefined;
    const model = request.model.vendor === VENDOR ? request.model.id : undefined;
    let target: EditorTarget | undefined;
    let build: PromptBuilder;
    let sent: string | undefined;
    if (command) {
      try {
        target = await commandTarget(request, editors);
      } catch (err) {
        response.markdown(err instanceof Error ? err.message : String(err));
        return { metadata: { command } };
      }
      const t = target;
      const extra = request.prompt.trim() ? `\n\nAlso: ${request.prompt.trim()}` : '';
      build = (settings) => {
        const p =
          command === 'explain'
            ? buildExplainPrompt(t.context, settings.systemPrompt, settings.prompts.explain)
            : buildRefactorPrompt(t.context, TASKS[command], undefined, settings.systemPrompt, settings.prompts[TASKS[command]]);
        return { system: p.system, messages: [{ role: 'user', content: `${p.user}${extra}` }] };
      };
      response.reference(target.range.isEmpty ? target.document.uri : new vscode.Location(target.document.uri, target.range));
    } else {
      const history = historyMessages(context, sentQuestions);
      const referenced: string[] = [];
      for (const ref of request.references) {
        if (ref.value instanceof vscode.Uri || ref.value instanceof vscode.Location) {
          const uri = ref.value instanceof vscode.Uri ? ref.value : ref.value.uri;
          const doc = await vscode.workspace.openTextDocument(uri);
          const range = ref.value instanceof vscode.Location ? ref.value.range : doc.validateRange(new vscode.Range(0, 0, doc.lineCount, 0));
          referenced.push(formatCode(targetOf(doc, range).context));
        }
      }
      const question = referenced.length ? `${referenced.join('\n\n')}\n\n${request.prompt}` : request.prompt;
      sent = randomUUID();
      sentQuestions.set(sent, question);
      if (sentQuestions.size > SENT_KEPT) sentQuestions.delete(sentQuestions.keys().next().value!);
      build = (settings) => ({ system: buildSystemPrompt(settings.systemPrompt), messages: [...history, { role: 'user', content: question }] });
    }
    // A slash command is one question of its own; a plain question goes on the conversation before it.
    const conversation = command ? undefined : conversationOf(context);
    const snapshot = target ? takeSnapshot(target.document, target.range) : undefined;
    let stop: (() => void) | undefined;
    const cancel = token.onCancellationRequested(() => stop?.());
    let result: RunResult;
    try {
      result = await pipeline.run(
        build,
        (e) => {
          if (e.type === 'start') {
            stop = () => e.reply.stop();
            if (token.isCancellationRequested) e.reply.stop();
          } else if (e.type === 'text') {
            response.markdown(e.delta);
          } else if (e.type === 'retrying') {
            response.progress(vscode.l10n.t('{0}: retrying in {1} s…', e.reason, e.seconds));
          }
        },
        model,
        undefined,
        conversation,
      );
    } finally {
      cancel.dispose();
    }
    const metadata = { command, ...(conversation ? { conversation } : {}), ...(sent ? { sent } : {}) };
    if (!result.ok) {
      if (result.error.kind !== 'stopped') response.markdown(`\n\n**${result.error.title}** ${result.error.detail}`);
      return { metadata, errorDetails: { message: result.error.title } };
    }
    if (command && command !== 'explain' && target && snapshot && pickReplacement(result.reply.text, target.context.languageId)) {
      const mode = command === 'tests' ? 'newFile' : 'replace';
      const change = await proposeReplyCode(result, target, snapshot, mode, `@claude /${command}`, proposals, log);
      if (change.outcome === 'proposed') {
        response.markdown(`\n\n${vscode.l10n.t('The change is open as a diff beside the file.')}`);
        response.button({ command: CommandId.acceptProposal, title: vscode.l10n.t('Accept') });
        response.button({ command: CommandId.rejectProposal, title: vscode.l10n.t('Reject') });
      }
    }
    return { metadata };
  };
  const followupProvider: vscode.ChatFollowupProvider = {
    provideFollowups(result: ClaudeChatResult) {
      switch (result.metadata?.command) {
        case 'explain':
          return [
            { prompt: '', command: 'tests', label: vscode.l10n.t('Write tests for it') },
            { prompt: '', command: 'refactor', label: vscode.l10n.t('Refactor it') },
          ];
        case 'fix':
        case 'refactor':
        case 'doc':
          return [{ prompt: '', command: 'tests', label: vscode.l10n.t('Write tests for it') }];
        default:
          return [];
      }
    },
  };
  return { handler, followupProvider };
}
