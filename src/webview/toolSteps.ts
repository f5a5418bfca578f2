/** A reply's tool steps (one compact line each, expandable to what was asked) and its proposed change set. */
import type { ChangeSetActionKind, ChangeSetView, ToolStep } from '../shared/protocol';
import { el, iconButton } from './dom';
import { post } from './vscodeApi';

export class StepList {
  readonly element = el('div', { class: 'steps', role: 'list', 'aria-label': 'Steps' });

  constructor() {
    this.element.hidden = true;
  }

  add(step: ToolStep): void {
    this.element.hidden = false;
    const icon = el('span', { class: `codicon codicon-${step.isError ? 'warning' : 'check'}`, 'aria-hidden': 'true' });
    const summary = el('summary', {}, icon, el('span', { class: 'step-summary' }, step.summary));
    const item = el('details', { class: step.isError ? 'step error' : 'step', role: 'listitem', 'data-step-id': step.id }, summary);
    if (step.detail) item.append(el('code', { class: 'step-detail' }, step.detail));
    this.element.append(item);
  }
}

const STATUS_LABEL: Record<string, string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  rejected: 'Rejected',
  stale: 'Not applied',
  undone: 'Undone',
};

export function renderChangeSet(set: ChangeSetView): HTMLElement {
  const act = (action: ChangeSetActionKind, path?: string) => () => post({ type: 'changeSet', action, id: set.id, ...(path !== undefined ? { path } : {}) });
  const pending = set.files.some((f) => f.status === 'pending');
  const accepted = set.files.some((f) => f.status === 'accepted');
  const n = set.files.length;
  const header = el('div', { class: 'change-set-header' }, el('strong', {}, `Proposed changes: ${n} file${n === 1 ? '' : 's'}`));
  const actions = el('div', { class: 'actions' });
  if (pending) actions.append(iconButton('check-all', 'Accept all proposed changes', act('accept'), 'Accept All'), iconButton('close-all', 'Reject the proposed changes', act('reject'), 'Reject'));
  if (accepted) actions.append(iconButton('discard', 'Undo this change set', act('undo'), 'Undo'));
  header.append(actions);
  const rows = set.files.map((f) => {
    const stats = el('span', { class: 'stats' }, el('span', { class: 'added' }, `+${f.added}`), ' ', el('span', { class: 'removed' }, `−${f.removed}`));
    const row = el(
      'li',
      { class: `change-file ${f.status}`, 'data-path': f.path },
      el('span', { class: 'codicon codicon-' + (f.isNew ? 'new-file' : 'diff'), 'aria-hidden': 'true' }),
      el('span', { class: 'path' }, f.path + (f.isNew ? ' (new)' : '')),
      stats,
      el('span', { class: 'status' }, STATUS_LABEL[f.status] ?? f.status),
    );
    row.append(iconButton('diff', `Show the diff of ${f.path}`, act('diff', f.path)));
    if (f.status === 'pending') {
      row.append(iconButton('check', `Accept ${f.path}`, act('accept', f.path)), iconButton('close', `Reject ${f.path}`, act('reject', f.path)));
    }
    if (f.message) row.append(el('div', { class: 'change-message', role: 'note' }, `⚠ ${f.message}`));
    return row;
  });
  return el('div', { class: 'change-set', 'data-change-set-id': set.id, role: 'group', 'aria-label': 'Proposed changes' }, header, el('ul', {}, ...rows));
}
