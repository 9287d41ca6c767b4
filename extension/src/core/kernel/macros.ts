// What kernel macros and helpers compute, as data for the value evaluator (sim/value.ts): range and pfn
// arithmetic, scenario facts read through helpers and struct fields, error pointers, and the constants of
// the x86-64 memory layout. Adding a macro of a known kind is one row.

import { byName } from './by-name.js';

/** x86-64: 4 KiB pages, 128 MiB sections, 2 MiB sub-sections. */
export const PAGE_SHIFT = 12;
export const SECTION_SIZE_BITS = 27;
export const SUBSECTION_SHIFT = 21;

/** Named constants the evaluator knows exactly. */
export const NAMED_CONSTANTS: Readonly<Record<string, bigint>> = byName({
  PAGE_SHIFT: BigInt(PAGE_SHIFT),
  PAGE_SIZE: 1n << BigInt(PAGE_SHIFT),
  SECTION_SIZE_BITS: BigInt(SECTION_SIZE_BITS),
  PA_SECTION_SHIFT: BigInt(SECTION_SIZE_BITS),
  SECTION_SIZE: 1n << BigInt(SECTION_SIZE_BITS),
  PA_SECTION_SIZE: 1n << BigInt(SECTION_SIZE_BITS),
  PAGES_PER_SECTION: 1n << BigInt(SECTION_SIZE_BITS - PAGE_SHIFT),
  PFN_SECTION_SHIFT: BigInt(SECTION_SIZE_BITS - PAGE_SHIFT),
  SUBSECTION_SHIFT: BigInt(SUBSECTION_SHIFT),
  SUBSECTION_SIZE: 1n << BigInt(SUBSECTION_SHIFT),
  PAGES_PER_SUBSECTION: 1n << BigInt(SUBSECTION_SHIFT - PAGE_SHIFT),
  NUMA_NO_NODE: -1n,
  NULL: 0n,
  false: 0n,
  true: 1n,
});

/** Prefixes of enum constants compared by name (`pgmap->type == MEMORY_DEVICE_PRIVATE`). */
export const ENUM_PREFIXES: readonly string[] = ['MEMORY_DEVICE_', 'IORES_DESC_', 'ZONE_', 'MIGRATE_'];

/** The zone index constants, by the zone each names in the model. */
export const ZONE_CONSTANTS: Readonly<Record<string, 'DMA' | 'DMA32' | 'NORMAL' | 'MOVABLE' | 'DEVICE'>> = byName({
  ZONE_DMA: 'DMA',
  ZONE_DMA32: 'DMA32',
  ZONE_NORMAL: 'NORMAL',
  ZONE_MOVABLE: 'MOVABLE',
  ZONE_DEVICE: 'DEVICE',
});

/** Error codes (`-EINVAL`): a negated constant of this form is a non-zero error. */
export const ERROR_CODE = /^E[A-Z0-9]+$/;

export type MacroKind =
  /** `x >> PAGE_SHIFT` */
  | 'pfn-down'
  /** `(x + PAGE_SIZE - 1) >> PAGE_SHIFT` */
  | 'pfn-up'
  /** `x << PAGE_SHIFT` */
  | 'pfn-phys'
  | 'min'
  | 'max'
  /** `min_t(type, a, b)`: the type comes first. */
  | 'min-typed'
  | 'max-typed'
  | 'section-align-up'
  | 'section-align-down'
  | 'pfn-to-section'
  /** `__pfn_to_section(pfn)`: the mem_section of a pfn. */
  | 'pfn-to-mem-section'
  /** `__nr_to_section(nr)` */
  | 'nr-to-mem-section'
  | 'section-to-pfn'
  /** `ALIGN(x, a)` */
  | 'align-up'
  | 'align-down'
  | 'is-aligned'
  /** 0 when (pfn, nr) are sub-section aligned, else an error. */
  | 'subsection-check'
  /** The size of the scenario's device range. */
  | 'range-size'
  | 'phys-to-virt'
  | 'virt-to-phys'
  /** The node object of a node id. */
  | 'node-data'
  | 'pfn-to-page'
  | 'page-to-pfn'
  /** The scenario's node id. */
  | 'range-nid'
  /** The scenario's vmem_altmap, or NULL. */
  | 'range-altmap'
  /** Pages the scenario's altmap reserves. */
  | 'altmap-reserve'
  /** Returns its first argument (`likely(x)`, `WARN_ON(x)`). */
  | 'first-arg'
  /** Always a non-zero error. */
  | 'error'
  | 'err-ptr'
  | 'is-err'
  | 'is-err-or-null'
  | 'ptr-err'
  /** `zone_end_pfn(zone)`: the first pfn past the zone's span, from the zone model. */
  | 'zone-end-pfn';

