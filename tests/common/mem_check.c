/*
 * Checks common/mem.c (built with its functions renamed, so that it does not
 * replace the host's) against the host's libc: every length up to 300 bytes
 * at every source and destination alignment in a 16-byte window, memmove in
 * both overlap directions, memset with a byte that has its top bit set.
 * Prints one line per function for tests/common/mem.test.
 */
#include <stdio.h>
#include <string.h>

void *bss_memcpy(void *dst, const void *src, size_t n);
void *bss_memmove(void *dst, const void *src, size_t n);
void *bss_memset(void *dst, int c, size_t n);

enum { MAXLEN = 300, SPAN = 16, AREA = MAXLEN + 2 * SPAN + 64 };

static unsigned char want[AREA], got[AREA], src[AREA];

static void fill(unsigned char *p, unsigned int seed)
{
	for (size_t i = 0; i < AREA; i++)
		p[i] = (unsigned char)(i * 131u + seed * 7u + 1u);
}

/* 0 when every case matches; otherwise prints the first that does not. */
static int check_copy(const char *name, int overlap)
{
	for (size_t n = 0; n <= MAXLEN; n++)
		for (size_t so = 0; so < SPAN; so++)
			for (size_t d = 0; d < SPAN; d++) {
				size_t s = SPAN + so;
				size_t dof = overlap > 0 ? s + d : overlap < 0 ? s - d : d;
				void *r;

				fill(want, (unsigned int)n);
				fill(got, (unsigned int)n);
				fill(src, (unsigned int)(n + 1));
				if (overlap) {
					memmove(want + dof, want + s, n);
					r = bss_memmove(got + dof, got + s, n);
				} else {
					memcpy(want + dof, src + s, n);
					r = bss_memcpy(got + dof, src + s, n);
				}
				if (r != got + dof || memcmp(want, got, AREA)) {
					printf("FAIL: %s: length %zu, source offset %zu, destination offset %zu\n",
					       name, n, s, dof);
					return 1;
				}
			}
	printf("PASS: %s\n", name);
	return 0;
}

static int check_set(void)
{
	for (size_t n = 0; n <= MAXLEN; n++)
		for (size_t d = 0; d < SPAN; d++) {
			fill(want, (unsigned int)n);
			fill(got, (unsigned int)n);
			memset(want + d, 0x1a5, n);
			if (bss_memset(got + d, 0x1a5, n) != got + d || memcmp(want, got, AREA)) {
				printf("FAIL: memset: length %zu, offset %zu\n", n, d);
				return 1;
			}
		}
	printf("PASS: memset\n");
	return 0;
}

int main(void)
{
	int bad = check_copy("memcpy", 0) + check_copy("memmove-up", -1) +
		  check_copy("memmove-down", 1) + check_set();

	return bad ? 1 : 0;
}
