/*
 * Error numbers: the POSIX errno of a BSS error (struct bss_error.err), one
 * list for the whole tree, numbered as Linux numbers them on x86_64 (so the
 * hosted runtime's <errno.h>, and the Linux shim's <linux/errno.h>, which
 * includes this file, define the same values). What went wrong is the BSS
 * error ID (enum bss_error_id); the errno says it the POSIX way.
 */
#ifndef BSS_ERRNO_H
#define BSS_ERRNO_H

#define EPERM 1		    /* operation not permitted */
#define ENOENT 2	    /* no such file or entry */
#define EIO 5		    /* input/output error */
#define E2BIG 7		    /* argument list too long */
#define ENOEXEC 8	    /* not an executable (server file) */
#define EBADF 9		    /* bad handle */
#define EAGAIN 11	    /* try again (would block) */
#define ENOMEM 12	    /* out of memory */
#define EFAULT 14	    /* bad address */
#define EBUSY 16	    /* busy */
#define ENODEV 19	    /* no such device */
#define EINVAL 22	    /* invalid argument */
#define EMFILE 24	    /* too many references */
#define ENOSPC 28	    /* no space left */
#define EPIPE 32	    /* the other end is gone */
#define EDOM 33		    /* argument out of domain (divide error) */
#define ERANGE 34	    /* result out of range */
#define EDEADLK 35	    /* would deadlock */
#define ENAMETOOLONG 36	    /* name too long */
#define ENOSYS 38	    /* not implemented */
#define ELOOP 40	    /* too many levels (of includes) */
#define EOPNOTSUPP 95	    /* operation not supported */
#define EADDRINUSE 98	    /* address in use */
#define EADDRNOTAVAIL 99    /* address not available */
#define ENETUNREACH 101	    /* network unreachable */
#define ECONNABORTED 103    /* connection aborted (here) */
#define ECONNRESET 104	    /* connection reset by the peer */
#define ENOBUFS 105	    /* no buffer space */
#define ETIMEDOUT 110	    /* timed out (a hang, docs/recovery.md) */
#define ECONNREFUSED 111    /* connection refused by the peer */
#define ECANCELED 125	    /* cancelled (a thread in a crashed server) */
#define ENOTRECOVERABLE 131 /* state not recoverable (a failed assertion) */

#endif
