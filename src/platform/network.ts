/**
 * VS Code's network settings for the SDK side: http.proxy, http.noProxy, http.proxyStrictSSL
 * (else HTTPS_PROXY / NO_PROXY), and the certificates to trust besides Node's. (Filled in by the
 * networking work of issue #14.)
 */
import * as vscode from 'vscode';
import type { NetworkOptions } from '../core/connection';

export function readNetwork(): NetworkOptions {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = (http.get<string>('proxy') ?? '').trim() || process.env.HTTPS_PROXY || process.env.https_proxy || process.env.HTTP_PROXY || process.env.http_proxy || '';
  const noProxy = http.get<string[]>('noProxy') ?? [];
  const envNoProxy = (process.env.NO_PROXY ?? process.env.no_proxy ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return { proxy, noProxy: noProxy.length ? noProxy : envNoProxy, strictSSL: http.get<boolean>('proxyStrictSSL') ?? true, ca: [] };
}
