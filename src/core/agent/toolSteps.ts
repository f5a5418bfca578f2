/** The steps of a reply that used tools, as the reply shows and the history keeps them. */

/** One tool call, in one line: "Read src/a.ts (lines 1–120)", "Searched 'x': 7 matches in 4 files". */
export interface ToolStep {
  /** The tool_use id. */
  id: string;
  summary: string;
  /** What was asked, for the expanded line: the tool and its input, shortened. */
  detail?: string;
  /** Refused or failed (the model was told why). */
  isError?: boolean;
}

/** Where a file of a proposed change set stands. */
export type ChangeFileStatus = 'pending' | 'accepted' | 'rejected' | 'stale' | 'undone';

export interface ChangeFileView {
  /** Workspace-relative path. */
  path: string;
  isNew: boolean;
  added: number;
  removed: number;
  status: ChangeFileStatus;
  /** Why it was refused (e.g. the file changed since Claude read it). */
  message?: string;
}

/** The changes one answer proposed, one entry per file; nothing is written before Accept. */
export interface ChangeSetView {
  id: string;
  files: ChangeFileView[];
}
