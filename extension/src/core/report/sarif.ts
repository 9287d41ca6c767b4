// The review as SARIF 2.1.0: rule metadata, one result per finding with codeFlows for its call chain,
// relatedLocations for lock acquisitions, related lines and the patch line, partialFingerprints from
// the finding's fingerprint, and baselineState new / unchanged / absent from the New / Old / Fixed split.

import type * as Sarif from 'sarif';
import type { AttributedFinding } from '../patch/attribute.js';
import type { FindingStatus } from '../patch/compare.js';
import { problemLine } from '../patch/types.js';
import { viaText, type RuleMeta } from '../rules/rule.js';
import { patchRefText } from './review-common.js';
import { jsonText } from './review-escape.js';
import type { Finding, Severity } from '../model/finding.js';
import type { ReviewReport } from '../patch/review-report.js';

export interface SarifOptions {
  /** Metadata of the rules that may appear (the simulator's rules and the patch checks). */
  rules: readonly RuleMeta[];
  toolVersion: string;
}

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };
const BASELINE: Record<FindingStatus, Sarif.Result.baselineState> = { new: 'new', old: 'unchanged', fixed: 'absent' };
/** Tree files are relative to the reviewed tree; patch files are as the reviewer named them. */
const TREE = 'SRCROOT';

function physical(file: string, line: number, column?: number, base = TREE): Sarif.PhysicalLocation {
  const region: Sarif.Region = { startLine: line };
  if (column !== undefined) region.startColumn = column + 1;
  const artifactLocation: Sarif.ArtifactLocation = { uri: file };
  if (base) artifactLocation.uriBaseId = base;
  return { artifactLocation, region };
}

function ruleDescriptor(meta: RuleMeta): Sarif.ReportingDescriptor {
  return {
    id: meta.id,
    shortDescription: { text: meta.description },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    messageStrings: Object.fromEntries(Object.entries(meta.messages).map(([id, text]) => [id, { text }])),
  };
}

function codeFlows(f: Finding): Sarif.CodeFlow[] | undefined {
  if (f.chain.length === 0) return undefined;
  const locations: Sarif.ThreadFlowLocation[] = f.chain.map((step, k) => ({
    location: {
      physicalLocation: physical(step.file, step.line, step.column),
      message: {
        text: `${step.caller}() calls ${step.callee}()${step.kind === 'direct' ? '' : ` (${step.kind}${step.via ? ` via ${step.via}` : ''})`}`,
      },
    },
    nestingLevel: k,
  }));
  return [
    {
      message: { text: [f.chain[0]!.caller, ...f.chain.map((s) => s.callee)].map((n) => `${n}()`).join(' -> ') },
      threadFlows: [{ locations }],
    },
  ];
}

function relatedLocations(report: ReviewReport, a: AttributedFinding): Sarif.Location[] {
  const f = a.finding;
  const related: Sarif.Location[] = [
    ...f.locks.map((l) => ({
      physicalLocation: physical(l.takenAt.file, l.takenAt.line, l.takenAt.column),
      message: { text: `${l.lock} (${l.mode}) taken here${viaText(l.via)}` },
    })),
    ...f.related.map((r) => ({
      physicalLocation: physical(r.file, r.line, r.column, isPatchFile(report, r.file) ? '' : TREE),
      message: { text: r.message },
    })),
  ];
  if (
    a.patch &&
    !related.some(
      (r) =>
        r.physicalLocation?.artifactLocation?.uri === a.patch!.at.file &&
        r.physicalLocation.region?.startLine === a.patch!.at.line,
    )
  ) {
    related.push({
      physicalLocation: physical(a.patch.at.file, a.patch.at.line, undefined, ''),
      message: { text: patchRefText(report, a.patch) },
    });
  }
  return related.map((r, id) => ({ id, ...r }));
}

function isPatchFile(report: ReviewReport, file: string): boolean {
  return report.mails.some((m) => m.at.file === file);
}

export function reviewSarif(report: ReviewReport, options: SarifOptions): Sarif.Log {
  const metas = new Map(options.rules.map((r) => [r.id, r]));
  for (const { finding } of report.findings) {
    if (!metas.has(finding.ruleId))
      metas.set(finding.ruleId, {
        id: finding.ruleId,
        severity: finding.severity,
        description: finding.ruleId,
        messages: {},
        review: { question: 'Is this intended?' },
      });
  }
  const rules = [...metas.values()].sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map(rules.map((r, k) => [r.id, k]));
  const results: Sarif.Result[] = report.findings.map((a) => {
    const f = a.finding;
    const result: Sarif.Result = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: physical(f.location.file, f.location.line, f.location.column),
          logicalLocations: [{ name: f.function, kind: 'function' }],
        },
      ],
      partialFingerprints: { 'memhpFingerprint/v1': f.fingerprint },
      baselineState: BASELINE[a.status],
      properties: { status: a.status, entry: f.entry, scenario: f.scenario },
    };
    const flows = codeFlows(f);
    if (flows) result.codeFlows = flows;
    const related = relatedLocations(report, a);
    if (related.length > 0) result.relatedLocations = related;
    return result;
  });
  const notifications: Sarif.Notification[] = report.problems.map((p) => ({
    level: 'warning',
    message: { text: problemLine(p) },
    locations: [{ physicalLocation: physical(p.at.file, p.at.line, undefined, '') }],
  }));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'memhp-review', version: options.toolVersion, rules: rules.map(ruleDescriptor) } },
        originalUriBaseIds: { [TREE]: { description: { text: 'Root of the reviewed kernel tree' } } },
        invocations: [{ executionSuccessful: report.reviewed, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

export function formatReviewSarif(report: ReviewReport, options: SarifOptions): string {
  return jsonText(reviewSarif(report, options));
}
