// The pickers' model ids as each platform names them (the README's "Model ids per platform").
import * as assert from 'assert';
import type { Connection } from '../../src/core/connection';
import { PLATFORM_MODEL_IDS, platformModelId } from '../../src/core/platformModels';
import { BUILT_IN_MODELS } from '../../src/core/models';

const bedrock = (inferencePrefix = ''): Connection => ({ provider: 'bedrock', region: 'us-east-1', profile: '', baseUrl: '', inferencePrefix });
const vertex: Connection = { provider: 'vertex', projectId: 'p', region: 'global', baseUrl: '' };

describe('platform model ids', () => {
  it('has a Bedrock and a Vertex id for every model of the built-in list', () => {
    assert.deepStrictEqual(BUILT_IN_MODELS.map((m) => m.id).filter((id) => !PLATFORM_MODEL_IDS[id]), []);
  });

  it('maps to Bedrock ids, with the cross-region inference prefix when one is set', () => {
    assert.strictEqual(platformModelId(bedrock(), 'claude-sonnet-4-5'), 'anthropic.claude-sonnet-4-5-20250929-v1:0');
    assert.strictEqual(platformModelId(bedrock('eu'), 'claude-sonnet-5-5'), 'eu.anthropic.claude-sonnet-5-5-v1');
    // A model the table does not know, by the platform's naming rule.
    assert.strictEqual(platformModelId(bedrock(), 'claude-fable-6-0'), 'anthropic.claude-fable-6-0-v1');
  });

  it('sends a Bedrock id or ARN as it is (no second prefix)', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc';
    assert.strictEqual(platformModelId(bedrock('us'), arn), arn);
    assert.strictEqual(platformModelId(bedrock('us'), 'global.anthropic.claude-opus-5-5-v1'), 'global.anthropic.claude-opus-5-5-v1');
    assert.strictEqual(platformModelId(bedrock('us'), 'anthropic.claude-opus-5-5-v1'), 'us.anthropic.claude-opus-5-5-v1');
  });

  it('maps to Vertex ids, and leaves the Anthropic API, Foundry and gateways alone', () => {
    assert.strictEqual(platformModelId(vertex, 'claude-haiku-4-5'), 'claude-haiku-4-5@20251001');
    assert.strictEqual(platformModelId(vertex, 'claude-opus-4-5@20251101'), 'claude-opus-4-5@20251101');
    assert.strictEqual(platformModelId({ provider: 'foundry', resource: 'r', baseUrl: '', apiKey: undefined }, 'claude-sonnet-4-5'), 'claude-sonnet-4-5');
    assert.strictEqual(platformModelId({ provider: 'anthropic', apiKey: 'k', baseUrl: '' }, 'claude-sonnet-4-5'), 'claude-sonnet-4-5');
  });
});
