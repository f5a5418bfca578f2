/** Accept / Reject the proposed change (editor title buttons, Ctrl+Alt+Enter). */
import type { Command } from '../../platform/commands';
import { CommandId } from '../../platform/contributions';
import type { AcceptOutcome } from '../../platform/proposals/applyEdit';
import type { ProposalManager } from '../../platform/proposals/proposalManager';

export function proposalCommands(proposals: ProposalManager): Command[] {
  return [
    { id: CommandId.acceptProposal, execute: (): Promise<AcceptOutcome> => proposals.accept() },
    { id: CommandId.rejectProposal, execute: (): Promise<void> => proposals.reject() },
  ];
}
