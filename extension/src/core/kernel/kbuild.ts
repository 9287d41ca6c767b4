// Kbuild's vocabulary as data: which files are build files, which variables list what a directory builds,
// and which Make functions the evaluator knows. The evaluator (core/kbuild/) reads only these names.

/** A directory's build file: Kbuild wins over Makefile when both exist (scripts/Makefile.build). */
export const KBUILD_FILE_NAMES: readonly string[] = ['Kbuild', 'Makefile'];

/** The architecture's top Makefile (arch/$(SRCARCH)/Makefile): read for the variables it exports (BITS...). */
export const ARCH_MAKEFILE = 'Makefile';

/** Variables whose words are objects (`foo.o`) or subdirectories (`dir/`) the directory builds. */
export const BUILT_LISTS: readonly string[] = [
  'obj-y',
  'obj-m',
  'lib-y',
  'lib-m',
  'subdir-y',
  'subdir-m',
  'extra-y',
  'always-y',
  'always-m',
  'head-y',
];

/** Suffixes that make `foo-SUFFIX` the parts of the composite object foo.o. */
export const COMPOSITE_SUFFIXES: readonly string[] = ['-y', '-objs', '-m'];

/** The values `$(CONFIG_X)` can take when the config does not fix X: built-in, module, or not set. */
export const TRISTATE_VALUES: readonly string[] = ['y', 'm', ''];

/** Make functions evaluated exactly; any other `$(fn ...)` expands to an unknown word. */
export const MAKE_FUNCTIONS: readonly string[] = [
  'addprefix',
  'addsuffix',
  'patsubst',
  'subst',
  'filter',
  'filter-out',
  'strip',
  'if',
  'or',
  'and',
  'sort',
  'notdir',
  'dir',
  'basename',
];
