/*
 * bss-host: runs BSS server files in a Linux process.
 *
 *	bss-host MAIN.srv [FILE.srv ...]
 *		Loads MAIN (an "exec" server), calls its main() in a new BSS
 *		thread and runs until every thread has ended. The other files
 *		resolve required services by service ID (one shared instance
 *		each, loaded on first use) and can be loaded by name through
 *		the loader service. Exit status: main()'s result (0-255), 2 if
 *		a file cannot be loaded, 3 on an uncaught error, 4 if threads
 *		stay blocked forever.
 *	bss-host --load FILE.srv [FILE.srv ...]
 *		Loads FILE (the others resolve its required services), prints
 *		"load: ok" or "load: error: <message>", destroys it again and
 *		checks that the core's memory use is back where it was before
 *		(measured around a second load, after a first one warmed up the
 *		shared instances of required services).
 */
#include "hosted.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int exit_status;

static int read_file(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	*data = malloc(n > 0 ? (size_t)n : 1);
	*size = fread(*data, 1, n > 0 ? (size_t)n : 0, f);
	fclose(f);
	return 0;
}

static void run_main(void *arg)
{
	struct host_file *f = arg;
	bss_ref_t h;
	char err[320];

	if (host_boot_load(f, &h, err, sizeof(err))) {
		fprintf(stderr, "bss-host: %s\n", err);
		exit_status = 2;
		return;
	}
	struct server *s = ref_resolve(h);
	if (s->svc_id != EXEC_SVC_ID) {
		fprintf(stderr, "bss-host: %s: does not implement the exec service\n", f->path);
		exit_status = 2;
		ref_release(h);
		return;
	}
	struct bss_try u;
	if (bss_sys_try(&u) == 0) {
		exit_status = (int)(core_call(h, EXEC_SVC_ID, EXEC_FN_MAIN, 0, 0, 0, 0) & 0xff);
		core_try_pop(&u);
	} else {
		fprintf(stderr, "bss-host: %s: uncaught error: %s (error %u, errno %d)\n", f->path,
			u.err.msg, u.err.id, u.err.err);
		exit_status = 3;
	}
	ref_release(h);
}

static void run_load(void *arg)
{
	struct host_file *f = arg;
	bss_ref_t h;
	char err[320];

	/*
	 * The first load brings in the shared instances of required services
	 * and grows the runtime's own tables, which stay; the second one must
	 * leave nothing behind, whether it succeeds or not.
	 */
	if (host_load(f->name, &h, err, sizeof(err)) == 0)
		ref_release(h);
	size_t before = core_mem_in_use();
	if (host_load(f->name, &h, err, sizeof(err))) {
		printf("load: error: %s\n", err);
		exit_status = 2;
	} else {
		printf("load: ok\n");
		ref_release(h);
	}
	size_t after = core_mem_in_use();
	if (after != before) {
		printf("leak: %zd bytes still allocated\n", (ssize_t)(after - before));
		exit_status = 5;
	}
}

int main(int argc, char **argv)
{
	int load_only = 0;
	int a = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (a < argc && !strcmp(argv[a], "--load")) {
		load_only = 1;
		a++;
	}
	if (a >= argc) {
		fprintf(stderr, "usage: bss-host [--load] MAIN.srv [FILE.srv ...]\n");
		return 2;
	}
	for (; a < argc; a++) {
		uint8_t *data;
		size_t size;
		if (read_file(argv[a], &data, &size)) {
			fprintf(stderr, "bss-host: %s: %s\n", argv[a], strerror(errno));
			return 2;
		}
		if (ksrv_file_add(argv[a], data, size)) {
			fprintf(stderr, "bss-host: too many files\n");
			return 2;
		}
	}

	ksrv_init();
	sched_boot_thread();
	struct thread *t = thread_new(load_only ? run_load : run_main, &host_files[0], 256 * 1024);
	thread_make_runnable(t);
	sched_run();
	if (sched_live_threads()) {
		fprintf(stderr, "bss-host: %u thread(s) blocked forever\n", sched_live_threads());
		return 4;
	}
	return exit_status;
}
