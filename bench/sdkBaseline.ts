// The reference for the overhead bench: a plain Node script on the official SDK that streams one
// reply from the fake server at full speed and waits for its final text. Run as a child process
// (on the same Node 24 as the extension host): prints one JSON line {startedAt, doneAt, chars}.
//
//   node out/bench/sdkBaseline.js <baseURL> <apiKey> <model>
import Anthropic from '@anthropic-ai/sdk';
import { now } from './util';

async function main(): Promise<void> {
  const [baseURL, apiKey, model] = process.argv.slice(2);
  if (!baseURL || !apiKey || !model) throw new Error('usage: sdkBaseline <baseURL> <apiKey> <model>');
  const client = new Anthropic({ apiKey, baseURL });
  const startedAt = now();
  const stream = client.messages.stream({
    model,
    max_tokens: 32_000,
    messages: [{ role: 'user', content: 'Review the module.' }],
  });
  const text = await stream.finalText();
  const doneAt = now();
  process.stdout.write(`${JSON.stringify({ startedAt, doneAt, chars: text.length })}\n`);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
