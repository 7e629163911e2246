/*
 * The config boot rule of thesis 4.2 in the hosted runtime: given a config
 * server and a main config file, the config server resolves the main
 * server's requirements. (The files service and loader.load are shared with
 * the kernel: kernel/ksrv/files.c.)
 */
#include "hosted.h"

#include <stdio.h>

/* The file names the boot rule looks for (docs/config.md). */
#define CONFIG_SERVER "config"
#define MAIN_CONFIG "main.cfg"

/*
 * The boot rule: with a server file "config" and a file "main.cfg" among the
 * runtime's files, the config server (its own requirements resolved by the
 * runtime) is the query of the main server. It stays loaded for the run.
 */
static bss_ref_t boot_config;

struct boot_load {
	struct host_file *f;
	bss_ref_t ref;
};

static void boot_load_body(void *arg)
{
	struct boot_load *b = arg;

	b->ref = ksrv_load_via(b->f->path, b->f->data, b->f->size, boot_config);
}

int host_boot_load(struct host_file *f, bss_ref_t *ref, char *err, size_t errlen)
{
	struct host_file *cfg = ksrv_file_find(CONFIG_SERVER);
	struct boot_load bl = {f, 0};
	struct bss_error e;

	if (!cfg || cfg == f || !ksrv_file_find(MAIN_CONFIG))
		return host_load(f->name, ref, err, errlen);
	if (!boot_config && host_load(cfg->name, &boot_config, err, errlen))
		return -1;
	if (core_trycall(boot_load_body, &bl, &e)) {
		snprintf(err, errlen, "%s", e.msg);
		return -1;
	}
	*ref = bl.ref;
	return 0;
}
