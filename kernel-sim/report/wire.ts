import { createHmac, randomUUID } from 'node:crypto';
import { ProtocolError } from './errors.js';

/**
 * The Jupyter wire protocol (messaging 5.3): signing, framing and parsing of messages.
 * https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol
 */

/** Separates ZeroMQ routing identities from the message proper. */
export const DELIMITER = Buffer.from('<IDS|MSG>');

/** Protocol version this client speaks. */
export const PROTOCOL_VERSION = '5.3';

/** A message header. */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A decoded Jupyter message. */
export interface JupyterMessage<C = Record<string, unknown>> {
  header: MessageHeader;
  /** The header of the request this message answers; `{}` when none. */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: C;
}

/** HMAC-SHA256 hex signature of the four message parts, as the connection key dictates. */
export function sign(key: string, parts: readonly (string | Buffer)[]): string {
  if (key === '') return '';
  const hmac = createHmac('sha256', key);
  for (const p of parts) hmac.update(p);
  return hmac.digest('hex');
}

/** A new request message of `msgType` for `session`. */
export function newMessage<C>(msgType: string, session: string, content: C): JupyterMessage<C> {
  return {
    header: {
      msg_id: randomUUID(),
      session,
      username: 'kernel-sim',
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: {},
    metadata: {},
    content,
  };
}

/** The frames of `msg` ready for a DEALER socket: delimiter, signature, four JSON parts. */
export function encode(key: string, msg: JupyterMessage<unknown>): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) => JSON.stringify(p));
  return [DELIMITER, Buffer.from(sign(key, parts)), ...parts.map((p) => Buffer.from(p))];
}

/**
 * Parses received frames (any routing identities, delimiter, signature, parts).
 * @throws {@link ProtocolError} on a missing delimiter, missing parts or a bad signature.
 */
export function decode(key: string, frames: readonly Buffer[]): JupyterMessage {
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0) throw new ProtocolError('message without <IDS|MSG> delimiter');
  const signature = frames[at + 1]?.toString() ?? '';
  const parts = frames.slice(at + 2);
  if (parts.length < 4) throw new ProtocolError(`message with ${parts.length} parts, want at least 4`);
  const expected = sign(key, parts.slice(0, 4));
  if (signature !== expected) throw new ProtocolError(`bad HMAC signature ${signature}`);
  const [header, parent, metadata, content] = parts.map((p) => JSON.parse(p.toString('utf8')) as unknown);
  return {
    header: header as MessageHeader,
    parent_header: (parent ?? {}) as Partial<MessageHeader>,
    metadata: (metadata ?? {}) as Record<string, unknown>,
    content: (content ?? {}) as Record<string, unknown>,
  };
}
