// Two esbuild targets from one script: the extension host bundle (node, cjs, vscode external)
// and the webview bundle (browser). Types are checked separately by `tsc --noEmit` (npm run typecheck).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync } from 'fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

// The SDK side (src/claude/sdkEntry.ts) and secretlint (src/platform/secrets/secretlintEntry.ts) are
// bundles of their own, dist/sdk.js and dist/secretlint.js, loaded on first use: activation does not
// parse them. In the extension bundle `./sdkEntry` and `./secretlintEntry` stay runtime requires.
const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /^\.\/sdkEntry$/ }, () => ({ path: './sdk.js', external: true }));
    build.onResolve({ filter: /^\.\/secretlintEntry$/ }, () => ({ path: './secretlint.js', external: true }));
  },
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };

const targets = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [lazyBundles] },
  { ...node, entryPoints: ['src/claude/sdkEntry.ts'], outfile: 'dist/sdk.js' },
  { ...node, entryPoints: ['src/platform/secrets/secretlintEntry.ts'], outfile: 'dist/secretlint.js' },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

// The webviews load codicons from the extension itself (no remote resources).
mkdirSync('dist/codicons', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) cpSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/codicons/${f}`);

// In watch mode the bundles say when a rebuild starts and when all of them are done, in the words the
// background problem matcher of .vscode/tasks.json waits for (so F5 launches after the first build).
let building = 0;
const watchLog = {
  name: 'watch-log',
  setup(build) {
    build.onStart(() => {
      if (building++ === 0) console.log('[watch] build started');
    });
    build.onEnd((r) => {
      for (const e of r.errors) {
        const l = e.location;
        console.error(`✘ [ERROR] ${e.text}` + (l ? `\n    ${l.file}:${l.line}:${l.column}:` : ''));
      }
      if (--building === 0) console.log('[watch] build finished');
    });
  },
};

if (watch) {
  for (const t of targets) {
    const ctx = await esbuild.context({ ...t, plugins: [...(t.plugins ?? []), watchLog] });
    await ctx.watch();
  }
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
