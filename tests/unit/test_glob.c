/*
 * test_glob.c - shExpMatch matching, pattern covering, shadowing in a
 * first-match list, literal counts and route names (glob.c). The matcher
 * is also compared with a plain recursive reference on random patterns and
 * subjects, and shadowing with every subject up to a length.
 */
/* cmocka wants these before it, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <string.h>

#include "hostmatch.h"
#include "m365route/match.h"
#include "testutil.h"

static bool
gm(const char *p, const char *s)
{
	return mr_glob_match(p, strlen(p), s, strlen(s));
}

static bool
cov(const char *w, const char *p)
{
	return mr_glob_covers(w, strlen(w), p, strlen(p));
}

static void
test_exact(void **state)
{
	(void)state;
	assert_true(gm("outlook.office365.com", "outlook.office365.com"));
	assert_false(gm("outlook.office365.com", "outlook.office365.co"));
	assert_false(gm("outlook.office365.com", "outlook.office365.comm"));
	assert_false(gm("outlook.office365.com", "xoutlook.office365.com"));
	assert_true(gm("", ""));
	assert_false(gm("", "a"));
	assert_false(gm("a", ""));
}

static void
test_star_shapes(void **state)
{
	(void)state;
	/* "*.S": at least the dot, any labels before it. */
	assert_true(gm("*.sharepoint.com", "contoso.sharepoint.com"));
	assert_true(gm("*.sharepoint.com", "a.b.sharepoint.com"));
	assert_true(gm("*.sharepoint.com", ".sharepoint.com"));
	assert_false(gm("*.sharepoint.com", "sharepoint.com"));
	assert_false(gm("*.sharepoint.com", "xsharepoint.com"));
	/* "*-files.S" and "*cdn.S". */
	assert_true(
	    gm("*-files.sharepoint.com", "contoso-files.sharepoint.com"));
	assert_true(gm("*-files.sharepoint.com", "-files.sharepoint.com"));
	assert_false(gm("*-files.sharepoint.com", "contoso.sharepoint.com"));
	assert_true(gm("*cdn.onenote.net", "cdn.onenote.net"));
	assert_true(gm("*cdn.onenote.net", "foocdn.onenote.net"));
	assert_true(gm("*cdn.onenote.net", "a.cdn.onenote.net"));
	assert_false(gm("*cdn.onenote.net", "cdn.onenote.net.evil.com"));
	/* Star in the middle crosses dots. */
	assert_true(gm("autodiscover.*.onmicrosoft.com",
	               "autodiscover.contoso.onmicrosoft.com"));
	assert_true(gm("autodiscover.*.onmicrosoft.com",
	               "autodiscover.a.b.onmicrosoft.com"));
	assert_true(gm("autodiscover.*.onmicrosoft.com",
	               "autodiscover..onmicrosoft.com"));
	assert_false(gm("autodiscover.*.onmicrosoft.com",
	                "autodiscover.onmicrosoft.com"));
	/* Several and trailing stars. */
	assert_true(gm("a.*.b*.com", "a.x.b.com"));
	assert_true(gm("a.*.b*.com", "a.x.y.bzz.com"));
	assert_true(gm("a.*.b*.com", "a..b.com"));
	assert_false(gm("a.*.b*.com", "a.b.com"));
	assert_true(gm("foo.*", "foo."));
	assert_true(gm("foo.*", "foo.bar.com"));
	assert_false(gm("foo.*", "foo"));
	assert_true(gm("*", ""));
	assert_true(gm("**", "abc"));
	assert_true(gm("*a*", "a"));
	assert_true(gm("*ab*ab", "xabyabab"));
	assert_false(gm("*ab*ab", "xabyaba"));
	assert_true(gm("*a*a*a", "aaa"));
	assert_false(gm("*a*a*a", "aa"));
	/* Backtracking over a partial match. */
	assert_true(gm("*aab", "aaab"));
	assert_true(gm("*.com", "a.com.com"));
	assert_true(gm("x*y*z", "xyyzzz"));
	assert_false(gm("x*y*z", "xzzy"));
	/* A '*' in the subject is a plain character. */
	assert_true(gm("*", "*"));
	assert_false(gm("a", "*"));
}

