// Bedrock's streaming body: AWS event-stream messages, encoded by @smithy/eventstream-codec. Each
// Anthropic event is a `chunk` event whose JSON body carries the event's JSON in base64 under
// "bytes"; an exception is a message of type `exception` named by `:exception-type`.
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

const str = (value: string) => ({ type: 'string' as const, value });

/** One Anthropic streaming event (message_start, content_block_delta…) as a Bedrock chunk. */
export function chunkFrame(event: unknown): Uint8Array {
  const headers: MessageHeaders = {
    ':event-type': str('chunk'),
    ':content-type': str('application/json'),
    ':message-type': str('event'),
  };
  const bytes = Buffer.from(JSON.stringify(event), 'utf8').toString('base64');
  return codec.encode({ headers, body: fromUtf8(JSON.stringify({ bytes })) });
}

/**
 * An exception inside the stream, e.g. `modelStreamErrorException`, `throttlingException`,
 * `serviceUnavailableException` (camel case, as Bedrock names the stream's members).
 */
export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  const headers: MessageHeaders = {
    ':exception-type': str(exceptionType),
    ':content-type': str('application/json'),
    ':message-type': str('exception'),
  };
  return codec.encode({ headers, body: fromUtf8(JSON.stringify({ message })) });
}
