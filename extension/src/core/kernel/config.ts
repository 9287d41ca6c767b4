// The build configuration a tree is read under: target architecture and CONFIG_ symbols.
// Symbols not listed are unknown: code under them is kept (both sides) and the trace says so.

export interface KernelConfig {
  arch: string;
  enabled: ReadonlySet<string>;
  disabled: ReadonlySet<string>;
}

export const DEFAULT_ENABLED: readonly string[] = [
  'CONFIG_X86_64',
  'CONFIG_X86',
  'CONFIG_64BIT',
  'CONFIG_MMU',
  'CONFIG_SMP',
  'CONFIG_NUMA',
  'CONFIG_MEMORY_HOTPLUG',
  'CONFIG_MEMORY_HOTREMOVE',
  'CONFIG_ZONE_DEVICE',
  'CONFIG_SPARSEMEM',
  'CONFIG_SPARSEMEM_VMEMMAP',
  'CONFIG_SPARSEMEM_EXTREME',
  'CONFIG_KASAN',
  'CONFIG_KASAN_GENERIC',
  'CONFIG_DEBUG_VM',
  'CONFIG_DEVICE_PRIVATE',
  'CONFIG_DEVICE_PUBLIC',
  'CONFIG_HMM',
  'CONFIG_HMM_MIRROR',
  'CONFIG_PCI_P2PDMA',
  'CONFIG_ARCH_HAS_PTE_DEVMAP',
  'CONFIG_TRANSPARENT_HUGEPAGE',
  'CONFIG_MIGRATION',
  'CONFIG_COMPACTION',
  'CONFIG_HAVE_ARCH_PFN_VALID',
  'CONFIG_X86_PAT',
  'CONFIG_LOCKDEP',
  'CONFIG_DEBUG_LOCK_ALLOC',
  'CONFIG_PROVE_LOCKING',
  'CONFIG_ARCH_ENABLE_MEMORY_HOTPLUG',
  'CONFIG_ARCH_ENABLE_MEMORY_HOTREMOVE',
  'CONFIG_MEMORY_BALLOON',
  'CONFIG_CMA',
  'CONFIG_HUGETLB_PAGE',
  'CONFIG_HUGETLBFS',
  'CONFIG_CONTIG_ALLOC',
  'CONFIG_DEV_DAX',
  'CONFIG_DEV_DAX_KMEM',
  'CONFIG_LIBNVDIMM',
  'CONFIG_FS_DAX',
  'CONFIG_PROC_FS',
  'CONFIG_SYSFS',
  'CONFIG_HOTPLUG_CPU',
  'CONFIG_MEMCG',
  'CONFIG_SWAP',
  'CONFIG_PREEMPT_COUNT',
  'CONFIG_ACPI',
  'CONFIG_ARCH_KEEP_MEMBLOCK',
  'CONFIG_HAVE_MEMBLOCK_PHYS_MAP',
  'CONFIG_DEBUG_KERNEL',
];

export const DEFAULT_DISABLED: readonly string[] = [
  'CONFIG_FLATMEM',
  'CONFIG_DISCONTIGMEM',
  'CONFIG_HIGHMEM',
  'CONFIG_X86_32',
  'CONFIG_KASAN_SW_TAGS',
  'CONFIG_KASAN_HW_TAGS',
  'CONFIG_PREEMPT_RT',
  'CONFIG_MEMORY_HOTPLUG_SPARSE_DISABLED',
  'CONFIG_KMSAN',
  'CONFIG_DEFERRED_STRUCT_PAGE_INIT',
  'CONFIG_MODULES_DISABLED',
  'CONFIG_NOMMU',
  'CONFIG_PPC',
  'CONFIG_ARM64',
  'CONFIG_S390',
  'CONFIG_ARM',
  'CONFIG_RISCV',
  'CONFIG_SUPERH',
  'CONFIG_IA64',
  'CONFIG_MIPS',
  'CONFIG_LOONGARCH',
];

export function defaultConfig(arch = 'x86'): KernelConfig {
  return { arch, enabled: new Set(DEFAULT_ENABLED), disabled: new Set(DEFAULT_DISABLED) };
}

/** Architecture directory names as they appear under arch/ (x86_64 and i386 live in arch/x86). */
export function archDir(arch: string): string {
  if (arch === 'x86_64' || arch === 'i386' || arch === 'x86') return 'x86';
  if (arch === 'aarch64') return 'arm64';
  return arch;
}
