// Rule: two locks are taken in an order that contradicts the documented order (kernel/locks.ts) or an
// order seen on another path; both sites are reported. A wait counts as taking what it waits for: removing
// sysfs nodes under a lock that their callbacks take (holding the kernfs active reference) closes a cycle.

import { LOCK_ORDER } from '../../kernel/locks.js';
import { isUnresolved } from '../../sim/lockid.js';
import { kernfsActiveOwner } from '../../kernel/waits.js';
import { where, type Rule } from '../rule.js';
import type { SourceLoc } from '../../model/location.js';
import type { CallStep } from '../../model/call.js';
import type { HeldLock, SimState } from '../../sim/state.js';

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
      waits:
        '{{waiter}}() here waits for the sysfs callbacks of {{object}} to finish while {{outer}} (taken at {{outerAt}}) is held, and a callback takes {{outer}} at {{otherAt}} while it holds its kernfs active reference',
    },
    review: { question: "Doesn't this take these locks in the opposite order to the other paths?" },
  },
  create(ctx) {
    const seen = new Map<string, SourceLoc>();
    /** `outer>pseudo-lock` -> the first wait for the pseudo-lock seen under `outer`, to report at the wait. */
    const waits = new Map<string, WaitSite>();
    const reported = new Set<string>();
    /** `lock@where taken|pseudo-lock`: the region holding that lock created what the pseudo-lock guards. */
    const created = new Set<string>();
    const region = (l: HeldLock, on: string) => `${l.lock}@${where(l.takenAt)}|${ctx.root()?.name ?? ''}|${on}`;
    const reportWait = (w: WaitSite, otherAt: SourceLoc) => {
      const held = w.outer;
      const key = `${w.site.file}:${w.site.line}|${w.on}`;
      if (reported.has(key)) return;
      reported.add(key);
      ctx.report({
        messageId: 'waits',
        data: {
          waiter: w.waiter,
          object: kernfsActiveOwner(w.on) ?? w.on,
          outer: held.lock,
          outerAt: where(held.takenAt),
          otherAt: where(otherAt),
        },
        site: w.site,
        fn: w.fn,
        chain: w.chain,
        state: w.state,
        detail: `${held.lock}>${w.on}`,
        entry: w.entry,
        related: [{ ...otherAt, message: `${held.lock} taken here while the kernfs active reference is held` }],
      });
    };
    return {
      register(e) {
        for (const held of e.state.locks) created.add(region(held, e.on));
      },
      wait(e) {
        for (const held of e.state.locks) {
          // Undoing what the same locked region created is its unwinding, not a removal of what callbacks hold.
          if (!orderable(held) || held.lock === e.on || created.has(region(held, e.on))) continue;
          // Reported at the call, in the function that holds the lock, that leads to the wait.
          const depth = held.depth ?? 0;
          const step = e.chain[depth];
          const at = step
            ? {
                site: { file: step.file, line: step.line, column: step.column },
                fn: step.caller,
                chain: e.chain.slice(0, depth),
                waiter: step.callee,
              }
            : { site: e.site, fn: e.fn, chain: e.chain, waiter: e.primitive };
          const site: WaitSite = { ...at, on: e.on, outer: held, state: e.state, entry: ctx.root()?.name };
          const key = `${held.lock}>${e.on}`;
          if (!waits.has(key)) waits.set(key, site);
          const opposite = seen.get(`${e.on}>${held.lock}`);
          if (opposite) reportWait(site, opposite);
        }
      },
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
          const wait = waits.get(`${inner}>${held.lock}`);
          if (wait && held.cls === 'kernfs-active') reportWait(wait, e.site);
        }
      },
    };
  },
};

interface WaitSite {
  site: SourceLoc;
  fn: string;
  chain: readonly CallStep[];
  /** The call reported: the one, in the function holding the lock, that leads to the wait. */
  waiter: string;
  on: string;
  /** The lock held at the wait that a callback holding `on` takes. */
  outer: HeldLock;
  state: SimState;
  entry: string | undefined;
}

/** Locks lockdep orders: named, validated, and neither interrupt nor preemption state nor an RCU read side. */
function orderable(l: HeldLock): boolean {
  return !isUnresolved(l.lock) && !l.unordered && l.cls !== 'irq' && l.cls !== 'preempt' && l.cls !== 'rcu';
}
