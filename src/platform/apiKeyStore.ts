/**
 * The API key lives in VS Code's SecretStorage and nowhere else: not in settings, logs, the
 * webviews, history or error text.
 */
import * as vscode from 'vscode';
import { WALKTHROUGH_ID } from './contributions';
import type { Log } from './log';
import { Problem, showProblem } from './problems';

/** The Anthropic key's name in SecretStorage. */
export const SECRET_ID = 'claude.apiKey';

/** A key's place in SecretStorage and the words for it: the Anthropic key, a Foundry resource's, a gateway's. */
export interface KeySlot {
  id: string;
  /** "Anthropic API key", "Microsoft Foundry key", "gateway key". */
  name: string;
  placeHolder: string;
}

export const ANTHROPIC_SLOT: KeySlot = { id: SECRET_ID, name: 'Anthropic API key', placeHolder: 'sk-ant-…' };

/** A key can only be sent in an HTTP header if it is printable ASCII without spaces. */
export function checkKeyFormat(key: string): string | undefined {
  if (!key.trim()) return vscode.l10n.t('The key is empty.');
  if (!/^[\x21-\x7e]+$/.test(key.trim())) return vscode.l10n.t('The key contains spaces or characters that cannot be sent.');
  if (key.trim().length < 10) return vscode.l10n.t('The key is too short.');
  return undefined;
}

export class ApiKeyStore {
  private cached: string | undefined;
  private loaded = false;
  private readonly changed = new vscode.EventEmitter<boolean>();
  /** Fires with whether a key is now set. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: Log, readonly slot: KeySlot = ANTHROPIC_SLOT) {
    secrets.onDidChange(async (e) => {
      if (e.key !== slot.id) return;
      this.loaded = false;
      const has = !!(await this.get());
      this.changed.fire(has);
    });
  }

  async get(): Promise<string | undefined> {
    if (!this.loaded) {
      try {
        this.cached = (await this.secrets.get(this.slot.id)) || undefined;
      } catch (err) {
        this.log.error(`could not read the secret store: ${err instanceof Error ? err.message : String(err)}`);
        showProblem(new Problem(vscode.l10n.t('Claude could not read the API key from VS Code\'s secret storage (is a keyring available?).'), 'error'), this.log);
        this.cached = undefined;
      }
      this.loaded = true;
      this.log.setSecrets([this.cached], this.slot.id);
    }
    return this.cached;
  }

  /** Stores the key; false (and a message saying why) when the secret storage refuses it. */
  async set(key: string): Promise<boolean> {
    const trimmed = key.trim();
    this.log.setSecrets([this.cached, trimmed], this.slot.id);
    try {
      await this.secrets.store(this.slot.id, trimmed);
    } catch (err) {
      this.log.error(`could not write the secret store: ${err instanceof Error ? err.message : String(err)}`);
      showProblem(
        new Problem(
          vscode.l10n.t('Claude could not save the API key: VS Code\'s secret storage is not available (is a keyring running?). The key was not stored anywhere else.'),
          'error',
        ),
        this.log,
      );
      return false;
    }
    this.cached = trimmed;
    this.loaded = true;
    return true;
  }

  /** Removes the key; a secret storage that refuses is a Problem for the caller to show. */
  async clear(): Promise<void> {
    try {
      await this.secrets.delete(this.slot.id);
    } catch (err) {
      this.log.error(`could not delete from the secret store: ${err instanceof Error ? err.message : String(err)}`);
      throw new Problem(vscode.l10n.t('Claude could not remove the API key: VS Code\'s secret storage is not available.'), 'error');
    }
    this.cached = undefined;
    this.loaded = true;
  }

  private get isAnthropic(): boolean {
    return this.slot.id === SECRET_ID;
  }

  /** Asks for the key in a password box. Returns it, or undefined if the user cancelled. */
  async prompt(reason?: string): Promise<string | undefined> {
    const key = await vscode.window.showInputBox({
      title: this.isAnthropic ? vscode.l10n.t('Anthropic API Key') : this.slot.name,
      prompt:
        reason ??
        (this.isAnthropic
          ? vscode.l10n.t('Paste your Anthropic API key. It is kept in VS Code\'s secret storage.')
          : vscode.l10n.t('Paste the {0}. It is kept in VS Code\'s secret storage.', this.slot.name)),
      placeHolder: this.slot.placeHolder,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => checkKeyFormat(v),
    });
    if (key === undefined) return undefined;
    return (await this.set(key)) ? key.trim() : undefined;
  }

  /** The key, asking once if none is set. */
  async ensure(): Promise<string | undefined> {
    if (!this.isAnthropic) return (await this.get()) ?? (await this.prompt(vscode.l10n.t('Claude needs the {0} to continue.', this.slot.name)));
    const key = (await this.get()) ?? (await this.prompt(vscode.l10n.t('Claude needs your Anthropic API key to continue.')));
    if (!key) {
      const start = vscode.l10n.t('Get Started');
      void vscode.window.showInformationMessage(vscode.l10n.t('Claude needs an Anthropic API key. The walkthrough shows where to get one.'), start).then((c) => {
        if (c === start) {
          void vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
        }
      });
    }
    return key;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
