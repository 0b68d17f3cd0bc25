/*
 * test_hostmatch.c - the host pattern index (hostmatch.c): every pattern
 * shape, every tie rule, the real Microsoft 365 shapes, and a randomised
 * comparison with a linear scan over mr_glob_match().
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

#include "arena.h"
#include "hostmatch.h"
#include "hostmatch_ref.h"
#include "m365route/match.h"
#include "testutil.h"

#define MAXR 64

struct fixture {
	struct mr_arena *a;
	struct mr_hostidx *ix;
	struct mr_rule rules[MAXR];
	char text[MAXR][64];
	size_t n;
};

static void
fx_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	assert_int_equal(mri_arena_create(&f->a), 0);
}

static void
fx_add(struct fixture *f, const char *pat, bool er)
{
	struct mr_rule *r = &f->rules[f->n];
	size_t len = strlen(pat);

	assert_true(f->n < MAXR && len < sizeof(f->text[0]));
	memcpy(f->text[f->n], pat, len + 1);
	r->text = f->text[f->n];
	r->literal = mri_glob_literal(pat, len);
	r->is_wildcard = r->literal != MR_LITERAL_EXACT;
	r->express_route = er;
	r->category = MR_CAT_DEFAULT;
	f->n++;
}

static void
fx_build(struct fixture *f)
{
	assert_int_equal(mri_hostidx_build(&f->ix, f->a, f->rules, f->n), 0);
}

static void
fx_done(struct fixture *f)
{
	mri_arena_destroy(f->a);
	f->a = NULL;
}

/* Look host up; check against the linear scan too; return the route. */
static enum mr_route
look(struct fixture *f, const char *host, struct mr_match *m)
{
	struct mr_match ref;
	size_t len = strlen(host);

	mri_hostidx_lookup(f->ix, f->rules, host, len, m);
	ref_linear(f->rules, NULL, f->n, host, len, &ref);
	assert_int_equal(m->route, ref.route);
	assert_int_equal(m->n, ref.n);
	assert_memory_equal(m->rules, ref.rules, m->n * sizeof(m->rules[0]));
	return m->route;
}

static void
test_empty_index(void **state)
{
	struct fixture f;
	struct mr_match m;

	(void)state;
	fx_init(&f);
	fx_build(&f);
	assert_int_equal(look(&f, "outlook.office365.com", &m),
	                 MR_ROUTE_UNKNOWN);
	assert_int_equal(m.n, 0);
	assert_int_equal(look(&f, "", &m), MR_ROUTE_UNKNOWN);
	fx_done(&f);
}

