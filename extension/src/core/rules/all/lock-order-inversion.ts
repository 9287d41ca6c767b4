// Rule: two locks are taken in an order that contradicts the documented order (kernel/locks.ts) or an
// order seen on another path; both sites are reported.

import { LOCK_ORDER } from '../../kernel/locks.js';
import { isUnresolved } from '../../sim/lockid.js';
import { where, type Rule } from '../rule.js';
import type { SourceLoc } from '../../model/location.js';

const rank = new Map<string, number>(LOCK_ORDER.flatMap((row, i) => row.map((l) => [l, i] as const)));

export const lockOrderInversion: Rule = {
  meta: {
    id: 'lock-order-inversion',
    severity: 'error',
    description: 'Locks are nested in an order that contradicts the documented order or another path.',
    messages: {
      documented:
        '{{inner}} is taken here while {{outer}} (taken at {{outerAt}}) is held, but {{inner}} nests outside {{outer}}',
      observed:
        '{{inner}} is taken here while {{outer}} (taken at {{outerAt}}) is held; the opposite order is taken at {{otherAt}}',
    },
    review: { question: "Doesn't this take these locks in the opposite order to the other paths?" },
  },
  create(ctx) {
    const seen = new Map<string, SourceLoc>();
    return {
      acquire(e) {
        const inner = e.lock.lock;
        // An order needs both locks named, and lockdep validating both classes.
        // A trylock never waits, so lockdep records no order for it (the locks taken under it do).
        if (isUnresolved(inner) || e.lock.unordered || e.trylock) return;
        for (const held of e.state.locks) {
          if (
            held.lock === inner ||
            isUnresolved(held.lock) ||
            held.unordered ||
            held.cls === 'irq' ||
            held.cls === 'preempt' ||
            held.cls === 'rcu' ||
            e.lock.cls === 'rcu'
          )
            continue;
          const a = rank.get(held.lock);
          const b = rank.get(inner);
          const data = { inner, outer: held.lock, outerAt: where(held.takenAt) };
          if (a !== undefined && b !== undefined && b < a) {
            ctx.report({
              messageId: 'documented',
              data,
              site: e.site,
              fn: e.fn,
              chain: e.chain,
              state: e.state,
              detail: `${held.lock}>${inner}`,
            });
            continue;
          }
          const opposite = seen.get(`${inner}>${held.lock}`);
          if (opposite && (a === undefined || b === undefined)) {
            ctx.report({
              messageId: 'observed',
              data: { ...data, otherAt: where(opposite) },
              site: e.site,
              fn: e.fn,
              chain: e.chain,
              state: e.state,
              detail: `${held.lock}>${inner}`,
              related: [{ ...opposite, message: `${held.lock} taken here while ${inner} is held` }],
            });
          }
          if (!seen.has(`${held.lock}>${inner}`)) seen.set(`${held.lock}>${inner}`, e.site);
        }
      },
    };
  },
};
