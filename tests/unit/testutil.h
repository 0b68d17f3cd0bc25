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
 * - tu_world_setup()/tu_world_teardown(), tu_catalog(), tu_matcher(): the
 *   same, held for a whole cmocka group;
 * - tu_design_text(): a design from text, NULL when it does not load;
 * - tu_suite_designs(): every design of the golden tests that loads;
 * - tu_slurp(): a whole file as a string;
 * - tu_load_data(): a feed of data/endpoints/ that must load.
 */
#ifndef MR_TESTUTIL_H
#define MR_TESTUTIL_H

#include <dirent.h>
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

/* The catalog and matcher of a cmocka group (tu_world_setup()). */
struct tu_world {
	struct mr_catalog *cat;
	struct mr_matcher *mt;
};

static inline struct tu_world *
tu_world(void)
{
	static struct tu_world w;

	return &w;
}

/* A cmocka group setup and teardown loading the embedded worldwide
 * catalog and its matcher once for the group. */
static inline int
tu_world_setup(void **state)
{
	(void)state;
	return tu_load_worldwide(&tu_world()->cat, &tu_world()->mt);
}

static inline int
tu_world_teardown(void **state)
{
	(void)state;
	mr_matcher_free(tu_world()->mt);
	mr_catalog_free(tu_world()->cat);
	tu_world()->mt = NULL;
	tu_world()->cat = NULL;
	return 0;
}

static inline const struct mr_catalog *
tu_catalog(void)
{
	return tu_world()->cat;
}

static inline const struct mr_matcher *
tu_matcher(void)
{
	return tu_world()->mt;
}

/* The design in text[0..len), or NULL when it does not load (or memory
 * runs out); name is used in diagnostics. */
static inline struct mr_design *
tu_design_text(const char *name, const char *text, size_t len)
{
	struct mr_design *g = NULL;
	struct mr_diags *d;

	if (mr_diags_new(&d) != MR_OK)
		return NULL;
	if (mr_design_load_buffer(&g, name, text, len, d) != MR_OK)
		g = NULL;
	mr_diags_free(d);
	return g;
}

#ifdef MR_SOURCE_DIR
/* A capture of tests/verify/data (binary, any size up to 64 MiB) and its
 * length; the caller frees it. Asserts it reads. */
static inline char *
tu_verify_data(const char *name, size_t *len)
{
	char path[1024], *buf = NULL;

	snprintf(path, sizeof(path), "%s/tests/verify/data/%s", MR_SOURCE_DIR,
	         name);
	if (mr_read_file(path, 1 << 26, "test", &buf, len) != MR_OK)
		fail_msg("%s: %s", path, mr_error_last());
	return buf;
}
#endif

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

#ifdef MR_SOURCE_DIR
/* Call fn on every design of the golden tests (check, simulate, plan)
 * that loads, in directory order; designs the tests show failing are
 * skipped. Returns how many were loaded; (size_t)-1 when a directory or
 * a file cannot be read. */
static inline size_t
tu_suite_designs(void (*fn)(const char *name, const struct mr_design *g,
                            void *ctx),
                 void *ctx)
{
	static const char *const dirs[] = {
	    "tests/golden/check", "tests/golden/simulate", "tests/golden/plan"};
	size_t i, loaded = 0;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char path[4096];
		DIR *dp;
		struct dirent *de;
		snprintf(path, sizeof(path), "%s/%s", MR_SOURCE_DIR, dirs[i]);
		if ((dp = opendir(path)) == NULL)
			return (size_t)-1;
		while ((de = readdir(dp)) != NULL) {
			size_t nl = strlen(de->d_name);
			struct mr_design *g;
			char *text;
			if (nl < 6 || strcmp(de->d_name + nl - 5, ".yaml") != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s", MR_SOURCE_DIR,
			         dirs[i], de->d_name);
			if ((text = tu_slurp(path)) == NULL) {
				closedir(dp);
				return (size_t)-1;
			}
			g = tu_design_text(de->d_name, text, strlen(text));
			free(text);
			if (g == NULL)
				continue;
			loaded++;
			fn(de->d_name, g, ctx);
			mr_design_free(g);
		}
		closedir(dp);
	}
	return loaded;
}
#endif

/*
 * A design with one site "a" (one proxy "pa", Internet egress inet-a) and
 * one ExpressRoute circuit "er-a" whose route filter admits every
 * Microsoft 365 community; the caller appends its "policy:" block.
 */
#define TU_ONE_SITE_ONE_CIRCUIT(org)                                           \
	"organization: {name: " org "}\n"                                      \
	"sites:\n"                                                             \
	"  - {name: a, subnets: [10.1.0.0/16], proxies: [pa]}\n"               \
	"proxies:\n"                                                           \
	"  - {name: pa, site: a, listen: 10.1.2.10:8080, egress: inet-a}\n"    \
	"internet_circuits:\n"                                                 \
	"  - {name: inet-a, site: a, advertised: [185.112.84.0/24],\n"         \
	"     nat_pool: [185.112.84.0/27]}\n"                                  \
	"expressroute_circuits:\n"                                             \
	"  - name: er-a\n"                                                     \
	"    site: a\n"                                                        \
	"    peering_location: Amsterdam\n"                                    \
	"    bandwidth: 1 Gbps\n"                                              \
	"    microsoft_peering:\n"                                             \
	"      peer_asn: 64600\n"                                              \
	"      primary: 185.112.86.0/30\n"                                     \
	"      secondary: 185.112.86.4/30\n"                                   \
	"      vlan: 300\n"                                                    \
	"      advertised: [185.112.87.0/24]\n"                                \
	"      nat_pool: [185.112.87.0/27]\n"                                  \
	"      route_filter: [exchange, sharepoint, skype, other, entra-id]\n"

#endif
