// Calls that register a function to run later: every function handed to one becomes a "registered
// callback" edge from the registering function. Data only.

import { byName } from './by-name.js';
export const REGISTRARS: ReadonlySet<string> = new Set([
  'devm_add_action',
  'devm_add_action_or_reset',
  '__devm_add_action',
  '__devm_add_action_or_reset',
  'devres_alloc',
  'devres_alloc_node',
  '__devres_alloc_node',
  'devm_release_action',
  'devm_remove_action',
  'percpu_ref_init',
  'INIT_WORK',
  'INIT_DELAYED_WORK',
  'INIT_WORK_ONSTACK',
  'INIT_DEFERRABLE_WORK',
  'DECLARE_WORK',
  'DECLARE_DELAYED_WORK',
  'call_rcu',
  'call_srcu',
  'kthread_run',
  'kthread_create',
  'kthread_create_on_node',
  'timer_setup',
  'hrtimer_setup',
  'request_irq',
  'request_threaded_irq',
  'devm_request_irq',
  'devm_request_threaded_irq',
  'hotplug_memory_notifier',
  'register_memory_notifier',
  'cpuhp_setup_state',
  'cpuhp_setup_state_nocalls',
]);

/** Calls that run a function handed to them before they return (walkers, cross-CPU calls, kref_put). */
export const CALLBACK_INVOKERS: ReadonlySet<string> = new Set([
  'kref_put',
  'kref_put_mutex',
  'kref_put_lock',
  'schedule_on_each_cpu',
  'stop_machine',
  'smp_call_function',
  'on_each_cpu',
  'walk_system_ram_range',
  'walk_memory_blocks',
  'walk_iomem_res_desc',
  'for_each_memory_block',
  'walk_system_ram_res',
  'walk_mem_res',
  'bus_for_each_dev',
  'device_for_each_child',
]);

/** Every call whose function arguments the call graph follows. */
export const CALLBACK_TAKERS: ReadonlySet<string> = new Set([...REGISTRARS, ...CALLBACK_INVOKERS]);

/**
 * Registrars whose callback runs when a device is unbound (devres), by what a failure means: `action`
 * returns an error and registers nothing; `action-or-reset` also runs the callback at once; `alloc`
 * returns the allocated resource, or NULL.
 */
export const DEVRES_REGISTRARS: Readonly<Record<string, 'action' | 'action-or-reset' | 'alloc'>> = byName({
  devm_add_action: 'action',
  devm_add_action_or_reset: 'action-or-reset',
  __devm_add_action: 'action',
  __devm_add_action_or_reset: 'action-or-reset',
  devres_alloc: 'alloc',
  devres_alloc_node: 'alloc',
  __devres_alloc_node: 'alloc',
});
