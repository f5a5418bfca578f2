/**
 * The question before anything leaves the machine: what would be sent is scanned for secrets
 * (secretScan.ts), and when something is found the user is asked, in a QuickPick that shows what
 * was found, where, and the secret masked, whether to send it. "Don't send" is the first choice and
 * the default; dismissing the question is "Don't send". "Send anyway" is remembered for the session
 * (by the secrets' SHA-256), so the same secret is not asked about again.
 */
import { createHash } from 'crypto';
import * as vscode from 'vscode';
import type { Log } from '../log';
import { scanForSecrets, type SecretFinding } from './secretScan';

/** A piece of what would be sent, and how the question names it ("the selection", "tool result of read_file"). */
export interface GateItem {
  label: string;
  text: string;
}

/** A finding, with the item it is in. */
export interface GateFinding extends SecretFinding {
  label: string;
}

/** The question on screen: for the tests, which answer it through VS Code's commands. */
export interface SecretQuestion {
  readonly findings: ReadonlyArray<GateFinding>;
}

/**
 * Scans of recent texts, by their SHA-256: a chat sends its history again with each message, so the
 * cache holds more than a long chat's messages (an entry is a hash and usually no findings). Fewer
 * than the history and each send scanned every message again: the least recently used went first.
 */
const CACHED_SCANS = 10_000;
/** Findings listed in the question; more are counted. */
const LISTED = 50;

interface Choice extends vscode.QuickPickItem {
  send?: boolean;
}

export class SecretGate {
  private readonly approved = new Set<string>();
  private readonly scans = new Map<string, Promise<SecretFinding[]>>();
  /**
   * The scans of the texts the last check was given, by the texts themselves: a chat's next send
   * carries the same history, found here without hashing it again (a megabyte in a long chat). It
   * holds only texts the chat holds anyway, and is replaced by each check.
   */
  private lastChecked = new Map<string, Promise<SecretFinding[]>>();
  /** One question at a time: a second waits, then asks only about what is still not approved. */
  private queue: Promise<unknown> = Promise.resolve();
  private asking: SecretQuestion | undefined;
  private scanCount = 0;

  constructor(private readonly log: Log) {}

  /** How many texts were scanned (not answered from the kept scans), for the tests. */
  get scanned(): number {
    return this.scanCount;
  }

  /** The question being asked, if any. */
  get question(): SecretQuestion | undefined {
    return this.asking;
  }

  /**
   * Whether `items` may be sent: true when nothing is found that was not approved before, or when
   * the user chooses "Send anyway"; false when they choose "Don't send", dismiss the question, or
   * `signal` aborts.
   */
  async allow(items: ReadonlyArray<GateItem>, signal?: AbortSignal): Promise<boolean> {
    if (!(await this.unapproved(items)).length) return true;
    const turn = this.queue.then(async () => {
      if (signal?.aborted) return false;
      // Asked again after waiting: an earlier question may have approved these meanwhile.
      const findings = await this.unapproved(items);
      if (!findings.length) return true;
      this.log.info(`possible secrets (${[...new Set(findings.map((f) => f.ruleId))].join(', ')}) in ${[...new Set(findings.map((f) => f.label))].join(', ')}: asking`);
      const send = await this.ask(findings, signal);
      this.log.info(send ? 'possible secrets: sent anyway' : 'possible secrets: not sent');
      if (send) for (const f of findings) this.approved.add(f.hash);
      return send;
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Whether `items` hold nothing that was not approved, without asking (e.g. before counting tokens). */
  async isClear(items: ReadonlyArray<GateItem>): Promise<boolean> {
    return !(await this.unapproved(items)).length;
  }

  private async unapproved(items: ReadonlyArray<GateItem>): Promise<GateFinding[]> {
    const out: GateFinding[] = [];
    const seen = new Set<string>();
    const last = this.lastChecked;
    const checked = new Map<string, Promise<SecretFinding[]>>();
    this.lastChecked = checked;
    for (const item of items) {
      let scan = last.get(item.text);
      if (!scan) {
        scan = this.scan(item);
        // A scan that failed is made again next time.
        scan.catch(() => checked.delete(item.text));
      }
      checked.set(item.text, scan);
      for (const f of await scan) {
        const key = `${f.hash}\n${item.label}\n${f.line}`;
        if (this.approved.has(f.hash) || seen.has(key)) continue;
        seen.add(key);
        out.push({ ...f, label: item.label });
      }
    }
    return out;
  }

  private scan(item: GateItem): Promise<SecretFinding[]> {
    if (!item.text.trim()) return Promise.resolve([]);
    const key = createHash('sha256').update(item.text).digest('hex');
    let scan = this.scans.get(key);
    if (scan) {
      // Most recently used last.
      this.scans.delete(key);
    } else {
      scan = scanForSecrets(item.text, item.label);
      this.scanCount++;
      scan.catch(() => this.scans.delete(key));
    }
    this.scans.set(key, scan);
    if (this.scans.size > CACHED_SCANS) this.scans.delete(this.scans.keys().next().value!);
    return scan;
  }

  private ask(findings: ReadonlyArray<GateFinding>, signal: AbortSignal | undefined): Promise<boolean> {
    const dontSend: Choice = {
      label: `$(circle-slash) ${vscode.l10n.t("Don't send")}`,
      description: vscode.l10n.t('Remove the secret, then try again'),
      send: false,
    };
    const sendAnyway: Choice = {
      label: `$(warning) ${vscode.l10n.t('Send anyway')}`,
      description: vscode.l10n.t('Not asked again about these this session'),
      send: true,
    };
    const listed: Choice[] = findings.slice(0, LISTED).map((f) => ({
      label: `$(key) ${f.what}`,
      description: f.masked,
      detail: vscode.l10n.t('{0}, line {1}', f.label, f.line),
    }));
    if (findings.length > LISTED) listed.push({ label: vscode.l10n.t('…and {0} more', findings.length - LISTED) });
    const pick = vscode.window.createQuickPick<Choice>();
    pick.title = vscode.l10n.t('Claude: possible secret in what would be sent');
    pick.placeholder =
      findings.length === 1
        ? vscode.l10n.t('1 possible secret found. Send it to Claude?')
        : vscode.l10n.t('{0} possible secrets found. Send them to Claude?', findings.length);
    pick.items = [dontSend, sendAnyway, { label: vscode.l10n.t('Found'), kind: vscode.QuickPickItemKind.Separator }, ...listed];
    pick.activeItems = [dontSend];
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = false;
    return new Promise<boolean>((resolve) => {
      let answer = false;
      const subscriptions: vscode.Disposable[] = [];
      const onAbort = (): void => pick.hide();
      subscriptions.push(
        pick.onDidAccept(() => {
          const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
          // A finding is not an answer: the question stays.
          if (chosen?.send === undefined) return;
          answer = chosen.send;
          pick.hide();
        }),
        pick.onDidHide(() => {
          signal?.removeEventListener('abort', onAbort);
          for (const s of subscriptions) s.dispose();
          pick.dispose();
          this.asking = undefined;
          resolve(answer);
        }),
      );
      signal?.addEventListener('abort', onAbort);
      this.asking = { findings };
      pick.show();
      if (signal?.aborted) pick.hide();
    });
  }
}
