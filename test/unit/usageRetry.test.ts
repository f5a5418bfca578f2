import * as assert from 'assert';
import { addUsage, priceFor, usageFrom, ZERO_USAGE } from '../../src/core/usage';
import { forecastRetry, retryDelayMs } from '../../src/core/retry';
import { checkSelection } from '../../src/core/selection';
import { formatCount, formatUsage } from '../../src/shared/format';

const headers = (h: Record<string, string>) => new Headers(h);

describe('usage and cost', () => {
  it('prices a reply by its model family, cache reads and writes included', () => {
    const u = usageFrom('claude-sonnet-5-5', {
      input_tokens: 1_000_000,
      output_tokens: 100_000,
      cache_creation_input_tokens: 1_000_000,
      cache_read_input_tokens: 1_000_000,
    });
    // 3 + 1.5 + 3.75 + 0.3
    assert.ok(Math.abs(u.costUsd! - 8.55) < 1e-9, String(u.costUsd));
    assert.ok(priceFor('claude-opus-5-5'));
    assert.ok(priceFor('claude-haiku-5-5'));
  });

  it('says the cost is unknown for a model it has no price for', () => {
    const u = usageFrom('some-gateway-model', { input_tokens: 10, output_tokens: 2 });
    assert.strictEqual(u.costUsd, undefined);
    assert.match(formatUsage(u), /cost unknown/);
    assert.strictEqual(addUsage(ZERO_USAGE, u).costUsd, undefined);
  });

  it('adds usages and formats them for people', () => {
    const a = usageFrom('claude-haiku-5-5', { input_tokens: 1200, output_tokens: 300, cache_read_input_tokens: 50 });
    const sum = addUsage(a, a);
    assert.strictEqual(sum.inputTokens, 2400);
    assert.strictEqual(formatUsage(sum), '2,400 in · 600 out · 100 cache read · $0.0054');
  });
});

describe('retry forecast (mirrors the SDK rules)', () => {
  it('honours retry-after-ms, then retry-after, else exponential backoff', () => {
    assert.strictEqual(retryDelayMs(headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), 0), 1500);
    assert.strictEqual(retryDelayMs(headers({ 'retry-after': '3' }), 0), 3000);
    assert.strictEqual(retryDelayMs(headers({}), 0), 500);
    assert.strictEqual(retryDelayMs(headers({}), 5), 8000);
    assert.strictEqual(retryDelayMs(headers({ 'retry-after': '0' }), 1), 1000);
  });

  it('retries 408/409/429/5xx while attempts remain; x-should-retry overrides', () => {
    assert.deepStrictEqual(forecastRetry(429, headers({ 'retry-after': '2' }), 0, 2), { willRetry: true, seconds: 2 });
    assert.strictEqual(forecastRetry(529, headers({}), 0, 2).willRetry, true);
    assert.strictEqual(forecastRetry(529, headers({}), 2, 2).willRetry, false);
    assert.strictEqual(forecastRetry(400, headers({}), 0, 2).willRetry, false);
    assert.strictEqual(forecastRetry(400, headers({ 'x-should-retry': 'true' }), 0, 2).willRetry, true);
    assert.strictEqual(forecastRetry(429, headers({ 'x-should-retry': 'false' }), 0, 2).willRetry, false);
  });
});

describe('selection checks', () => {
  it('refuses empty, whitespace, binary and oversized selections before sending', () => {
    assert.deepStrictEqual(checkSelection(''), { kind: 'empty' });
    assert.deepStrictEqual(checkSelection(' \n\t '), { kind: 'whitespace' });
    assert.deepStrictEqual(checkSelection('a\u0000b'), { kind: 'binary' });
    const big = 'x'.repeat(2 * 1024 * 1024);
    assert.deepStrictEqual(checkSelection(big), { kind: 'tooLarge', chars: big.length, limit: 600_000 });
    assert.strictEqual(checkSelection('let x = 1;'), undefined);
  });
});

describe('formatCount', () => {
  it('writes a count as en-US does, thousands separated', () => {
    const values = [0, 7, 42, 999, 1000, 1001, 12_345, 99_999, 100_000, 999_999, 1_000_000, 1_234_567_890, -1234];
    for (let i = 0; i < 200; i++) values.push(Math.floor(Math.random() * 10 ** (1 + (i % 12))));
    for (const n of values) assert.strictEqual(formatCount(n), n.toLocaleString('en-US'), String(n));
  });
});
