// Default entry points and hotplug-core targets for path tracing, covering 4.19 and 5.x/6.x names.

import { byName } from './by-name.js';
export const DEFAULT_ENTRIES: readonly string[] = [
  'devm_memremap_pages',
  'memremap_pages',
  'devm_memremap_pages_release',
  'memunmap_pages',
  'hmm_devmem_add',
  'hmm_devmem_pages_create',
  'hmm_devmem_release',
  'add_memory',
  'add_memory_resource',
  'remove_memory',
  '__remove_memory',
  'online_pages',
  'offline_pages',
  'memory_subsys_online',
  'memory_subsys_offline',
];

export const DEFAULT_TARGETS: readonly string[] = [
  'add_device_memory',
  'del_device_memory',
  'arch_add_memory',
  'add_pages',
  '__add_pages',
  'move_pfn_range_to_zone',
  'remove_pfn_range_from_zone',
  'arch_remove_memory',
  '__remove_pages',
  'online_pages',
  'offline_pages',
];

/** Locks the kernel holds when it calls an entry (probe/unbind run under the device lock). */
export const ENTRY_CONTEXT: Readonly<
  Record<string, readonly { lock: string; cls: 'mutex' | 'percpu-rwsem'; why: string }[]>
> = byName({
  devm_memremap_pages: [{ lock: 'device.mutex', cls: 'mutex', why: 'driver probe holds device_lock()' }],
  devm_memremap_pages_release: [
    { lock: 'device.mutex', cls: 'mutex', why: 'devres release runs at unbind under device_lock()' },
  ],
  hmm_devmem_add: [{ lock: 'device.mutex', cls: 'mutex', why: 'driver probe holds device_lock()' }],
  hmm_devmem_release: [
    { lock: 'device.mutex', cls: 'mutex', why: 'devres release runs at unbind under device_lock()' },
  ],
  memory_subsys_online: [
    { lock: 'device_hotplug_lock', cls: 'mutex', why: 'device_online() callers hold lock_device_hotplug()' },
    { lock: 'device.mutex', cls: 'mutex', why: 'device_online() holds device_lock()' },
  ],
  memory_subsys_offline: [
    { lock: 'device_hotplug_lock', cls: 'mutex', why: 'device_offline() callers hold lock_device_hotplug()' },
    { lock: 'device.mutex', cls: 'mutex', why: 'device_offline() holds device_lock()' },
  ],
});

/** The zone-model state an entry starts from: teardown entries start where their setup left off. */
/** `device-set-up-no-altmap`: the driver never uses a vmem_altmap (HMM). */
export type EntryStart = 'fresh' | 'device-set-up' | 'device-set-up-no-altmap' | 'ram-added' | 'ram-online';

export const ENTRY_START: Readonly<Record<string, EntryStart>> = byName({
  devm_memremap_pages_release: 'device-set-up',
  memunmap_pages: 'device-set-up',
  devm_memunmap_pages: 'device-set-up',
  hmm_devmem_release: 'device-set-up-no-altmap',
  online_pages: 'ram-added',
  memory_subsys_online: 'ram-added',
  offline_pages: 'ram-online',
  memory_subsys_offline: 'ram-online',
  // Memory is offlined (zone span shrunk, memmap poisoned) before it can be removed.
  remove_memory: 'ram-added',
  __remove_memory: 'ram-added',
  try_remove_memory: 'ram-added',
});

/** Device memory types a driver's code supports; a scenario of another type replays it as the first. */
export const ENTRY_DEVICE_TYPES: Readonly<Record<string, readonly { type: string; desc: string }[]>> = byName(
  Object.fromEntries(
    ['hmm_devmem_add', 'hmm_devmem_pages_create', 'hmm_devmem_release'].map((fn) => [
      fn,
      [
        { type: 'MEMORY_DEVICE_PRIVATE', desc: 'IORES_DESC_DEVICE_PRIVATE_MEMORY' },
        { type: 'MEMORY_DEVICE_PUBLIC', desc: 'IORES_DESC_DEVICE_PUBLIC_MEMORY' },
      ],
    ]),
  ),
);
