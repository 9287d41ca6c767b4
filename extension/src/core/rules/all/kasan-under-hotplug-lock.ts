// Rule: a call a reviewer wants outside a lock (kasan_add/remove_zero_shadow and mem_hotplug_lock) is
// reached with that lock held. The call/lock pairs are data (kernel/call-under-lock.ts).

import { CALL_UNDER_LOCK } from '../../kernel/call-under-lock.js';
import { holds } from '../../sim/state.js';
import type { Finding } from '../../model/finding.js';
import { sentence, subjectOf } from '../wording.js';
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
    review: {
      question: 'Does {{subject}}() have to run under the hotplug lock?',
      comment: callUnderLockComment,
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

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The reply paragraph, said from the call-under-lock table and the held lock: the table's reason ends in
 * the question itself. Undefined when the finding does not carry that lock.
 */
function callUnderLockComment(f: Finding): string | undefined {
  const callee = subjectOf(kasanUnderHotplugLock.meta, f);
  const pair = CALL_UNDER_LOCK.find((p) => p.fn === callee);
  const held = pair && f.locks.find((l) => l.lock === pair.lock);
  if (!pair || !held) return undefined;
  const mode = held.mode === 'write' ? ' for write' : held.mode === 'read' ? ' for read' : '';
  const by = !held.via ? '' : /^\w+$/.test(held.via) ? ` by ${held.via}()` : ` (${held.via})`;
  const at = `${held.takenAt.file}:${held.takenAt.line}`;
  return `${callee}() is called here with ${pair.lock} held${mode} (taken at ${at}${by}). ${sentence(capitalized(pair.why))}`;
}
