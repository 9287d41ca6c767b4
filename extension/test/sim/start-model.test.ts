import { describe, expect, it } from 'vitest';
import { startModel } from '../../src/core/sim/scenario.js';
import { answerPfnTest } from '../../src/core/sim/pfn-test.js';
import { memmapAt } from '../../src/core/sim/model.js';
import { PFN_TESTS } from '../../src/core/kernel/pfn-tests.js';
import { SHIPPED_SCENARIOS } from '../../src/core/kernel/scenarios.js';
import { int } from '../../src/core/sim/value.js';

const scenario = SHIPPED_SCENARIOS[0]!;
/** The default scenario's range: 16 GiB + 1 GiB, pfns 0x400000-0x43ffff; sections are 0x8000 pages. */
const RANGE_END = 0x440000;
const SECTION = 0x8000;

function answers(model: ReturnType<typeof startModel>, pfn: number) {
  return {
    valid: answerPfnTest(PFN_TESTS.pfn_valid!, int(pfn), model),
    online: answerPfnTest(PFN_TESTS.pfn_to_online_page!, int(pfn), model).k,
    memmap: memmapAt(model, pfn),
  };
}

describe('the offlining start model: an offlined block between online blocks of one zone', () => {
  const model = startModel(scenario, 'ram-online');

  it('spans ZONE_MOVABLE and the node over the range, the offlined block and the online block after it', () => {
    const node = model.nodes[0]!;
    expect([node.zones.MOVABLE.start, node.zones.MOVABLE.spanned]).toEqual([0x400000, 0x40000 + 2 * SECTION]);
    expect(node.start + node.spanned).toBe(RANGE_END + 2 * SECTION);
  });

  it('answers pfn_valid() but not pfn_to_online_page() in the offlined block, whose memmap is poisoned', () => {
    expect(answers(model, RANGE_END)).toEqual({ valid: int(1), online: 'int', memmap: 'offline' });
    expect(answerPfnTest(PFN_TESTS.pfn_to_online_page!, int(RANGE_END), model)).toEqual(int(0));
    expect(answers(model, RANGE_END + SECTION - 1).memmap).toBe('offline');
  });

  it('answers both in the range and in the online block after the offlined one', () => {
    for (const pfn of [0x400000, RANGE_END - 1, RANGE_END + SECTION, RANGE_END + 2 * SECTION - 1])
      expect(answers(model, pfn)).toEqual({ valid: int(1), online: 'page', memmap: 'initialized' });
  });

  it('ends with the online block: nothing is there past it', () => {
    expect(answers(model, RANGE_END + 2 * SECTION)).toEqual({ valid: int(0), online: 'int', memmap: 'absent' });
  });

  it('leaves the other starts without the neighbour blocks', () => {
    for (const start of ['ram-added', 'device-set-up', 'fresh'] as const)
      expect(memmapAt(startModel(scenario, start), RANGE_END)).toBe('absent');
  });
});
