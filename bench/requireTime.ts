// Diagnostic for the footprint bench: how long Node takes to load (compile and run the top level of)
// the production extension bundle, without VS Code: `vscode` is replaced by an inert stub.
// Prints one JSON line {loadMs}.
//
//   node out/bench/requireTime.js <path to dist/extension.js>
import * as fs from 'fs';
import Module from 'module';
import { performance } from 'perf_hooks';

const file = process.argv[2];
if (!file) throw new Error('usage: requireTime <extension.js>');
// The bundle reads `vscode.X` through esbuild's __toESM wrapper, which copies the module's own
// enumerable keys: the stub claims every identifier that appears after a dot in the bundle.
const names = [...new Set((fs.readFileSync(file, 'utf8').match(/\.[A-Za-z_$][\w$]*/g) ?? []).map((m) => m.slice(1)))];
const target = function () {};
const stub: object = new Proxy(target, {
  get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' || key === '__esModule' ? undefined : key === 'prototype' ? {} : stub),
  apply: () => stub,
  construct: () => stub,
  ownKeys: () => [...new Set([...Reflect.ownKeys(target), ...names])],
  getOwnPropertyDescriptor: (_t, key) =>
    Reflect.getOwnPropertyDescriptor(target, key) ?? { configurable: true, enumerable: true, writable: true, value: stub },
});
const mod = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = mod._load;
mod._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? stub : load.call(this, request, ...rest);
};
const t0 = performance.now();
require(file);
const loadMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ loadMs })}\n`);
