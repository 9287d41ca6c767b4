// Runs the patch-local checks over a series applied in memory: undeclared identifiers on added lines
// and prototype/definition disagreements. Reparses only touched files and the files declaring the
// functions the series declares or defines.

import type { RuleMeta } from '../../rules/rule.js';
import type { SeverityOverride } from '../../rules/runner.js';
import type { Snapshot } from '../../workspace/workspace.js';
import type { SeriesApply } from '../apply.js';
import type { PatchedFile } from '../linemap.js';
import type { PatchMail } from '../types.js';
import { eachPostImage } from './post-image.js';
import { PROTOTYPE_META, prototypeMismatches, signaturesOf, type Signature } from './prototype.js';
import { NameIndex, UNDECLARED_META, undeclaredIdentifiers } from './undeclared.js';
import type { Finding } from '../../model/finding.js';

export const PATCH_CHECK_RULES: readonly RuleMeta[] = [UNDECLARED_META, PROTOTYPE_META];

export interface PatchCheckInput {
  /** Severity per rule id (`off` drops the rule); rules not named keep their own severities. */
  rules?: Readonly<Record<string, SeverityOverride>>;
  /** The index after the series (patched files included), for every name declared in the tree. */
  after: Snapshot;
  applied: SeriesApply;
  mails: readonly PatchMail[];
}

export function runPatchChecks(input: PatchCheckInput): Finding[] {
  const { after, applied, mails } = input;
  const parser = after.parser;
  const names = new NameIndex(after);
  const findings: Finding[] = [];
  const signatures: Signature[] = [];
  eachPostImage(parser, applied.files.values(), (image) => {
    findings.push(...undeclaredIdentifiers(image, names, mails));
    signatures.push(...signaturesOf(image));
  });
  const wanted = new Set(signatures.filter((s) => s.added).map((s) => s.name));
  const others: PatchedFile[] = [];
  for (const [path, { facts }] of after.files) {
    if (applied.files.has(path)) continue;
    const mentions = facts.functions.some((f) => wanted.has(f.name)) || facts.declaredNames.some((n) => wanted.has(n));
    const text = mentions ? after.text(path) : undefined;
    if (text !== undefined) others.push({ path, treePath: path, text, origins: [] });
  }
  eachPostImage(parser, others, (image) => signatures.push(...signaturesOf(image).filter((s) => wanted.has(s.name))));
  findings.push(...prototypeMismatches(signatures, mails));
  return withSeverities(findings, input.rules ?? {}).sort(
    (a, b) =>
      a.location.file.localeCompare(b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column,
  );
}

/** Applies the user's severities: a rule set to `off` is dropped, a level replaces the rule's own. */
function withSeverities(findings: Finding[], rules: Readonly<Record<string, SeverityOverride>>): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const level = rules[f.ruleId];
    if (level === 'off') continue;
    out.push(level ? { ...f, severity: level } : f);
  }
  return out;
}
