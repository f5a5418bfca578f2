// Issue #10: one typed module (src/platform/contributions.ts) names every command, and it matches
// package.json both ways; the code runs and registers commands only through it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CommandId, ContextKey, DerivedCommandId, ViewId } from '../../src/platform/contributions';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string }>; views: Record<string, Array<{ id: string }>> };
};

function sources(dir: string): Array<[string, string]> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e): Array<[string, string]> => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [[path.relative(ROOT, p), fs.readFileSync(p, 'utf8')]] : [];
  });
}
const src = sources(path.join(ROOT, 'src'));

describe('command ids', () => {
  const ids: string[] = Object.values(CommandId);

  it('are exactly the commands package.json contributes', () => {
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepStrictEqual([...ids].sort(), contributed);
  });

  it('each have one command object in the registry list (`id: CommandId.x`)', () => {
    const declared = src.flatMap(([, text]) => [...text.matchAll(/\bid: CommandId\.(\w+)/g)].map((m) => m[1]!));
    // The refactor tasks are declared in one table ([CommandId.x, task]).
    const tabled = src.flatMap(([, text]) => [...text.matchAll(/\[CommandId\.(\w+), '\w+'\]/g)].map((m) => m[1]!));
    assert.deepStrictEqual([...declared, ...tabled].sort(), Object.keys(CommandId).sort());
  });

  it('are never bare strings: no claude.* literal is run or registered outside the registry', () => {
    const bare = src.flatMap(([file, text]) =>
      [...text.matchAll(/(?:executeCommand|registerCommand)(?:<[^>]*>)?\(\s*['`"](claude\.[^'`"]*)/g)].map((m) => `${file}: ${m[1]}`),
    );
    assert.deepStrictEqual(bare, []);
    const registrations = src.filter(([, text]) => /vscode\.commands\.registerCommand\(/.test(text)).map(([file]) => file);
    assert.deepStrictEqual(registrations, [path.join('src', 'platform', 'commands.ts')]);
  });

  it('name the view, its focus command and the context key that package.json uses', () => {
    const views = Object.values(pkg.contributes.views).flat().map((v) => v.id);
    assert.ok(views.includes(ViewId.chat));
    assert.strictEqual(DerivedCommandId.focusChat, `${ViewId.chat}.focus`);
    const raw = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    assert.ok(raw.includes(`${ContextKey.proposalPending} &&`), 'the when clauses use the context key');
  });
});
