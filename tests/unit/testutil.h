/*
 * testutil.h - helpers shared by the cmocka unit tests (tests/unit/).
 *
 * Header-only (static inline): each tests/unit/test_<module>.c is its own
 * executable, and a test includes this after <cmocka.h>.
 * - tu_xorshift(), tu_rnd(): the xorshift64 generator of the randomised
 *   tests; each test keeps its own state and seed, so every run draws the
 *   same sequence it always drew;
 * - tu_load_worldwide(): the embedded worldwide catalog and its matcher,
 *   for group setup functions;
 * - tu_find(), tu_diags_dump(): look for a finding by code, position and
 *   message part, and print the findings when it is missing.
 */
#ifndef MR_TESTUTIL_H
#define MR_TESTUTIL_H

#include <stdint.h>
#include <string.h>

#include "m365route/m365route.h"

/* One xorshift64 step (13, 7, 17); returns the new state. */
static inline uint64_t
tu_xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A number below n from the state s. */
static inline uint32_t
tu_rnd(uint64_t *s, uint32_t n)
{
	return (uint32_t)((tu_xorshift(s) >> 11) % n);
}

/* The embedded worldwide catalog in *c and its matcher in *m: 0, or -1
 * on failure (the return value of a cmocka group setup). */
static inline int
tu_load_worldwide(struct mr_catalog **c, struct mr_matcher **m)
{
	struct mr_diags *d;

	if (mr_diags_new(&d) != MR_OK ||
	    mr_catalog_load_embedded(c, "worldwide", d) != MR_OK ||
	    mr_matcher_build(m, *c) != MR_OK)
		return -1;
	mr_diags_free(d);
	return 0;
}

#endif
