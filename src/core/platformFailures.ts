/**
 * What goes wrong on the platforms teams run Claude on (Bedrock, Vertex, Foundry, gateways) and
 * on their networks (proxies, TLS-inspecting firewalls), in plain words with the next step. The
 * SDKs' errors are mapped to these in src/claude/errors/.
 */
import * as l10n from '@vscode/l10n';
import type { ErrorAction } from './failures';

export type PlatformProblem =
  /** No AWS credentials anywhere in the chain (environment, profile, SSO cache, role). */
  | { code: 'awsNoCredentials'; profile: string }
  /** The profile's SSO session expired: `aws sso login`. */
  | { code: 'awsSsoExpired'; profile: string }
  /** Temporary credentials expired (ExpiredTokenException). */
  | { code: 'awsExpired'; profile: string }
  /** The credentials were refused (UnrecognizedClientException, InvalidSignatureException). */
  | { code: 'awsRefused'; message: string }
  /** IAM does not allow the call (AccessDeniedException). */
  | { code: 'awsDenied'; message: string }
  /** The model is not enabled for this account or region, or the id is not Bedrock's. */
  | { code: 'bedrockModel'; model: string; region: string; message: string }
  /** No Application Default Credentials. */
  | { code: 'gcpNoCredentials' }
  /** Google refused the credentials (expired or revoked refresh token). */
  | { code: 'gcpRefused'; message: string }
  /** IAM does not allow Vertex AI predictions in the project. */
  | { code: 'gcpDenied'; projectId: string; message: string }
  /** The model is not available in the project or region (Model Garden). */
  | { code: 'vertexModel'; model: string; region: string; message: string }
  /** No Foundry key and no Microsoft Entra ID sign-in. */
  | { code: 'azureNoCredentials'; message: string }
  /** Foundry refused the key or token. */
  | { code: 'azureRefused'; message: string }
  /** No deployment of this model on the resource. */
  | { code: 'foundryDeployment'; model: string; message: string }
  /** The gateway's token command failed. */
  | { code: 'tokenCommand'; message: string }
  /** The gateway refused the request's credentials (with a token command: a fresh token too). */
  | { code: 'gatewayRefused'; status: number; tokenCommand: boolean; message: string }
  /** The server's certificate is not trusted (a TLS-inspecting proxy, a private CA). */
  | { code: 'tlsUntrusted'; host: string; reason: string }
  /** The certificate does not name the host. */
  | { code: 'tlsHostname'; host: string }
  /** The certificate expired (or the clock is wrong). */
  | { code: 'tlsExpired'; host: string }
  /** The proxy could not be reached, refused, or wants credentials. */
  | { code: 'proxy'; proxy: string; message: string };

export type PlatformCode = PlatformProblem['code'];

const profileName = (p: string): string => p || 'default';

