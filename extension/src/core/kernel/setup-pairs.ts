// Setup/teardown pairs that a function's own body must balance, as data: references a lookup returns
// (released through a field of the object) and states a call switches off until its partner switches
// them back. Which call takes, which releases, and what identifies the object.

import { byName } from './by-name.js';

export interface SetupPair {
  /** What is taken, in the words of a finding: `a reference to the memory block device`. */
  what: string;
  /**
   * `object`: the call returns the object (NULL when nothing was found, and then nothing is taken);
   * a release call given the object (`put_device(&mem->dev)`) releases it.
   * `state`: nothing identifies it but the pair itself; `whenZero`: taken only when the call returns 0.
   */
  kind: 'object' | 'state';
  releases: readonly string[];
  /** For `state`: the call returns 0 when it took the state and undoes itself when it fails. */
  whenZero?: true;
}

const memoryBlockRef: SetupPair = {
  what: 'a reference to the memory block device',
  kind: 'object',
  releases: ['put_device'],
};

/** Calls that take something, by name. */
export const SETUP_PAIRS: Readonly<Record<string, SetupPair>> = byName({
  // drivers/base/memory.c: "A reference for the returned memory block device is acquired."
  find_memory_block: memoryBlockRef,
  find_memory_block_by_id: memoryBlockRef,
  find_memory_block_hinted: memoryBlockRef,
  // mm/swap.c: "Must be paired with a call to lru_cache_enable()."
  lru_cache_disable: { what: 'the LRU cache disabled', kind: 'state', releases: ['lru_cache_enable'] },
  zone_pcp_disable: { what: 'the zone pcplists disabled', kind: 'state', releases: ['zone_pcp_enable'] },
  start_isolate_page_range: {
    what: 'the range isolated',
    kind: 'state',
    releases: ['undo_isolate_page_range'],
    whenZero: true,
  },
});

/** Every release call of a pair. */
export const SETUP_RELEASES: ReadonlySet<string> = new Set(Object.values(SETUP_PAIRS).flatMap((p) => p.releases));

/**
 * Calls that use a pointer they are given without keeping it: handing an object's field to them is not
 * handing the object on. Atomic operations on a counter inside the object.
 */
export const BORROWING_CALL = /^(atomic|atomic64|atomic_long)_[a-z_]+$/;
