// How a reviewer would ask about each kind of finding, by rule id: the lead question of the email reply.
// Data plus one lookup; the finding's own message follows the question as its explanation.

import type { Finding } from '../rules/finding.js';

/** The function a finding is about: the last callee of its chain, else the function it is in. */
function subject(f: Finding): string {
  return f.chain[f.chain.length - 1]?.callee ?? f.function;
}

const QUESTIONS: Readonly<Record<string, (f: Finding) => string>> = {
  'kasan-under-hotplug-lock': (f) => `Can this ${subject(f)}() call move out of the hotplug lock?`,
  'requires-lock': (f) => `Is the lock ${subject(f)}() needs held here?`,
  'lock-held-at-return': (f) => `Doesn't ${f.function}() return with the lock still held on this path?`,
  'undeclared-identifier': () => 'Does this build?',
  'prototype-mismatch': () => 'Do the prototype and the definition mean the same thing here?',
  'sleep-in-atomic': (f) => `Can ${subject(f)}() sleep here?`,
  'double-lock': () => 'Isn\'t this lock already held at this point?',
  'unlock-not-held': () => 'Is this lock actually held here?',
  'lock-order-inversion': () => 'Doesn\'t this take these locks in the opposite order to the other paths?',
  'memmap-uninitialized-access': () => 'Is the memmap initialized for this pfn at this point?',
  'zone-span-stale': () => 'Is the zone span still right here?',
  'unbalanced-teardown': () => 'Does this unwind match what was set up?',
  'inconsistent-lock-context': () => 'Is this reached with the same locks held on every path?',
};

export function reviewerQuestion(f: Finding): string {
  return (QUESTIONS[f.ruleId] ?? (() => 'Is this intended?'))(f);
}
