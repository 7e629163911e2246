/*
 * The kernel servers (thesis 3.5): the predefined services, implemented once
 * for both runtimes on top of the portable core. What they need from the
 * machine is behind the ksrv_os_* functions at the end of this header, which
 * each runtime implements (kernel/arch/x86_64/ksrv_os.c, kernel/hosted/
 * ksrv_os.c). See docs/kernel-services.md.
 */
#ifndef KSRV_KSRV_H
#define KSRV_KSRV_H

#include "core/core.h"
#include "core/loader.h"

#include <svc/context.h>
#include <svc/dataspace.h>
#include <svc/debug.h>
#include <svc/dispatch.h>
#include <svc/dma.h>
#include <svc/dmamem.h>
#include <svc/exec.h>
#include <svc/files.h>
#include <svc/ioport.h>
#include <svc/iospace.h>
#include <svc/irq.h>
#include <svc/irqhandler.h>
#include <svc/irqline.h>
#include <svc/loader.h>
#include <svc/log.h>
#include <svc/map.h>
#include <svc/meminfo.h>
#include <svc/memory.h>
#include <svc/mmio.h>
#include <svc/mmiospace.h>
#include <svc/query.h>
#include <svc/runnable.h>
#include <svc/sysinfo.h>
#include <svc/thread.h>
#include <svc/timeout.h>
#include <svc/timer.h>

/*
 * KSRV_SERVICE(var, SVC, T, prefix): the description var of a kernel server
 * (or kernel object) implementing service SVC with functions
 * prefix_<function>(T *self, ...). As BSS_SERVER does for a server file,
 * the generated SVC_IMPL_PROTOS declares them and SVC_IMPL_FUNCS lists them
 * in service order, so the compiler checks each against services/<svc>.svc.
 * Kernel server functions are named k<service>_<function>.
 */
