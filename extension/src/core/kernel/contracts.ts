// Lock contracts: which locks a function needs its caller to hold. From this table, from
// lockdep_assert_held*() and __must_hold() in the source, and from kernel comments in prose.

import type { LockMode } from '../model/lock.js';
import { byName } from './by-name.js';
import { FALLBACK_WRAPPERS } from './locks.js';

export interface LockContract {
  lock: string;
  /** 'write' needs the lock held for write; 'read' accepts either mode. */
  mode: LockMode;
  source: 'table' | 'lockdep' | 'annotation' | 'comment';
  /** Where the contract is stated, as text for the message. */
  evidence: string;
  /**
   * Stated by a phrase that does not widen the replay (its callers are not pulled in two levels up): the
   * function is judged where the replay reaches it anyway.
   */
  narrow?: true;
}

/** Contracts the hotplug core documents (DOMAIN.md); the source may add more. */
export const CONTRACT_TABLE: Readonly<Record<string, readonly LockContract[]>> = byName({
  ...Object.fromEntries(
    [
      'arch_add_memory',
      'add_pages',
      '__add_pages',
      'move_pfn_range_to_zone',
      'remove_pfn_range_from_zone',
      'arch_remove_memory',
      '__remove_pages',
      'online_mem_sections',
      'offline_mem_sections',
      'add_device_memory',
      'del_device_memory',
    ].map((fn) => [
      fn,
      [
        {
          lock: 'mem_hotplug_lock',
          mode: 'write' as const,
          source: 'table' as const,
          evidence: 'memory hotplug core: mem_hotplug_lock held for write',
        },
      ],
    ]),
  ),
  // memmap on memory (5.15+): the helpers memory_block_online()/_offline() call around online_pages()
  // and offline_pages() take no lock and call move_pfn_range_to_zone(), online_mem_sections(),
  // offline_mem_sections() and remove_pfn_range_from_zone() themselves, so they need what those need.
  ...Object.fromEntries(
    [
      ['mhp_init_memmap_on_memory', 'move_pfn_range_to_zone() and online_mem_sections()'],
      ['mhp_deinit_memmap_on_memory', 'offline_mem_sections() and remove_pfn_range_from_zone()'],
    ].map(([fn, calls]) => [
      fn!,
      [
        {
          lock: 'mem_hotplug_lock',
          mode: 'write' as const,
          source: 'table' as const,
          evidence: `it calls ${calls!}, which need mem_hotplug_lock held for write, and takes no lock`,
        },
      ],
    ]),
  ),
});

/** Calls that assert a lock is held; the first argument names it. */
export const LOCKDEP_ASSERTS: Readonly<Record<string, LockMode>> = byName({
  lockdep_assert_held: 'read',
  lockdep_assert_held_write: 'write',
  lockdep_assert_held_read: 'read',
  lockdep_assert_held_once: 'read',
  percpu_rwsem_assert_held: 'read',
  lockdep_assert_cpus_held: 'read',
  lockdep_is_held: 'read',
});

/** Asserts whose lock is fixed by the name. */
export const FIXED_ASSERTS: Readonly<Record<string, string>> = byName({
  lockdep_assert_cpus_held: 'cpu_hotplug_lock',
});

interface CommentPattern {
  re: RegExp;
  lock: (m: RegExpExecArray) => string;
  mode: (m: RegExpExecArray) => LockMode;
  /**
   * Only a lock the wrappers take by that global name counts (the phrase is common for other things), and
   * the contract is narrow (LockContract.narrow).
   */
  knownLockOnly?: true;
}

/** Global locks by the names their wrappers take them under (`device_hotplug_lock`). */
const WRAPPED_LOCKS: ReadonlySet<string> = new Set(
  Object.values(FALLBACK_WRAPPERS).flatMap((ps) =>
    ps.flatMap((p) => (p.lock && !p.lock.includes('.') ? [p.lock] : [])),
  ),
);

const lockName = (s: string) => s.replace(/^&/, '').replace(/\(\)$/, '');

/** Prose contracts as kernel comments state them. */
export const COMMENT_PATTERNS: readonly CommentPattern[] = [
  {
    re: /must be called with (?:the )?(\w+) (?:held )?in (write|read) mode/i,
    lock: (m) => lockName(m[1]!),
    mode: (m) => (m[2]!.toLowerCase() === 'write' ? 'write' : 'read'),
  },
  { re: /must be protected by mem_hotplug_begin\(\)/i, lock: () => 'mem_hotplug_lock', mode: () => 'write' },
  {
    re: /caller must (?:call|hold) lock_device_hotplug\(\)/i,
    lock: () => 'device_hotplug_lock',
    mode: () => 'exclusive',
  },
  {
    re: /(?:must be called|called) with (?:the )?(\w+)(?:\s+lock)? held/i,
    lock: (m) => lockName(m[1]!),
    mode: () => 'read',
  },
  { re: /caller must hold (?:the )?(\w+)/i, lock: (m) => lockName(m[1]!), mode: () => 'read' },
  // drivers/base/memory.c (5.10+): "Called under device_hotplug_lock." above find_memory_block_by_id().
  { re: /\bcalled under (\w+)\s*\./i, lock: (m) => m[1]!, mode: () => 'read', knownLockOnly: true },
];

/** Contracts by comment text: the same comments are read for every function at every analysis. */
const fromComment = new Map<string, readonly LockContract[]>();
const MAX_CACHED_COMMENTS = 200_000;

export function contractsFromComment(comment: string): readonly LockContract[] {
  const known = fromComment.get(comment);
  if (known) return known;
  if (fromComment.size >= MAX_CACHED_COMMENTS) fromComment.clear();
  const found = readContracts(comment);
  fromComment.set(comment, found);
  return found;
}

function readContracts(comment: string): LockContract[] {
  const text = comment.replace(/^\s*\/?\*+\/?/gm, ' ').replace(/\s+/g, ' ');
  const out: LockContract[] = [];
  for (const p of COMMENT_PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const lock = p.lock(m);
    if (!/lock|mutex|sem/i.test(lock)) continue;
    if (p.knownLockOnly && !WRAPPED_LOCKS.has(lock)) continue;
    if (out.some((c) => c.lock === lock)) continue;
    out.push({
      lock,
      mode: p.mode(m),
      source: 'comment',
      evidence: m[0],
      ...(p.knownLockOnly ? { narrow: true as const } : {}),
    });
  }
  return out;
}
