// Calls a reviewer wants kept out of a lock (the seed's open question). Users may add their own pairs.

export interface CallUnderLock {
  fn: string;
  lock: string;
  why: string;
}

export const CALL_UNDER_LOCK: readonly CallUnderLock[] = [
  {
    fn: 'kasan_add_zero_shadow',
    lock: 'mem_hotplug_lock',
    why: 'it allocates page tables and may sleep; could it run before mem_hotplug_begin()?',
  },
  {
    fn: 'kasan_remove_zero_shadow',
    lock: 'mem_hotplug_lock',
    why: 'it frees page tables; could it run after mem_hotplug_done()?',
  },
];

/** Callees whose lock context should not differ between paths from one entry. */
export const LOCK_CONTEXT_SENSITIVE: readonly string[] = [
  'kasan_add_zero_shadow',
  'kasan_remove_zero_shadow',
  'move_pfn_range_to_zone',
  'remove_pfn_range_from_zone',
  'arch_add_memory',
  'arch_remove_memory',
  'add_pages',
  '__add_pages',
  '__remove_pages',
  'memmap_init_zone_device',
  'online_mem_sections',
  'offline_mem_sections',
  'add_device_memory',
  'del_device_memory',
];
