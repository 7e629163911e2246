/* SPDX-License-Identifier: GPL-2.0 */
/* memcpy and friends come from the server library (serverlib/). */
#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H

#include <linux/types.h>
#include <linux/errno.h>

/* A kmalloc'ed copy (lib/slab.c), NULL if the heap is full. */
char *kstrdup(const char *s, gfp_t gfp);

static inline char *strcpy(char *dst, const char *src)
{
	size_t i = 0;

	while ((dst[i] = src[i]))
		i++;
	return dst;
}
/* As C's: pads with NULs, no terminator if src is n long or longer. */
static inline char *strncpy(char *dst, const char *src, size_t n)
{
	size_t i = 0;

	for (; i < n && src[i]; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = 0;
	return dst;
}

/* Copies at most size - 1 characters, always terminated; -E2BIG if cut. */
static inline ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (!size)
		return -E2BIG;
	for (i = 0; i + 1 < size && src[i]; i++)
		dst[i] = src[i];
	dst[i] = 0;
	return src[i] ? -E2BIG : (ssize_t)i;
}
/* strscpy's predecessor (before 6.8): the length of src, whatever was copied. */
static inline size_t strlcpy(char *dst, const char *src, size_t size)
{
	if (size)
		strscpy(dst, src, size);
	return strlen(src);
}

#endif
