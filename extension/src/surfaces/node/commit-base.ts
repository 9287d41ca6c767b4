// The tree a `--commits` series is reviewed against: the loaded snapshot with every file the range
// touches replaced by its text at the range's base commit (or removed where the base has no such file).

import type { ReadTree } from '../../core/patch/apply.js';
import { decodeSource } from '../../core/syntax/decode.js';
import type { Snapshot } from '../../core/workspace/workspace.js';

export interface RangeBase {
  snapshot: Snapshot;
  /** Text of the touched files at the base, for applying the series; other paths fall back to `otherwise`. */
  readTree: ReadTree;
}

const isSource = (path: string) => /\.[ch]$/.test(path);

/**
 * `atBase` holds the touched files at the base; `inScope` says which paths the host indexes (a touched file
 * outside the index stays outside it, as with `--patch`).
 */
export function baseAtCommit(
  loaded: Snapshot,
  atBase: ReadonlyMap<string, Uint8Array | null>,
  inScope: (path: string) => boolean,
  otherwise: ReadTree,
): RangeBase {
  const texts = new Map<string, string | undefined>();
  const changes = new Map<string, string | null>();
  for (const [path, bytes] of atBase) {
    const decoded = bytes ? decodeSource(bytes) : undefined;
    const text = decoded?.ok ? decoded.text : undefined;
    texts.set(path, text);
    if (!isSource(path) || !(loaded.files.has(path) || inScope(path))) continue;
    if (text === undefined ? !loaded.files.has(path) : loaded.text(path) === text) continue;
    changes.set(path, text ?? null);
  }
  return {
    snapshot: changes.size ? loaded.with(changes) : loaded,
    readTree: (path) => (texts.has(path) ? texts.get(path) : otherwise(path)),
  };
}
