/* SPDX-License-Identifier: GPL-2.0 */
/* Fixture header: section and attribute annotations. */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#define __section(name)		__attribute__((__section__(name)))
#define noinline		__attribute__((__noinline__))
#define __weak			__attribute__((__weak__))
#define __must_check		__attribute__((__warn_unused_result__))
#define __always_inline		inline __attribute__((__always_inline__))

#define __init			__section(".init.text")
#define __meminit		__section(".meminit.text")
#define __ref			__section(".ref.text") noinline

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#define READ_ONCE(x)		(*(volatile __typeof__(x) *)&(x))

#endif /* _LINUX_COMPILER_H */
