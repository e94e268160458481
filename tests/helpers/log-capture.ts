/** A pino destination that keeps every line written, for tests that read what the bot logged. */
import { Writable } from 'node:stream';

export function captureLog(): { lines: string[]; sink: Writable } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, sink };
}
