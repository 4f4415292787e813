import { describe, expect, it } from 'vitest';
import { DELIMITER, ProtocolError, decode, encode, newMessage, sign } from '../../kernel-sim/report/index.js';

describe('Jupyter wire protocol', () => {
  const key = 'secret';

  it('round-trips a message, also behind routing identities', () => {
    const msg = newMessage('execute_request', 'sess', { code: '1+1' });
    const frames = encode(key, msg);
    expect(frames[0]!.equals(DELIMITER)).toBe(true);
    const back = decode(key, [Buffer.from('identity'), ...frames]);
    expect(back.header).toEqual(msg.header);
    expect(back.content).toEqual({ code: '1+1' });
    expect(back.header.version).toBe('5.3');
  });

  it('signs with HMAC-SHA256 over header, parent, metadata and content', () => {
    const frames = encode(key, newMessage('kernel_info_request', 's', {}));
    expect(frames[1]!.toString()).toBe(sign(key, frames.slice(2).map((f) => f.toString())));
    expect(frames[1]!.toString()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a bad signature and a missing delimiter', () => {
    const frames = encode(key, newMessage('status', 's', {}));
    expect(() => decode('other-key', frames)).toThrow(ProtocolError);
    expect(() => decode(key, frames.slice(1))).toThrow(/delimiter/);
  });
});
