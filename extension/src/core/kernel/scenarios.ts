// The shipped scenarios: machines a replay can assume, named for the cases reviewers ask about. Data only.

import type { Scenario } from '../model/scenario.js';

const GiB = 1024 * 1024 * 1024;

export const SHIPPED_SCENARIOS: readonly Scenario[] = [
  {
    name: 'default',
    description: 'one node, DMA/DMA32/NORMAL over 0-8 GiB; a 1 GiB section-aligned generic device range at 16 GiB',
    ramBytes: 8 * GiB,
    device: {
      start: 16 * GiB,
      size: GiB,
      type: 'MEMORY_DEVICE_GENERIC',
      desc: 'IORES_DESC_NONE',
      altmapReserve: 0,
      nid: 0,
    },
  },
  {
    name: 'altmap',
    description: 'as default, with the first 4096 pages of the device range reserved by a vmem_altmap for its memmap',
    ramBytes: 8 * GiB,
    device: {
      start: 16 * GiB,
      size: GiB,
      type: 'MEMORY_DEVICE_FS_DAX',
      desc: 'IORES_DESC_PERSISTENT_MEMORY',
      altmapReserve: 4096,
      nid: 0,
    },
  },
  {
    name: 'device-private',
    description:
      'as default, with MEMORY_DEVICE_PRIVATE memory (no linear mapping; add_pages instead of arch_add_memory)',
    ramBytes: 8 * GiB,
    device: {
      start: 16 * GiB,
      size: GiB,
      type: 'MEMORY_DEVICE_PRIVATE',
      desc: 'IORES_DESC_DEVICE_PRIVATE_MEMORY',
      altmapReserve: 0,
      nid: 0,
    },
  },
  {
    name: 'unaligned',
    description: 'a device range of 1 GiB + 2 MiB starting 2 MiB into a section (sub-section aligned only)',
    ramBytes: 8 * GiB,
    device: {
      start: 16 * GiB + 2 * 1024 * 1024,
      size: GiB + 2 * 1024 * 1024,
      type: 'MEMORY_DEVICE_GENERIC',
      desc: 'IORES_DESC_NONE',
      altmapReserve: 0,
      nid: 0,
    },
  },
];
