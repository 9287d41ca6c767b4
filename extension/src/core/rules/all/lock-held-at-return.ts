// Rule: a function returns still holding a lock it took, on some exits but not others, unless its
// contract is to return holding it (acquire wrappers, __acquires) or holding follows the return value
// (trylock wrappers: held exactly on the exits that report success).

import { decisionWhat, type Decision } from '../../sim/decision.js';
import { truthy } from '../../sim/value.js';
import { holds, type HeldLock } from '../../sim/state.js';
import { where, type Rule, viaText } from '../rule.js';

export const lockHeldAtReturn: Rule = {
  meta: {
    id: 'lock-held-at-return',
    severity: 'error',
    description:
      'A path returns from a function with a lock still held that the function took, while other paths release it.',
    messages: {
      heldAtReturn:
        '{{fn}}() returns with {{lock}} still held (taken at {{takenAt}}{{via}}) on this path, but releases {{them}} on others',
    },
    review: { question: "Doesn't {{function}}() return with the lock still held on this path?" },
  },
  create(ctx) {
    // Locks already reported where they leaked: callers that merely inherit the leak are not reported again.
    const leaked = new Set<string>();
    return {
      exit(e) {
        const bySite = new Map<string, HeldLock[]>();
        for (const l of e.state.locks) {
          if (holds(e.entryState, l.lock) || e.acquires.includes(l.lock)) continue;
          if (l.via && leaked.has(`${l.via}|${l.lock}`)) {
            leaked.add(`${e.fn}|${l.lock}`);
            continue;
          }
          const holding = e.siblings.filter((x) => holds(x.state, l.lock));
          if (holding.length === e.siblings.length) continue;
          const okWhenHeld = holding.every((x) => truthy(x.ret) === false);
          const failWhenNot = e.siblings.filter((x) => !holds(x.state, l.lock)).every((x) => truthy(x.ret) === true);
          if (okWhenHeld && failWhenNot) continue;
          const key = `${where(l.takenAt)}|${l.via ?? ''}`;
          bySite.set(key, [...(bySite.get(key) ?? []), l]);
        }
        for (const locks of bySite.values()) {
          const first = locks[0]!;
          for (const l of locks) leaked.add(`${e.fn}|${l.lock}`);
          const names = locks
            .map((l) => l.lock)
            .sort()
            .join(', ');
          ctx.report({
            messageId: 'heldAtReturn',
            data: {
              fn: e.fn,
              lock: names,
              takenAt: where(first.takenAt),
              via: viaText(first.via),
              them: locks.length > 1 ? 'them' : 'it',
            },
            site: e.site,
            fn: e.fn,
            chain: e.chain,
            state: e.state,
            detail: names,
            related: e.state.decisions.slice(-6).map(decisionLoc),
          });
        }
      },
    };
  },
};

function decisionLoc(d: Decision) {
  return { file: d.at.file, line: d.at.line, column: 0, message: `on this path: ${decisionWhat(d)}` };
}
