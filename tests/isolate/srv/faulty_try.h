/*
 * The containment tests' question to a faulty server: which BSS error a
 * call into it ends with (0: none), e.g. BSS_E_DEAD once it has crashed.
 */
#ifndef TESTS_ISOLATE_FAULTY_TRY_H
#define TESTS_ISOLATE_FAULTY_TRY_H

#include <bss/server.h>
#include <svc/faulty.h>
#include "tests/harness/ttry.h"

static inline uint32_t ping_error(bss_ref_t f)
{
	struct bss_try t;
	volatile uint32_t id;

	TRY_ID(t, id, faulty_ping(f));
	return id;
}

#endif /* TESTS_ISOLATE_FAULTY_TRY_H */
