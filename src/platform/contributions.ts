/**
 * Every id this extension contributes in package.json, in one typed place: the extension's own id,
 * its commands, views, context keys and walkthrough. Code names a command through `CommandId`,
 * never a bare string; a unit test checks this module against package.json.
 */

export const EXTENSION_ID = 'claude-assistant-dev.claude-assistant';

export const CommandId = {
  setApiKey: 'claude.setApiKey',
  clearApiKey: 'claude.clearApiKey',
  explainSelection: 'claude.explainSelection',
  refactor: 'claude.refactor',
  fixBugs: 'claude.fixBugs',
  addDocs: 'claude.addDocs',
  writeTests: 'claude.writeTests',
  optimize: 'claude.optimize',
  customInstruction: 'claude.customInstruction',
  acceptProposal: 'claude.acceptProposal',
  rejectProposal: 'claude.rejectProposal',
  newChat: 'claude.newChat',
  addSelectionToChat: 'claude.addSelectionToChat',
  selectModel: 'claude.selectModel',
  runCustomCommand: 'claude.runCustomCommand',
  fixDiagnostic: 'claude.fixDiagnostic',
  chatHistory: 'claude.chatHistory',
  exportChat: 'claude.exportChat',
  attachToChat: 'claude.attachToChat',
  acceptChangeSet: 'claude.acceptChangeSet',
  rejectChangeSet: 'claude.rejectChangeSet',
  undoChangeSet: 'claude.undoChangeSet',
  showChangeDiff: 'claude.showChangeDiff',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];

export const ViewId = {
  chat: 'claude.chat',
} as const;

/** Commands VS Code itself derives from a contribution (here: focusing the chat view). */
export const DerivedCommandId = {
  focusChat: `${ViewId.chat}.focus`,
} as const;

export const ContextKey = {
  proposalPending: 'claude.proposalPending',
} as const;

export const WALKTHROUGH_ID = `${EXTENSION_ID}#claude.gettingStarted`;
