// SPDX-License-Identifier: GPL-2.0
/*
 * A QEMU TCG plugin that counts the guest's instructions into the first 8
 * bytes of a file (host byte order), so that a host tool can read the
 * count before and after a transfer: guest instructions per MiB, a measure
 * of the guest's own work that the host's load does not move the way it
 * moves QEMU's CPU time (docs/bench-net.md "Counting guest instructions").
 * Device emulation inside QEMU is not counted.
 *
 *   cc -O2 -shared -fPIC -o build/icount.so bench/net/icount.c
 *   tools/qemu-sys DRIVER NETDEV SERIAL -plugin build/icount.so,out=FILE[,tbs=FILE2]
 *
 * With tbs=, every translated block also gets a slot of its own in FILE2
 * (its guest address and the instructions it executed so far), so that
 * tools/qemu-iprof can charge a transfer's instructions to functions
 * exactly: a sampling profile under TCG piles up at blocks QEMU cannot
 * chain to (docs/bench-net.md). FILE2: word 0 the slots in use, word 1
 * the slots it holds, then (address, instructions) pairs; a block
 * translated again gets a new slot, and blocks past the last slot all
 * count in that one (its address 1).
 *
 * Debian's QEMU ships no plugin header: the five functions used are
 * declared here as QEMU 7.2's plugin interface (version 1) defines them.
 * Not built by make; a measuring aid only.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   void (*cb)(qemu_plugin_id_t, struct qemu_plugin_tb *));
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
					      void *ptr, uint64_t imm);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* The counter lives in the shared mapping: readers see it without a call. */
static uint64_t *counter;

#define TBS_BYTES (64u << 20)
static uint64_t *tbs; /* [0] slots used, [1] slots, then pairs */

/* Each translated block adds its instruction count whenever it runs (inline: no callback). */
static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	uint64_t *slot;

	(void)id;
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, counter,
						 qemu_plugin_tb_n_insns(tb));
	if (!tbs)
		return;
	/* translation runs under QEMU's lock: the slot count needs no atomics */
	if (tbs[0] + 1 < tbs[1]) {
		slot = &tbs[2 + 2 * tbs[0]++];
		slot[0] = qemu_plugin_tb_vaddr(tb);
	} else {
		slot = &tbs[2 + 2 * (tbs[1] - 1)];
		slot[0] = 1;
	}
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &slot[1],
						 qemu_plugin_tb_n_insns(tb));
}

static void *shared(const char *path, size_t bytes)
{
	void *p;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return MAP_FAILED;
	if (ftruncate(fd, bytes)) {
		close(fd);
		return MAP_FAILED;
	}
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return p;
}

__attribute__((visibility("default"))) int
qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc, char **argv)
{
	const char *out = NULL, *tbout = NULL;
	int i;

	(void)info;
	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out = argv[i] + 4;
		else if (!strncmp(argv[i], "tbs=", 4))
			tbout = argv[i] + 4;
	if (!out)
		return -1;
	counter = shared(out, 4096);
	if (counter == MAP_FAILED)
		return -1;
	if (tbout) {
		tbs = shared(tbout, TBS_BYTES);
		if (tbs == MAP_FAILED)
			return -1;
		tbs[1] = TBS_BYTES / 16 - 1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
	return 0;
}
