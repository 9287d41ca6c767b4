// Names every kernel file can use without declaring them, and macros whose arguments are types or member
// names rather than values: what the patch-local checks must not report as undeclared. Data only.

/**
 * Names that come from headers outside the indexed scope (arch/, include/asm-generic/, uapi) in every
 * kernel, used as values or types: not reported, since the index cannot see where they are declared.
 */
export const DECLARED_OUTSIDE_SCOPE = new Set([
  'current',
  'u8',
  'u16',
  'u32',
  'u64',
  's8',
  's16',
  's32',
  's64',
  'size_t',
  'ssize_t',
  'uintptr_t',
  'ptrdiff_t',
  'bool',
  'true',
  'false',
  'phys_addr_t',
  'resource_size_t',
  'gfp_t',
  'pgprot_t',
  'pte_t',
  'pmd_t',
  'pud_t',
  'p4d_t',
  'pgd_t',
]);

/** Macros taking a type and a member name after their first argument (`container_of(p, struct page, lru)`, list iterators). */
export const MEMBER_MACRO = /(^|_)entry(_|$)|^container_of|^offsetof|^sizeof_field$|^typeof_member$/;
/** Iterators whose last argument may be a member name (`hash_for_each(table, bkt, obj, hnode)`). */
export const ITERATOR_MACRO = /for_each/;
