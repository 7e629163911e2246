/*
 * The hosted runtime: loads server files into a Linux process and provides
 * the predefined kernel services there (debug, threads, timers, memory, map,
 * loader, query).
 */
#ifndef HOSTED_H
#define HOSTED_H

#include "core/core.h"
#include "core/loader.h"

/* A server file the runtime knows, by name (its base name without .srv). */
struct host_file {
	char name[64];
	const char *path;
	uint8_t *data;
	size_t size;
	uint32_t svc_id;        /* implemented service, 0 if the file is bad */
	struct server *shared;  /* the instance query hands out, once loaded */
};

extern struct host_file host_files[];
extern unsigned host_nfiles;

/* ksrv.c: the kernel servers */
void ksrv_init(void);
struct server *ksrv_by_svc(uint32_t svc_id);
struct server *host_query(void *ctx, uint32_t svc_id);
int host_load(const char *name, bss_ref_t *ref, char *err, size_t errlen);

/* timer.c */
int timer_idle(void);
struct server *timer_server(void);

#endif
