/*
 * test_match_all.c - every match of a host through the host index
 * (mr_match_host_all(), mr_match_host_explain()) against the linear
 * enumeration it replaced (mr_match_host_all_scan(), the oracle): on every
 * embedded catalog and on the 2020-09-29 worldwide feed, for hosts built
 * from every pattern (stars filled with nothing, letters, dots, '_' and
 * whole labels; mutated, with noise before and after) and random noise.
 * Both must give the same ids in the same order and the same count, at
 * every cap; the explained decision must be mr_match_host()'s. The same
 * for addresses: mr_match_addr_all() (the longest match's cover list)
 * against mr_match_addr_all_scan(), on every prefix's first, last and
 * random addresses and noise, and on a feed built to nest prefixes (equal,
 * covering, sibling, /0, /32, /128, non-canonical host bits).
 */
/* cmocka wants these before it, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <string.h>

#include "m365route/m365route.h"
#include "testutil.h"

#define CAP 256

struct tally {
	size_t hosts;   /* hosts compared */
	size_t matched; /* with at least one match */
	size_t several; /* with more than one */
};

static uint64_t rng = 0x6d61746368616c6cULL;

static uint32_t
rnd(uint32_t n)
{
	return tu_rnd(&rng, n);
}

/* Compare both enumerations and both decisions for host h[0..len). */
static void
compare(const struct mr_matcher *m, const char *h, size_t len, struct tally *t)
{
	static const size_t caps[] = {CAP, 0, 1, 2, 3};
	uint32_t a[CAP], b[CAP], e[CAP];
	struct mr_match dl, de;
	size_t na, nb, ne, k, i;

	for (k = 0; k < sizeof(caps) / sizeof(caps[0]); k++) {
		size_t cap = caps[k];
		memset(a, 0xa5, sizeof(a));
		memset(b, 0x5a, sizeof(b));
		na = mr_match_host_all(m, h, len, a, cap);
		nb = mr_match_host_all_scan(m, h, len, b, cap);
		if (na != nb)
			fail_msg("'%.*s' cap %zu: index finds %zu matches, the "
			         "scan %zu",
			         (int)len, h, cap, na, nb);
		for (i = 0; i < na && i < cap; i++)
			if (a[i] != b[i])
				fail_msg("'%.*s' cap %zu: match %zu is rule %u "
				         "by the index, %u by the scan",
				         (int)len, h, cap, i, a[i], b[i]);
	}
	assert_true(na <= CAP);
	mr_match_host(m, h, len, &dl);
	ne = mr_match_host_explain(m, h, len, &de, e, CAP);
	assert_int_equal(ne, na);
	assert_memory_equal(e, a, na * sizeof(*e));
	assert_int_equal(de.route, dl.route);
	assert_int_equal(de.n, dl.n);
	assert_memory_equal(de.rules, dl.rules, dl.n * sizeof(dl.rules[0]));
	t->hosts++;
	t->matched += na > 0;
	t->several += na > 1;
}

/* Rule id's prefix, parsed back from its canonical text. */
static struct mr_prefix
rule_prefix(const struct mr_matcher *m, uint32_t id)
{
	const struct mr_rule *r = mr_matcher_rule(m, id);
	struct mr_prefix p;

	assert_non_null(r);
	assert_true(r->is_prefix);
	assert_int_equal(mr_prefix_parse(&p, r->text, strlen(r->text), NULL),
	                 MR_OK);
	return p;
}

/* Compare both address enumerations and the longest match for a. */
static void
compare_addr(const struct mr_matcher *m, const struct mr_addr *a,
             struct tally *t)
{
	static const size_t caps[] = {0, 1, 2, 3, CAP}; /* x: CAP's, last */
	uint32_t x[CAP], y[CAP];
	struct mr_match lm;
	char txt[MR_ADDR_STRLEN];
	size_t nx = 0, ny, k, i;

