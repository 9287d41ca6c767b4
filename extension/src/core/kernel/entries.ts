// Default entry points and hotplug-core targets for path tracing, covering 4.19 and 5.x/6.x names.

export const DEFAULT_ENTRIES: readonly string[] = [
  'devm_memremap_pages', 'memremap_pages', 'devm_memremap_pages_release', 'memunmap_pages',
  'hmm_devmem_add', 'hmm_devmem_pages_create', 'hmm_devmem_release',
  'add_memory', 'add_memory_resource', 'remove_memory', '__remove_memory',
  'online_pages', 'offline_pages', 'memory_subsys_online', 'memory_subsys_offline',
];

export const DEFAULT_TARGETS: readonly string[] = [
  'add_device_memory', 'del_device_memory', 'arch_add_memory', 'add_pages', '__add_pages',
  'move_pfn_range_to_zone', 'remove_pfn_range_from_zone', 'arch_remove_memory', '__remove_pages',
  'online_pages', 'offline_pages',
];
