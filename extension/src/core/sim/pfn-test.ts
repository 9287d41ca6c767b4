// Answers a pfn or section test from the zone model, so a path continues only where the test's answer
// is what the model says: a scan guarded by pfn_to_online_page() skips offline and device memory, one
// guarded by pfn_valid() goes on into memmaps that exist but were never initialized.

import type { PfnTest } from '../kernel/pfn-tests.js';
import { sectionOf, sectionState, type ZoneModel } from './model.js';
import { int, toNumber, UNKNOWN, type Value } from './value.js';

function sectionNumber(test: PfnTest, arg: Value | undefined, model: ZoneModel): number | undefined {
  if (!arg) return undefined;
  if (test.takes === 'pfn') {
    const pfn = toNumber(arg);
    return pfn === undefined ? undefined : sectionOf(model, pfn);
  }
  if (test.takes === 'section') return arg.k === 'section' ? toNumber(arg.nr) : undefined;
  return toNumber(arg);
}

export function answerPfnTest(test: PfnTest, arg: Value | undefined, model: ZoneModel): Value {
  const nr = sectionNumber(test, arg, model);
  if (nr === undefined) return UNKNOWN;
  if (!sectionState(model, nr)[test.proves]) return int(0);
  return test.returns === 'page' && arg ? { k: 'page', pfn: arg } : int(1);
}
