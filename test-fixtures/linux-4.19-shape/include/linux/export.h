/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H

/* Fixture: an exported symbol only leaves a marker behind. */
#define __EXPORT_SYMBOL(sym, sec)	extern __typeof__(sym) sym
#define EXPORT_SYMBOL(sym)		__EXPORT_SYMBOL(sym, "")
#define EXPORT_SYMBOL_GPL(sym)		__EXPORT_SYMBOL(sym, "_gpl")

#endif /* _LINUX_EXPORT_H */
