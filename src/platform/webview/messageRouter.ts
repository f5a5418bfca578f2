/**
 * The one router of webview → host messages. Each view's channel validates a message against the
 * protocol, then hands it here with the view it came from; the handler table (src/webviewMessages.ts)
 * has exactly one handler per message type, so a new message type does not compile until it has one.
 * What a handler throws is shown as a Problem; nothing is fire-and-forget.
 */
import type { WebviewMessage } from '../../shared/protocol';
import type { Log } from '../log';
import { showProblem } from '../problems';

/** The view a message came from: what Stop, Retry and the ready handshake mean there. */
export interface WebviewSource {
  readonly kind: 'chat' | 'panel';
  stop(): void;
  retry(): void;
  /** After the ready handshake (the view has its state). */
  ready?(): void;
}

export type MessageHandlers = {
  [K in WebviewMessage['type']]: (message: Extract<WebviewMessage, { type: K }>, source: WebviewSource) => unknown;
};

export class MessageRouter {
  private handlers: MessageHandlers | undefined;

  constructor(private readonly log: Log) {}

  /** The handler table, set once every view and feature exists. */
  use(handlers: MessageHandlers): void {
    this.handlers = handlers;
  }

  async dispatch(message: WebviewMessage, source: WebviewSource): Promise<void> {
    const handler = this.handlers?.[message.type] as ((m: WebviewMessage, s: WebviewSource) => unknown) | undefined;
    if (!handler) {
      this.log.warn(`no handler for the webview message '${message.type}'`);
      return;
    }
    try {
      await handler(message, source);
    } catch (err) {
      showProblem(err, this.log);
    }
  }
}
