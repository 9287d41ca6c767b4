// The review as JSON: every mail, file and hunk result, problem, finding (with its status and patch
// line) and path change. The shape is documented in README.md, "Review JSON"; bump REVIEW_JSON_VERSION on change.

import type { AttributedFinding } from '../patch/attribute.js';
import { problemLine, type PatchLoc } from '../patch/types.js';
import { byStatus } from './review-common.js';
import { jsonText } from './review-escape.js';
import type { ReviewReport } from '../patch/review-report.js';

export const REVIEW_JSON_VERSION = 1;

function loc(at: PatchLoc): { file: string; line: number; decoded: boolean } {
  return { file: at.file, line: at.line, decoded: at.decoded === true };
}

function findingJson(f: AttributedFinding): object {
  return {
    ...f.finding,
    status: f.status,
    before: f.before
      ? { file: f.before.location.file, line: f.before.location.line, column: f.before.location.column }
      : null,
    patch: f.patch
      ? {
          mail: f.patch.mail,
          sign: f.patch.sign,
          via: f.patch.via,
          file: f.patch.path,
          hunk: f.patch.hunk,
          at: loc(f.patch.at),
          treeFile: f.patch.file,
          treeLine: f.patch.line,
        }
      : null,
  };
}

export function reviewJson(report: ReviewReport): object {
  const groups = byStatus(report.findings);
  return {
    version: REVIEW_JSON_VERSION,
    reviewed: report.reviewed,
    mails: report.mails.map((m) => ({
      seq: m.seq,
      subject: m.subject,
      title: m.title,
      tags: m.tags,
      version: m.version,
      index: m.index,
      total: m.total,
      cover: m.isCover,
      messageId: m.messageId ?? null,
      inReplyTo: m.inReplyTo ?? null,
      references: m.references,
      from: m.from ?? null,
      author: m.author ?? null,
      date: m.date ?? null,
      at: loc(m.at),
      message: m.message,
      files: report.files
        .filter((f) => f.mail === m.seq)
        .map((f) => ({
          kind: f.kind,
          oldPath: f.oldPath,
          newPath: f.newPath,
          status: f.status,
          reason: f.reason ?? null,
        })),
      hunks: report.hunks
        .filter((h) => h.mail === m.seq)
        .map((h) => ({
          file: h.path,
          hunk: h.hunk,
          header: h.header,
          at: loc(h.at),
          status: h.status,
          offset: h.offset,
          fuzz: h.fuzz,
          line: h.line ?? null,
          reason: h.reason ?? null,
        })),
    })),
    problems: report.problems.map((p) => ({
      at: loc(p.at),
      mail: p.mail ?? null,
      hunk: p.hunk ?? null,
      message: p.message,
      text: problemLine(p),
    })),
    findings: {
      new: groups.new.map(findingJson),
      fixed: groups.fixed.map(findingJson),
      old: groups.old.map(findingJson),
    },
    paths: { added: report.paths.added, removed: report.paths.removed },
    summary: {
      new: groups.new.length,
      fixed: groups.fixed.length,
      old: groups.old.length,
      hunks: report.hunks.length,
      applied: report.hunks.filter((h) => h.status !== 'failed').length,
      offset: report.hunks.filter((h) => h.status === 'offset').length,
      fuzz: report.hunks.filter((h) => h.status === 'fuzz').length,
      failed: report.hunks.filter((h) => h.status === 'failed').length,
      problems: report.problems.length,
    },
  };
}

export function formatReviewJson(report: ReviewReport): string {
  return jsonText(reviewJson(report));
}
