// Calls that may sleep, for sleep-in-atomic: primitives, allocators with sleeping GFP flags, and the
// KASAN shadow helpers (they allocate page tables).

export const MAY_SLEEP: ReadonlySet<string> = new Set([
  'msleep', 'msleep_interruptible', 'ssleep', 'usleep_range', 'schedule', 'schedule_timeout', 'cond_resched',
  'might_sleep', 'wait_for_completion', 'wait_for_completion_timeout', 'wait_event', 'flush_work',
  'flush_workqueue', 'synchronize_rcu', 'synchronize_srcu', 'vmalloc', 'vzalloc', 'vfree', 'vmap', 'vunmap',
  'kasan_add_zero_shadow', 'kasan_remove_zero_shadow', 'mutex_lock', 'down_read', 'down_write',
  'percpu_down_read', 'percpu_down_write', 'lru_add_drain_all', 'drain_all_pages', 'copy_from_user',
  'copy_to_user', 'get_user_pages', 'stop_machine', 'kthread_stop', 'request_firmware', 'device_add',
  'device_register', 'device_unregister', 'sysfs_create_group', 'kobject_add', 'firmware_map_add_hotplug',
  'memblock_add_node', 'create_memory_block_devices', 'remove_memory_block_devices',
]);

/** Allocators whose last GFP argument decides whether they sleep. */
export const GFP_ALLOCATORS: ReadonlySet<string> = new Set([
  'kmalloc', 'kzalloc', 'kcalloc', 'kmalloc_node', 'kzalloc_node', 'kmem_cache_alloc', 'kmem_cache_zalloc',
  'alloc_pages', 'alloc_pages_node', '__get_free_pages', 'get_zeroed_page', 'alloc_page', 'krealloc',
  'kvmalloc', 'kvzalloc', 'devm_kzalloc', 'devm_kmalloc', 'xa_store', 'xa_store_range', 'idr_alloc',
]);

/** GFP flag words that allow sleeping. */
export const SLEEPING_GFP = /\bGFP_(KERNEL|USER|HIGHUSER|NOFS|NOIO)\b|__GFP_DIRECT_RECLAIM/;
