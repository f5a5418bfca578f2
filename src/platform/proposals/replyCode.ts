/**
 * What happens to a finished code-changing reply (refactors, custom commands): its code block
 * opens as a diff against the snapshot (Accept / Reject), or as a new document.
 */
import * as vscode from 'vscode';
import { pickReplacement } from '../../core/codeBlocks';
import type { RunResult } from '../../claude/replyPipeline';
import type { EditorTarget } from '../editorTarget';
import type { Log } from '../log';
import { Problem, showProblem } from '../problems';
import type { ProposalManager } from './proposalManager';
import type { Snapshot } from './snapshot';

export interface CodeChangeResult {
  run?: RunResult;
  outcome: 'proposed' | 'opened' | 'answered' | 'noCode' | 'failed' | 'cancelled';
}

export async function proposeReplyCode(
  run: RunResult,
  target: EditorTarget,
  snapshot: Snapshot,
  mode: 'replace' | 'newFile',
  title: string,
  proposals: ProposalManager,
  log: Log,
): Promise<CodeChangeResult> {
  if (!run.ok) return { run, outcome: 'failed' };
  const block = pickReplacement(run.reply.text, target.context.languageId);
  if (!block) {
    showProblem(new Problem(vscode.l10n.t('Claude\'s reply has no code block to apply. Its answer is in the panel.')), log);
    return { run, outcome: 'noCode' };
  }
  if (mode === 'newFile') {
    const doc = await vscode.workspace.openTextDocument({ content: block.code, language: target.context.languageId });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: false });
    return { run, outcome: 'opened' };
  }
  await proposals.propose(snapshot, block.code, title);
  return { run, outcome: 'proposed' };
}
