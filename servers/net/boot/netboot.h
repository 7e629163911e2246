/*
 * netboot's data (netboot.c builds the stacks, supervise.c keeps them
 * attached to a driver the bus restarts and watches for a driver that no
 * longer moves frames).
 */
#ifndef NETBOOT_H
#define NETBOOT_H

#include <bss/server.h>

/* The stack's watch on its driver (supervise.c); all times timer.now_ns. */
struct watchdog {
	uint32_t ms;	   /* a hang takes this long; 0: no watchdog */
	bss_ref_t txq;	   /* the driver's TX queue, permanent */
	bss_ref_t ipstats; /* IPv4's counters, permanent */
	uint32_t gateway;  /* what the RX probe pings, 0: none */
	uint64_t tx_taken, tx_nobuf, tx_since;
	uint64_t rx, rx_since;
	uint64_t probe_at;    /* an RX probe is out since, 0: none */
	uint64_t quiet_until; /* no RX restart before: the last one did not help */
	uint32_t rx_restarts; /* RX restarts in a row that did not help */
	uint16_t probe_seq;
	/* the TCP progress check (watch_tcp) */
	bss_ref_t tcpstats; /* TCP's counters, permanent; 0: no TCP */
	uint64_t tcp_rx, tcp_ip_rx, tcp_taken, tcp_since;
	uint64_t tcp_quiet_until; /* no TCP restart before: the last one did not help */
	uint32_t tcp_restarts;	  /* TCP restarts in a row that did not help */
};

#define FILES BSS_REQ(0)
#define LOADER BSS_REQ(1)
#define MAP BSS_REQ(2)
#define RTQUERY BSS_REQ(3)
#define THREAD BSS_REQ(4)
#define TIMER BSS_REQ(5)

#define MAX_STACKS 4
#define MAX_PARAMS 32
#define MAX_APPS 8
#define NAME_LEN 32
#define KEY_LEN 24
#define VAL_LEN 128

/* The servers of a stack, in load order; each resolves its service for the others. */
enum { L_QUEUES, L_POOL, L_ETHDIST, L_ROUTE, L_DRIVER, L_IPV4, L_ICMP, L_UDP, L_TCP, NLAYERS };

struct kv {
	char key[KEY_LEN];
	char val[VAL_LEN];
};

struct stack {
	char name[NAME_LEN];
	char driver[NAME_LEN];
	char apps[MAX_APPS][NAME_LEN];
	unsigned napps, nparams;
	struct kv params[MAX_PARAMS];
	bss_ref_t layer[NLAYERS]; /* permanent, once loaded */
	bss_ref_t query, config;  /* our local servers, permanent */
	/* "driver pci": the bus supervises the driver (supervise.c) */
	bss_ref_t bus;	    /* permanent, 0 for a driver named by file */
	uint32_t pci_index; /* the function whose driver this is */
	uint32_t attaches;
	struct watchdog wd;
};

struct nb {
	struct stack st[MAX_STACKS];
	unsigned nstacks;
	unsigned pci_next; /* PCI functions before this one are taken or no NIC */
	bss_ref_t console; /* permanent, or 0 */
};

void nb_supervise(struct stack *s);
const char *nb_stack_param(struct stack *s, const char *key);

#endif
