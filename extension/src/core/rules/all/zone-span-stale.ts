// Rule: after a removal path, a zone or node span still covers removed sections (unless the code keeps
// that zone's span by design); mem_hotplug_lock is released while a zone span still starts or ends in
// memory the path offlined (trees that shrink zones at offline); a node span recomputed from its zones is
// not the union of the zones that span memory; or a span changes without the lock.

import { ZONE_NAMES, sectionState, type ZoneModel } from '../../sim/model.js';
import type { ModelEvent, NodeSpanWriteEvent, ReleaseEvent } from '../../sim/events.js';
import { holds } from '../../sim/state.js';
import { HOTPLUG_LOCK } from '../../kernel/locks.js';
import { NODE_SPAN_RECOMPUTERS } from '../../kernel/model-bindings.js';
import type { Rule } from '../rule.js';

function removedSections(m: ZoneModel): number[] {
  return [...m.sections.keys()].filter(
    (nr) =>
      !sectionState(m, nr).present &&
      m.memmap.some(
        (p) => p.state === 'removed' && Math.floor(p.start / m.pagesPerSection) <= nr && nr * m.pagesPerSection < p.end,
      ),
  );
}

/** A zone span end (first or last pfn) that lies in memory the path offlined and no shrink has left. */
function unshrunk(m: ZoneModel): { what: string; pfn: number } | undefined {
  const waiting = (pfn: number) => m.awaitingShrink.some((r) => pfn >= r.start && pfn < r.end);
  for (const n of m.nodes)
    for (const z of ZONE_NAMES) {
      const s = n.zones[z];
      if (m.spanKeptByDesign.includes(z) || s.spanned === 0) continue;
      const end = [s.start, s.start + s.spanned - 1].find(waiting);
      if (end !== undefined) return { what: `ZONE_${z}`, pfn: end };
    }
  return undefined;
}

/** Where a node's span must start: at its first zone that spans memory (pfn 0 when none does). */
function unionStart(m: ZoneModel, nid: number): number | undefined {
  const n = m.nodes.find((x) => x.id === nid);
  if (!n) return undefined;
  const starts = ZONE_NAMES.map((z) => n.zones[z])
    .filter((s) => s.spanned > 0)
    .map((s) => s.start);
  return starts.length ? Math.min(...starts) : 0;
}

function spansText(m: ZoneModel): string {
  return m.nodes
    .map(
      (n) =>
        `node${n.id} ${n.start}+${n.spanned}; ${ZONE_NAMES.filter((z) => n.zones[z].spanned > 0)
          .map((z) => `${z} ${n.zones[z].start}+${n.zones[z].spanned}`)
          .join(', ')}`,
    )
    .join(' | ');
}

