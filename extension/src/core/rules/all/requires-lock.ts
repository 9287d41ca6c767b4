// Rule: a callee whose contract (table, lockdep assert, __must_hold, or its comment) needs a lock is
// reached without it, or with it held for read where write is needed.

import { heldMatch } from '../../sim/state.js';
import { isUnresolved } from '../../sim/lockid.js';
import type { Rule } from '../rule.js';
import type { SourceLoc } from '../../model/location.js';
import { callerMayHold } from '../../model/root.js';
import { ROOT_FILES } from '../../kernel/roots.js';

export const requiresLock: Rule = {
  meta: {
    id: 'requires-lock',
    severity: 'error',
    description: 'A function that must be called with a lock held is called without it.',
    messages: {
      notHeld: '{{callee}}() needs {{lock}}{{mode}} but it is not held here (contract: {{evidence}})',
      wrongMode: '{{callee}}() needs {{lock}} held for write but it is held for read here (contract: {{evidence}})',
      exportBoundary:
        '{{root}}() is exported, and this call leads to {{callee}}(), which needs {{lock}} (contract: {{evidence}}); no exported function takes {{lock}}, so a module calling {{root}}() cannot hold it',
    },
    review: { question: 'Is it safe to call {{subject}}() here without the lock it needs?' },
  },
  create(ctx) {
    // Call sites reported for a lock in this entry: the same lock missing deeper inside that call is the
    // same bug (arch_add_memory() called unlocked makes its add_pages() call unlocked too), reported once.
    let reported = new Set<string>();
    let takenInRoot = new Set<string>();
    const key = (s: SourceLoc, lock: string) => `${s.file}:${s.line}:${s.column}|${lock}`;
    return {
      call(e) {
        for (const c of e.contracts) {
          const held = heldMatch(e.state, c.lock);
          // A held lock the replay could not name may be this one: not a proof that it is missing.
          if (held && isUnresolved(held.lock)) continue;
          if (held && !(c.mode === 'write' && held.mode === 'read')) continue;
          if (e.chain.some((s) => reported.has(key(s, c.lock)))) continue;
          const root = ctx.root();
          if (!held && callerMayHold(root, c.lock)) continue;
          // A root that takes the lock somewhere and lacks it here released it too early: that is the place.
          if (!held && root?.exported && !takenInRoot.has(c.lock)) {
            // The caller of the export is where the lock had to come from: the finding is the export's own call.
            const first = e.chain[0] ?? e.site;
            reported.add(key(first, c.lock));
            ctx.report({
              messageId: 'exportBoundary',
              data: { root: root.name, callee: e.callee, lock: c.lock, evidence: c.evidence },
              site: { file: first.file, line: first.line, column: first.column },
              fn: e.chain.length ? root.name : e.fn,
              chain: e.chain,
              state: e.state,
              detail: `export|${e.callee}|${c.lock}`,
            });
            continue;
          }
          reported.add(key(e.site, c.lock));
          ctx.report({
            messageId: held ? 'wrongMode' : 'notHeld',
            data: { callee: e.callee, lock: c.lock, mode: c.mode === 'write' ? ' (write)' : '', evidence: c.evidence },
            site: e.site,
            fn: e.fn,
            chain: e.chain,
            state: e.state,
            detail: `${e.callee}|${c.lock}`,
            ...(e.calleeNode && ROOT_FILES.some((re) => re.test(e.calleeNode!.file))
              ? { hotplugContract: true as const }
              : {}),
          });
        }
      },
      acquire(e) {
        takenInRoot.add(e.lock.lock);
      },
      entryDone() {
        reported = new Set();
        takenInRoot = new Set();
      },
    };
  },
};
