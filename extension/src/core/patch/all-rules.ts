// Every rule the tool has, by id: the simulator's rules and the patch-local ones. The CLI's --rule, the
// editor's memhp.rules, SARIF rule lists and the review wording all read this one list.

import { ALL_RULES } from '../rules/index.js';
import type { RuleMeta } from '../rules/rule.js';
import { PATCH_CHECK_RULES } from './checks/index.js';

export const EVERY_RULE: readonly RuleMeta[] = [...ALL_RULES.map((r) => r.meta), ...PATCH_CHECK_RULES];

const byId = new Map(EVERY_RULE.map((m) => [m.id, m]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return byId.get(id);
}
