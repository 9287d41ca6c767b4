// Rule: a call a reviewer wants outside a lock (kasan_add/remove_zero_shadow and mem_hotplug_lock) is
// reached with that lock held. The call/lock pairs are data (kernel/call-under-lock.ts).

import { CALL_UNDER_LOCK } from '../../kernel/call-under-lock.js';
import { holds } from '../../sim/state.js';
import { where, type Rule, viaText } from '../rule.js';

export const kasanUnderHotplugLock: Rule = {
  meta: {
    id: 'kasan-under-hotplug-lock',
    severity: 'warning',
    description:
      'A KASAN shadow call (or another call listed in the call-under-lock table) runs while the lock it should stay out of is held.',
    messages: {
      underLock: '{{callee}}() called with {{lock}} held ({{lock}} taken at {{takenAt}}{{via}}): {{why}}',
    },
  },
  create(ctx) {
    return {
      call(e) {
        for (const pair of CALL_UNDER_LOCK) {
          if (pair.fn !== e.callee) continue;
          const held = holds(e.state, pair.lock);
          if (!held) continue;
          ctx.report({
            messageId: 'underLock',
            data: {
              callee: e.callee,
              lock: pair.lock,
              takenAt: where(held.takenAt),
              via: viaText(held.via),
              why: pair.why,
            },
            site: e.site,
            fn: e.fn,
            chain: e.chain,
            state: e.state,
            detail: `${e.callee}|${pair.lock}`,
          });
        }
      },
    };
  },
};
