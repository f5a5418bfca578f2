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
// enumerable keys, once per module that imports vscode: the stub claims the top-level names of the real
// API (from @types/vscode: about 200, as the real module has), else every identifier that appears
// after a dot in the bundle (thousands, which inflates the time of a bundle of many modules).
function apiNames(): string[] | undefined {
  try {
    const dts = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
    const names = [...dts.matchAll(/^\texport (?:class|enum|namespace|const|let|function) (\w+)/gm)].map((m) => m[1]!);
    return names.length ? [...new Set(names)] : undefined;
  } catch {
    return undefined;
  }
}
const names = apiNames() ?? [...new Set((fs.readFileSync(file, 'utf8').match(/\.[A-Za-z_$][\w$]*/g) ?? []).map((m) => m.slice(1)))];
const target = function () {};
const stub: object = new Proxy(target, {
  get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' || key === '__esModule' ? undefined : key === 'prototype' ? {} : stub),
  apply: () => stub,
  construct: () => stub,
});
// The module itself is a plain object with those names, like the real one (copying a Proxy's keys
// through traps would be the stub's cost, not the bundle's); below it, everything is the inert proxy.
const api: object = Object.fromEntries(names.map((n) => [n, stub]));
const mod = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = mod._load;
mod._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? api : load.call(this, request, ...rest);
};
const t0 = performance.now();
require(file);
const loadMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ loadMs })}\n`);