export const zoneSpanStale: Rule = {
  meta: {
    id: 'zone-span-stale',
    severity: 'warning',
    description: `Zone or node spans are not shrunk after memory is removed, or change without ${HOTPLUG_LOCK}.`,
    messages: {
      stale: 'after this removal the {{what}} span still covers removed section {{section}} (span {{span}})',
      notShrunk:
        '{{lock}} is released while the {{what}} span still covers pfn {{pfn}}, which this path offlined (span {{span}}): zones are shrunk when memory is offlined',
      unlocked: '{{callee}}() changes zone/node spans without {{lock}} held',
      nodeStart:
        '{{fn}}() sets node {{nid}} to start at pfn {{value}}, but the first of its zones that spans memory starts at pfn {{expected}} (span {{span}}): a node spans exactly the union of its non-empty zones, so empty zones (start 0) and the initial value must not count',
    },
    review: { question: 'Is the zone span still right here?' },
    needsStartModel: true,
  },
  create(ctx) {
    let removals: ModelEvent[] = [];
    return {
      nodeSpanWrite(e: NodeSpanWriteEvent) {
        // Only code that recomputes the span from the zones is judged: growing a span over a range being
        // added writes it before the zones are (the model applies a call's effect after its body).
        if (e.field !== 'start' || !NODE_SPAN_RECOMPUTERS.includes(e.fn) || e.value.k !== 'int') return;
        const expected = unionStart(e.state.model, e.nid);
        const value = Number(e.value.v);
        if (expected === undefined || value === expected) return;
        ctx.report({
          messageId: 'nodeStart',
          data: {
            fn: e.fn,
            nid: e.nid,
            value: `0x${value.toString(16)}`,
            expected: `0x${expected.toString(16)}`,
            span: spansText(e.state.model),
          },
          site: e.site,
          fn: e.fn,
          chain: e.chain,
          state: e.state,
          detail: `node ${e.nid}|start`,
        });
      },
      release(e: ReleaseEvent) {
        if (e.lock !== HOTPLUG_LOCK || !e.held) return;
        const left = unshrunk(e.state.model);
        if (!left) return;
        ctx.report({
          messageId: 'notShrunk',
          data: {
            lock: HOTPLUG_LOCK,
            what: left.what,
            pfn: `0x${left.pfn.toString(16)}`,
            span: spansText(e.state.model),
          },
          site: e.site,
          fn: e.fn,
          chain: e.chain,
          state: e.state,
          detail: `${left.what}|offline`,
        });
      },
      model(e) {
        const spansChanged = spansText(e.before) !== spansText(e.after);
        if (spansChanged && !holds(e.state, HOTPLUG_LOCK)) {
          ctx.report({
            messageId: 'unlocked',
            data: { callee: e.callee, lock: HOTPLUG_LOCK },
            site: e.site,
            fn: e.fn,
            chain: e.chain,
            state: e.state,
            detail: e.callee,
            model: [{ what: 'spans', before: spansText(e.before), after: spansText(e.after) }],
          });
        }
        if (removedSections(e.after).length > removedSections(e.before).length) removals.push(e);
      },
      entryDone(done) {
        const seen = new Set<string>();
        for (const exit of done.exits) {
          const m = exit.state.model;
          const removal = [...removals]
            .reverse()
            .find((r) => removedSections(r.after).every((nr) => !sectionState(m, nr).present));
          if (!removal) continue;
          // A span is stale when an end of it lies in removed memory: holes inside spans are normal.
          const removed = new Set(removedSections(m));
          const inRemoved = (pfn: number) => removed.has(Math.floor(pfn / m.pagesPerSection));
          for (const n of m.nodes) {
            const ends = (s: { start: number; spanned: number }) =>
              s.spanned > 0 ? [s.start, s.start + s.spanned - 1] : [];
            const keptCovers = (pfn: number) =>
              m.spanKeptByDesign.some(
                (z) => n.zones[z].spanned > 0 && pfn >= n.zones[z].start && pfn < n.zones[z].start + n.zones[z].spanned,
              );
            const stale: [string, number][] = [];
            for (const z of ZONE_NAMES) {
              if (m.spanKeptByDesign.includes(z)) continue;
              const end = ends(n.zones[z]).find(inRemoved);
              if (end !== undefined) stale.push([`ZONE_${z}`, end]);
            }
            const nodeEnd = ends(n).find((p) => inRemoved(p) && !keptCovers(p));
            if (nodeEnd !== undefined) stale.push([`node ${n.id}`, nodeEnd]);
            for (const [what, pfn] of stale) {
              const key = `${what}|${removal.site.file}:${removal.site.line}`;
              if (seen.has(key)) continue;
              seen.add(key);
              ctx.report({
                messageId: 'stale',
                data: { what, section: Math.floor(pfn / m.pagesPerSection), span: spansText(m) },
                site: removal.site,
                fn: removal.fn,
                chain: removal.chain,
                state: removal.state,
                detail: what,
                model: [{ what: 'spans', before: spansText(removal.before), after: spansText(m) }],
              });
            }
          }
        }
        removals = [];
      },
    };
  },
};
