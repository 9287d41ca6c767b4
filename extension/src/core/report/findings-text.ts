// Findings as smatch-style text: one grep-able line each, then the call chain from the entry indented.

import { terminalSafe } from './escape.js';
import type { Finding } from '../model/finding.js';

const WORD = { error: 'error', warning: 'warn', info: 'info' } as const;

export function findingLine(f: Finding): string {
  return `${f.location.file}:${f.location.line} ${f.function}() ${WORD[f.severity]}: [${f.ruleId}] ${f.message}`;
}

export function chainLines(f: Finding, indent = '    '): string[] {
  if (f.chain.length === 0) return [`${indent}in ${f.entry}() itself`];
  const names = [f.chain[0]!.caller, ...f.chain.map((s) => s.callee)].map((n) => `${n}()`).join(' -> ');
  const lines = [`${indent}${names}`];
  for (const s of f.chain) {
    const kind =
      s.kind === 'direct' ? '' : ` [${s.kind === 'registered' ? `registered callback via ${s.via}()` : s.kind}]`;
    lines.push(`${indent}  ${s.file}:${s.line} ${s.caller}() -> ${s.callee}()${kind}`);
  }
  return lines;
}

/** Findings that print the same line (one site, one rule) are shown once, with every chain under it. */
export function groupFindings(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = findingLine(f).replace(/ \(reached from the same entry, \S+\(\)\)$/, '');
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()];
}

export function formatFindingsText(findings: readonly Finding[], notes: readonly string[] = []): string {
  const out: string[] = [];
  for (const group of groupFindings(findings)) {
    out.push(findingLine(group[0]!));
    const seen = new Set<string>();
    for (const f of group) {
      const lines = chainLines(f);
      if (seen.has(lines[0]!)) continue;
      seen.add(lines[0]!);
      out.push(...lines);
    }
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  out.push(
    `${findings.length} finding${findings.length === 1 ? '' : 's'} (${counts.error} error, ${counts.warning} warning, ${counts.info} info)`,
  );
  for (const n of notes) out.push(`note: ${n}`);
  return terminalSafe(out.join('\n'));
}
