// Rule: the memmap (struct page) of a pfn is read where the model says it is uninitialized, reserved by
// the altmap, removed, or never allocated: page_zone()/page_to_nid() would read garbage. Also the memmap of a
// pfn the user supplied (a sysfs store's number) read where the path has not proven it online: the user may
// name memory whose memmap exists but was never initialized, whatever the zone model holds.

import { MEMMAP_STATE_WHY } from '../../kernel/model-bindings.js';
import { USER_PFN_PROOF, USER_PFN_WHY } from '../../kernel/user-input.js';
import type { Rule } from '../rule.js';

export const memmapUninitializedAccess: Rule = {
  meta: {
    id: 'memmap-uninitialized-access',
    severity: 'error',
    description: 'A struct page is read where the zone model says the memmap is not initialized.',
    messages: {
      read: '{{how}}() reads the struct page of pfn {{pfn}}, which is {{state}}',
      userPfn:
        "{{how}}() reads the struct page of a pfn the user supplied ({{parser}}() of the store's buffer), and {{proof}}: {{why}}",
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
      userMemmapRead(e) {
        const proof =
          e.proven && e.provenBy
            ? `${e.provenBy}() proves only that it is ${USER_PFN_PROOF[e.proven]}`
            : 'nothing on this path tested it';
        ctx.report({
          messageId: 'userPfn',
          data: { how: e.how, parser: e.parsedBy, proof, why: USER_PFN_WHY },
          site: e.site,
          fn: e.fn,
          chain: e.chain,
          state: e.state,
          detail: `${e.how}|user`,
          userInput: true,
        });
      },
    };
  },
};
