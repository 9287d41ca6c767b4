// Writes a document given as text pieces to a stream in batches, waiting for the stream to drain, so a
// large document (the index of a whole tree) is never held whole.

import type { Writable } from 'node:stream';

const BATCH_CHARS = 1 << 20;

export async function writePieces(pieces: Iterable<string>, out: Writable): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const ok = out.write(batch.join(''));
    batch = [];
    size = 0;
    if (!ok) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  for (const piece of pieces) {
    batch.push(piece);
    size += piece.length;
    if (size >= BATCH_CHARS) await flush();
  }
  await flush();
}
