/*
 * The BSS error a call ends with, for test servers: every check that a
 * call must be refused asks it the same way.
 *
 *   TRY_ID(t, id, stmt)   id = the error id stmt threw, 0 if it returned;
 *                         t keeps the error (message, errno) for the check
 *
 * id should be volatile: a throw returns into the try a second time, and a
 * variable the body wrote may be reloaded stale otherwise.
 */
#ifndef TESTS_TTRY_H
#define TESTS_TTRY_H

#include <bss/server.h>

/* clang-format off */
#define TRY_ID(t, id, ...)                     \
	do {                                   \
		(id) = 0;                      \
		BSS_TRY(t)                     \
		{                              \
			__VA_ARGS__;           \
		}                              \
		BSS_CATCH(t)                   \
		{                              \
			(id) = (t).err.id;     \
		}                              \
	} while (0)
/* clang-format on */

#endif /* TESTS_TTRY_H */
