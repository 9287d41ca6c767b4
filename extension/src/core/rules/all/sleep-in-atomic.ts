// Rule: a call that may sleep (at any depth) is reached under a spinlock, a seqlock writer, RCU, or
// with interrupts or preemption off.

import { isAtomic } from '../../sim/state.js';
import { where, type Rule, viaText } from '../rule.js';

export const sleepInAtomic: Rule = {
  meta: {
    id: 'sleep-in-atomic',
    severity: 'error',
    description: 'A function that may sleep is called in atomic context.',
    messages: {
      sleeps: '{{callee}}() may sleep ({{chain}}) but {{lock}} ({{cls}}) is held here (taken at {{takenAt}}{{via}})',
    },
    review: { question: 'Can {{subject}}() sleep here?' },
  },
  create(ctx) {
    return {
      call(e) {
        if (!e.maySleep) return;
        const atomic = isAtomic(e.state);
        if (!atomic) return;
        ctx.report({
          messageId: 'sleeps',
          data: {
            callee: e.callee,
            chain: e.maySleep.map((n) => (n.includes('(') ? n : `${n}()`)).join(' -> '),
            lock: atomic.lock,
            cls: atomic.cls,
            takenAt: where(atomic.takenAt),
            via: viaText(atomic.via),
          },
          site: e.site,
          fn: e.fn,
          chain: e.chain,
          state: e.state,
          detail: e.callee,
        });
      },
    };
  },
};