	mr_addr_format(a, txt, sizeof(txt));
	for (k = 0; k < sizeof(caps) / sizeof(caps[0]); k++) {
		size_t cap = caps[k];
		memset(x, 0xa5, sizeof(x));
		memset(y, 0x5a, sizeof(y));
		nx = mr_match_addr_all(m, a, x, cap);
		ny = mr_match_addr_all_scan(m, a, y, cap);
		if (nx != ny)
			fail_msg("%s cap %zu: cover list %zu matches, scan %zu",
			         txt, cap, nx, ny);
		for (i = 0; i < nx && i < cap; i++)
			if (x[i] != y[i])
				fail_msg(
				    "%s cap %zu: match %zu is rule %u by the "
				    "cover list, %u by the scan",
				    txt, cap, i, x[i], y[i]);
		for (; i < CAP; i++)
			assert_int_equal(x[i], 0xa5a5a5a5u); /* none past cap */
	}
	/* the longest match is one of them, and the last-listed longest */
	mr_match_addr(m, a, &lm);
	assert_int_equal(lm.n, nx > 0);
	if (nx > 0) {
		struct mr_prefix lp = rule_prefix(m, lm.rules[0]), q;
		for (i = 0; i < nx; i++) {
			q = rule_prefix(m, x[i]);
			assert_true(q.len <= lp.len);
			assert_true(mr_prefix_contains(&q, a));
		}
	}
	t->hosts++;
	t->matched += nx > 0;
	t->several += nx > 1;
}

/* Addresses from every prefix rule: its first and last address, a few
 * random ones inside, one just outside; then random noise. */
static void
check_addrs(const struct mr_matcher *m, const char *what, size_t min_several)
{
	struct tally t = {0, 0, 0};
	size_t id, n = mr_matcher_rule_count(m), k, b, n_pfx = 0;

	for (id = 0; id < n; id++) {
		const struct mr_rule *r = mr_matcher_rule(m, (uint32_t)id);
		struct mr_prefix p;
		unsigned bits;
		if (!r->is_prefix)
			continue;
		p = rule_prefix(m, (uint32_t)id);
		n_pfx++;
		bits = p.addr.family == MR_AF_INET ? 32 : 128;
		for (k = 0; k < 12; k++) {
			struct mr_addr a = p.addr;
			for (b = p.len; b < bits; b++) {
				uint8_t bit = (uint8_t)(0x80u >> (b % 8));
				int v = k == 0 ? 0 : k == 1 ? 1 : (int)rnd(2);
				a.bytes[b / 8] =
				    (uint8_t)(v ? a.bytes[b / 8] | bit
				                : a.bytes[b / 8] & ~bit);
			}
			if (k == 11 && p.len > 0) /* flip the last bit */
				a.bytes[(p.len - 1) / 8] ^=
				    (uint8_t)(0x80u >> ((p.len - 1) % 8));
			compare_addr(m, &a, &t);
		}
	}
	for (k = 0; k < 2000; k++) {
		struct mr_addr a;
		memset(&a, 0, sizeof(a));
		a.family = k % 2 ? MR_AF_INET : MR_AF_INET6;
		for (b = 0; b < 16; b++)
			a.bytes[b] = (uint8_t)rnd(256);
		if (a.family == MR_AF_INET)
			memset(a.bytes + 4, 0, 12);
		if (k % 7 == 0) /* near the feed: 2603:1000::/24, 40.96/12 */
			memcpy(a.bytes,
			       a.family == MR_AF_INET
			           ? (const uint8_t[]){40, 96}
			           : (const uint8_t[]){0x26, 0x03},
			       2);
		compare_addr(m, &a, &t);
	}
	printf("# %s: %zu addresses, %zu matched, %zu matched more than one "
	       "rule\n",
	       what, t.hosts, t.matched, t.several);
	assert_true(t.matched >= n_pfx); /* at least each prefix's first */
	assert_true(t.several >= min_several);
}

/* Append s to h (cap bytes), returning the new length. */
static size_t
put(char *h, size_t len, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (len + n >= cap)
		n = cap - len - 1;
	memcpy(h + len, s, n);
	return len + n;
}

/* A host from pattern p: each '*' filled, now and then mutated, with
 * noise before and after. */
static size_t
from_pattern(char *h, size_t cap, const char *p)
{
	static const char *const fill[] = {"",  "x",       "a.b",     "_",
	                                   "-", "contoso", "eu.west", "."};
	static const char noise[] = "abz09.-_";
	size_t len = 0;

	if (rnd(4) == 0)
		len = put(h, len, cap, rnd(2) ? "x." : "x");
	for (; *p != '\0' && len + 1 < cap; p++) {
		if (*p == '*')
			len = put(h, len, cap, fill[rnd(8)]);
		else if (rnd(40) == 0)
			h[len++] = noise[rnd(8)]; /* replaced */
		else if (rnd(60) == 0)
			continue; /* dropped */
		else
			h[len++] = *p;
	}
	if (rnd(6) == 0)
		len = put(h, len, cap, rnd(2) ? ".evil.org" : "x");
	return len;
}

