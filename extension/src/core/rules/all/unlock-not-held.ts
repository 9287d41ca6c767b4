// Rule: a lock is released on a path where it is not held (after a failed trylock, a double unlock).

import { decisionWhat } from '../../sim/decision.js';
import { isUnresolved } from '../../sim/lockid.js';
import type { Rule } from '../rule.js';
import { callerMayHold } from '../../model/root.js';

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
        if (
          e.held ||
          e.maybeReleasedBefore ||
          isUnresolved(e.lock) ||
          e.lock === 'irqs-off' ||
          e.lock === 'preempt-off'
        )
          return;
        // An exported root may be called with the lock held by its caller, unless no exported function takes it.
        if (callerMayHold(ctx.root(), e.lock)) return;
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
