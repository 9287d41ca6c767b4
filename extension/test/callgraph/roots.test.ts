// Roots found in the review's files: sysfs attributes, bus and driver callbacks and exported functions,
// each with the use that makes it a root; and the plan that gives each one its callers' locks and start.

import { describe, expect, it } from 'vitest';
import { discoverRoots, exportedNames } from '../../src/core/callgraph/roots.js';
import { planRoots } from '../../src/core/analysis/roots.js';
import { rootMacroUses } from '../../src/core/syntax/root-macros.js';
import { inlineTree } from './tree.js';

const MEMORY_C = `static ssize_t state_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return 0;
}

static ssize_t state_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t count)
{
	return count ? online_pages(0, 0) : offline_pages(0, 0);
}

static ssize_t legacy_probe(struct device *dev, struct device_attribute *attr, const char *buf, size_t count)
{
	return add_memory(0, 0, 0);
}

static DEVICE_ATTR_RW(state);
static DEVICE_ATTR(probe, S_IWUSR,
		   NULL, legacy_probe);

static int memory_subsys_online(struct device *dev)
{
	return online_pages(0, 0);
}

struct bus_type memory_subsys = {
	.name = "memory",
	.online = memory_subsys_online,
};

int add_memory(int nid, u64 start, u64 size)
{
	return 0;
}
EXPORT_SYMBOL_GPL(add_memory);

int online_pages(unsigned long pfn, unsigned long nr)
{
	return 0;
}

/*
 * EXPORT_SYMBOL(not_a_root);
 */

int offline_pages(unsigned long pfn, unsigned long nr)
{
	return 0;
}
`;

const KMEM_C = `static int kmem_probe(struct dev_dax *dev_dax)
{
	return add_memory(0, 0, 0);
}

static struct dax_device_driver kmem_driver = {
	.drv = {
		.probe = kmem_probe,
	},
};
`;

describe('root macro uses', () => {
  it('reads file-scope attribute and export macros with their arguments and places, across lines, not in comments', () => {
    expect(rootMacroUses(MEMORY_C)).toEqual([
      { macro: 'DEVICE_ATTR_RW', args: ['state'], loc: { line: 16, column: 7 } },
      { macro: 'DEVICE_ATTR', args: ['probe', 'S_IWUSR', 'NULL', 'legacy_probe'], loc: { line: 17, column: 7 } },
      { macro: 'EXPORT_SYMBOL_GPL', args: ['add_memory'], loc: { line: 34, column: 0 } },
    ]);
  });
});

describe('root discovery', () => {
  it('finds the sysfs show and store functions, the bus callback, the driver probe and the export, in the review files only', async () => {
    const { snapshot, graph } = await inlineTree({
      'drivers/base/memory.c': MEMORY_C,
      'drivers/dax/kmem.c': KMEM_C,
      'drivers/base/node.c': 'static ssize_t x_show(struct device *d) { return 0; }\nstatic DEVICE_ATTR_RO(x);\n',
    });
    const roots = discoverRoots(snapshot, graph).map(
      (r) => `${r.fn.name} ${r.kind} ${r.via} ${r.site.file}:${r.site.line}`,
    );
    expect(roots.sort()).toEqual([
      'add_memory export EXPORT_SYMBOL_GPL(add_memory) drivers/base/memory.c:34',
      'kmem_probe probe dax_device_driver.drv.probe drivers/dax/kmem.c:8',
      'legacy_probe sysfs-store DEVICE_ATTR(probe, S_IWUSR, NULL, legacy_probe) drivers/base/memory.c:17',
      'memory_subsys_online bus-online bus_type.online drivers/base/memory.c:27',
      'state_show sysfs-show DEVICE_ATTR_RW(state) drivers/base/memory.c:16',
      'state_store sysfs-store DEVICE_ATTR_RW(state) drivers/base/memory.c:16',
    ]);
    expect([...exportedNames(snapshot)]).toEqual(['add_memory']);
  });

  it("plans named entries first, then found roots that reach the hotplug core (state_show does not), with their callers' locks and the start of the entries they lead to", async () => {
    const { snapshot, graph } = await inlineTree({
      'drivers/base/memory.c': MEMORY_C,
      'drivers/dax/kmem.c': KMEM_C,
    });
    const plan = planRoots(snapshot, graph, undefined, true).map(
      (r) =>
        `${r.fn.name} | ${r.context.why} | ${r.callerLocks.map((l) => l.lock).join(',')} | ${r.context.startModelKnown ? r.start : '?'}${r.context.exported ? ' | exported' : ''}`,
    );
    expect(plan).toEqual([
      'add_memory | named entry, exported |  | fresh | exported',
      'online_pages | named entry |  | ram-added',
      'offline_pages | named entry |  | ram-online',
      'memory_subsys_online | named entry | device_hotplug_lock,device.mutex | ram-added',
      'state_store | sysfs store (DEVICE_ATTR_RW(state)) |  | ?',
      'legacy_probe | sysfs store (DEVICE_ATTR(probe, S_IWUSR, NULL, legacy_probe)) |  | fresh',
      'kmem_probe | driver probe (dax_device_driver.drv.probe) | device.mutex | fresh',
    ]);
    expect(planRoots(snapshot, graph, ['online_pages'], false).map((r) => r.fn.name)).toEqual(['online_pages']);
  });
});
