// Kernel calls that decide control flow, as data for the replay engine: assertions that stop a path,
// wrappers a condition passes through, and error-pointer tests.

import { byName } from './by-name.js';

/** `BUG_ON(x)`: paths where x holds stop here; the rest go on knowing x is false. */
export const STOPS_PATH_IF: ReadonlySet<string> = new Set(['BUG_ON', 'VM_BUG_ON', 'VM_BUG_ON_PAGE', 'BUILD_BUG_ON']);

/** Calls that never return: the path ends at the call, and the replay does not go into them. */
export const NO_RETURN: ReadonlySet<string> = new Set(['panic', 'BUG', 'do_exit', 'make_task_dead']);

/** Calls whose truth is their first argument's when they are tested (`if (WARN_ON(!x))`). */
export const CONDITION_PASS_THROUGH: ReadonlySet<string> = new Set([
  'likely',
  'unlikely',
  'WARN_ON',
  'WARN_ON_ONCE',
  'WARN',
  'WARN_ONCE',
  'VM_WARN_ON',
  'VM_WARN_ON_ONCE',
  'VM_BUG_ON',
  'BUG_ON',
  'VM_BUG_ON_PAGE',
  'BUILD_BUG_ON',
]);

/** Tests of a pointer for an error value: `err` is true for an ERR_PTR only, `err-or-null` also for NULL. */
export const ERROR_POINTER_TESTS: Readonly<Record<string, 'err' | 'err-or-null'>> = byName({
  IS_ERR: 'err',
  IS_ERR_OR_NULL: 'err-or-null',
});

/** How a returned error pointer is written in traces. */
export const ERROR_POINTER_TEXT = 'ERR_PTR(-errno)';
