// The extension's manifest as the workbench shows it: package.json contributions (views, commands)
// with their "%key%" strings resolved from package.nls.json.
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../runner/env';

/** Resolves a package.json "%key%" string from package.nls.json. */
function localize(root: string, s: string | undefined): string | undefined {
  const m = s === undefined ? undefined : /^%(.+)%$/.exec(s);
  if (!m) {
    return s;
  }
  const nlsFile = path.join(root, 'package.nls.json');
  const nls = fs.existsSync(nlsFile) ? (JSON.parse(fs.readFileSync(nlsFile, 'utf8')) as Record<string, string | { message: string }>) : {};
  const v = nls[m[1]];
  return typeof v === 'string' ? v : (v?.message ?? s);
}

/** A view contributed in package.json, by id: its display name and view container id. */
export function contributedView(id: string): { name: string; container: string } | undefined {
  if (/\s/.test(id)) {
    return undefined;
  }
  const root = repoRoot();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes?: { views?: Record<string, { id: string; name?: string }[]> };
  };
  for (const [container, views] of Object.entries(pkg.contributes?.views ?? {})) {
    const v = views.find((x) => x.id === id);
    if (v) {
      return { name: localize(root, v.name) ?? id, container };
    }
  }
  return undefined;
}

/** Reads package.json contributes.commands as the palette shows them ("Category: Title", %nls% keys resolved). */
export function contributedCommandTitles(): { command: string; title: string; hidden: boolean }[] {
  const root = repoRoot();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes?: {
      commands?: { command: string; title: string; category?: string }[];
      menus?: { commandPalette?: { command: string; when?: string }[] };
    };
  };
  // Commands with a commandPalette `when` are shown only in some contexts: not expected in the palette.
  const conditional = new Set((pkg.contributes?.menus?.commandPalette ?? []).filter((m) => m.when).map((m) => m.command));
  return (pkg.contributes?.commands ?? []).map((c) => {
    const title = localize(root, c.title) ?? c.command;
    const category = localize(root, c.category);
    return { command: c.command, title: category ? `${category}: ${title}` : title, hidden: conditional.has(c.command) };
  });
}
