// BENCHMARKS.md §4, footprint: its figures (filled in by bench/benchmarks/footprint.ts), its section,
// its console lines and its note. bench/report.ts puts them in the report.
import { fmtBytes, fmtMs, fmtRatio } from './util';

export interface FootprintReport {
  vsixBytes: number;
  extensionJsBytes: number;
  webviewJsBytes: number;
  files: number;
  /** Every dist/*.js in the .vsix (uncompressed). */
  distJs: Array<{ name: string; bytes: number }>;
  activationEvents: string[];
  starActivation: boolean;
  /** Every activation time read: after the first command, after benchmark 5's reloads, and the samples below. */
  activationMs: number[];
  /** The window loads of activationSamples (a restart, then reloads), each beside the reference's. */
  sampledActivationMs: number[];
  /** An empty extension's activation time (onStartupFinished too), read in the same window loads. */
  referenceActivationMs: number[];
  /** Node 24 loading dist/extension.js alone (vscode stubbed): the code-loading part of activation. */
  bundleLoadMs: number;
  /** The same for dist/features.js: what the first command, view or chat request loads. */
  featuresLoadMs: number;
}

const met = (ok: boolean): string => (ok ? '**met**' : '**missed**');
const ms = (xs: number[]): string => xs.map((x) => `${x} ms`).join(', ');

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The section's Markdown lines and its console line. */
export function footprintSection(f: FootprintReport): { md: string[]; summary: string } {
  const act = medianOf(f.activationMs);
  const sampled = medianOf(f.sampledActivationMs);
  const ref = medianOf(f.referenceActivationMs);
  const diffs = f.sampledActivationMs.map((x, i) => x - f.referenceActivationMs[i]!);
  const role = (name: string): string =>
    name === 'extension.js'
      ? ' (loaded at activation)'
      : name === 'features.js'
        ? ' (loaded on the first command, view or chat request)'
        : name === 'sdk.js'
          ? ' (loaded on the first request)'
          : name === 'secretlint.js'
            ? ' (loaded on the first scan)'
            : name === 'webview.js'
              ? ' (loaded by each webview)'
              : '';
  const md = [
    '## 4. Footprint',
    '',
    'Sizes are read from the production `.vsix` that `npm run package` built (uncompressed sizes of the minified bundles). Activation time',
    'is VS Code\'s own measurement (code loading + the `activate()` call, as "Developer: Show Running Extensions" shows it), in the',
    'remote extension host of code-server; one sample per window load. The reference is an empty extension (`activate() {}`, also',
    '`onStartupFinished`) installed alongside and read in the same window loads: what any extension costs the extension host here.',
    '',
    '| Measured | Value | Reference / target | Ratio | |',
    '| --- | --- | --- | --- | --- |',
    `| .vsix | ${fmtBytes(f.vsixBytes)} (${f.files} files) | < 1 MB | ${fmtRatio(f.vsixBytes / (1024 * 1024))} | ${met(f.vsixBytes < 1024 * 1024)} |`,
    ...f.distJs.map((d) => `| dist/${d.name}${role(d.name)} | ${fmtBytes(d.bytes)} | | | |`),
    `| loading dist/extension.js alone in Node 24 (diagnostic, median of 5 processes) | ${fmtMs(f.bundleLoadMs, 1)} | | | |`,
    ...(Number.isFinite(f.featuresLoadMs) ? [`| loading dist/features.js alone in Node 24 (the first use; median of 5) | ${fmtMs(f.featuresLoadMs, 1)} | | | |`] : []),
    ...(f.sampledActivationMs.length
      ? [
          `| activation, ${f.sampledActivationMs.length} window loads (a restart, then reloads: ${ms(f.sampledActivationMs)}) | ${fmtMs(sampled, 0)} | empty extension, same loads: ${fmtMs(ref, 0)} (${ms(f.referenceActivationMs)}) | ${fmtRatio(sampled / ref)} | |`,
          `| activation minus the empty extension's, per load (${ms(diffs)}) | ${fmtMs(medianOf(diffs), 0)} | < 20 ms | ${fmtRatio(medianOf(diffs) / 20)} | ${met(medianOf(diffs) < 20)} |`,
        ]
      : []),
    `| activation, every sample (median of ${f.activationMs.length}: ${ms(f.activationMs)}) | ${fmtMs(act, 0)} | < 20 ms | ${fmtRatio(act / 20)} | ${met(act < 20)} |`,
    `| activated at start-up | ${f.starActivation ? 'yes' : 'no'} (\`activationEvents\`: \`${JSON.stringify(f.activationEvents)}\`; VS Code derives onCommand:…, onView:claude.chat, onChatParticipant and onLanguageModelChatProvider from the contributions) | none, or said why | | ${f.starActivation ? 'kept for the lightbulb (README, "Activation")' : '**met**'} |`,
    '',
  ];
  const summary =
    `footprint: vsix ${fmtBytes(f.vsixBytes)} (< 1 MB), ${f.distJs.map((d) => `${d.name} ${fmtBytes(d.bytes)}`).join(', ')}, ` +
    `extension.js load alone ${fmtMs(f.bundleLoadMs, 1)}, features.js ${fmtMs(f.featuresLoadMs, 1)}, activation ${fmtMs(act, 0)} ` +
    `(samples ${f.activationMs.join(', ')} ms; < 20 ms)` +
    (f.sampledActivationMs.length
      ? `; sampled ${fmtMs(sampled, 0)} vs empty extension ${fmtMs(ref, 0)} (${f.referenceActivationMs.join(', ')} ms), difference per load ${diffs.join(', ')} ms (median ${fmtMs(medianOf(diffs), 0)})`
      : '') +
    `, start-up activation: ${f.starActivation ? 'yes' : 'no'}`;
  return { md, summary };
}

/** The note under the report. */
export function footprintNote(f: FootprintReport): string {
  const act = medianOf(f.activationMs);
  return (
    `Activation ${fmtMs(act, 0)}${act >= 20 ? ' (**missed**)' : ''} (samples ${f.activationMs.join(', ')} ms) is VS Code's own ` +
    `figure (code loading + activate() call) from Developer: Show Running Extensions; the first sample comes from the fresh ` +
    `window, the others from a code-server restart and window reloads (extension hosts starting under load, every extension ` +
    `activating at once). The empty reference extension shows the floor of that figure here` +
    (f.referenceActivationMs.length ? ` (median ${fmtMs(medianOf(f.referenceActivationMs), 0)})` : '') +
    `. Loading dist/extension.js (${fmtBytes(f.extensionJsBytes)} minified) alone takes ${fmtMs(f.bundleLoadMs, 1)} in a bare ` +
    `Node 24 process (bench/requireTime.ts, vscode stubbed); dist/features.js, loaded on the first use, ${fmtMs(f.featuresLoadMs, 1)}.` +
    (f.starActivation
      ? ` activationEvents contains ${JSON.stringify(f.activationEvents)}: the extension is activated in every window after ` +
        `start-up, so that the lightbulb's code actions are there without a Claude command first; activation only registers.`
      : '')
  );
}
