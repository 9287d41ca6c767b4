// Rule: a lock is released on a path where it is not held (after a failed trylock, a double unlock).

import { decisionWhat } from '../../sim/decision.js';
import { isUnresolved } from '../../sim/lockid.js';
import type { Rule } from '../rule.js';

export const unlockNotHeld: Rule = {
  meta: {
    id: 'unlock-not-held',
    severity: 'error',
    description: 'A lock is released on a path where it is not held.',
    messages: {
      notHeld: '{{lock}} released{{via}} but it is not held on this path{{why}}',
    },
    review: { question: 'Is this lock actually held here?' },
  },
  create(ctx) {
    return {
      release(e) {
        if (e.held || isUnresolved(e.lock) || e.lock === 'irqs-off' || e.lock === 'preempt-off') return;
        const last = e.state.decisions.at(-1);
        ctx.report({
          messageId: 'notHeld',
          data: {
            lock: e.lock,
            via: e.via ? ` by ${e.via}()` : '',
            why: last ? ` (${decisionWhat(last)})` : '',
          },
          site: e.site,
          fn: e.fn,
          chain: e.chain,
          state: e.state,
          detail: e.lock,
        });
      },
    };
  },
};
