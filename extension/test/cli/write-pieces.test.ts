import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writePieces } from '../../src/surfaces/cli/write-pieces.js';

/** A stream that takes one write at a time and says so (highWaterMark 1), so every write waits for drain. */
function slowSink(): { sink: Writable; writes: string[] } {
  const writes: string[] = [];
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _enc, done) {
      writes.push(chunk.toString());
      setImmediate(done);
    },
  });
  return { sink, writes };
}

describe('writePieces', () => {
  it('writes every piece in order, in batches of about a megabyte, waiting for a full stream to drain', async () => {
    const { sink, writes } = slowSink();
    const piece = 'x'.repeat(300_000);
    function* pieces() {
      for (let i = 0; i < 10; i++) yield `${i}${piece}`;
    }
    await writePieces(pieces(), sink);
    expect(writes.join('')).toBe([...pieces()].join(''));
    // 4 pieces of 300,001 characters pass 1 MiB; 10 pieces make batches of 4, 4 and 2.
    expect(writes.map((w) => w.length)).toEqual([1_200_004, 1_200_004, 600_002]);
  });

  it('writes nothing for no pieces', async () => {
    const { sink, writes } = slowSink();
    await writePieces([], sink);
    expect(writes).toEqual([]);
  });
});
