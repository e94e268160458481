import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, secretScrubber } from '../../src/log.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  return {
    lines,
    stream: new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  };
}

describe('createLogger', () => {
  it('scrubs the token from error messages, stacks and nested fields', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', { secrets: [TOKEN, 'sk-openai-key-1234567890'], destination: stream });
    log.error({ err: new Error(`login failed with ${TOKEN}`), config: { token: TOKEN }, note: 'key sk-openai-key-1234567890' }, 'boom');
    const out = lines.join('');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('sk-openai-key-1234567890');
    expect(JSON.parse(out)).toMatchObject({ msg: 'boom', config: { token: '[redacted]' }, note: 'key [redacted]', err: { message: 'login failed with [redacted]' } });
  });

  it('scrubs interaction tokens from webhook URLs but keeps the application id', () => {
    expect(secretScrubber([])('PATCH http://x/api/v10/webhooks/1122334455/aW50ZXJhY3Rpb24tdG9rZW4/messages/@original')).toBe(
      'PATCH http://x/api/v10/webhooks/1122334455/[redacted]/messages/@original',
    );
  });

  it('ignores empty or very short secrets instead of garbling every line', () => {
    expect(secretScrubber([null, '', 'ab'])('a cab of ab')).toBe('a cab of ab');
  });
});
