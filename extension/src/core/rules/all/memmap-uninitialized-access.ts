// Rule: the memmap (struct page) of a pfn is read where the model says it is uninitialized, reserved by
// the altmap, removed, or never allocated: page_zone()/page_to_nid() would read garbage.

import { MEMMAP_STATE_WHY } from '../../kernel/model-bindings.js';
import type { Rule } from '../rule.js';

export const memmapUninitializedAccess: Rule = {
  meta: {
    id: 'memmap-uninitialized-access',
    severity: 'error',
    description: 'A struct page is read where the zone model says the memmap is not initialized.',
    messages: {
      read: '{{how}}() reads the struct page of pfn {{pfn}}, which is {{state}}',
    },
    review: { question: 'Is the memmap initialized for this pfn at this point?' },
    needsStartModel: true,
  },
  create(ctx) {
    return {
      memmapRead(e) {
        const why = MEMMAP_STATE_WHY[e.memmap];
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
