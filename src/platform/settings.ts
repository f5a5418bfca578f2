/** The extension's settings, read fresh for each request and checked before anything is sent. */
import * as vscode from 'vscode';
import * as v from 'valibot';
import { parseCustomCommands, type CustomCommand, type PromptOverrides } from '../core/prompts';
import { Problem } from './problems';

export const DEFAULT_MODEL = 'claude-sonnet-5-5';

export type ThinkingMode = 'off' | 'adaptive' | 'enabled';

export interface Settings {
  model: string;
  thinking: ThinkingMode;
  thinkingBudgetTokens: number;
  maxTokens: number;
  systemPrompt: string;
  baseUrl: string;
  maxRetries: number;
  idleTimeoutMs: number;
  /** The user's wording for built-in prompts (claude.prompts). */
  prompts: PromptOverrides;
  customCommands: CustomCommand[];
  /** The sidebar chat may use the workspace tools (claude.chat.workspaceTools; off when untrusted). */
  workspaceTools: boolean;
  /** The most requests one chat question's tool loop may make (claude.chat.maxToolSteps). */
  maxToolSteps: number;
  /** A chat's sends carry only their new messages, the API holding the conversation (claude.chat.messageThreads). */
  messageThreads: boolean;
  /** Globs the tools never read or change (claude.excludeFiles), besides files.exclude and .gitignore. */
  excludeFiles: string[];
}

export const DEFAULT_EXCLUDE_FILES: readonly string[] = [
  '**/.env',
  '**/.env.*',
  '**/*.pem',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '**/id_rsa*',
  '**/id_dsa*',
  '**/id_ecdsa*',
  '**/id_ed25519*',
  '**/.git/**',
  '**/.npmrc',
  '**/.netrc',
];

/** A setting that cannot be used; nothing is sent until it is fixed. */
export class SettingsError extends Problem {
  constructor(readonly setting: string, message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('claude');
  const model = (c.get<string>('model') ?? DEFAULT_MODEL).trim() || DEFAULT_MODEL;
  const maxTokens = c.get<number>('maxTokens') ?? 4096;
  if (!Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > 128_000) {
    throw new SettingsError('claude.maxTokens', vscode.l10n.t('"claude.maxTokens" must be a whole number from 1 to 128000 (it is {0}).', String(maxTokens)));
  }
  const baseUrl = (c.get<string>('baseUrl') ?? '').trim();
  if (baseUrl) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(baseUrl).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new SettingsError('claude.baseUrl', vscode.l10n.t('"claude.baseUrl" is not an http(s) URL: {0}', baseUrl));
  }
  const idle = c.get<number>('requestIdleTimeoutSeconds') ?? 60;
  const thinkingSetting = c.get<string>('thinking') ?? 'off';
  const thinking: ThinkingMode = thinkingSetting === 'adaptive' || thinkingSetting === 'enabled' ? thinkingSetting : 'off';
  const thinkingBudgetTokens = c.get<number>('thinkingBudgetTokens') ?? 2048;
  if (thinking === 'enabled' && (!Number.isInteger(thinkingBudgetTokens) || thinkingBudgetTokens < 1024 || thinkingBudgetTokens >= maxTokens)) {
    throw new SettingsError(
      'claude.thinkingBudgetTokens',
      vscode.l10n.t('"claude.thinkingBudgetTokens" must be at least 1024 and less than "claude.maxTokens" ({0}).', String(maxTokens)),
    );
  }
  return {
    model,
    thinking,
    thinkingBudgetTokens,
    maxTokens,
    systemPrompt: c.get<string>('systemPrompt') ?? '',
    baseUrl,
    maxRetries: Math.max(0, Math.min(10, c.get<number>('maxRetries') ?? 3)),
    idleTimeoutMs: Math.max(5, idle) * 1000,
    prompts: readPromptOverrides(c.get<unknown>('prompts')),
    customCommands: parseCustomCommands(c.get<unknown>('customCommands')),
    workspaceTools: (c.get<boolean>('chat.workspaceTools') ?? true) && vscode.workspace.isTrusted,
    maxToolSteps: Math.max(1, Math.min(100, Math.trunc(c.get<number>('chat.maxToolSteps') ?? 25) || 25)),
    messageThreads: c.get<boolean>('chat.messageThreads') ?? true,
    excludeFiles: readExcludeFiles(c),
  };
}

/** claude.excludeFiles alone (the workspace tools read it when no Settings were passed). */
export function readExcludeFiles(c: vscode.WorkspaceConfiguration = vscode.workspace.getConfiguration('claude')): string[] {
  return v.parse(ExcludeFilesSchema, c.get<unknown>('excludeFiles') ?? DEFAULT_EXCLUDE_FILES);
}

/** Globs to keep from the tools; a value that is not a list of strings keeps the defaults. */
const ExcludeFilesSchema = v.fallback(v.array(v.string()), [...DEFAULT_EXCLUDE_FILES]);

/** A wording that is not a non-blank string is ignored (the built-in prompt is used). */
const wording = v.fallback(v.optional(v.pipe(v.string(), v.check((s) => s.trim().length > 0))), undefined);

const PromptOverridesSchema = v.fallback(
  v.object({
    explain: wording,
    refactor: wording,
    fixBugs: wording,
    addDocs: wording,
    writeTests: wording,
    optimize: wording,
  }),
  {},
);

function readPromptOverrides(value: unknown): PromptOverrides {
  const parsed = v.parse(PromptOverridesSchema, value ?? {});
  return Object.fromEntries(Object.entries(parsed).filter(([, x]) => x !== undefined));
}