export const MACRO_KINDS: Readonly<Record<string, MacroKind>> = byName({
  PHYS_PFN: 'pfn-down',
  PFN_DOWN: 'pfn-down',
  PFN_UP: 'pfn-up',
  PFN_PHYS: 'pfn-phys',
  min: 'min',
  max: 'max',
  min_t: 'min-typed',
  max_t: 'max-typed',
  SECTION_ALIGN_UP: 'section-align-up',
  SECTION_ALIGN_DOWN: 'section-align-down',
  check_pfn_span: 'subsection-check',
  pfn_to_section_nr: 'pfn-to-section',
  __pfn_to_section: 'pfn-to-mem-section',
  __nr_to_section: 'nr-to-mem-section',
  section_nr_to_pfn: 'section-to-pfn',
  ALIGN: 'align-up',
  ALIGN_DOWN: 'align-down',
  IS_ALIGNED: 'is-aligned',
  resource_size: 'range-size',
  range_len: 'range-size',
  __va: 'phys-to-virt',
  phys_to_virt: 'phys-to-virt',
  __pa: 'virt-to-phys',
  virt_to_phys: 'virt-to-phys',
  NODE_DATA: 'node-data',
  pfn_to_page: 'pfn-to-page',
  page_to_pfn: 'page-to-pfn',
  dev_to_node: 'range-nid',
  numa_mem_id: 'range-nid',
  memory_add_physaddr_to_nid: 'range-nid',
  phys_to_target_node: 'range-nid',
  pgmap_altmap: 'range-altmap',
  vmem_altmap_offset: 'altmap-reserve',
  likely: 'first-arg',
  unlikely: 'first-arg',
  WARN_ON: 'first-arg',
  WARN_ON_ONCE: 'first-arg',
  WARN: 'first-arg',
  WARN_ONCE: 'first-arg',
  BUG_ON: 'first-arg',
  VM_BUG_ON: 'first-arg',
  VM_WARN_ON: 'first-arg',
  VM_WARN_ON_ONCE: 'first-arg',
  restart_syscall: 'error',
  ERR_PTR: 'err-ptr',
  IS_ERR: 'is-err',
  IS_ERR_OR_NULL: 'is-err-or-null',
  PTR_ERR: 'ptr-err',
  PTR_ERR_OR_ZERO: 'ptr-err',
  zone_end_pfn: 'zone-end-pfn',
});

export type ScenarioField =
  'range-start' | 'range-last' | 'device-type' | 'device-desc' | 'altmap-valid' | 'altmap' | 'node-id' | 'range-count';

/** Struct fields through which code reads the scenario's facts (`range->start`, `pgmap->type`). */
export const SCENARIO_FIELDS: Readonly<Record<string, ScenarioField>> = byName({
  start: 'range-start',
  end: 'range-last',
  type: 'device-type',
  desc: 'device-desc',
  altmap_valid: 'altmap-valid',
  altmap: 'altmap',
  node_id: 'node-id',
  nr_range: 'range-count',
});

/** `NODE_DATA(nid)->node_zones[ZONE_X]`: the field of a node that holds its zones. */
export const NODE_ZONES_FIELD = 'node_zones';
/** `pgmap->ranges[i]`: the field that holds a pagemap's ranges. */
export const RANGES_FIELD = 'ranges';
