// What each hotplug function does to the zone model (DOMAIN.md's table), as data. Arguments are found by
// the parameter names of the indexed definition, else by position.

import { byName } from './by-name.js';
export interface ArgRef {
  names: readonly string[];
  index: number;
}

const arg = (index: number, ...names: string[]): ArgRef => ({ names, index });
/** An argument found by the definition's parameter names only: its position differs between releases. */
const named = (...names: string[]): ArgRef => ({ names, index: -1 });

export type ModelEffect =
  /** `altmap`: the vmem_altmap the memmap is allocated from, or a struct that carries it (ALTMAP_CARRIER). */
  | { kind: 'arch-add'; start: ArgRef; size: ArgRef; altmap: ArgRef }
  | { kind: 'add-pages'; pfn: ArgRef; nr: ArgRef }
  | { kind: 'move-to-zone'; zone: ArgRef; pfn: ArgRef; nr: ArgRef; altmap: ArgRef }
  | { kind: 'init-device-memmap'; pfn: ArgRef; nr: ArgRef }
  | { kind: 'arch-remove'; start: ArgRef; size: ArgRef; altmap: ArgRef }
  | { kind: 'remove-pages'; pfn: ArgRef; nr: ArgRef }
  | { kind: 'remove-from-zone'; zone: ArgRef; pfn: ArgRef; nr: ArgRef }
  | { kind: 'kasan-add' | 'kasan-remove'; addr: ArgRef; size: ArgRef }
  | { kind: 'track' | 'untrack'; pfn: ArgRef; size: ArgRef }
  | { kind: 'online-sections' | 'offline-sections'; pfn: ArgRef; end: ArgRef };

export const MODEL_BINDINGS: Readonly<Record<string, ModelEffect>> = byName({
  arch_add_memory: {
    kind: 'arch-add',
    start: arg(1, 'start'),
    size: arg(2, 'size'),
    // 4.19: the altmap itself; 5.4: struct mhp_restrictions *restrictions; 5.10+: struct mhp_params *params.
    altmap: named('altmap', 'restrictions', 'params'),
  },
  add_pages: { kind: 'add-pages', pfn: arg(1, 'start_pfn', 'pfn'), nr: arg(2, 'nr_pages') },
  __add_pages: { kind: 'add-pages', pfn: arg(1, 'phys_start_pfn', 'pfn', 'start_pfn'), nr: arg(2, 'nr_pages') },
  move_pfn_range_to_zone: {
    kind: 'move-to-zone',
    zone: arg(0, 'zone'),
    pfn: arg(1, 'start_pfn', 'pfn'),
    nr: arg(2, 'nr_pages'),
    altmap: arg(3, 'altmap'),
  },
  memmap_init_zone_device: { kind: 'init-device-memmap', pfn: arg(1, 'start_pfn', 'pfn'), nr: arg(2, 'nr_pages') },
  arch_remove_memory: { kind: 'arch-remove', start: arg(0, 'start'), size: arg(1, 'size'), altmap: named('altmap') },
  __remove_pages: { kind: 'remove-pages', pfn: arg(0, 'pfn', 'phys_start_pfn', 'start_pfn'), nr: arg(1, 'nr_pages') },
  remove_pfn_range_from_zone: {
    kind: 'remove-from-zone',
    zone: arg(0, 'zone'),
    pfn: arg(1, 'start_pfn', 'pfn'),
    nr: arg(2, 'nr_pages'),
  },
  kasan_add_zero_shadow: { kind: 'kasan-add', addr: arg(0, 'start', 'addr'), size: arg(1, 'size') },
  kasan_remove_zero_shadow: { kind: 'kasan-remove', addr: arg(0, 'start', 'addr'), size: arg(1, 'size') },
  track_pfn_remap: { kind: 'track', pfn: arg(2, 'pfn'), size: arg(4, 'size') },
  untrack_pfn: { kind: 'untrack', pfn: arg(1, 'pfn'), size: arg(2, 'size') },
  online_mem_sections: { kind: 'online-sections', pfn: arg(0, 'start_pfn'), end: arg(1, 'end_pfn') },
  offline_mem_sections: { kind: 'offline-sections', pfn: arg(0, 'start_pfn'), end: arg(1, 'end_pfn') },
});

/**
 * Bound calls whose body hands the range to helpers that scan the zone's pfns (6.x remove_pfn_range_from_zone()
 * -> shrink_zone_span() -> find_smallest_section_pfn()): those helpers are replayed, for memory the model holds
 * outside the zones named here (ZONE_DEVICE spans are never shrunk: the bound call returns before its helpers).
 */
export const SCAN_HELPERS_OF: Readonly<
  Partial<Record<ModelEffect['kind'], { notIn: readonly ('DMA' | 'DMA32' | 'NORMAL' | 'MOVABLE' | 'DEVICE')[] }>>
> = {
  'remove-from-zone': { notIn: ['DEVICE'] },
};

