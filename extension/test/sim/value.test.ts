import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/core/syntax/body.js';
import { evaluate, truthy, type Value } from '../../src/core/sim/value.js';
import { parseC } from './parse-expr.js';
import { SHIPPED_SCENARIOS } from '../../src/core/kernel/scenarios.js';
import { initialModel } from '../../src/core/sim/scenario.js';

const scenario = SHIPPED_SCENARIOS.find((s) => s.name === 'unaligned')!;
const env = (vars: Record<string, Value> = {}) => ({ vars: new Map(Object.entries(vars)), scenario, calls: new Map() });
const num = (e: Expr, vars?: Record<string, Value>) => {
  const v = evaluate(e, env(vars));
  return v.k === 'int' ? v.v : v;
};

describe('scenario-driven evaluation of kernel range arithmetic', () => {
  it('aligns a sub-section range start down and its end up to sections (4.19 devm_memremap_pages)', async () => {
    const start = await parseC('res->start & ~(SECTION_SIZE - 1)');
    const size = await parseC('ALIGN(res->start + resource_size(res), SECTION_SIZE) - align_start');
    const alignStart = num(start);
    expect(alignStart).toBe(16n << 30n);
    expect(num(size, { align_start: { k: 'int', v: alignStart as bigint } })).toBe(9n << 27n); // 17 GiB + 4 MiB rounded up to a 128 MiB section
  });

  it('turns byte ranges into pfns with PHYS_PFN, >> PAGE_SHIFT and range_len()', async () => {
    expect(num(await parseC('PHYS_PFN(range->start)'))).toBe(((16n << 30n) + (2n << 20n)) >> 12n);
    expect(num(await parseC('PHYS_PFN(range_len(range))'))).toBe(((1n << 30n) + (2n << 20n)) >> 12n);
    expect(num(await parseC('range->start >> PAGE_SHIFT'))).toBe(((16n << 30n) + (2n << 20n)) >> 12n);
  });

  it('decides conditions on the pgmap type and keeps unknown calls undecided', async () => {
    expect(truthy(evaluate(await parseC('pgmap->type == MEMORY_DEVICE_PRIVATE'), env()))).toBe(false);
    expect(truthy(evaluate(await parseC('pgmap->type == MEMORY_DEVICE_GENERIC'), env()))).toBe(true);
    expect(truthy(evaluate(await parseC('-EINVAL'), env()))).toBe(true);
    expect(truthy(evaluate(await parseC('ret'), env()))).toBeUndefined();
    expect(truthy(evaluate(await parseC('ret < 0'), env({ ret: { k: 'unknown', truthy: false } })))).toBe(false);
  });

  it('names the zone of &NODE_DATA(nid)->node_zones[ZONE_DEVICE]', async () => {
    expect(
      evaluate(await parseC('&NODE_DATA(nid)->node_zones[ZONE_DEVICE]'), env({ nid: { k: 'int', v: 0n } })),
    ).toEqual({ k: 'zone', zone: 'DEVICE', nid: 0 });
  });

  it("walks a node's zone array and reads zone spans from the model", async () => {
    const model = initialModel(scenario);
    const zenv = (vars: Record<string, Value>) => ({ ...env(vars), model });
    const node: Value = { k: 'node', nid: 0 };
    const first = evaluate(await parseC('pgdat->node_zones'), zenv({ pgdat: node }));
    expect(first).toEqual({ k: 'zone', zone: 'DMA', nid: 0 });
    const end = evaluate(await parseC('pgdat->node_zones + MAX_NR_ZONES'), zenv({ pgdat: node }));
    expect(end).toEqual({ k: 'zones-end', nid: 0 });
    const next = evaluate(await parseC('zone + 1'), zenv({ zone: first }));
    expect(next).toEqual({ k: 'zone', zone: 'DMA32', nid: 0 });
    expect(truthy(evaluate(await parseC('zone < end'), zenv({ zone: next, end })))).toBe(true);
    const last: Value = { k: 'zone', zone: 'DEVICE', nid: 0 };
    expect(truthy(evaluate(await parseC('zone + 1 < end'), zenv({ zone: last, end })))).toBe(false);
    expect(evaluate(await parseC('zone->zone_start_pfn'), zenv({ zone: next }))).toEqual({ k: 'int', v: 4096n });
    expect(evaluate(await parseC('zone_end_pfn(zone)'), zenv({ zone: first }))).toEqual({ k: 'int', v: 4096n });
    expect(evaluate(await parseC('zone->spanned_pages'), zenv({ zone: last }))).toEqual({ k: 'int', v: 0n });
    // The node of a zone the path cannot name is the scenario range's node.
    expect(evaluate(await parseC('zone->zone_pgdat'), zenv({}))).toEqual({ k: 'node', nid: 0 });
    // Without the model, zone spans stay unknown.
    expect(evaluate(await parseC('zone->zone_start_pfn'), env({ zone: next })).k).toBe('unknown');
  });
});
