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
 * - tu_slurp(): a whole file as a string;
 * - tu_load_data(): a feed of data/endpoints/ that must load.
 */
#ifndef MR_TESTUTIL_H
#define MR_TESTUTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The file at path, NUL-terminated, in memory the caller frees; NULL when
 * it cannot be read. Asserts nothing (main() calls it too). */
static inline char *
tu_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	if (p != NULL && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	if (p != NULL)
		p[n] = '\0';
	fclose(f);
	return p;
}

/* The feed data/endpoints/<name> of the source tree; it must load. */
static inline struct mr_catalog *
tu_load_data(const char *name)
{
	struct mr_catalog *c = NULL;
	struct mr_diags *d;
	char path[1024];

	snprintf(path, sizeof(path), "%s/data/endpoints/%s", MR_SOURCE_DIR,
	         name);
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_catalog_load_file(&c, path, d), MR_OK);
	mr_diags_free(d);
	return c;
}

#endif
