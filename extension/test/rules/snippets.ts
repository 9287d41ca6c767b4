// C shared by the rule test cases: the lock wrappers as the kernel defines them (our own text), so the
// cases exercise wrapper summaries from source. Each snippet is a whole file of a case's tree.

/** mm/memory_hotplug.c's begin/done pair: cpu_hotplug_lock for read, then mem_hotplug_lock for write. */
export const HOTPLUG_LOCK_C = `
void mem_hotplug_begin(void)
{
	cpus_read_lock();
	percpu_down_write(&mem_hotplug_lock);
}

void mem_hotplug_done(void)
{
	percpu_up_write(&mem_hotplug_lock);
	cpus_read_unlock();
}
`;

/** drivers/base/core.c's device_hotplug_lock helpers; the sysfs variant is a trylock returning 0 when taken. */
export const DEVICE_HOTPLUG_C = `
void lock_device_hotplug(void)
{
	mutex_lock(&device_hotplug_lock);
}

void unlock_device_hotplug(void)
{
	mutex_unlock(&device_hotplug_lock);
}

int lock_device_hotplug_sysfs(void)
{
	if (!mutex_trylock(&device_hotplug_lock)) {
		/* let the syscall be restarted rather than spin here */
		msleep(5);
		return restart_syscall();
	}
	return 0;
}
`;

/** include/linux/memory_hotplug.h's node resize lock: an irqsave spinlock in struct pglist_data. */
export const PGDAT_LOCK_H = `
struct pglist_data {
	spinlock_t node_size_lock;
	unsigned long node_start_pfn;
};

struct zone {
	spinlock_t lock;
	seqlock_t span_seqlock;
	struct pglist_data *zone_pgdat;
};

static inline void pgdat_resize_lock(struct pglist_data *pgdat, unsigned long *flags)
{
	spin_lock_irqsave(&pgdat->node_size_lock, *flags);
}

static inline void pgdat_resize_unlock(struct pglist_data *pgdat, unsigned long *flags)
{
	spin_unlock_irqrestore(&pgdat->node_size_lock, *flags);
}

static inline void zone_span_writelock(struct zone *zone)
{
	write_seqlock(&zone->span_seqlock);
}

static inline void zone_span_writeunlock(struct zone *zone)
{
	write_sequnlock(&zone->span_seqlock);
}
`;

/** arch/x86/mm/init_64.c's add/remove: the linear map around add_pages()/__remove_pages() (bodies cut down). */
export const ARCH_X86_C = `
int arch_add_memory(int nid, u64 start, u64 size, struct vmem_altmap *altmap)
{
	init_memory_mapping(start, start + size);
	return add_pages(nid, start >> PAGE_SHIFT, size >> PAGE_SHIFT, altmap);
}

void arch_remove_memory(u64 start, u64 size, struct vmem_altmap *altmap)
{
	__remove_pages(start >> PAGE_SHIFT, size >> PAGE_SHIFT, altmap);
	kernel_physical_mapping_remove(start, start + size);
}
`;

/**
 * `step0()` calling down through `step1()` ... `step<last>()` to `step<last+1>()`, so that calls made by
 * `step<last+1>()` and below sit at the replay's depth bound (10 calls from step0()).
 */
export function callChainTo(last: number): string {
  const steps = [];
  for (let i = last; i >= 1; i--) steps.push(`static void step${i}(struct device *dev)\n{\n\tstep${i + 1}(dev);\n}\n`);
  return `${steps.join('\n')}\nvoid step0(struct device *dev)\n{\n\tstep1(dev);\n}\n`;
}

/** kernel/cpu.c's reader lock of cpu_hotplug_lock, exported as the kernel exports it. */
export const CPUS_READ_LOCK_EXPORTED = `
void cpus_read_lock(void)
{
	percpu_down_read(&cpu_hotplug_lock);
}
EXPORT_SYMBOL_GPL(cpus_read_lock);
`;
