// Cases where the engine is known to answer wrongly: the test pins today's answer so that a fix shows up
// as a failure, and the fixme note says what the answer should be (then the case moves into ruleTester).

import { expect, it } from 'vitest';
import type { Rule } from '../../src/core/rules/rule.js';
import { findingsFor, type RuleCase } from './tester.js';

/**
 * Findings as `file:line:column messageId` (or, when the wrong part is the text, `file:line:column message`),
 * deduplicated and sorted, for comparing with today's answer.
 */
export async function findingKeys(
  rule: Rule,
  c: RuleCase,
  detail: 'messageId' | 'message' = 'messageId',
): Promise<string[]> {
  const found = await findingsFor(rule, c);
  return [
    ...new Set(found.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f[detail]}`)),
  ].sort();
}

export function knownWrong(
  rule: Rule,
  c: RuleCase & { fixme: string; today: string[] },
  detail: 'messageId' | 'message' = 'messageId',
): void {
  it(`fixme: ${c.name} (${c.fixme})`, async () => {
    expect(await findingKeys(rule, c, detail)).toEqual(c.today);
  });
}
