/**
 * VS Code's network settings for the SDK side (src/claude/network.ts applies them): http.proxy
 * (else HTTPS_PROXY / HTTP_PROXY), http.noProxy (else NO_PROXY), http.proxyStrictSSL,
 * http.proxyAuthorization and http.systemCertificates. NODE_EXTRA_CA_CERTS is read by the SDK side.
 */
import * as vscode from 'vscode';
import type { NetworkOptions } from '../core/connection';

export function readNetwork(): NetworkOptions {
  const http = vscode.workspace.getConfiguration('http');
  const env = process.env;
  const proxy = (http.get<string>('proxy') ?? '').trim() || env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || '';
  const noProxy = (http.get<string[]>('noProxy') ?? []).map((s) => s.trim()).filter(Boolean);
  const envNoProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const authorization = http.get<string | null>('proxyAuthorization');
  return {
    proxy,
    noProxy: noProxy.length ? noProxy : envNoProxy,
    strictSSL: http.get<boolean>('proxyStrictSSL') ?? true,
    ca: [],
    systemCertificates: http.get<boolean>('systemCertificates') ?? true,
    proxyAuthorization: typeof authorization === 'string' ? authorization.trim() : '',
  };
}
