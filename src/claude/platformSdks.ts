/**
 * Anthropic's packages for Bedrock, Vertex and Foundry, each loaded the first time its provider is
 * used. In the bundle, `./bedrockEntry` is dist/bedrock.js and so on (scripts/build.mjs), built
 * with the SDK of dist/sdk.js (one SDK, so its errors are the same classes); in the compiled tests
 * they are the modules next to this one.
 */
import type * as BedrockEntry from './bedrockEntry';
import type * as FoundryEntry from './foundryEntry';
import type * as VertexEntry from './vertexEntry';

interface Entries {
  bedrock: typeof BedrockEntry;
  vertex: typeof VertexEntry;
  foundry: typeof FoundryEntry;
}

const loaded: Partial<Entries> = {};

export function platformSdk<K extends keyof Entries>(name: K): Entries[K] {
  if (!loaded[name]) {
    // Literal requires, so that the bundler sees each one.
    const load: { [P in keyof Entries]: () => Entries[P] } = {
      bedrock: () => require('./bedrockEntry') as Entries['bedrock'],
      vertex: () => require('./vertexEntry') as Entries['vertex'],
      foundry: () => require('./foundryEntry') as Entries['foundry'],
    };
    loaded[name] = load[name]();
  }
  return loaded[name]!;
}
