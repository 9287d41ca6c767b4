// Every rule, in the order findings are documented.

import type { Rule } from './rule.js';
import { kasanUnderHotplugLock } from './all/kasan-under-hotplug-lock.js';
import { requiresLock } from './all/requires-lock.js';
import { lockHeldAtReturn } from './all/lock-held-at-return.js';
import { unlockNotHeld } from './all/unlock-not-held.js';
import { doubleLock } from './all/double-lock.js';
import { lockOrderInversion } from './all/lock-order-inversion.js';
import { sleepInAtomic } from './all/sleep-in-atomic.js';
import { inconsistentLockContext } from './all/inconsistent-lock-context.js';
import { memmapUninitializedAccess } from './all/memmap-uninitialized-access.js';
import { zoneSpanStale } from './all/zone-span-stale.js';
import { unbalancedTeardown } from './all/unbalanced-teardown.js';

export const ALL_RULES: readonly Rule[] = [
  kasanUnderHotplugLock,
  requiresLock,
  lockHeldAtReturn,
  unlockNotHeld,
  doubleLock,
  lockOrderInversion,
  sleepInAtomic,
  inconsistentLockContext,
  memmapUninitializedAccess,
  zoneSpanStale,
  unbalancedTeardown,
];
