/*
 * netd: the guest side of make bench-net on the Linux baseline (static,
 * runs from the busybox initramfs). The same three TCP services the kit's
 * own stack offers (servers/net/apps), with the same semantics:
 *   port 9  discard: reads and drops everything until the peer closes
 *   port 19 chargen: sends the RFC 864 line pattern until the peer closes
 *   port 7  echo:    sends back what it reads
 * One process per connection (fork); 64 KiB buffers so the guest's user
 * space is not what limits the transfer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUF 65536

static char buf[BUF];

static void discard(int c)
{
	while (read(c, buf, sizeof buf) > 0)
		;
}

static void chargen(int c)
{
	/* 72 printable characters per line, starting one later each line */
	size_t n = 0;
	for (int line = 0; n + 74 <= sizeof buf; line++) {
		for (int i = 0; i < 72; i++)
			buf[n++] = (char)(33 + (line + i) % 94);
		buf[n++] = '\r';
		buf[n++] = '\n';
	}
	for (;;) {
		size_t off = 0;
		while (off < n) {
			ssize_t w = write(c, buf + off, n - off);
			if (w <= 0)
				return;
			off += (size_t)w;
		}
	}
}

static void echo(int c)
{
	ssize_t r;
	while ((r = read(c, buf, sizeof buf)) > 0) {
		ssize_t off = 0;
		while (off < r) {
			ssize_t w = write(c, buf + off, (size_t)(r - off));
			if (w <= 0)
				return;
			off += w;
		}
	}
}

static int listen_on(int port)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
	if (s < 0)
		return -1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 8) < 0) {
		perror("netd: bind/listen");
		close(s);
		return -1;
	}
	return s;
}

static void serve(int port, void (*fn)(int))
{
	int s = listen_on(port);
	if (s < 0)
		exit(1);
	for (;;) {
		int c = accept(s, NULL, NULL);
		if (c < 0) {
			if (errno == EINTR)
				continue;
			perror("netd: accept");
			exit(1);
		}
		pid_t p = fork();
		if (p == 0) {
			close(s);
			fn(c);
			close(c);
			_exit(0);
		}
		close(c);
	}
}

int main(void)
{
	static const struct {
		int port;
		void (*fn)(int);
	} svc[] = {
		{9, discard},
		{19, chargen},
		{7, echo},
	};
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_IGN); /* no zombies */
	for (size_t i = 0; i < sizeof svc / sizeof svc[0]; i++) {
		if (fork() == 0)
			serve(svc[i].port, svc[i].fn);
	}
	printf("netd: discard 9, chargen 19, echo 7\n");
	fflush(stdout);
	for (;;)
		pause();
}
