// Kernel annotation macros that hide C from the grammar: blanked before parsing (see blank.ts).
// Data only; adding a macro is one entry.

/** Bare words blanked wherever they stand outside comments and strings. */
export const BLANKED_WORDS: readonly string[] = [
  '__init', '__exit', '__meminit', '__meminitdata', '__init_memblock', '__initdata', '__initconst', '__exitdata',
  '__ref', '__refdata', '__refconst', '__weak', '__must_check', 'notrace', '__always_inline', 'noinline',
  'noinline_for_stack', '__noinline', '__cold', '__hot', '__maybe_unused', '__always_unused', '__used',
  '__visible', 'asmlinkage', '__sched', '__latent_entropy', '__kprobes', 'noinstr', '__noreturn', '__malloc',
  '__pure', '__flatten', '__nocfi', '__no_sanitize_address', '__no_kcsan', '__attribute_const__', '__read_mostly',
  '__ro_after_init', '__rcu', '__user', '__iomem', '__force', '__percpu', '__bitwise', '__private', '__packed',
  '__randomize_layout', '__no_randomize_layout', '____cacheline_aligned', '____cacheline_aligned_in_smp',
  '__cacheline_aligned', '__cacheline_aligned_in_smp', '____cacheline_internodealigned_in_smp', '__safe',
  '__net_init', '__net_exit', '__cpuidle', '__irq_entry', '__softirq_entry', '__head', '__initdata_memblock',
  '__meminitconst', '__always_used', '__mm_init', '__lockfunc', '__must_be_array', '__ksym', '__weak_alias',
  '__aligned_largest', '__nostackprotector', '__fix_address', '__no_profile', 'fastcall', '__fastcall',
  '__page_aligned_data', '__page_aligned_bss', '__bpf_kfunc', '__counted_by_ptr', '__no_stack_protector',
  '__no_sanitize_or_inline', '__always_inline_or_unused', '__section_aligned', '__lsm_ro_after_init',
  '__ro_after_init_scoped', '__kernel', '__nocast', '__user_ptr', '__exitused', '__initused',
];

/** Function-like annotations: the word and its parenthesised argument are blanked. */
export const BLANKED_CALLS: readonly string[] = [
  '__printf', '__scanf', '__section', '__aligned', '__alloc_size', '__assume_aligned', '__diag_ignore',
  '__cleanup', '__counted_by', '__nonstring_attr', '__must_hold', '__acquires', '__releases', '__cond_acquires',
  '__cond_releases', '__attribute', '__alias', '__designated_init_attr', '__realloc_size', '__malloc_attr', '__nonstring',
];

/** Function-like annotations kept as facts about the function they mark. */
export const LOCK_ANNOTATIONS: Readonly<Record<string, 'acquires' | 'releases' | 'must_hold'>> = {
  __acquires: 'acquires',
  __releases: 'releases',
  __must_hold: 'must_hold',
};
