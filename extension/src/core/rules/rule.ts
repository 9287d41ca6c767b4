// The shape of a rule (ESLint-like): meta with messages, and create(ctx) returning listeners for the
// simulator's events. Rules hold no kernel names: those come from core/kernel tables.

import type {
  AcquireEvent,
  CallEvent,
  EntryDoneEvent,
  ExitEvent,
  MemmapReadEvent,
  UserMemmapReadEvent,
  ModelEvent,
  NodeSpanWriteEvent,
  ReleaseEvent,
  WaitEvent,
  RegisterEvent,
} from '../sim/events.js';
import type { SimState } from '../sim/state.js';
import type { Finding } from '../model/finding.js';
import type { CallStep } from '../model/call.js';
import type { ModelChange, Severity } from '../model/finding.js';
import type { RelatedLoc, SourceLoc } from '../model/location.js';
import type { RootContext } from '../model/root.js';

export interface RuleMeta {
  id: string;
  severity: Severity;
  description: string;
  /** messageId -> template with {{placeholders}}. */
  messages: Readonly<Record<string, string>>;
  /** How a reviewer raises a finding in a reply to the patch. */
  review: RuleReview;
  /** The rule judges the zone model against where the root started: muted for roots whose start is not known. */
  needsStartModel?: boolean;
}

export interface RuleReview {
  /** The question asked under the quoted line; `{{subject}}` is the function the finding is about, `{{function}}` the one it is in. */
  question: string;
  /** A paragraph that says more than question + message, when the rule has one for this finding. */
  comment?: (finding: Finding) => string | undefined;
}

export interface ReportDescriptor {
  messageId: string;
  data?: Readonly<Record<string, string | number>>;
  site: SourceLoc;
  fn: string;
  chain: readonly CallStep[];
  /** The path state at the site: held locks become part of the finding. */
  state?: SimState;
  related?: readonly RelatedLoc[];
  model?: readonly ModelChange[];
  /** Extra text that distinguishes findings of one rule in one function (the lock, the callee). */
  detail?: string;
  /**
   * A setup pair of the function's own body (kernel/setup-pairs.ts): it does not depend on the zone model
   * or the locks the root starts with, so it is judged on every root, those replayed only for it included.
   */
  ownSetup?: true;
  /**
   * About a value the user supplied (a sysfs store's number): it does not depend on the zone model, so it
   * is judged on every root, those replayed only for their user input included.
   */
  userInput?: true;
  /** About a lock contract a function of the hotplug files states: judged on the roots replayed for those. */
  hotplugContract?: true;
  /** The root whose replay reached the site, when it is not the one being replayed now. */
  entry?: string;
}

export interface RuleContext {
  report(descriptor: ReportDescriptor): void;
  /** The root being replayed (undefined outside a check, e.g. in unit harnesses that emit events by hand). */
  root(): RootContext | undefined;
}

export interface RuleListeners {
  call?(e: CallEvent): void;
  acquire?(e: AcquireEvent): void;
  release?(e: ReleaseEvent): void;
  wait?(e: WaitEvent): void;
  register?(e: RegisterEvent): void;
  exit?(e: ExitEvent): void;
  memmapRead?(e: MemmapReadEvent): void;
  userMemmapRead?(e: UserMemmapReadEvent): void;
  model?(e: ModelEvent): void;
  nodeSpanWrite?(e: NodeSpanWriteEvent): void;
  entryDone?(e: EntryDoneEvent): void;
}

export interface Rule {
  meta: RuleMeta;
  create(ctx: RuleContext): RuleListeners;
}

export function where(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}`;
}

/** How a lock came to be held, for messages: ` via mem_hotplug_begin()` or ` (caller: probe holds device_lock())`. */
export function viaText(via: string | undefined): string {
  if (!via) return '';
  return /^\w+$/.test(via) ? ` via ${via}()` : ` (${via})`;
}
