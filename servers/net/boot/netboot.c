/*
 * netboot: builds network stacks from a small text file (default "net.cfg",
 * one of the runtime's files), one independent stack per NIC (thesis
 * 5.3.3): each stack gets its own instance of every server, wired through
 * its own query local server, and its own parameters (a config local
 * server). A service bound in one stack is therefore unreachable from the
 * others by construction, not by filtering.
 *
 *	stack lan              # starts a stack
 *	driver tapeth          # the ethdev server file, or "pci": the next NIC
 *	                       # driver the PCI bus server loaded (see pci_nic)
 *	tcp lwip-tcp           # optional: the TCP server file (docs/tcp.md)
 *	app echo               # runnable servers started after the stack is up
 *	ip 10.0.0.2/24         # any other "key value" line is a parameter
 *
 * This is the part of the config server (thesis 4.2) the network needs, for
 * the hosted runtime; docs/network.md says how the two relate.
 */
#include <bss/server.h>
#include <svc/config.h>
#include <svc/console.h>
#include <svc/dataspace.h>
#include <svc/ethproto.h>
#include <svc/exec.h>
#include <svc/files.h>
#include <svc/loader.h>
#include <svc/machine.h>
#include <svc/pcibus.h>
#include <svc/pcidev.h>
#include <svc/map.h>
#include <svc/query.h>
#include <svc/thread.h>
#include <svc/queues.h>
#include <svc/pktpool.h>
#include <svc/ethdev.h>
#include <svc/route.h>
#include <svc/ipv4.h>
#include <svc/icmp.h>
#include <svc/udp.h>
#include <svc/tcp.h>
#include <svc/queue.h>
#include <svc/runnable.h>
#include <svc/timer.h>
#include "serverlib/net/param.h"

#include "netboot.h"

static const uint32_t layer_svc[NLAYERS] = {
	QUEUES_SVC_ID, PKTPOOL_SVC_ID, ETHPROTO_SVC_ID, ROUTE_SVC_ID, ETHDEV_SVC_ID,
	IPV4_SVC_ID,   ICMP_SVC_ID,    UDP_SVC_ID,	TCP_SVC_ID,
};

static const char *const layer_file[NLAYERS] = {
	"queue",
	"pktpool",
	"ethdist",
	"route",
	NULL /* driver */,
	"ipv4",
	"icmp",
	"udp",
	NULL /* the "tcp" parameter, if set */,
};

static struct nb *nb_self;

BSS_SERVER(EXEC, struct nb, nb, .stack_size = 32768,
	   BSS_REQUIRES(FILES_SVC_ID, LOADER_SVC_ID, MAP_SVC_ID, QUERY_SVC_ID, THREAD_SVC_ID,
			TIMER_SVC_ID));

/* ---- a stack's parameters: the config service ---- */

uint32_t cf_param(struct stack *s, const void *key, uint32_t klen, void *val, uint32_t vlen)
{
	for (unsigned i = 0; i < s->nparams; i++) {
		struct kv *p = &s->params[i];
		if (strlen(p->key) != klen || memcmp(p->key, key, klen))
			continue;
		uint32_t n = (uint32_t)strlen(p->val);
		memcpy(val, p->val, n < vlen ? n : vlen);
		return n;
	}
	net_throwf(BSS_E_INVAL, ENOENT, "stack %s: parameter %.*s is not set", s->name, (int)klen,
		   (const char *)key);
}

BSS_LOCAL_SERVER(config_desc, CONFIG, struct stack, cf);

/* ---- a stack's query: its own servers first, the runtime for the rest ---- */

bss_ref_t sq_resolve(struct stack *s, uint32_t svc_id)
{
	if (svc_id == CONFIG_SVC_ID)
		return s->config;
	for (unsigned i = 0; i < NLAYERS; i++) {
		if (layer_svc[i] != svc_id)
			continue;
		if (!s->layer[i])
			net_throwf(BSS_E_UNRESOLVED, ENOENT,
				   "stack %s: service 0x%08x not loaded yet", s->name, svc_id);
		return s->layer[i];
	}
	return query_resolve(RTQUERY, svc_id);
}

