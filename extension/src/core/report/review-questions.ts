// How a reviewer puts each kind of finding in a reply: a question by rule id, then the finding's own
// message as its explanation, and the call the finding is about. Plain text; wrapping is the caller's.

import { CALL_UNDER_LOCK } from '../kernel/call-under-lock.js';
import type { Finding } from '../model/finding.js';

/**
 * The function a finding is about. Rule messages name it first (`kasan_add_zero_shadow() called with ...`,
 * `page_zone() reads ...`); otherwise the last callee of the chain, else the function the finding is in.
 */
export function findingCallee(f: Finding): string {
  return /^(\w+)\(\)/.exec(f.message)?.[1] ?? f.chain[f.chain.length - 1]?.callee ?? f.function;
}

const QUESTIONS: Readonly<Record<string, (callee: string, f: Finding) => string>> = {
  'kasan-under-hotplug-lock': (callee) => `Does ${callee}() have to run under the hotplug lock?`,
  'requires-lock': (callee) => `Is it safe to call ${callee}() here without the lock it needs?`,
  'lock-held-at-return': (_, f) => `Doesn't ${f.function}() return with the lock still held on this path?`,
  'undeclared-identifier': () => 'Does this build?',
  'prototype-mismatch': () => 'Do the prototype and the definition mean the same thing here?',
  'sleep-in-atomic': (callee) => `Can ${callee}() sleep here?`,
  'double-lock': () => "Isn't this lock already held at this point?",
  'unlock-not-held': () => 'Is this lock actually held here?',
  'lock-order-inversion': () => "Doesn't this take these locks in the opposite order to the other paths?",
  'memmap-uninitialized-access': () => 'Is the memmap initialized for this pfn at this point?',
  'zone-span-stale': () => 'Is the zone span still right here?',
  'unbalanced-teardown': () => 'Does this unwind match what was set up?',
  'inconsistent-lock-context': () => 'Is this reached with the same locks held on every path?',
};

export function reviewerQuestion(f: Finding): string {
  return (QUESTIONS[f.ruleId] ?? (() => 'Is this intended?'))(findingCallee(f), f);
}

const sentence = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A call that should stay out of a lock, said from the call-under-lock table and the held lock: the
 * table's reason ends in the question itself. Undefined when the finding does not carry that lock.
 */
function callUnderLockComment(f: Finding, callee: string): string | undefined {
  const pair = CALL_UNDER_LOCK.find((p) => p.fn === callee);
  const held = pair && f.locks.find((l) => l.lock === pair.lock);
  if (!pair || !held) return undefined;
  const mode = held.mode === 'write' ? ' for write' : held.mode === 'read' ? ' for read' : '';
  const by = !held.via ? '' : /^\w+$/.test(held.via) ? ` by ${held.via}()` : ` (${held.via})`;
  const at = `${held.takenAt.file}:${held.takenAt.line}`;
  return `${callee}() is called here with ${pair.lock} held${mode} (taken at ${at}${by}). ${sentence(capitalized(pair.why))}`;
}

/**
 * The paragraph under a quoted line: the explanation alone when it already ends in a question (the
 * reviewer's question is then the finding's own), else the question followed by the explanation.
 */
export function reviewerComment(f: Finding): string {
  const callee = findingCallee(f);
  const explained =
    (f.ruleId === 'kasan-under-hotplug-lock' ? callUnderLockComment(f, callee) : undefined) ?? sentence(f.message);
  return explained.endsWith('?') ? explained : `${reviewerQuestion(f)} ${explained}`;
}
