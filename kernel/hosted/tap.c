/*
 * Linux TAP devices for the hosted runtime: the real peer of the network
 * stack (tests/net). A kernel service:
 *
 *   tapio    open(name): attach to TAP device name (created if missing; the
 *            process needs CAP_NET_ADMIN, or the device must belong to it),
 *            as a tapdev kernel object: recv blocks the calling BSS thread
 *            until a frame is there, send writes one.
 *
 * The ethdev driver over a tapdev is an ordinary server (servers/net/
 * tapeth), like a ported driver over its I/O ports: this file is only the
 * "hardware".
 *
 * Blocking: the runtime is one OS thread running cooperative BSS threads.
 * A thread waiting for a frame registers its fd and blocks; when no thread is
 * runnable, the idle loop (timer_idle) calls tap_poll() instead of sleeping,
 * which waits for the next timer deadline *or* a readable fd, and makes the
 * waiting threads runnable.
 *
 * Registration: ksrv_os_servers() calls tap_servers().
 */
#include "hosted.h"
#include <svc/tapdev.h>
#include <svc/tapio.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define MAX_WAITERS 32
#define TAP_MTU 1500

struct tap {
	int fd;
	char name[IFNAMSIZ];
	uint8_t mac[6];
	uint64_t rx, tx, tx_dropped;
};

KSRV_SERVICE(tapdev_desc, TAPDEV, struct tap, ktapdev)
KSRV_SERVICE(tapio_desc, TAPIO, void, ktapio)

/* A thread blocked until its fd is readable. */
struct fd_waiter {
	int fd;
	struct thread *t;
};

static struct fd_waiter waiters[MAX_WAITERS];
static unsigned nwaiters;

int tap_poll(int64_t timeout_ns);
void tap_servers(void);

/*
 * Waits up to timeout_ns (< 0: no limit) for a registered fd to become
 * readable and makes its thread runnable. Returns 0 only when there is
 * nothing to wait for at all (no fd, no timeout).
 */
int tap_poll(int64_t timeout_ns)
{
	struct pollfd p[MAX_WAITERS];
	struct timespec ts, *tsp = NULL;

	if (timeout_ns < 0 && !nwaiters)
		return 0;
	if (timeout_ns >= 0) {
		ts.tv_sec = (time_t)(timeout_ns / 1000000000);
		ts.tv_nsec = (long)(timeout_ns % 1000000000);
		tsp = &ts;
	}
	for (unsigned i = 0; i < nwaiters; i++)
		p[i] = (struct pollfd){.fd = waiters[i].fd, .events = POLLIN};
	int n = ppoll(p, nwaiters, tsp, NULL);
	if (n <= 0)
		return 1;
	/* wake the ready ones, keep the rest in order */
	unsigned k = 0, total = nwaiters;
	for (unsigned i = 0; i < total; i++) {
		if (p[i].revents)
			thread_make_runnable(waiters[i].t);
		else
			waiters[k++] = waiters[i];
	}
	nwaiters = k;
	return 1;
}

static void wait_readable(int fd)
{
	if (nwaiters == MAX_WAITERS)
		core_throw(BSS_E_LIMIT, EMFILE, "tap: too many threads waiting for frames");
	waiters[nwaiters++] = (struct fd_waiter){fd, cur_thread};
	thread_block();
}

/* ---- tapdev ---- */

uint32_t ktapdev_recv(struct tap *tp, void *buf, uint32_t n)
{
	for (;;) {
		ssize_t r = read(tp->fd, buf, n);
		if (r > 0) {
			tp->rx++;
			return (uint32_t)r;
		}
		if (r < 0 && errno != EAGAIN && errno != EINTR)
			core_throw(BSS_E_INVAL, errno, "tap %s: read: %s", tp->name,
				   strerror(errno));
		wait_readable(tp->fd);
	}
}

void ktapdev_send(struct tap *tp, const void *buf, uint32_t n)
{
	/* like a NIC: a frame that cannot go out now is lost, not retried */
	if (write(tp->fd, buf, n) == (ssize_t)n)
		tp->tx++;
	else
		tp->tx_dropped++;
}

uint32_t ktapdev_mac(struct tap *tp, void *buf, uint32_t n)
{
	uint32_t k = n < 6 ? n : 6;

	memcpy(buf, tp->mac, k);
	return k;
}

uint32_t ktapdev_mtu(struct tap *tp)
{
	(void)tp;
	return TAP_MTU;
}

static void tapdev_free(struct tap *tp)
{
	close(tp->fd);
	core_free(tp, sizeof(*tp));
}

/* A locally administered unicast address derived from the device name. */
static void name_mac(const char *name, uint8_t *mac)
{
	uint32_t h = 2166136261u;

	for (const char *p = name; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	mac[0] = 0x02;
	mac[1] = 0xb5;
	mac[2] = (uint8_t)(h >> 24);
	mac[3] = (uint8_t)(h >> 16);
	mac[4] = (uint8_t)(h >> 8);
	mac[5] = (uint8_t)h;
}

bss_ref_t ktapio_open(void *self, const void *name, uint32_t len)
{
	(void)self;
	struct ifreq ifr;

	if (!len || len >= IFNAMSIZ)
		core_throw(BSS_E_INVAL, EINVAL, "tap: bad device name");
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		core_throw(BSS_E_INVAL, errno, "tap: /dev/net/tun: %s", strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, name, len);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int e = errno;
		close(fd);
		core_throw(BSS_E_INVAL, e, "tap %.*s: %s", (int)len, (const char *)name,
			   strerror(e));
	}
	struct tap *tp = core_alloc(sizeof(*tp));
	tp->fd = fd;
	memcpy(tp->name, ifr.ifr_name, IFNAMSIZ - 1);
	name_mac(tp->name, tp->mac);
	return ksrv_object(&tapdev_desc, tp, "tapdev", (bss_fn_t)tapdev_free);
}

void tap_servers(void)
{
	ksrv_add(&tapio_desc, "tapio");
}
