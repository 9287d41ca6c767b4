// How a reviewer puts a finding in a reply: the rule's own question, then the finding's message as its
// explanation (or the rule's own comment where it has one). Plain text; wrapping is the caller's.

import type { Finding } from '../model/finding.js';
import { ruleMeta } from '../patch/all-rules.js';
import { reviewQuestion, sentence, subjectOf } from '../rules/wording.js';

/** The function a finding is about, as its rule words it. */
export function findingCallee(f: Finding): string {
  return subjectOf(ruleMeta(f.ruleId), f);
}

/**
 * The paragraph under a quoted line: the explanation alone when it already ends in a question (the
 * reviewer's question is then the finding's own), else the question followed by the explanation.
 */
export function reviewerComment(f: Finding): string {
  const meta = ruleMeta(f.ruleId);
  const explained = meta?.review.comment?.(f) ?? sentence(f.message);
  return explained.endsWith('?') ? explained : `${reviewQuestion(meta, f)} ${explained}`;
}
