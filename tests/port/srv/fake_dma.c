/* DMA memory for hosted tests: a static arena; "physical" = virtual address. */
#include <bss/server.h>
#include <svc/dma.h>
#include <svc/dmamem.h>

#define ARENA (1024 * 1024)
#define BLOCKS 16

struct blk {
	uint8_t *p;
	uint64_t size;
};
struct arena {
	uint64_t used;
	struct blk b[BLOCKS];
	uint32_t n;
};

static uint8_t mem[ARENA] __attribute__((aligned(4096)));

BSS_SERVER(DMA, struct arena, fdma);
BSS_LOCAL_SERVER(blk_desc, DMAMEM, struct blk, fblk);

bss_ref_t fdma_alloc(struct arena *a, uint64_t size, uint32_t flags)
{
	(void)flags;
	size = (size + 4095) & ~4095ull;
	if (a->n == BLOCKS || a->used + size > ARENA)
		bss_throw(BSS_E_NOMEM, ENOMEM, "fake dma: arena full");
	struct blk *b = &a->b[a->n++];
	b->p = mem + a->used;
	b->size = size;
	a->used += size;
	return bss_local(&blk_desc, b);
}

uint64_t fblk_map(struct blk *b)
{
	return (uintptr_t)b->p;
}
uint64_t fblk_phys(struct blk *b)
{
	return (uintptr_t)b->p;
}
uint64_t fblk_size(struct blk *b)
{
	return b->size;
}
