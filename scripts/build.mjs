// Two esbuild targets from one script: the extension host bundle (node, cjs, vscode external)
// and the webview bundle (browser). Types are checked separately by `tsc --noEmit` (npm run typecheck).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, writeFileSync } from 'fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --analyze prints what each extension-host bundle is made of (esbuild's analyzeMetafile);
// --metafile writes each one's metafile beside it (<bundle>.meta.json; never shipped);
// --out=DIR builds into DIR instead of dist/ (the activation unit test builds into a temp folder).
const analyze = process.argv.includes('--analyze');
const metafile = analyze || process.argv.includes('--metafile');
const out = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? 'dist';

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

// Activation loads dist/extension.js alone (src/extension.ts: registrations and stubs). The rest is in
// bundles of their own, loaded on first use: the features (src/featuresEntry.ts, dist/features.js:
// services, commands, views, prompts, markdown-it), the SDK side (src/claude/sdkEntry.ts, dist/sdk.js)
// and secretlint (src/platform/secrets/secretlintEntry.ts, dist/secretlint.js). In every bundle
// `./featuresEntry`, `./sdkEntry` and `./secretlintEntry` stay runtime requires of their sibling.
const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /^\.\/featuresEntry$/ }, () => ({ path: './features.js', external: true }));
    build.onResolve({ filter: /^\.\/sdkEntry$/ }, () => ({ path: './sdk.js', external: true }));
    build.onResolve({ filter: /^\.\/secretlintEntry$/ }, () => ({ path: './secretlint.js', external: true }));
    for (const p of ['bedrock', 'vertex', 'foundry']) {
      build.onResolve({ filter: new RegExp(`^\\./${p}Entry$`) }, () => ({ path: `./${p}.js`, external: true }));
    }
  },
};

// The Bedrock, Vertex and Foundry bundles use the SDK of dist/sdk.js (src/claude/sdkModules.ts), already
// loaded when they are: one SDK, whose error classes classifyError recognises.
const sharedSdk = {
  name: 'shared-sdk',
  setup(build) {
    build.onResolve({ filter: /^@anthropic-ai\/sdk(\/.*)?$/ }, (a) => ({ path: a.path, namespace: 'shared-sdk' }));
    build.onResolve({ filter: /^\.\/sdk\.js$/ }, () => ({ path: './sdk.js', external: true }));
    build.onLoad({ filter: /.*/, namespace: 'shared-sdk' }, (a) => ({
      contents: `const m = require('./sdk.js').sdkModules[${JSON.stringify(a.path)}];\n` +
        `if (!m) throw new Error(${JSON.stringify(`${a.path} is not in src/claude/sdkModules.ts`)});\nmodule.exports = m;`,
      loader: 'js',
    }));
  },
};

// The webview bundle carries the highlight worker's bundle (src/webview/highlightWorker.ts) as text,
// imported as 'highlight-worker-source': a webview starts workers from blob: URLs only.
const highlightWorkerSource = {
  name: 'highlight-worker-source',
  setup(build) {
    build.onResolve({ filter: /^highlight-worker-source$/ }, () => ({ path: 'highlight-worker-source', namespace: 'worker-source' }));
    build.onLoad({ filter: /.*/, namespace: 'worker-source' }, async () => {
      const r = await esbuild.build({
        ...common,
        sourcemap: false,
        entryPoints: ['src/webview/highlightWorker.ts'],
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        write: false,
        metafile: true,
      });
      return {
        contents: `export default ${JSON.stringify(r.outputFiles[0].text)};`,
        loader: 'js',
        watchFiles: Object.keys(r.metafile.inputs),
      };
    });
  },
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], metafile, plugins: [lazyBundles] };

const targets = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: `${out}/extension.js` },
  { ...node, entryPoints: ['src/featuresEntry.ts'], outfile: `${out}/features.js` },
  { ...node, entryPoints: ['src/claude/sdkEntry.ts'], outfile: `${out}/sdk.js` },
  { ...node, entryPoints: ['src/platform/secrets/secretlintEntry.ts'], outfile: `${out}/secretlint.js` },
  ...['bedrock', 'vertex', 'foundry'].map((p) => ({
    ...node,
    entryPoints: [`src/claude/${p}Entry.ts`],
    outfile: `${out}/${p}.js`,
    plugins: [sharedSdk, lazyBundles],
  })),
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: `${out}/webview.js`,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    plugins: [highlightWorkerSource],
  },
];

// The webviews load codicons from the extension itself (no remote resources).
mkdirSync(`${out}/codicons`, { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) cpSync(`node_modules/@vscode/codicons/dist/${f}`, `${out}/codicons/${f}`);

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
  const results = await Promise.all(targets.map((t) => esbuild.build(t)));
  for (const [i, r] of results.entries()) {
    if (!r.metafile) continue;
    writeFileSync(`${targets[i].outfile}.meta.json`, JSON.stringify(r.metafile));
    if (analyze) console.log(await esbuild.analyzeMetafile(r.metafile));
  }
}
