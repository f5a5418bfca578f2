/**
 * Runs the fake Anthropic server as a separate process.
 *
 *   node out/test/fake-anthropic/cli.js [--port N] [--host H] [--script reply.json]
 *
 * Prints `FAKE_ANTHROPIC_URL=http://127.0.0.1:PORT` on one line once listening, and runs until
 * SIGINT/SIGTERM. `--script` sets the default ReplyScript (a JSON object). Other processes drive it
 * through the control API: POST /__fake/enqueue, POST /__fake/reset, GET /__fake/requests,
 * POST /__fake/models, POST /__fake/default, POST /__fake/keys, POST /__fake/threads/forget.
 */
import * as fs from 'fs';
import { parseJsonOrThrow } from './json';
import { parseReplyScript } from './scriptSchema';
import { startFakeAnthropic } from './server';

function parseArgs(argv: string[]): { port?: number; host?: string; script?: string } {
  const out: { port?: number; host?: string; script?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port': {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 0 || v > 65535) throw new Error(`invalid --port`);
        out.port = v;
        break;
      }
      case '--host':
        out.host = value();
        break;
      case '--script':
        out.script = value();
        break;
      case '--help':
      case '-h':
        process.stdout.write('usage: node out/test/fake-anthropic/cli.js [--port N] [--host H] [--script reply.json]\n');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument: ${a}`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const server = await startFakeAnthropic({ port: args.port, host: args.host });
  if (args.script) {
    server.setDefault(parseReplyScript(parseJsonOrThrow(fs.readFileSync(args.script, 'utf8'))));
  }
  process.stdout.write(`FAKE_ANTHROPIC_URL=${server.url}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fake-anthropic: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
