/**
 * Where requests go and how they authenticate: the Anthropic API with the user's key, or the
 * platforms teams run Claude on. Credentials of the clouds come from their own standard chains,
 * never from settings; what is here is only where to find them.
 */

export const PROVIDERS = ['anthropic', 'bedrock', 'vertex', 'foundry', 'gateway'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** A short-lived bearer token printed by the user's command (claude.gateway.tokenCommand). */
export interface TokenSource {
  /** The current token, running the command when there is none or it expired. */
  get(): Promise<string>;
  /** Forgets the token (the gateway refused it) and runs the command again. */
  refresh(): Promise<string>;
}

export type Connection =
  | { provider: 'anthropic'; apiKey: string; /** '' = the SDK's default (ANTHROPIC_BASE_URL or the API). */ baseUrl: string }
  | {
      provider: 'bedrock';
      region: string;
      /** An AWS profile of ~/.aws/config ('' = the default chain: environment, SSO cache, default profile…). */
      profile: string;
      /** '' = bedrock-runtime.<region>.amazonaws.com. */
      baseUrl: string;
      /** Cross-region inference profile prefix of the model ids: '' (in-region), 'us', 'eu', 'apac', 'global'. */
      inferencePrefix: string;
    }
  | { provider: 'vertex'; projectId: string; region: string; /** '' = <region>-aiplatform.googleapis.com. */ baseUrl: string }
  | {
      provider: 'foundry';
      /** The Foundry resource name ('' when baseUrl says where). */
      resource: string;
      baseUrl: string;
      /** The resource's key from the secret storage; undefined = Microsoft Entra ID (Azure credentials). */
      apiKey: string | undefined;
    }
  | {
      provider: 'gateway';
      baseUrl: string;
      /** Extra headers on every request (claude.gateway.headers). */
      headers: Record<string, string>;
      /** A key from the secret storage, sent as the API's own x-api-key. */
      apiKey: string | undefined;
      /** A token command's bearer token. */
      token: TokenSource | undefined;
    };

/** How the network is reached: VS Code's proxy settings and the certificates to trust. */
export interface NetworkOptions {
  /** http.proxy, else HTTPS_PROXY / HTTP_PROXY ('' = none). */
  proxy: string;
  /** Hosts the proxy is not used for (http.noProxy, else NO_PROXY). */
  noProxy: string[];
  /** http.proxyStrictSSL: false accepts any certificate (the user's explicit choice only). */
  strictSSL: boolean;
  /** Extra certificates to trust besides Node's, the system's and NODE_EXTRA_CA_CERTS', PEM. */
  ca: string[];
  /** http.systemCertificates: trust the operating system's certificate store too (default true). */
  systemCertificates?: boolean;
  /** http.proxyAuthorization: the Proxy-Authorization header for the proxy ('' or absent = none). */
  proxyAuthorization?: string;
}

/** A label for logs and messages: "Amazon Bedrock (us-east-1)". */
export function describeConnection(c: Connection): string {
  switch (c.provider) {
    case 'anthropic':
      return c.baseUrl ? `the Anthropic API at ${c.baseUrl}` : 'the Anthropic API';
    case 'bedrock':
      return `Amazon Bedrock (${c.region}${c.profile ? `, profile ${c.profile}` : ''})`;
    case 'vertex':
      return `Google Vertex AI (${c.projectId}, ${c.region})`;
    case 'foundry':
      return `Microsoft Foundry (${c.resource || c.baseUrl})`;
    case 'gateway':
      return `the gateway at ${c.baseUrl}`;
  }
}
