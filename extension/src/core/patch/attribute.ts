// Ties a finding to the patch: the `+` line (or, for a Fixed finding, the `-` line) of the mail that
// put its location, or failing that a call on its chain, or a related location, into the tree.

import type { ComparedFinding } from './compare.js';
import type { AddedLine, LineMap } from './linemap.js';
import type { Finding } from '../model/finding.js';

export interface PatchRef extends AddedLine {
  /** `+` for a line the series added, `-` for a tree line it removed. */
  sign: '+' | '-';
  /** What of the finding sits on that line. */
  via: 'location' | 'call' | 'related';
  /** The line in the tree after (for `+`) or before (for `-`) the series. */
  file: string;
  line: number;
}

export interface AttributedFinding extends ComparedFinding {
  patch?: PatchRef;
}

function firstHit(
  finding: Finding,
  lookup: (file: string, line: number) => AddedLine | undefined,
  sign: '+' | '-',
): PatchRef | undefined {
  const candidates: { file: string; line: number; via: PatchRef['via'] }[] = [
    { file: finding.location.file, line: finding.location.line, via: 'location' },
    // The call nearest the finding first: that is the one the patch most likely added.
    ...[...finding.chain].reverse().map((s) => ({ file: s.file, line: s.line, via: 'call' as const })),
    ...finding.related.map((r) => ({ file: r.file, line: r.line, via: 'related' as const })),
  ];
  for (const c of candidates) {
    const hit = lookup(c.file, c.line);
    if (hit) return { ...hit, sign, via: c.via, file: c.file, line: c.line };
  }
  return undefined;
}

export function attribute(compared: readonly ComparedFinding[], map: LineMap): AttributedFinding[] {
  return compared.map((c) => {
    const patch =
      c.status === 'fixed'
        ? firstHit(c.finding, (file, line) => map.removedBy(file, line), '-')
        : firstHit(c.finding, (file, line) => map.addedBy(file, line), '+');
    return patch ? { ...c, patch } : { ...c };
  });
}
