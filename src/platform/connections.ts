/**
 * The configured provider (claude.provider) as a Connection for the SDK side: the Anthropic API
 * with the key from the secret storage, Bedrock, Vertex or Foundry with their platforms' own
 * credentials, or a gateway. Read fresh for each request, like every setting.
 */
import * as vscode from 'vscode';
import { PROVIDERS, type Connection, type NetworkOptions, type Provider } from '../core/connection';
import { MissingApiKeyError } from '../core/failures';
import type { ClientConfig } from '../claude/client';
import { ANTHROPIC_SLOT, ApiKeyStore, type KeySlot } from './apiKeyStore';
import type { Log } from './log';
import { readNetwork } from './network';
import { SettingsError, type Settings } from './settings';
import { TokenCommand } from './tokenCommand';

/** The providers that take a key from the secret storage, and where each keeps it. */
const SLOTS: Partial<Record<Provider, KeySlot>> = {
  anthropic: ANTHROPIC_SLOT,
  foundry: { id: 'claude.apiKey.foundry', name: 'Microsoft Foundry key', placeHolder: '' },
  gateway: { id: 'claude.apiKey.gateway', name: 'gateway key', placeHolder: '' },
};

export function readProvider(): Provider {
  const p = vscode.workspace.getConfiguration('claude').get<string>('provider') ?? 'anthropic';
  return (PROVIDERS as readonly string[]).includes(p) ? (p as Provider) : 'anthropic';
}

export class Connections implements vscode.Disposable {
  private readonly stores = new Map<string, ApiKeyStore>();
  private tokens: TokenCommand | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when what requests need may have changed: the provider, a key, the token command. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly secrets: vscode.SecretStorage, readonly anthropicKey: ApiKeyStore, private readonly log: Log) {
    this.stores.set(ANTHROPIC_SLOT.id, anthropicKey);
    this.disposables.push(
      anthropicKey.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('claude.provider') || e.affectsConfiguration('claude.baseUrl')) this.changed.fire();
        if (e.affectsConfiguration('claude.gateway')) {
          this.tokens?.dispose();
          this.tokens = undefined;
        }
      }),
    );
  }

  get provider(): Provider {
    return readProvider();
  }

  /** The key store of the configured provider; undefined when it signs in otherwise (Bedrock, Vertex). */
  keyStore(provider: Provider = this.provider): ApiKeyStore | undefined {
    const slot = SLOTS[provider];
    if (!slot) return undefined;
    let store = this.stores.get(slot.id);
    if (!store) {
      store = new ApiKeyStore(this.secrets, this.log, slot);
      this.disposables.push(store, store.onDidChange(() => this.changed.fire()));
      this.stores.set(slot.id, store);
    }
    return store;
  }

  /**
   * Whether a request can go without asking for anything: the Anthropic API needs its key; the
   * other providers sign in with their platforms' credentials (checked when a request is made).
   */
  async ready(): Promise<boolean> {
    return this.provider !== 'anthropic' || !!(await this.anthropicKey.get());
  }

  /**
   * The connection for a request. `ask`: ask for a missing Anthropic key (a user's action), else
   * fail with MissingApiKeyError. Throws a SettingsError for settings a provider needs.
   */
  async resolve(settings: Settings, ask: boolean): Promise<Connection> {
    const c = vscode.workspace.getConfiguration('claude');
    const str = (k: string): string => (c.get<string>(k) ?? '').trim();
    const provider = this.provider;
    const baseUrl = settings.baseUrl;
    switch (provider) {
      case 'anthropic': {
        const apiKey = ask ? await this.anthropicKey.ensure() : await this.anthropicKey.get();
        if (!apiKey) throw new MissingApiKeyError();
        return { provider, apiKey, baseUrl };
      }
      case 'bedrock':
        return {
          provider,
          region: str('bedrock.region') || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1',
          profile: str('bedrock.profile'),
          baseUrl,
          inferencePrefix: str('bedrock.inferenceProfile'),
        };
      case 'vertex': {
        const projectId = str('vertex.projectId') || process.env.ANTHROPIC_VERTEX_PROJECT_ID || process.env.GOOGLE_CLOUD_PROJECT || '';
        if (!projectId) {
          throw new SettingsError('claude.vertex.projectId', vscode.l10n.t('Set "claude.vertex.projectId" to the Google Cloud project where Claude is enabled in Vertex AI.'));
        }
        return { provider, projectId, region: str('vertex.region') || process.env.CLOUD_ML_REGION || 'global', baseUrl };
      }
      case 'foundry': {
        const resource = str('foundry.resource') || process.env.ANTHROPIC_FOUNDRY_RESOURCE || '';
        if (!resource && !baseUrl) {
          throw new SettingsError('claude.foundry.resource', vscode.l10n.t('Set "claude.foundry.resource" to the name of your Microsoft Foundry resource (or "claude.baseUrl" to its endpoint).'));
        }
        return { provider, resource, baseUrl, apiKey: await this.keyStore('foundry')!.get() };
      }
      case 'gateway': {
        if (!baseUrl) throw new SettingsError('claude.baseUrl', vscode.l10n.t('Set "claude.baseUrl" to the gateway\'s URL.'));
        const command = str('gateway.tokenCommand');
        if (command && !this.tokens) this.tokens = new TokenCommand(command, Math.max(10, c.get<number>('gateway.tokenTtlSeconds') ?? 300) * 1000, this.log);
        return {
          provider,
          baseUrl,
          headers: readHeaders(c.get<unknown>('gateway.headers')),
          apiKey: await this.keyStore('gateway')!.get(),
          token: command ? this.tokens : undefined,
        };
      }
    }
  }

  /** Everything the SDK side needs for one request. */
  async clientConfig(settings: Settings, ask: boolean, maxRetries = settings.maxRetries): Promise<ClientConfig> {
    return { connection: await this.resolve(settings, ask), network: this.network(), maxRetries, idleTimeoutMs: settings.idleTimeoutMs };
  }

  network(): NetworkOptions {
    return readNetwork();
  }

  dispose(): void {
    this.tokens?.dispose();
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** claude.gateway.headers: string values only; anything else is left out. */
function readHeaders(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(e[0])));
}
