// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture modelled on the device hotplug lock and online/offline helpers
 * of drivers/base/core.c.
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/device.h>

static DEFINE_MUTEX(device_hotplug_lock);

void lock_device_hotplug(void)
{
	mutex_lock(&device_hotplug_lock);
}

void unlock_device_hotplug(void)
{
	mutex_unlock(&device_hotplug_lock);
}

/*
 * sysfs writers must not block on device_hotplug_lock (a remove path may
 * hold it while waiting for sysfs): try it, and on failure ask for the
 * syscall to be restarted.  Returns 0 only when the lock was taken.
 */
int lock_device_hotplug_sysfs(void)
{
	if (mutex_trylock(&device_hotplug_lock))
		return 0;

	/* back off briefly instead of spinning on the restart */
	msleep(5);
	return restart_syscall();
}

static int device_supports_offline(struct device *dev)
{
	return dev->bus && dev->bus->online && dev->bus->offline;
}

int device_offline(struct device *dev)
{
	int ret;

	if (dev->offline_disabled)
		return -EPERM;

	device_lock(dev);
	if (device_supports_offline(dev)) {
		if (dev->offline) {
			ret = 1;
		} else {
			ret = dev->bus->offline(dev);
			if (!ret)
				dev->offline = true;
		}
	} else {
		ret = 0;
	}
	device_unlock(dev);

	return ret;
}

int device_online(struct device *dev)
{
	int ret = 0;

	device_lock(dev);
	if (device_supports_offline(dev)) {
		if (dev->offline) {
			ret = dev->bus->online(dev);
			if (!ret)
				dev->offline = false;
		} else {
			ret = 1;
		}
	}
	device_unlock(dev);

	return ret;
}
