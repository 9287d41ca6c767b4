// What a rule reports: plain data shared by the rules, the patch review, the formatters and the editor.

import type { CallStep } from './call.js';
import type { HeldLockInfo } from './lock.js';
import type { RelatedLoc, SourceLoc } from './location.js';

export type Severity = 'error' | 'warning' | 'info';

export interface ModelChange {
  what: string;
  before: string;
  after: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  messageId: string;
  message: string;
  /** Where to point: the call site (or statement) the finding is about. */
  location: SourceLoc;
  /** Function containing `location`. */
  function: string;
  entry: string;
  chain: CallStep[];
  locks: HeldLockInfo[];
  related: RelatedLoc[];
  scenario: string;
  model?: ModelChange[];
  /** Stable across line shifts: rule, function and call-chain names. */
  fingerprint: string;
}

export function findingFingerprint(ruleId: string, fn: string, chain: readonly CallStep[], detail: string): string {
  return [ruleId, fn, chain.map((s) => s.callee).join('>'), detail].join('|');
}
