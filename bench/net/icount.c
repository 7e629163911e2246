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
 *   tools/qemu-sys DRIVER NETDEV SERIAL -plugin build/icount.so,out=FILE
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
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
					      void *ptr, uint64_t imm);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* The counter lives in the shared mapping: readers see it without a call. */
static uint64_t *counter;

/* Each translated block adds its instruction count whenever it runs (inline: no callback). */
static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	(void)id;
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, counter,
						 qemu_plugin_tb_n_insns(tb));
}

__attribute__((visibility("default"))) int
qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc, char **argv)
{
	const char *out = NULL;
	int fd, i;

	(void)info;
	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out = argv[i] + 4;
	if (!out)
		return -1;
	fd = open(out, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, 4096))
		return -1;
	counter = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (counter == MAP_FAILED)
		return -1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
	return 0;
}
