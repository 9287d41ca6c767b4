// What a replayed root is and what its callers hold: the analysis sets it per root, rules read it. Data only.

import type { SourceLoc } from './location.js';

export interface RootContext {
  /** The function replayed. */
  name: string;
  /** `entry` for the named entry table, else how the kernel reaches it (`sysfs-store`, `export`, ...). */
  kind: string;
  /** Why it is a root, for messages: `exported (EXPORT_SYMBOL_GPL)`, `sysfs store (DEVICE_ATTR_WO(probe))`. */
  why: string;
  /** Where the root is declared a root (the macro use or the initializer), when it is not a named entry. */
  declaredAt?: SourceLoc;
  /** Exported: module code calls it, so what the callers hold is not known, except locks they cannot take. */
  exported: boolean;
  /** Locks the callers of an exported root cannot hold: no exported function takes them. */
  lockedAwayFromCallers: readonly string[];
  /** The zone model the root starts from is known (named entries; roots that reach entries of one start). */
  startModelKnown: boolean;
  /**
   * Replayed only to judge the setup pairs its own body takes (a reference, a disabled state): what its
   * callers hold is not known, so no other finding is reported from it.
   */
  ownSetupsOnly?: true;
  /**
   * Replayed through its own body only to judge what it does with the user's input (a sysfs store that
   * never reaches the hotplug core): no other finding is reported from it but its own setup pairs.
   */
  userInputOnly?: true;
  /**
   * Replayed only along its ways to functions of the hotplug files that state a lock contract (a sysfs store
   * reaching a memory block lookup through memory-failure code), and only for those contracts.
   */
  contractsOnly?: true;
}

/** Whether a caller of the root may hold `lock` when it calls in, beyond the locks the replay starts with. */
export function callerMayHold(root: RootContext | undefined, lock: string): boolean {
  return !!root?.exported && !root.lockedAwayFromCallers.includes(lock);
}
