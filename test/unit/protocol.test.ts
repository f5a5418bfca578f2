import * as assert from 'assert';
import { parseWebviewMessage } from '../../src/platform/webview/messageSchema';
import { ReplyAssembly } from '../../src/core/reply';
import { usageFrom } from '../../src/core/usage';
import { describeFailure } from '../../src/core/failures';

describe('webview protocol', () => {
  it('accepts the messages the webview may send', () => {
    assert.deepStrictEqual(parseWebviewMessage({ type: 'send', text: 'hi' }), { type: 'send', text: 'hi' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'stop' }), { type: 'stop' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'applyCode', code: 'x' }), { type: 'applyCode', code: 'x' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'action', action: 'setApiKey' }), { type: 'action', action: 'setApiKey' });
  });

  it('drops anything else, and strips extra fields', () => {
    for (const bad of [null, 'send', 42, {}, { type: 'eval', code: 'x' }, { type: 'send' }, { type: 'send', text: 3 }, { type: 'action', action: 'runCommand' }]) {
      assert.strictEqual(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
    assert.deepStrictEqual(parseWebviewMessage({ type: 'stop', command: 'workbench.action.terminal.new' }), { type: 'stop' });
  });
});

describe('reply assembly', () => {
  it('builds the reply from deltas and marks a max_tokens stop as incomplete', () => {
    const r = new ReplyAssembly('r1', 'claude-sonnet-5-5');
    r.appendThinking('hmm');
    r.appendText('Hello');
    r.appendText(' world');
    r.complete(usageFrom('claude-sonnet-5-5', { input_tokens: 5, output_tokens: 2 }), 'max_tokens');
    const v = r.toTurn();
    assert.strictEqual(v.text, 'Hello world');
    assert.strictEqual(v.thinking, 'hmm');
    assert.match(v.incomplete!, /max tokens/);
  });

  it('keeps what streamed when it fails, and ignores anything after the end', () => {
    const r = new ReplyAssembly('r2', 'm');
    r.appendText('partial');
    const stopped = describeFailure({ kind: 'stopped' });
    r.fail(stopped);
    r.appendText(' more');
    r.complete(usageFrom('m', {}), 'end_turn');
    assert.deepStrictEqual(r.toTurn(), { id: 'r2', role: 'assistant', text: 'partial', model: 'm', incomplete: 'Stopped.', error: stopped });
  });
});
