/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_DEVICE_H
#define _LINUX_DEVICE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/mutex.h>
#include <linux/kernel.h>

struct device;

struct bus_type {
	const char *name;
	const char *dev_name;
	int (*online)(struct device *dev);
	int (*offline)(struct device *dev);
};

struct device {
	struct device *parent;
	const char *init_name;
	struct bus_type *bus;
	/* serializes probe, unbind, online and offline of this device */
	struct mutex mutex;
	int numa_node;
	bool offline_disabled;
	bool offline;
};

struct device_attribute {
	const char *name;
	ssize_t (*show)(struct device *dev, struct device_attribute *attr,
			char *buf);
	ssize_t (*store)(struct device *dev, struct device_attribute *attr,
			 const char *buf, size_t count);
};

#define DEVICE_ATTR_WO(_name) \
	struct device_attribute dev_attr_##_name = { \
		.name = #_name, .store = _name##_store }

static inline void device_lock(struct device *dev)
{
	mutex_lock(&dev->mutex);
}

static inline void device_unlock(struct device *dev)
{
	mutex_unlock(&dev->mutex);
}

static inline int dev_to_node(struct device *dev)
{
	return dev->numa_node;
}

static inline const char *dev_name(const struct device *dev)
{
	return dev->init_name;
}

#define dev_err(dev, fmt, ...)		printk(fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)		printk(fmt, ##__VA_ARGS__)
#define dev_WARN(dev, fmt, ...)		WARN(1, fmt, ##__VA_ARGS__)
#define dev_WARN_ONCE(dev, cond, fmt, ...) WARN_ONCE(cond, fmt, ##__VA_ARGS__)

/* managed resources: released in reverse order when the driver unbinds */
typedef void (*dr_release_t)(struct device *dev, void *res);
typedef int (*dr_match_t)(struct device *dev, void *res, void *match_data);

void *devres_alloc_node(dr_release_t release, size_t size, gfp_t gfp,
			int nid);
void devres_add(struct device *dev, void *res);
void devres_free(void *res);
int devres_release(struct device *dev, dr_release_t release,
		   dr_match_t match, void *match_data);

int devm_add_action(struct device *dev, void (*action)(void *), void *data);
void devm_remove_action(struct device *dev, void (*action)(void *),
			void *data);
void devm_release_action(struct device *dev, void (*action)(void *),
			 void *data);

/* Like devm_add_action(), but runs @action right away if that fails. */
static inline int devm_add_action_or_reset(struct device *dev,
					   void (*action)(void *), void *data)
{
	int ret;

	ret = devm_add_action(dev, action, data);
	if (ret)
		action(data);

	return ret;
}

void lock_device_hotplug(void);
void unlock_device_hotplug(void);
int lock_device_hotplug_sysfs(void);
int device_online(struct device *dev);
int device_offline(struct device *dev);
int subsys_system_register(struct bus_type *subsys, const void *groups);

#endif /* _LINUX_DEVICE_H */