static void
test_covers(void **state)
{
	(void)state;
	assert_true(cov("*.microsoft.com", "*.teams.microsoft.com"));
	assert_true(cov("*.microsoft.com", "graph.microsoft.com"));
	assert_false(cov("*.microsoft.com", "microsoft.com"));
	assert_false(cov("*.teams.microsoft.com", "*.microsoft.com"));
	assert_true(cov("*.sharepoint.com", "*-files.sharepoint.com"));
	assert_false(cov("*-files.sharepoint.com", "*.sharepoint.com"));
	assert_true(cov("*.onmicrosoft.com", "autodiscover.*.onmicrosoft.com"));
	assert_false(
	    cov("autodiscover.*.onmicrosoft.com", "*.onmicrosoft.com"));
	assert_true(cov("*cdn.onenote.net", "*.cdn.onenote.net"));
	assert_false(cov("*.cdn.onenote.net", "*cdn.onenote.net"));
	assert_true(cov("*", "*.a.com"));
	assert_true(cov("a.*.com", "a.*.*.com"));
	assert_true(cov("x.com", "x.com"));
	assert_true(cov("*.x.com", "*.x.com"));
	assert_false(cov("x.com", "*.com"));
	assert_false(cov("a*", "*a"));
}

/* The position of the earlier pattern that shadows pats[k], or -1. */
static int
shadow(const char *const *pats, size_t k)
{
	uint32_t order[8];
	size_t i, j;

	for (i = 0; i <= k; i++)
		order[i] = (uint32_t)i;
	j = mri_glob_shadowed(pats, order, k);
	return j == SIZE_MAX ? -1 : (int)j;
}

static void
test_shadowed(void **state)
{
	static const char *const dup[] = {"x.com", "a.com", "x.com"};
	static const char *const wild[] = {"*.b.com", "*a*b.com", "a*b.com"};
	static const char *const part[] = {"a*.x.com", "*.b.x.com", "*.x.com"};
	static const char *const cdn[] = {"*.com", "*cdn.net", "a.cdn.net"};
	static const char *const ord[] = {"*.x.com", "a.x.com"};
	uint32_t rev[] = {1, 0};

	(void)state;
	assert_int_equal(shadow(dup, 0), -1);
	assert_int_equal(shadow(dup, 1), -1);
	assert_int_equal(shadow(dup, 2), 0);  /* an exact name twice */
	assert_int_equal(shadow(wild, 2), 1); /* "*a*b.com" covers it */
	/* Two patterns that each match part of *.x.com leave the rest
	 * (e.g. "c.x.com") to it. */
	assert_int_equal(shadow(part, 2), -1);
	assert_int_equal(shadow(cdn, 2), 1);
	/* Only the patterns before it count. */
	assert_int_equal(shadow(ord, 1), 0);
	assert_int_equal(mri_glob_shadowed(ord, rev, 1), SIZE_MAX);
	assert_int_equal(mri_glob_shadowed(ord, rev, 0), SIZE_MAX);
}

static void
test_literal(void **state)
{
	(void)state;
	assert_int_equal(mri_glob_literal("outlook.office365.com", 21),
	                 MR_LITERAL_EXACT);
	assert_int_equal(mri_glob_literal("*.sharepoint.com", 16), 15);
	assert_int_equal(mri_glob_literal("*cdn.onenote.net", 16), 15);
	assert_int_equal(mri_glob_literal("a.*.b*.com", 10), 8);
	assert_int_equal(mri_glob_literal("*", 1), 0);
	assert_int_equal(mri_glob_literal("", 0), MR_LITERAL_EXACT);
}

static void
test_route_name(void **state)
{
	(void)state;
	assert_string_equal(mr_route_name(MR_ROUTE_EXPRESSROUTE),
	                    "expressroute");
	assert_string_equal(mr_route_name(MR_ROUTE_INTERNET), "internet");
	assert_string_equal(mr_route_name(MR_ROUTE_UNKNOWN), "unknown");
	assert_string_equal(mr_route_name((enum mr_route)42), "unknown");
}

