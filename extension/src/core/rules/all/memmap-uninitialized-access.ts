// Rule: the memmap (struct page) of a pfn is read where the model says it is uninitialized, reserved by
// the altmap, removed, or never allocated: page_zone()/page_to_nid() would read garbage.

import type { Rule } from '../rule.js';

const BAD: Readonly<Record<string, string>> = {
  uninitialized:
    'allocated by add_pages() but not yet initialized (move_pfn_range_to_zone()/memmap_init_zone_device() has not run)',
  'altmap-reserved': 'reserved by the vmem_altmap for the memmap itself and never initialized',
  removed: 'already freed by the removal of its section',
  absent: 'not backed by any memmap',
};

export const memmapUninitializedAccess: Rule = {
  meta: {
    id: 'memmap-uninitialized-access',
    severity: 'error',
    description: 'A struct page is read where the zone model says the memmap is not initialized.',
    messages: {
      read: '{{how}}() reads the struct page of pfn {{pfn}}, which is {{state}}',
    },
  },
  create(ctx) {
    return {
      memmapRead(e) {
        const why = BAD[e.memmap];
        if (!why) return;
        ctx.report({
          messageId: 'read',
          data: { how: e.how, pfn: `0x${e.pfn.toString(16)}`, state: why },
          site: e.site,
          fn: e.fn,
          chain: e.chain,
          state: e.state,
          detail: `${e.how}|${e.memmap}`,
          model: [{ what: `memmap of pfn 0x${e.pfn.toString(16)}`, before: e.memmap, after: e.memmap }],
        });
      },
    };
  },
};
