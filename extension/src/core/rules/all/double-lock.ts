// Rule: a non-recursive lock is acquired again on a path that already holds it.

import { LOCK_BY_FN } from '../../kernel/locks.js';
import { holds } from '../../sim/state.js';
import { isUnresolved } from '../../sim/lockid.js';
import { where, type Rule, viaText } from '../rule.js';

export const doubleLock: Rule = {
  meta: {
    id: 'double-lock',
    severity: 'error',
    description: 'A lock that cannot be taken recursively is taken while already held.',
    messages: {
      again: '{{lock}} acquired{{via}} while already held (taken at {{takenAt}}{{prevVia}})',
    },
    review: { question: "Isn't this lock already held at this point?" },
  },
  create(ctx) {
    return {
      acquire(e) {
        // Two locks of one class are the same object only when the replay named them (not `?`) and lockdep
        // checks the class (a novalidate class such as dev->mutex nests freely across objects).
        if (isUnresolved(e.lock.lock) || e.lock.unordered) return;
        const prev = holds(e.state, e.lock.lock);
        if (!prev || e.lock.cls === 'rcu' || e.lock.cls === 'irq' || e.lock.cls === 'preempt') return;
        // Past a call through an ops table the object is another one, of a class the replay cannot tell apart.
        if (prev.depth !== undefined && e.chain.slice(prev.depth).some((s) => s.kind === 'ops')) return;
        // *_nested() tells lockdep the second instance is a different object of the same class.
        if (LOCK_BY_FN.get(e.primitive)?.nested) return;
        if (prev.mode === 'read' && e.lock.mode === 'read') return;
        ctx.report({
          messageId: 'again',
          data: {
            lock: e.lock.lock,
            via: e.lock.via ? ` by ${e.lock.via}()` : '',
            takenAt: where(prev.takenAt),
            prevVia: viaText(prev.via),
          },
          site: e.site,
          fn: e.fn,
          chain: e.chain,
          state: e.state,
          detail: e.lock.lock,
        });
      },
    };
  },
};