export function platformWords(p: PlatformProblem): [string, string, ErrorAction[]] {
  switch (p.code) {
    case 'awsNoCredentials':
      return [
        l10n.t('No AWS credentials were found for Amazon Bedrock.'),
        l10n.t('Sign in with the AWS CLI (aws configure, or aws sso login --profile {0}), or set "claude.bedrock.profile" to a profile of ~/.aws/config. Reload VS Code after changing environment variables.', profileName(p.profile)),
        ['openSettings', 'retry'],
      ];
    case 'awsSsoExpired':
      return [
        l10n.t('Your AWS SSO session has expired.'),
        l10n.t('Run "aws sso login --profile {0}" in a terminal, then retry.', profileName(p.profile)),
        ['retry'],
      ];
    case 'awsExpired':
      return [
        l10n.t('Your AWS credentials have expired.'),
        l10n.t('Refresh them (aws sso login --profile {0}, or new temporary keys), then retry.', profileName(p.profile)),
        ['retry'],
      ];
    case 'awsRefused':
      return [l10n.t('AWS did not accept your credentials.'), l10n.t('{0}. Check the access key, the profile and the region, then retry.', p.message), ['openSettings', 'retry']];
    case 'awsDenied':
      return [
        l10n.t('Your AWS identity may not call Bedrock.'),
        l10n.t('{0}. Ask for bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on this model.', p.message),
        ['showLog'],
      ];
    case 'bedrockModel':
      return [
        l10n.t('Bedrock cannot use the model {0} in {1}.', p.model, p.region),
        l10n.t('{0}. Enable the model under "Model access" in the Bedrock console for this region, pick another model, or set "claude.bedrock.inferenceProfile" for a cross-region inference profile.', p.message),
        ['openSettings'],
      ];
    case 'gcpNoCredentials':
      return [
        l10n.t('No Google Cloud credentials were found for Vertex AI.'),
        l10n.t('Run "gcloud auth application-default login" in a terminal, or set GOOGLE_APPLICATION_CREDENTIALS, then reload VS Code.'),
        ['retry'],
      ];
    case 'gcpRefused':
      return [
        l10n.t('Google Cloud did not accept your credentials.'),
        l10n.t('{0}. Run "gcloud auth application-default login" again, then retry.', p.message),
        ['retry'],
      ];
    case 'gcpDenied':
      return [
        l10n.t('You may not use Vertex AI in the project {0}.', p.projectId),
        l10n.t('{0}. Ask for the "Vertex AI User" role (aiplatform.endpoints.predict) in this project.', p.message),
        ['showLog'],
      ];
    case 'vertexModel':
      return [
        l10n.t('Vertex AI cannot use the model {0} in {1}.', p.model, p.region),
        l10n.t('{0}. Enable the model in Model Garden, or choose a region that serves it ("claude.vertex.region").', p.message),
        ['openSettings'],
      ];
    case 'azureNoCredentials':
      return [
        l10n.t('No credentials were found for Microsoft Foundry.'),
        l10n.t('{0}. Set the resource key with "Claude: Set API Key", or sign in with "az login".', p.message),
        ['setApiKey'],
      ];
    case 'azureRefused':
      return [l10n.t('Microsoft Foundry did not accept your key or token.'), l10n.t('{0}. Check the key and "claude.foundry.resource".', p.message), ['setApiKey', 'openSettings']];
    case 'foundryDeployment':
      return [
        l10n.t('Microsoft Foundry has no deployment of {0}.', p.model),
        l10n.t('{0}. Deploy the model in the Foundry portal, or pick a model that is deployed.', p.message),
        ['openSettings'],
      ];
    case 'tokenCommand':
      return [l10n.t('The gateway token command failed.'), l10n.t('{0}. Check "claude.gateway.tokenCommand".', p.message), ['openSettings', 'showLog']];
    case 'gatewayRefused':
      return p.tokenCommand
        ? [
            l10n.t('The gateway refused the request ({0}).', p.status),
            l10n.t('{0}. A fresh token from "claude.gateway.tokenCommand" was refused too: check the command, "claude.gateway.headers" and your access to the gateway.', p.message),
            ['openSettings', 'showLog'],
          ]
        : [
            l10n.t('The gateway refused the request ({0}).', p.status),
            l10n.t('{0}. Check the gateway key ("Claude: Set API Key"), "claude.gateway.headers", or set "claude.gateway.tokenCommand" if the gateway wants a short-lived token.', p.message),
            ['setApiKey', 'openSettings'],
          ];
    case 'tlsUntrusted':
      return [
        l10n.t('The certificate of {0} is not trusted.', p.host),
        l10n.t('{0}. If a proxy or firewall on your network inspects TLS, or the server uses a private certificate authority, trust that root certificate: add it to your system\'s certificate store (used while "http.systemCertificates" is on), or set the environment variable NODE_EXTRA_CA_CERTS to its PEM file, then restart VS Code.', p.reason),
        ['showLog'],
      ];
    case 'tlsHostname':
      return [
        l10n.t('The certificate of {0} is for another host.', p.host),
        l10n.t('Check the address in "claude.baseUrl" and the proxy in "http.proxy": something between you and the server answers with a certificate for another name.'),
        ['openSettings', 'showLog'],
      ];
    case 'tlsExpired':
      return [
        l10n.t('The certificate of {0} has expired or is not yet valid.', p.host),
        l10n.t('Check your computer\'s date and time; if they are right, the server or the proxy needs a new certificate.'),
        ['retry', 'showLog'],
      ];
    case 'proxy':
      return [
        l10n.t('The proxy {0} could not be used.', p.proxy),
        l10n.t('{0}. Check the proxy in "http.proxy" (or HTTPS_PROXY), the hosts to reach without it in "http.noProxy", and its credentials ("http.proxyAuthorization", or user:password in the proxy\'s URL).', p.message),
        ['openSettings', 'retry'],
      ];
  }
}
