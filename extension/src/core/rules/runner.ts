// Connects rules to the engine: an EventSink that dispatches events to each rule's listeners and turns
// their reports into Findings (locks held, chain, related locations, fingerprint), deduplicated.

import type { EntryDoneEvent, EventSink, SimEvent } from '../sim/events.js';
import { lockInfo } from '../sim/state.js';
import { viaText, type ReportDescriptor, type Rule, type RuleListeners } from './rule.js';
import { findingFingerprint, type Finding, type Severity } from '../model/finding.js';
import type { RelatedLoc } from '../model/location.js';
import type { RootContext } from '../model/root.js';

export type SeverityOverride = Severity | 'off';

export class RuleRunner implements EventSink {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly places = new Set<string>();
  private readonly active: { rule: Rule; severity: Severity; listeners: RuleListeners }[] = [];
  entry = '';
  /** The root being replayed: rules read what its callers hold; model rules are muted when its start is unknown. */
  root: RootContext | undefined;

  constructor(
    rules: readonly Rule[],
    overrides: Readonly<Record<string, SeverityOverride>>,
    private readonly scenario: string,
  ) {
    for (const rule of rules) {
      const o = overrides[rule.meta.id];
      if (o === 'off') continue;
      const severity = o ?? rule.meta.severity;
      const listeners = rule.create({ report: (d) => this.report(rule, severity, d), root: () => this.root });
      this.active.push({ rule, severity, listeners });
    }
  }

  emit(event: SimEvent): void {
    for (const { listeners } of this.active) {
      switch (event.type) {
        case 'call':
          listeners.call?.(event);
          break;
        case 'acquire':
          listeners.acquire?.(event);
          break;
        case 'release':
          listeners.release?.(event);
          break;
        case 'wait':
          listeners.wait?.(event);
          break;
        case 'register':
          listeners.register?.(event);
          break;
        case 'exit':
          listeners.exit?.(event);
          break;
        case 'memmap-read':
          listeners.memmapRead?.(event);
          break;
        case 'user-memmap-read':
          listeners.userMemmapRead?.(event);
          break;
        case 'model':
          listeners.model?.(event);
          break;
        case 'node-span-write':
          listeners.nodeSpanWrite?.(event);
          break;
      }
    }
  }

  entryDone(event: EntryDoneEvent): void {
    for (const { listeners } of this.active) listeners.entryDone?.(event);
  }

  private report(rule: Rule, severity: Severity, d: ReportDescriptor): void {
    if (!d.ownSetup && this.root?.ownSetupsOnly) return;
    const r = this.root;
    if (r && (r.userInputOnly || r.contractsOnly)) {
      const judged = d.ownSetup || (r.userInputOnly && d.userInput) || (r.contractsOnly && d.hotplugContract);
      if (!judged) return;
    }
    if (!d.ownSetup && !d.userInput && rule.meta.needsStartModel && this.root && !this.root.startModelKnown) return;
    const template = rule.meta.messages[d.messageId];
    if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message ${d.messageId}`);
    const message = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(d.data?.[k] ?? `{{${k}}}`));
    const key = `${rule.meta.id}|${d.site.file}:${d.site.line}:${d.site.column}|${d.entry ?? this.entry}|${d.chain.map((s) => `${s.callee}@${s.line}`).join('>')}|${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    // A found root that reaches a place a root before it already reported adds a second chain, not a finding.
    const place = `${rule.meta.id}|${d.site.file}:${d.site.line}:${d.site.column}|${d.messageId}|${d.detail ?? ''}`;
    if (this.root && this.root.kind !== 'entry' && this.places.has(place)) return;
    this.places.add(place);
    const locks = d.state?.locks.map(lockInfo) ?? [];
    const related: RelatedLoc[] = [
      ...locks.map((l) => ({ ...l.takenAt, message: `${l.lock} taken here${viaText(l.via)}` })),
      ...d.chain.map((s) => ({
        file: s.file,
        line: s.line,
        column: s.column,
        message: `${s.caller}() calls ${s.callee}()${s.kind === 'direct' ? '' : ` (${s.kind}${s.via ? ` via ${s.via}` : ''})`}`,
      })),
      ...(d.related ?? []),
    ];
    const finding: Finding = {
      ruleId: rule.meta.id,
      severity,
      messageId: d.messageId,
      message,
      location: d.site,
      function: d.fn,
      entry: d.entry ?? this.entry,
      chain: [...d.chain],
      locks,
      related,
      scenario: this.scenario,
      fingerprint: findingFingerprint(rule.meta.id, d.fn, d.chain, d.detail ?? d.messageId),
    };
    if (d.model?.length) finding.model = [...d.model];
    this.findings.push(finding);
  }
}