static void
check_catalog(const struct mr_catalog *c, const char *what)
{
	struct mr_matcher *m;
	struct tally t = {0, 0, 0};
	char h[MR_HOST_MAX + 1];
	size_t id, n, k, len, nh = 0;

	assert_int_equal(mr_matcher_build(&m, c), MR_OK);
	n = mr_matcher_rule_count(m);
	for (id = 0; id < n; id++) {
		const struct mr_rule *r = mr_matcher_rule(m, (uint32_t)id);
		if (r->is_prefix)
			continue;
		nh++;
		/* the pattern's own text, '*' included */
		compare(m, r->text, strlen(r->text), &t);
		for (k = 0; k < 40; k++) {
			len = from_pattern(h, sizeof(h), r->text);
			compare(m, h, len, &t);
		}
	}
	/* noise: random names over the patterns' alphabet, 10 per pattern */
	for (k = 0; k < 10 * nh; k++) {
		static const char al[] = "abcdefmosx0-._";
		len = 1 + rnd(30);
		for (size_t i = 0; i < len; i++)
			h[i] = al[rnd(sizeof(al) - 1)];
		compare(m, h, len, &t);
	}
	compare(m, "", 0, &t);
	printf("# %s: %zu hosts, %zu matched, %zu matched more than one "
	       "rule\n",
	       what, t.hosts, t.matched, t.several);
	/* the hosts must exercise matches and multiple matches */
	assert_true(t.matched > t.hosts / 5);
	assert_true(t.several > t.hosts / 40);
	check_addrs(m, what, 0);
	mr_matcher_free(m);
}

static void
test_embedded(void **state)
{
	size_t i;

	(void)state;
	assert_true(mr_embedded_count() > 0);
	for (i = 0; i < mr_embedded_count(); i++) {
		struct mr_diags *d;
		struct mr_catalog *c;
		assert_int_equal(mr_diags_new(&d), MR_OK);
		assert_int_equal(
		    mr_catalog_load_embedded(&c, mr_embedded_name(i), d),
		    MR_OK);
		check_catalog(c, mr_embedded_name(i));
		mr_catalog_free(c);
		mr_diags_free(d);
	}
}

static void
test_feed_2020(void **state)
{
	struct mr_diags *d;
	struct mr_catalog *c;
	char path[1024];

	(void)state;
	snprintf(path, sizeof(path),
	         "%s/data/endpoints/worldwide-2020092900.json", MR_SOURCE_DIR);
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_catalog_load_file(&c, path, d), MR_OK);
	check_catalog(c, "worldwide-2020092900");
	mr_catalog_free(c);
	mr_diags_free(d);
}

/* A feed whose prefixes nest every way the cover lists must handle. */
static void
test_nested(void **state)
{
	static const char feed[] =
	    "[{\"id\":1,\"serviceArea\":\"Exchange\",\"category\":"
	    "\"Optimize\",\"expressRoute\":true,\"required\":true,"
	    "\"ips\":[\"10.0.0.0/8\",\"10.1.0.0/16\",\"10.1.2.0/24\","
	    "\"10.1.2.128/25\",\"10.1.3.0/24\",\"10.2.0.0/16\","
	    "\"192.0.2.1/32\",\"0.0.0.0/0\",\"2001:db8::/32\","
	    "\"2001:db8:1::/48\",\"2001:db8:1:2::/64\",\"2001:db8::1/128\","
	    "\"::/0\"]},"
	    "{\"id\":2,\"serviceArea\":\"Common\",\"category\":"
	    "\"Default\",\"required\":false,"
	    "\"ips\":[\"10.1.2.0/24\",\"10.1.2.77/24\",\"10.1.0.0/17\","
	    "\"10.0.0.0/8\",\"2001:db8:1::/48\",\"2001:db8:1:2:3::/80\","
	    "\"10.1.2.128/26\",\"172.16.0.0/12\"]}]";
	struct mr_diags *d;
	struct mr_catalog *c;
	struct mr_matcher *m;

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_catalog_load_buffer(&c, "nested.json", feed,
	                                        sizeof(feed) - 1, d),
	                 MR_OK);
	assert_int_equal(mr_matcher_build(&m, c), MR_OK);
	check_addrs(m, "nested", 150);
	mr_matcher_free(m);
	mr_catalog_free(c);
	mr_diags_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_embedded),
	    cmocka_unit_test(test_feed_2020),
	    cmocka_unit_test(test_nested),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
