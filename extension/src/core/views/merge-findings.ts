// One finding per place: the same rule and message at the same site, reached from several entries or
// chains, becomes one finding whose related locations cover every chain (for editors' problem lists).

import type { Finding } from '../model/finding.js';
import type { RelatedLoc } from '../model/location.js';

const ENTRY_SUFFIX = / \(reached from the same entry, \S+\(\)\)$/;

export function mergeFindingsBySite(findings: readonly Finding[]): Finding[] {
  const bySite = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.location.file}:${f.location.line}:${f.location.column}|${f.ruleId}|${f.message.replace(ENTRY_SUFFIX, '')}`;
    const first = bySite.get(key);
    if (!first) {
      bySite.set(key, f);
      continue;
    }
    bySite.set(key, { ...first, related: mergeRelated(first.related, f.related) });
  }
  return [...bySite.values()];
}

/** `a` followed by the places of `b` it does not have yet. */
export function mergeRelated(a: readonly RelatedLoc[], b: readonly RelatedLoc[]): RelatedLoc[] {
  const seen = new Set(a.map(relatedKey));
  return [...a, ...b.filter((r) => !seen.has(relatedKey(r)))];
}

function relatedKey(r: RelatedLoc): string {
  return `${r.file}:${r.line}:${r.column}|${r.message}`;
}
