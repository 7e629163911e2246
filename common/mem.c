/*
 * memcpy, memmove and memset for freestanding code (the kernel and every
 * server), shared so that both move bytes the same way.
 *
 * Why word loops and not REP MOVSB or a byte loop: under QEMU's TCG (where
 * the kit's systems run) every iteration of a REP string instruction is a
 * trip through the translator's loop, and a byte loop costs several guest
 * instructions per byte; an unrolled loop of 8-byte moves costs about one
 * guest instruction per 8 bytes and is no slower on hardware for the packet
 * sizes we copy. x86-64 allows unaligned 8-byte accesses, so no alignment
 * prologue is needed.
 *
 * The file must be compiled with -fno-tree-loop-distribute-patterns: the
 * compiler would otherwise turn the tail loops back into calls to memcpy.
 */
#include <stddef.h>
#include <stdint.h>

/* An 8-byte word at any address that may alias anything. */
typedef uint64_t __attribute__((__may_alias__, __aligned__(1))) mem_word;

/* Eight words from s to d: all read before any is written. */
#define COPY64(d, s)                                                                               \
	do {                                                                                       \
		mem_word a_ = ((const mem_word *)(s))[0], b_ = ((const mem_word *)(s))[1];         \
		mem_word c_ = ((const mem_word *)(s))[2], e_ = ((const mem_word *)(s))[3];         \
		mem_word f_ = ((const mem_word *)(s))[4], g_ = ((const mem_word *)(s))[5];         \
		mem_word h_ = ((const mem_word *)(s))[6], i_ = ((const mem_word *)(s))[7];         \
		((mem_word *)(d))[0] = a_;                                                         \
		((mem_word *)(d))[1] = b_;                                                         \
		((mem_word *)(d))[2] = c_;                                                         \
		((mem_word *)(d))[3] = e_;                                                         \
		((mem_word *)(d))[4] = f_;                                                         \
		((mem_word *)(d))[5] = g_;                                                         \
		((mem_word *)(d))[6] = h_;                                                         \
		((mem_word *)(d))[7] = i_;                                                         \
	} while (0)

/*
 * Copies upwards. Each 64-byte block is read before it is written, so
 * this is also memmove for dst below src.
 */
static void copy_up(unsigned char *d, const unsigned char *s, size_t n)
{
	/* 128-byte blocks: the loop's own four instructions per 16 words, not per 8 */
	while (n >= 128) {
		COPY64(d, s);
		COPY64(d + 64, s + 64);
		d += 128;
		s += 128;
		n -= 128;
	}
	if (n >= 64) {
		COPY64(d, s);
		d += 64;
		s += 64;
		n -= 64;
	}
	/* after the 128-byte blocks at most one of 64 and one of 32 are left */
	if (n >= 32) {
		mem_word a = ((const mem_word *)s)[0], b = ((const mem_word *)s)[1];
		mem_word c = ((const mem_word *)s)[2], e = ((const mem_word *)s)[3];

		((mem_word *)d)[0] = a;
		((mem_word *)d)[1] = b;
		((mem_word *)d)[2] = c;
		((mem_word *)d)[3] = e;
		d += 32;
		s += 32;
		n -= 32;
	}
	while (n >= 8) {
		*(mem_word *)d = *(const mem_word *)s;
		d += 8;
		s += 8;
		n -= 8;
	}
	while (n--)
		*d++ = *s++;
}

/* Copies downwards from the end: memmove for dst above src. */
static void copy_down(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	while (n >= 32) {
		mem_word a = ((const mem_word *)s)[-1], b = ((const mem_word *)s)[-2];
		mem_word c = ((const mem_word *)s)[-3], e = ((const mem_word *)s)[-4];

		((mem_word *)d)[-1] = a;
		((mem_word *)d)[-2] = b;
		((mem_word *)d)[-3] = c;
		((mem_word *)d)[-4] = e;
		d -= 32;
		s -= 32;
		n -= 32;
	}
	while (n >= 8) {
		d -= 8;
		s -= 8;
		*(mem_word *)d = *(const mem_word *)s;
		n -= 8;
	}
	while (n--)
		*--d = *--s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	copy_up(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		copy_up(d, s, n);
	else
		copy_down(d, s, n);
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	mem_word w = 0x0101010101010101ull * (unsigned char)c;

	while (n >= 64) {
		((mem_word *)d)[0] = w;
		((mem_word *)d)[1] = w;
		((mem_word *)d)[2] = w;
		((mem_word *)d)[3] = w;
		((mem_word *)d)[4] = w;
		((mem_word *)d)[5] = w;
		((mem_word *)d)[6] = w;
		((mem_word *)d)[7] = w;
		d += 64;
		n -= 64;
	}
	if (n >= 32) {
		((mem_word *)d)[0] = w;
		((mem_word *)d)[1] = w;
		((mem_word *)d)[2] = w;
		((mem_word *)d)[3] = w;
		d += 32;
		n -= 32;
	}
	while (n >= 8) {
		*(mem_word *)d = w;
		d += 8;
		n -= 8;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