static void
test_exact_beats_wildcard(void **state)
{
	struct fixture f;
	struct mr_match m;

	(void)state;
	fx_init(&f);
	fx_add(&f, "outlook.office365.com", false); /* 0 */
	fx_add(&f, "*.office365.com", true);        /* 1 */
	fx_add(&f, "*outlook.office365.com", true); /* 2 */
	fx_add(&f, "outlook.*", true);              /* 3 */
	fx_build(&f);
	assert_int_equal(look(&f, "outlook.office365.com", &m),
	                 MR_ROUTE_INTERNET);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.rules[0], 0);
	assert_int_equal(look(&f, "smtp.office365.com", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.rules[0], 1);
	assert_int_equal(look(&f, "xoutlook.office365.com", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.rules[0], 2);
	assert_int_equal(look(&f, "office365.com", &m), MR_ROUTE_UNKNOWN);
	assert_int_equal(look(&f, "outlook.example.org", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.rules[0], 3);
	fx_done(&f);
}

static void
test_longer_literal_wins(void **state)
{
	struct fixture f;
	struct mr_match m;

	(void)state;
	fx_init(&f);
	fx_add(&f, "*.microsoft.com", true);         /* 0 */
	fx_add(&f, "*.teams.microsoft.com", false);  /* 1 */
	fx_add(&f, "*.onenote.net", true);           /* 2 */
	fx_add(&f, "*cdn.onenote.net", false);       /* 3 */
	fx_add(&f, "*.sharepoint.com", true);        /* 4 */
	fx_add(&f, "*-files.sharepoint.com", false); /* 5 */
	fx_build(&f);
	assert_int_equal(look(&f, "x.teams.microsoft.com", &m),
	                 MR_ROUTE_INTERNET);
	assert_int_equal(m.rules[0], 1);
	assert_int_equal(look(&f, "teams.microsoft.com", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.rules[0], 0);
	assert_int_equal(look(&f, "foocdn.onenote.net", &m), MR_ROUTE_INTERNET);
	assert_int_equal(m.rules[0], 3);
	assert_int_equal(look(&f, "a.cdn.onenote.net", &m), MR_ROUTE_INTERNET);
	assert_int_equal(look(&f, "www.onenote.net", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(look(&f, "contoso-files.sharepoint.com", &m),
	                 MR_ROUTE_INTERNET);
	assert_int_equal(m.rules[0], 5);
	assert_int_equal(look(&f, "contoso.sharepoint.com", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.rules[0], 4);
	fx_done(&f);
}

static void
test_tie(void **state)
{
	struct fixture f;
	struct mr_match m;

	(void)state;
	fx_init(&f);
	fx_add(&f, "x*.example.com", false); /* 0: 13 literals */
	fx_add(&f, "*x.example.com", true);  /* 1: 13 literals */
	fx_add(&f, "*y.example.com", false); /* 2: 13 literals */
	fx_add(&f, "y*.example.com", false); /* 3: 13 literals */
	fx_build(&f);
	/* both 0 and 1 match: ExpressRoute since 1 is */
	assert_int_equal(look(&f, "x.example.com", &m), MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.rules[0], 0);
	assert_int_equal(m.rules[1], 1);
	/* only 0 */
	assert_int_equal(look(&f, "xa.example.com", &m), MR_ROUTE_INTERNET);
	assert_int_equal(m.n, 1);
	/* 2 and 3, neither ExpressRoute */
	assert_int_equal(look(&f, "y.example.com", &m), MR_ROUTE_INTERNET);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.rules[0], 2);
	assert_int_equal(m.rules[1], 3);
	/* 0 and 2 */
	assert_int_equal(look(&f, "xy.example.com", &m), MR_ROUTE_INTERNET);
	assert_int_equal(m.n, 2);
	/* 0 and 1; then 2 and 3 */
	assert_int_equal(look(&f, "xyx.example.com", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(look(&f, "yxy.example.com", &m), MR_ROUTE_INTERNET);
	assert_int_equal(look(&f, "example.com", &m), MR_ROUTE_UNKNOWN);
	assert_int_equal(m.n, 0);
	fx_done(&f);
}

/* More ties than MR_MATCH_MAX_TIED: the smallest ids, route over all. */
static void
test_many_ties(void **state)
{
	struct fixture f;
	struct mr_match m;
	char pat[16];
	int c;

	(void)state;
	fx_init(&f);
	for (c = 0; c < 10; c++) {
		snprintf(pat, sizeof(pat), "*%c*.com", 'a' + c);
		fx_add(&f, pat, c == 9);
	}
	fx_add(&f, "*.com", true); /* fewer literals: never decides here */
	fx_build(&f);
	assert_int_equal(look(&f, "abcdefghij.com", &m), MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.n, MR_MATCH_MAX_TIED);
	for (c = 0; c < MR_MATCH_MAX_TIED; c++)
		assert_int_equal(m.rules[c], c);
	assert_int_equal(look(&f, "abcdefghi.com", &m), MR_ROUTE_INTERNET);
	assert_int_equal(m.n, MR_MATCH_MAX_TIED);
	assert_int_equal(look(&f, "jihgfedcba.com", &m), MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(look(&f, "j.com", &m), MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.rules[0], 9);
	assert_int_equal(look(&f, "z.com", &m), MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.rules[0], 10);
	fx_done(&f);
}

/* The shapes of the real feed and their edge cases. */
static void
test_real_shapes(void **state)
{
	struct fixture f;
	struct mr_match m;

	(void)state;
	fx_init(&f);
	fx_add(&f, "outlook.office365.com", true);          /* 0 */
	fx_add(&f, "*.sharepoint.com", true);               /* 1 */
	fx_add(&f, "*-files.sharepoint.com", false);        /* 2 */
	fx_add(&f, "*cdn.onenote.net", false);              /* 3 */
	fx_add(&f, "autodiscover.*.onmicrosoft.com", true); /* 4 */
	fx_add(&f, "*.onmicrosoft.com", false);             /* 5 */
	fx_add(&f, "a.*.b*.com", true);                     /* 6 */
	fx_add(&f, "foo.*", false);                         /* 7 */
	fx_add(&f, "*.office365.com", false);               /* 8 */
	fx_build(&f);

	assert_int_equal(look(&f, "outlook.office365.com", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.rules[0], 0);
	assert_int_equal(look(&f, "a.outlook.office365.com", &m),
	                 MR_ROUTE_INTERNET);
	assert_int_equal(look(&f, "sharepoint.com", &m), MR_ROUTE_UNKNOWN);
	assert_int_equal(look(&f, "contoso.sharepoint.com", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(look(&f, "a.b.contoso.sharepoint.com", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(look(&f, "contoso-files.sharepoint.com", &m),
	                 MR_ROUTE_INTERNET);
	assert_int_equal(look(&f, "x.contoso-files.sharepoint.com", &m),
	                 MR_ROUTE_INTERNET);
	assert_int_equal(look(&f, "-files.sharepoint.com", &m),
	                 MR_ROUTE_INTERNET);
	assert_int_equal(look(&f, "cdn.onenote.net", &m), MR_ROUTE_INTERNET);
	assert_int_equal(m.rules[0], 3);
	assert_int_equal(look(&f, "xcdn.onenote.net", &m), MR_ROUTE_INTERNET);
	assert_int_equal(look(&f, "onenote.net", &m), MR_ROUTE_UNKNOWN);
	assert_int_equal(look(&f, "cdn.onenote.net.evil.org", &m),
	                 MR_ROUTE_UNKNOWN);
	assert_int_equal(look(&f, "autodiscover.contoso.onmicrosoft.com", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.rules[0], 4);
	assert_int_equal(look(&f, "autodiscover.onmicrosoft.com", &m),
	                 MR_ROUTE_INTERNET);
	assert_int_equal(m.rules[0], 5);
	assert_int_equal(look(&f, "contoso.onmicrosoft.com", &m),
	                 MR_ROUTE_INTERNET);
	assert_int_equal(look(&f, "a.x.b.com", &m), MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(look(&f, "a.x.y.bee.com", &m), MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(look(&f, "a.b.com", &m), MR_ROUTE_UNKNOWN);
	assert_int_equal(look(&f, "foo.bar", &m), MR_ROUTE_INTERNET);
	assert_int_equal(m.rules[0], 7);
	assert_int_equal(look(&f, "foo.sharepoint.com", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.rules[0], 1);
	assert_int_equal(look(&f, "foo", &m), MR_ROUTE_UNKNOWN);
	/* odd hosts never crash and agree with the scan */
	assert_int_equal(look(&f, "", &m), MR_ROUTE_UNKNOWN);
	assert_int_equal(look(&f, ".", &m), MR_ROUTE_UNKNOWN);
	assert_int_equal(look(&f, "..sharepoint.com", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(look(&f, "sharepoint.com.", &m), MR_ROUTE_UNKNOWN);
	assert_int_equal(look(&f, "*.sharepoint.com", &m),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(
	    look(&f,
	         "a.very.long.name.with.many.labels.beyond.the.longest.key."
	         "contoso.sharepoint.com",
	         &m),
	    MR_ROUTE_EXPRESSROUTE);
	fx_done(&f);
}

/* The host need not be NUL-terminated: only len bytes count. */
static void
test_len_not_nul(void **state)
{
	struct fixture f;
	struct mr_match m;
	const char *buf = "x.sharepoint.com.evil.org";

	(void)state;
	fx_init(&f);
	fx_add(&f, "*.sharepoint.com", true);
	fx_add(&f, "*.org", false);
	fx_build(&f);
	mri_hostidx_lookup(f.ix, f.rules, buf, 16, &m);
	assert_int_equal(m.route, MR_ROUTE_EXPRESSROUTE);
	mri_hostidx_lookup(f.ix, f.rules, buf, strlen(buf), &m);
	assert_int_equal(m.route, MR_ROUTE_INTERNET);
	mri_hostidx_lookup(f.ix, f.rules, buf, 0, &m);
	assert_int_equal(m.route, MR_ROUTE_UNKNOWN);
	assert_int_equal(m.n, 0);
	fx_done(&f);
}

/* A pattern given twice (callers merge them, but we must not care). */
static void
test_duplicates(void **state)
{
	struct fixture f;
	struct mr_match m;

	(void)state;
	fx_init(&f);
	fx_add(&f, "a.com", false);
	fx_add(&f, "a.com", true);
	fx_add(&f, "*.b.com", false);
	fx_add(&f, "*.b.com", true);
	fx_add(&f, "*x.b.com", false);
	fx_add(&f, "*x.b.com", false);
	fx_build(&f);
	assert_int_equal(look(&f, "a.com", &m), MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.n, 2);
	assert_int_equal(look(&f, "y.b.com", &m), MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(m.n, 2);
	assert_int_equal(look(&f, "x.b.com", &m), MR_ROUTE_INTERNET);
	assert_int_equal(m.n, 2);
	fx_done(&f);
}

static uint64_t rng = 0x243f6a8885a308d3ULL;

static uint32_t
rnd(uint32_t n)
{
	return tu_rnd(&rng, n);
}

static void
rand_pattern(char *p, size_t cap)
{
	static const char *const pieces[] = {"a",  "b",  "ab", "ba",  "*",
	                                     "a*", "*b", "c",  "*c*", "cc"};
	size_t len = 0, labels = 1 + rnd(4), i;

	for (i = 0; i < labels; i++) {
		const char *pc;
		size_t pl;
		if (i != 0)
			p[len++] = '.';
		pc = pieces[rnd(10)];
		pl = strlen(pc);
		if (len + pl + 2 >= cap)
			break;
		memcpy(p + len, pc, pl);
		len += pl;
		/* now and then a star across a dot, or a doubled star */
		if (rnd(8) == 0 && len + 2 < cap)
			p[len++] = '*';
	}
	p[len] = '\0';
}

/* A host built from a pattern: stars replaced, sometimes mutated. */
static void
rand_host(char *h, size_t cap, const struct fixture *f)
{
	static const char fill[] = "abc.";
	const char *p = f->n != 0 ? f->rules[rnd((uint32_t)f->n)].text : "a";
	size_t len = 0;

	if (rnd(4) == 0) {
		/* a prefix label, or random characters */
		size_t k = rnd(4);
		while (k-- > 0 && len + 1 < cap)
			h[len++] = fill[rnd(4)];
	}
	for (; *p != '\0' && len + 5 < cap; p++) {
		if (*p == '*') {
			size_t k = rnd(4);
			while (k-- > 0)
				h[len++] = fill[rnd(4)];
		} else if (rnd(30) == 0) {
			h[len++] = fill[rnd(4)]; /* mutate */
		} else {
			h[len++] = *p;
		}
	}
	if (rnd(8) == 0 && len + 2 < cap) {
		h[len++] = '.';
		h[len++] = fill[rnd(3)];
	}
	h[len] = '\0';
}

static void
test_random_vs_linear(void **state)
{
	int round, k, cases = 0, matched = 0, tied = 0;
	char host[80];

	(void)state;
	for (round = 0; round < 400; round++) {
		struct fixture f;
		struct mr_match m;
		size_t n = 1 + rnd(40), i;

		fx_init(&f);
		for (i = 0; i < n; i++) {
			char p[40];
			rand_pattern(p, sizeof(p));
			fx_add(&f, p, rnd(3) == 0);
		}
		fx_build(&f);
		for (k = 0; k < 100; k++) {
			rand_host(host, sizeof(host), &f);
			look(&f, host, &m);
			cases++;
			matched += m.n != 0;
			tied += m.n > 1;
		}
		fx_done(&f);
	}
	/* the generator must exercise matches and ties, not only misses */
	assert_true(matched > cases / 2);
	assert_true(tied > cases / 20);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty_index),
	    cmocka_unit_test(test_exact_beats_wildcard),
	    cmocka_unit_test(test_longer_literal_wins),
	    cmocka_unit_test(test_tie),
	    cmocka_unit_test(test_many_ties),
	    cmocka_unit_test(test_real_shapes),
	    cmocka_unit_test(test_len_not_nul),
	    cmocka_unit_test(test_duplicates),
	    cmocka_unit_test(test_random_vs_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