#define KSRV_SERVICE(var, SVC, T, prefix)                                                          \
	SVC##_IMPL_PROTOS(T, prefix) static const struct bss_service_desc var = {                  \
		.svc_id = SVC##_SVC_ID,                                                            \
		.nfuncs = SVC##_NFUNCS,                                                            \
		.funcs = {SVC##_IMPL_FUNCS(prefix)},                                               \
		.sigs = {SVC##_SIGS}};

/* ---- ksrv.c: the table of kernel servers ---- */

/* Creates the kernel server and every kernel service; the runtime adds its own after. */
void ksrv_init(void);
/* The kernel server implementing svc_id, or NULL. */
struct server *ksrv_by_svc(uint32_t svc_id);
/* Adds a (pinned) server to the table ksrv_by_svc searches. */
void ksrv_register(struct server *s);
/* A pinned, thread-safe kernel server of description d (KSRV_SERVICE), registered. */
struct server *ksrv_add(const struct bss_service_desc *d, const char *name);
/* A kernel object server (a data space, an I/O range ...) as a temporary of the caller. */
bss_ref_t ksrv_object(const struct bss_service_desc *d, void *self, const char *name,
		      bss_fn_t dtor);
/* The same for ioport and mmio windows, whose calls need no bookkeeping (ksrv.c). */
bss_ref_t ksrv_leaf_object(const struct bss_service_desc *d, void *self, const char *name,
			   bss_fn_t dtor);
/*
 * The server calling a function of the register window (ksrv_leaf_object)
 * whose self is self: a leaf call has no frame of its own, so its caller
 * is the thread's current server; a call that took the general path runs
 * in a frame of the window, whose caller it is.
 */
struct server *ksrv_leaf_caller(const void *self);
/* Copies a (name, len) argument into buf as a C string; throws if it does not fit. */
void ksrv_name_arg(char *buf, size_t size, const char *name, uint32_t len, const char *who);

/* Initializers, called by ksrv_init in this order. */
void ksrv_debug_init(void);
void ksrv_thread_init(void);
void ksrv_dispatch_init(void);
void ksrv_memory_init(void);
void ksrv_loader_init(void);
void ksrv_query_init(void);
void ksrv_timer_init(void);
void ksrv_ioport_init(void);
void ksrv_mmio_init(void);
void ksrv_irq_init(void);
void ksrv_dma_init(void);
void ksrv_files_init(void);
void ksrv_kill_init(void);
void ksrv_log_init(void);
void ksrv_sysinfo_init(void);

/* ---- log.c ---- */

/* Keeps text in the log's ring and wakes its readers: every runtime's debug output calls it. */
void ksrv_log_append(const char *text, size_t len);

/* ---- loader.c: the runtime's files (boot modules, or bss-host's arguments) ---- */

struct ksrv_file {
	char name[64];	  /* base name without ".srv": what load_named and the query use */
	char base[64];	  /* base name of the first word: what files.open finds */
	const char *path; /* as the runtime got it (module command line, file path) */
	const uint8_t *data;
	size_t size;
	uint32_t svc_id;       /* implemented service, 0 if not a good server file */
	struct server *shared; /* the instance the default query hands out, once loaded */
};

extern struct ksrv_file ksrv_files[];
extern unsigned ksrv_nfiles;

/* Registers a file; name is derived from path (directory and ".srv" stripped). -1 if full. */
int ksrv_file_add(const char *path, const void *data, size_t size);
struct ksrv_file *ksrv_file_find(const char *name);
/*
 * The protection domain loader.isolate_in gave the server file base (n
 * bytes, "pci.srv"), "" if loader.isolate named it (a space of its own),
 * NULL if neither did.
 */
const char *ksrv_isolated(const char *base, size_t n);
/* Loads a new instance of file name, requirements by the current query; 0 or -1 with err. */
int ksrv_load(const char *name, bss_ref_t *ref, char *err, size_t errlen);
/* The default query: kernel servers by ID, then the files, one shared instance each. */
struct server *ksrv_query(void *ctx, uint32_t svc_id);

/* ---- files.c: the files service and loader.load ---- */

/* Loads an image with its requirements resolved by query server q (a handle of the caller); throws.
 */
bss_ref_t ksrv_load_via(const char *file, const void *data, size_t size, bss_ref_t q);
/* loader.load, a function of the loader kernel server (loader.c) */
bss_ref_t kloader_load(void *self, bss_ref_t file, bss_ref_t q);

/* ---- query.c ---- */

/*
 * The hook of thesis 4.2: from now on, requirements of servers loaded by
 * ksrv_load are resolved by q (a query server the kernel server holds a
 * reference to), not by ksrv_query. Kernel servers stay reachable through q
 * only if q hands them out (a config server asks the runtime's query).
 */
void ksrv_query_use(struct server *q);
/* The query function ksrv_load uses (ksrv_query unless ksrv_query_use was called). */
struct server *ksrv_query_current(void *ctx, uint32_t svc_id);

/* ---- timer.c ---- */

/* Earliest wake-up time of a sleeping thread, UINT64_MAX if none. */
uint64_t ksrv_timer_next(void);
/* Makes every thread whose deadline is at or before now runnable. */
void ksrv_timer_wake(uint64_t now);
/* Blocks the current thread until os_now_ns() >= deadline. */
void ksrv_sleep_until(uint64_t deadline);

/* ---- dma.c ---- */

/*
 * The runtime's IOMMU blocked a DMA of function fn, what says which: the
 * server attached to drive it crashes (docs/recovery.md), so that its
 * supervisor restarts it. Called between threads, with interrupts disabled.
 */
void ksrv_iommu_blocked(uint32_t fn, const char *what);

/* ---- irq.c ---- */

/* The runtime's interrupt path, with interrupts disabled: run line's handlers. */
void ksrv_irq_deliver(unsigned line);
/* Whether some handler is attached (an interrupt may still make a thread runnable). */
int ksrv_irq_attached(void);

/* ---- provided by the runtime ---- */

/* Called at the end of ksrv_init: register the runtime's own servers. */
void ksrv_os_servers(void);

/*
 * Hardware access. Each returns NULL/-1 when the runtime has no such thing;
 * ksrv_os_no_hw is then the reason the services give in their error.
 */
extern const char *const ksrv_os_no_hw;
uint32_t ksrv_os_in(uint32_t port, unsigned size);
void ksrv_os_out(uint32_t port, unsigned size, uint32_t value);
void *ksrv_os_map_mmio(uint64_t phys, uint64_t size);
/* Physically contiguous, zeroed memory; phys = its device address. NULL if none. */
void *ksrv_os_dma_alloc(uint64_t size, int below_4g, uint64_t *phys);
void ksrv_os_dma_free(void *p, uint64_t size);
/*
 * The IOMMU (dma.c's iommu service): attach gives PCI function fn (bus << 8
 * | dev << 3 | fn) a domain of its own, its driver named who in messages,
 * and returns -1 where there is no IOMMU translating; map makes [phys,
 * phys + size) reachable by the function's DMA at the same address and
 * returns the pages it has mapped (-1: no memory for tables); unmap returns
 * once the device can no longer reach them.
 */
int ksrv_os_iommu_attach(uint32_t fn, const char *who);
long ksrv_os_iommu_map(uint32_t fn, uint64_t phys, uint64_t size);
void ksrv_os_iommu_unmap(uint32_t fn, uint64_t phys, uint64_t size);
/* Reads the IOMMU's fault records now, as the tick does (ksrv_iommu_blocked for each). */
void ksrv_os_iommu_poll(void);
/*
 * Where isolated servers (core/space.h) have a block of the runtime's memory
 * mapped (data spaces, DMA memory): ksrv_map_for_caller gives the calling
 * server its address, mapping it into the caller's space the first time;
 * ksrv_unmap_all when the block goes. The block is whole pages of its own.
 */
#define KSRV_MAPS 4
struct ksrv_maps {
	uint32_t n;
	struct {
		uint64_t token; /* os_space_map's name for the mapping */
		uint64_t va;
		void *space;
	} map[KSRV_MAPS];
};
uint64_t ksrv_map_for_caller(struct ksrv_maps *m, void *mem, uint64_t size);
void ksrv_unmap_all(struct ksrv_maps *m, uint64_t size);

/*
 * Zeroed memory of whole pages of its own (data spaces): mapping it into an
 * isolated server's space exposes nothing else. NULL if exhausted.
 */
void *ksrv_os_pages(uint64_t size);
void ksrv_os_pages_free(void *p, uint64_t size);
/* Interrupt lines: number of lines (0: none), and masking at the controller. */
unsigned ksrv_os_irq_lines(void);
void ksrv_os_irq_mask(unsigned line, int masked);
/*
 * Message-signalled interrupts: lines ksrv_os_irq_lines() onwards, as many
 * as ksrv_os_msi_lines() (0: none, no local APIC). The message a device
 * writes to raise line: *address (below 4 GiB) and *data. Nothing masks an
 * MSI at the CPU: one that came while its line was masked is raised again
 * with ksrv_os_msi_resend when the line is unmasked.
 */
unsigned ksrv_os_msi_lines(void);
void ksrv_os_msi_message(unsigned line, uint32_t *address, uint32_t *data);
void ksrv_os_msi_resend(unsigned line);

#endif
