// Describes zone-model states and changes in words and table rows, for traces, hovers and findings.

import { ZONE_NAMES, memmapAt, sectionState, type PfnRange, type ZoneModel } from '../sim/model.js';

const hex = (n: number) => `0x${n.toString(16)}`;

export function spanText(s: { start: number; spanned: number }): string {
  return s.spanned === 0 ? 'empty' : `${hex(s.start)}-${hex(s.start + s.spanned)}`;
}

/** Rows (what, value) describing the model over a pfn range of interest. */
export function modelRows(m: ZoneModel, range: PfnRange): [string, string][] {
  const rows: [string, string][] = [];
  for (const n of m.nodes) {
    rows.push([`node ${n.id} span`, spanText(n)]);
    for (const z of ZONE_NAMES)
      if (n.zones[z].spanned > 0 || z === 'DEVICE') rows.push([`ZONE_${z}`, spanText(n.zones[z])]);
  }
  const first = Math.floor(range.start / m.pagesPerSection);
  const last = Math.floor((range.end - 1) / m.pagesPerSection);
  const states = new Map<string, number[]>();
  for (let nr = first; nr <= last && nr - first < 4096; nr++) {
    const s = sectionState(m, nr);
    const text = s.present ? `present${s.valid ? ', valid' : ''}${s.online ? ', online' : ''}` : 'absent';
    states.set(text, [...(states.get(text) ?? []), nr]);
  }
  for (const [text, nrs] of states) rows.push([`sections ${nrs[0]}-${nrs[nrs.length - 1]}`, text]);
  const mm = new Map<string, number>();
  for (const p of [range.start, Math.min(range.end - 1, range.start + 4096), range.end - 1])
    mm.set(memmapAt(m, p), (mm.get(memmapAt(m, p)) ?? 0) + 1);
  rows.push(['memmap', [...new Set([memmapAt(m, range.start), memmapAt(m, range.end - 1)])].join(' .. ')]);
  const covers = (l: readonly PfnRange[]) =>
    l.some((r) => r.start <= range.start && r.end >= range.end) ? 'yes' : 'no';
  rows.push(
    ['linear map', covers(m.linearMap)],
    ['KASAN shadow', covers(m.kasanShadow)],
    ['PAT tracked', covers(m.patTracked)],
  );
  return rows;
}

/** Only the rows that differ between two models, as `what: before -> after`. */
export function modelChanges(
  before: ZoneModel,
  after: ZoneModel,
  range: PfnRange,
): { what: string; before: string; after: string }[] {
  const a = new Map(modelRows(before, range));
  const out: { what: string; before: string; after: string }[] = [];
  for (const [what, value] of modelRows(after, range)) {
    const was = a.get(what) ?? '-';
    if (was !== value) out.push({ what, before: was, after: value });
  }
  return out;
}
