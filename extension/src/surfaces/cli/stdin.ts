// `--patch -`: the series piped in (`git format-patch --stdout A..B | ...`, `b4 am -o - ...`), read once.

import { MAX_PATCH_FILE_BYTES } from '../../core/patch/series.js';
import type { PatchSource } from '../../core/patch/types.js';
import { UsageError } from './session.js';

/** The name stdin's mails are reported under (`<stdin>:12: ...`). */
export const STDIN_NAME = '<stdin>';

/** Reads stdin to its end; past the patch size limit only the size is kept, so the core refuses it by size. */
export async function readStdinSource(
  stream: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
): Promise<PatchSource> {
  if (stream.isTTY)
    throw new UsageError(
      '--patch -: standard input is a terminal; pipe a series in (git format-patch --stdout A..B | memhp-review check --patch -)',
    );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size <= MAX_PATCH_FILE_BYTES) chunks.push(buf);
  }
  if (size === 0) throw new UsageError('--patch -: nothing on standard input');
  if (size > MAX_PATCH_FILE_BYTES) return { name: STDIN_NAME, size };
  return { name: STDIN_NAME, bytes: Buffer.concat(chunks) };
}
