/**
 * The shape of a tool Claude may call in the sidebar chat: its definition for the Messages API and
 * how it runs. Tools read the workspace through VS Code's APIs (unsaved editor text included) and
 * never write; changes go through the text-editor tool into a change set the user accepts.
 */
import type * as vscode from 'vscode';

/** A JSON Schema object, as the Messages API takes a tool's `input_schema`. */
export interface ToolInputSchema {
  type: 'object';
  properties: Record<string, unknown>;
  required?: string[];
  [key: string]: unknown;
}

/** What a tool gives back: the result Claude reads, and the one line the reply shows for the step. */
export interface ToolResult {
  /** Sent to Claude as the tool_result content; bounded, with a note when truncated. */
  content: string;
  /** The step's line in the reply, e.g. "Read src/a.ts (lines 1–120)" or "Searched 'x': 7 matches in 4 files". */
  summary: string;
  /** A refusal or a failure: sent with is_error, shown as such. */
  isError?: boolean;
}

export interface ToolContext {
  /** Stop: aborted when the user stops the reply. */
  signal: AbortSignal;
  /** The file's text as changed earlier in this answer (the pending change set), if it was. */
  pendingText?(uri: vscode.Uri): string | undefined;
}

export interface WorkspaceTool {
  /** Set for a tool the API defines itself (Claude's text editor): only its type and name are sent. */
  apiType?: 'text_editor_20250728';
  name: string;
  description: string;
  inputSchema: ToolInputSchema;
  /** Checks `input` itself (it comes from the model) and never throws: a bad input is an error result. */
  run(input: unknown, ctx: ToolContext): Promise<ToolResult>;
}