/** A function whose presence in the tree means __remove_pages no longer shrinks zone spans (5.x+). */
export const ZONE_SHRINK_MOVED_TO = 'remove_pfn_range_from_zone';

/** Calls that read the memmap (struct page) of the pfn or page they are given. */
export const MEMMAP_READERS: Readonly<Record<string, 'page' | 'pfn'>> = byName({
  page_zone: 'page',
  page_to_nid: 'page',
  page_pgdat: 'page',
  page_zonenum: 'page',
  pfn_to_nid: 'pfn',
  // Before 5.10 it takes the page and tests is_zone_device_page() (page->flags) first; since, a pfn it
  // tests with pfn_to_online_page() itself (a reader of a page parameter only: sim/calls.ts readerKind).
  soft_offline_page: 'page',
});

/** devres registrations whose result must be checked, or the release never runs. */
export const MUST_CHECK_REGISTRATION: readonly string[] = ['devm_add_action'];

/** Why a memmap state makes a struct page read wrong, in the words of a finding (`... which is <this>`). */
export const MEMMAP_STATE_WHY: Readonly<Record<string, string>> = byName({
  uninitialized:
    'allocated by add_pages() but not yet initialized (move_pfn_range_to_zone()/memmap_init_zone_device() has not run)',
  offline:
    'in a memory block that was offlined: its section is valid (pfn_valid() is true) but not online, and offlining poisoned its memmap',
  'altmap-reserved': 'reserved by the vmem_altmap for the memmap itself and never initialized',
  removed: 'already freed by the removal of its section',
  absent: 'not backed by any memmap',
});

/**
 * Setups whose teardown undoes the same range, and the range arguments the two share (the effect's fields):
 * a setup that fails part-way undoes itself with its teardown, given the range it was asked for.
 */
export const TEARDOWN_OF_KIND: Readonly<
  Partial<Record<ModelEffect['kind'], { teardown: ModelEffect['kind']; range: readonly string[] }>>
> = {
  'kasan-add': { teardown: 'kasan-remove', range: ['addr', 'size'] },
  'arch-add': { teardown: 'arch-remove', range: ['start', 'size'] },
  track: { teardown: 'untrack', range: ['pfn', 'size'] },
};

/** Why a setup's own unwind must hand its teardown the range it was given, in a finding's words. */
export const TRANSLATED_TWICE_WHY =
  'the teardown translates the range it is given, as the setup did, so given the translated range it undoes one that was never set up and leaves the one that was';

/**
 * The altmap argument of arch_add_memory(): a parameter whose type names ALTMAP_CARRIER.type is the altmap;
 * any other (mhp_params, mhp_restrictions) carries it in its field ALTMAP_CARRIER.field.
 */
export const ALTMAP_CARRIER = { type: 'vmem_altmap', field: 'altmap' } as const;

/** A linear-map teardown whose altmap is not the one the setup populated the memmap with, in a finding's words. */
export const ALTMAP_MISMATCH = {
  setup: 'arch_add_memory',
  teardown: 'arch_remove_memory',
  why: 'the memmap of this range was allocated from that altmap (memmap on the hot-added memory itself), and a NULL altmap frees those pages with free_pages() as if they had come from the page allocator, instead of giving them back to the altmap',
} as const;

/** A teardown effect that finds nothing set up: the teardown call and what it undoes that was never done. */
export const UNBALANCED_TEARDOWN: Readonly<
  Record<'arch-remove' | 'kasan-remove' | 'untrack', { callee: string; what: string }>
> = {
  'arch-remove': {
    callee: 'arch_remove_memory',
    what: 'tears down a linear mapping that arch_add_memory() never created on this path',
  },
  'kasan-remove': {
    callee: 'kasan_remove_zero_shadow',
    what: 'removes a shadow that kasan_add_zero_shadow() never mapped on this path',
  },
  untrack: { callee: 'untrack_pfn', what: 'without a track_pfn_remap() of that range on this path' },
};

/** Zone span fields (`struct zone`), read from the zone model when the zone is known. */
export const ZONE_SPAN_FIELDS: Readonly<Record<string, 'start' | 'spanned'>> = byName({
  zone_start_pfn: 'start',
  spanned_pages: 'spanned',
});

/** Node span fields (`pg_data_t`): a write of one is checked against the node's zones. */
export const NODE_SPAN_FIELDS: Readonly<Record<string, 'start' | 'spanned'>> = byName({
  node_start_pfn: 'start',
  node_spanned_pages: 'spanned',
});

/** The field of a zone that names its node (`zone->zone_pgdat`). */
export const ZONE_NODE_FIELD = 'zone_pgdat';

/** The number of zones a node's `node_zones` array holds (`pgdat->node_zones + MAX_NR_ZONES`). */
export const ZONE_COUNT_CONSTANT = 'MAX_NR_ZONES';

/**
 * Functions that recompute a node's span from its zones: replayed, so the span they write is compared with
 * the zones that still span memory.
 */
export const NODE_SPAN_RECOMPUTERS: readonly string[] = ['update_pgdat_span'];