BSS_LOCAL_SERVER(query_desc, QUERY, struct stack, sq);

/* ---- the configuration file ---- */

static void copy_word(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

static void parse_line(struct nb *b, const char *l, size_t n, unsigned lineno)
{
	/* "#" after a blank starts a comment, as in the config server's files */
	for (size_t i = 1; i < n; i++)
		if (l[i] == '#' && (l[i - 1] == ' ' || l[i - 1] == '\t')) {
			n = i;
			break;
		}
	while (n && (l[n - 1] == ' ' || l[n - 1] == '\t' || l[n - 1] == '\r'))
		n--;
	while (n && (*l == ' ' || *l == '\t'))
		l++, n--;
	if (!n || *l == '#')
		return;
	size_t k = 0;
	while (k < n && l[k] != ' ' && l[k] != '\t')
		k++;
	size_t v = k;
	while (v < n && (l[v] == ' ' || l[v] == '\t'))
		v++;
	if (k == 5 && !memcmp(l, "stack", 5)) {
		if (b->nstacks == MAX_STACKS)
			net_throwf(BSS_E_LIMIT, EINVAL, "net.cfg:%u: too many stacks", lineno);
		copy_word(b->st[b->nstacks++].name, NAME_LEN, l + v, n - v);
		return;
	}
	if (!b->nstacks)
		net_throwf(BSS_E_INVAL, EINVAL, "net.cfg:%u: no stack line before this one",
			   lineno);
	struct stack *s = &b->st[b->nstacks - 1];
	if (k == 6 && !memcmp(l, "driver", 6)) {
		copy_word(s->driver, NAME_LEN, l + v, n - v);
	} else if (k == 3 && !memcmp(l, "app", 3)) {
		if (s->napps == MAX_APPS)
			net_throwf(BSS_E_LIMIT, EINVAL, "net.cfg:%u: too many apps", lineno);
		copy_word(s->apps[s->napps++], NAME_LEN, l + v, n - v);
	} else {
		if (s->nparams == MAX_PARAMS)
			net_throwf(BSS_E_LIMIT, EINVAL, "net.cfg:%u: too many parameters", lineno);
		struct kv *p = &s->params[s->nparams++];
		copy_word(p->key, KEY_LEN, l, k);
		copy_word(p->val, VAL_LEN, l + v, n - v);
	}
}

static void parse(struct nb *b, const char *text, size_t len)
{
	unsigned lineno = 1;

	for (size_t i = 0; i < len; lineno++) {
		size_t e = i;
		while (e < len && text[e] != '\n')
			e++;
		parse_line(b, text + i, e - i, lineno);
		i = e + 1;
	}
}

/* ---- loading ---- */

static bss_ref_t load(struct stack *s, const char *file)
{
	char name[NAME_LEN + 4];
	int n = bss_snprintf(name, sizeof(name), "%s.srv", file);
	bss_ref_t ds = files_open(FILES, name, (uint32_t)n);
	bss_ref_t r = bss_keep(loader_load(LOADER, ds, s->query));

	bss_release(ds);
	return r;
}

/*
 * "driver pci": the driver that the driver database loaded for a PCI
 * function (thesis 4.3: drivers are found by the bus, never named here),
 * the first implementing ethdev that no earlier stack took. The bus is the
 * machine's "pci" device, asked through our query (the config server).
 */
static bss_ref_t pci_nic(struct stack *s)
{
	bss_ref_t bus = machine_device(query_resolve(RTQUERY, MACHINE_SVC_ID), "pci", 3);
	uint32_t n = pcibus_count(bus);

	while (nb_self->pci_next < n) {
		uint32_t i = nb_self->pci_next++;
		volatile bss_ref_t d = 0;
		struct bss_try t;

		BSS_TRY(t)
		{
			d = pcibus_driver(bus, i);
			ethdev_mtu(d); /* throws unless it is an Ethernet driver */
		}
		BSS_CATCH(t)
		{
			d = 0;
		}
		if (d) {
			uint32_t loc = pcidev_location(pcibus_dev(bus, i));

			bss_printf("netboot: stack %s: the driver of PCI %02x:%02x.%x\n", s->name,
				   loc >> 8, (loc >> 3) & 0x1f, loc & 7);
			s->bus = bss_keep(bus);
			s->pci_index = i;
			return bss_keep(d);
		}
	}
	net_throwf(BSS_E_UNRESOLVED, ENOENT, "stack %s: no PCI Ethernet driver left", s->name);
}

const char *nb_stack_param(struct stack *s, const char *key)
{
	for (unsigned i = 0; i < s->nparams; i++)
		if (!strcmp(s->params[i].key, key))
			return s->params[i].val;
	return NULL;
}

static void build(struct stack *s)
{
	s->config = bss_keep(bss_local(&config_desc, s));
	s->query = bss_keep(bss_local(&query_desc, s));
	if (!s->driver[0])
		net_throwf(BSS_E_INVAL, EINVAL, "stack %s: no driver line", s->name);
	for (unsigned i = 0; i < NLAYERS; i++) {
		if (i == L_TCP) {
			/* TCP is optional: stacks without a "tcp" line have none */
			const char *tcp = nb_stack_param(s, "tcp");
			if (tcp)
				s->layer[i] = load(s, tcp);
			continue;
		}
		if (i == L_DRIVER && !strcmp(s->driver, "pci"))
			s->layer[i] = pci_nic(s);
		else
			s->layer[i] = load(s, layer_file[i] ? layer_file[i] : s->driver);
		/* the distributor gets its device before IPv4 asks it for one */
		if (i == L_DRIVER)
			ethproto_attach(s->layer[L_ETHDIST], s->layer[L_DRIVER]);
	}
	if (s->bus)
		nb_supervise(s);
	for (unsigned i = 0; i < s->napps; i++) {
		bss_ref_t app = load(s, s->apps[i]);
		thread_start(THREAD, app);
		bss_release(app);
	}
	bss_printf("netboot: stack %s up\n", s->name);
}

/*
 * The system console (docs/pc-hardware.md), if the configuration has one:
 * it learns about each stack through the stack's query, so its commands
 * (net, ping) reach the stack's servers. Asked for once the stacks are up,
 * so it takes no time from bringing them up.
 */
static void attach_console(struct nb *b)
{
	volatile bss_ref_t con = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		con = query_resolve(RTQUERY, CONSOLE_SVC_ID);
	}
	BSS_CATCH(t)
	{
		con = 0;
	}
	if (!con)
		return;
	b->console = bss_keep(con);
	for (unsigned i = 0; i < b->nstacks; i++)
		console_attach(b->console, b->st[i].name, (uint32_t)strlen(b->st[i].name),
			       b->st[i].query);
}

uint32_t nb_main(struct nb *b)
{
	const char *cfg = "net.cfg";

	nb_self = b;
	bss_ref_t ds = files_open(FILES, cfg, (uint32_t)strlen(cfg));
	const char *text = (const char *)(uintptr_t)map_map(MAP, ds);

	parse(b, text, dataspace_size(ds));
	bss_release(ds);
	if (!b->nstacks)
		bss_throw(BSS_E_INVAL, EINVAL, "net.cfg: no stack");
	for (unsigned i = 0; i < b->nstacks; i++)
		build(&b->st[i]);
	attach_console(b);
	bss_printf("netboot: ready\n");
	/* the stacks live as long as we hold them: forever */
	for (;;)
		bss_wait((uint64_t)(uintptr_t)b);
	return 0;
}
