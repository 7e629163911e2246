/*
 * The hosted runtime: loads server files into a Linux process and provides
 * the predefined kernel services there (kernel/ksrv/, the same servers as on
 * the bare-metal kernel; ksrv_os.c is what differs).
 */
#ifndef HOSTED_H
#define HOSTED_H

#include "core/core.h"
#include "core/loader.h"
#include "ksrv/ksrv.h"

/*
 * The runtime's files live in kernel/ksrv/loader.c now; the old names stay
 * for the hosted code written against them.
 */
#define host_file ksrv_file
#define host_files ksrv_files
#define host_nfiles ksrv_nfiles
#define host_load ksrv_load
#define host_query ksrv_query

/* files.c: the config boot rule */
int host_boot_load(struct host_file *f, bss_ref_t *ref, char *err, size_t errlen);

#endif