/* Reference: the textbook recursive definition. */
static bool
ref_match(const char *p, size_t pl, const char *s, size_t sl)
{
	size_t k;

	if (pl == 0)
		return sl == 0;
	if (p[0] == '*') {
		for (k = 0; k <= sl; k++)
			if (ref_match(p + 1, pl - 1, s + k, sl - k))
				return true;
		return false;
	}
	return sl != 0 && p[0] == s[0] &&
	       ref_match(p + 1, pl - 1, s + 1, sl - 1);
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t
rnd(uint32_t n)
{
	return tu_rnd(&rng, n);
}

static void
test_random_vs_reference(void **state)
{
	static const char pa[] = "ab.*";
	static const char sa[] = "ab.*";
	char p[12], s[14];
	int iter;

	(void)state;
	for (iter = 0; iter < 200000; iter++) {
		size_t pl = rnd(sizeof(p)), sl = rnd(sizeof(s)), i;
		for (i = 0; i < pl; i++)
			p[i] = pa[rnd(4)];
		/* Subjects mostly without '*', sometimes with. */
		for (i = 0; i < sl; i++)
			s[i] = sa[rnd(iter & 1 ? 4 : 3)];
		if (mr_glob_match(p, pl, s, sl) != ref_match(p, pl, s, sl)) {
			fail_msg("pattern '%.*s' subject '%.*s'", (int)pl, p,
			         (int)sl, s);
		}
	}
}

/*
 * Covering is sound: when w covers p, every instance of p (each '*'
 * replaced by a random string) matches w.
 */
static void
test_covers_sound(void **state)
{
	static const char pa[] = "ab.*";
	char w[8], p[8], inst[64];
	int iter, k, covered = 0;

	(void)state;
	for (iter = 0; iter < 50000; iter++) {
		size_t wl = rnd(sizeof(w)), pl = rnd(sizeof(p)), i;
		for (i = 0; i < wl; i++)
			w[i] = pa[rnd(4)];
		for (i = 0; i < pl; i++)
			p[i] = pa[rnd(4)];
		if (!mr_glob_covers(w, wl, p, pl))
			continue;
		covered++;
		for (k = 0; k < 8; k++) {
			size_t il = 0;
			for (i = 0; i < pl; i++) {
				if (p[i] == '*') {
					uint32_t r = rnd(4);
					while (r-- > 0)
						inst[il++] = pa[rnd(3)];
				} else {
					inst[il++] = p[i];
				}
			}
			assert_true(mr_glob_match(p, pl, inst, il));
			assert_true(mr_glob_match(w, wl, inst, il));
		}
	}
	assert_true(covered > 1000);
}

/* Every subject over "ab._" of length at most max, in turn: s holds the
 * next one (length *len); false when all have been seen. */
static bool
next_subject(char *s, size_t *len, size_t max)
{
	static const char al[] = "ab._";
	size_t i;

	for (i = 0; i < *len; i++) {
		const char *c = strchr(al, s[i]);
		if (c[1] != '\0') {
			s[i] = c[1];
			return true;
		}
		s[i] = al[0];
	}
	if (*len == max)
		return false;
	s[(*len)++] = al[0];
	return true;
}

/*
 * Shadowing is exact: against every subject over "ab._" up to one more
 * character than the pattern ("_" is the character no pattern holds; the
 * witness of a pattern that is not shadowed is as long as the pattern).
 */
static void
test_shadowed_exhaustive(void **state)
{
	static const char pa[] = "ab.*";
	char pat[4][6], s[8];
	const char *pats[4];
	uint32_t order[4] = {0, 1, 2, 3};
	int iter, shadowed = 0, free_ = 0;

	(void)state;
	for (iter = 0; iter < 4000; iter++) {
		size_t k = 1 + rnd(3), i, j, len = 0, plen = 0;
		bool all = true, some = false;
		for (i = 0; i <= k; i++) {
			size_t l = 1 + rnd(5);
			for (j = 0; j < l; j++)
				pat[i][j] = pa[rnd(4)];
			pat[i][l] = '\0';
			pats[i] = pat[i];
		}
		plen = strlen(pats[k]);
		/* Any subject p matches must be matched before it. */
		while (next_subject(s, &len, plen + 1)) {
			if (!mr_glob_match(pats[k], plen, s, len))
				continue;
			some = true;
			for (j = 0; j < k; j++)
				if (mr_glob_match(pats[j], strlen(pats[j]), s,
				                  len))
					break;
			if (j == k) {
				all = false;
				break;
			}
		}
		assert_true(some);
		j = mri_glob_shadowed(pats, order, k);
		if (all != (j != SIZE_MAX))
			fail_msg("'%s' after '%s' '%s' '%s': %s", pats[k],
			         pats[0], k > 1 ? pats[1] : "",
			         k > 2 ? pats[2] : "",
			         all ? "shadowed, not found" : "not shadowed");
		if (all) {
			assert_true(mr_glob_covers(pats[j], strlen(pats[j]),
			                           pats[k], plen));
			shadowed++;
		} else {
			free_++;
		}
	}
	assert_true(shadowed > 100 && free_ > 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exact),
	    cmocka_unit_test(test_star_shapes),
	    cmocka_unit_test(test_covers),
	    cmocka_unit_test(test_shadowed),
	    cmocka_unit_test(test_literal),
	    cmocka_unit_test(test_route_name),
	    cmocka_unit_test(test_random_vs_reference),
	    cmocka_unit_test(test_covers_sound),
	    cmocka_unit_test(test_shadowed_exhaustive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
