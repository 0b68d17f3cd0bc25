/*
 * test_matcher.c - the routing decision on a small hand-made feed (every
 * merge and tie rule) and on the real worldwide snapshots.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "m365route/m365route.h"

/* Sets: 1 ER Optimize, 2 Internet Default, 3 ER Allow, 4 Internet Allow. */
static const char feed[] =
    "[\n"
    " {\"id\":1,\"serviceArea\":\"Exchange\",\"urls\":[\"mail.example.com\","
    "\"*.er.example.com\",\"*.tie.example.com\"],"
    "\"ips\":[\"10.0.0.0/8\",\"10.1.0.0/16\",\"2001:db8::/32\"],"
    "\"tcpPorts\":\"443\",\"expressRoute\":true,\"category\":\"Optimize\","
    "\"required\":true},\n"
    " {\"id\":2,\"serviceArea\":\"Common\",\"urls\":[\"*.example.com\","
    "\"mail.example.com\",\"x.er.example.com\",\"*cdn.example.com\","
    "\"ab*ie.example.com\"],"
    "\"ips\":[\"10.1.2.0/24\",\"10.1.0.0/16\",\"2001:db8:1::/48\"],"
    "\"expressRoute\":false,\"category\":\"Default\",\"required\":true},\n"
    " {\"id\":3,\"serviceArea\":\"SharePoint\",\"urls\":[\"*.sp.example.com\","
    "\"autodiscover.*.example.org\"],"
    "\"expressRoute\":true,\"category\":\"Allow\",\"required\":true},\n"
    " {\"id\":4,\"serviceArea\":\"Skype\",\"urls\":[\"*-files.sp.example.com\"]"
    ","
    "\"expressRoute\":false,\"category\":\"Allow\",\"required\":false}\n"
    "]\n";

struct fx {
	struct mr_catalog *cat;
	struct mr_matcher *m;
};

static int
setup_small(void **state)
{
	static struct fx fx;
	struct mr_diags *d;

	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_catalog_load_buffer(&fx.cat, "small.json", feed,
	                                        sizeof(feed) - 1, d),
	                 MR_OK);
	mr_diags_free(d);
	assert_int_equal(mr_matcher_build(&fx.m, fx.cat), MR_OK);
	*state = &fx;
	return 0;
}

static int
setup_file(void **state, const char *name)
{
	static struct fx fx;
	struct mr_diags *d;
	char path[1024];

	snprintf(path, sizeof(path), "%s/data/endpoints/%s", MR_SOURCE_DIR,
	         name);
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_catalog_load_file(&fx.cat, path, d), MR_OK);
	mr_diags_free(d);
	assert_int_equal(mr_matcher_build(&fx.m, fx.cat), MR_OK);
	*state = &fx;
	return 0;
}

static int
setup_2025(void **state)
{
	return setup_file(state, "worldwide-2025-11-14.json");
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	mr_matcher_free(fx->m);
	mr_catalog_free(fx->cat);
	return 0;
}

/* Route of host h, and the deciding rule texts joined by ','. */
static enum mr_route
route(struct fx *fx, const char *h, char *by, size_t cap)
{
	struct mr_match mt;
	size_t len = 0;

	mr_match_host(fx->m, h, strlen(h), &mt);
	/* Tied rules come in no particular order: sort them by id. */
	for (uint32_t i = 1; i < mt.n; i++)
		for (uint32_t j = i; j > 0 && mt.rules[j - 1] > mt.rules[j];
		     j--) {
			uint32_t t = mt.rules[j];
			mt.rules[j] = mt.rules[j - 1];
			mt.rules[j - 1] = t;
		}
	by[0] = '\0';
	for (uint32_t i = 0; i < mt.n; i++)
		len +=
		    (size_t)snprintf(by + len, cap - len, "%s%s", i ? "," : "",
		                     mr_matcher_rule(fx->m, mt.rules[i])->text);
	return mt.route;
}

static void
expect(struct fx *fx, const char *h, enum mr_route want, const char *by_want)
{
	char by[512];
	enum mr_route got = route(fx, h, by, sizeof(by));

	if (got != want || strcmp(by, by_want) != 0)
		fail_msg("%s: got %s by '%s', want %s by '%s'", h,
		         mr_route_name(got), by, mr_route_name(want), by_want);
}

static void
test_rules_merged(void **state)
{
	struct fx *fx = *state;
	const struct mr_rule *r;

	/* mail.example.com is in sets 1 (ER, Optimize) and 2 (Internet,
	 * Default): one rule, ER, Optimize, both sets; rules are numbered in
	 * order of first appearance. */
	r = mr_matcher_rule(fx->m, 0);
	assert_string_equal(r->text, "mail.example.com");
	assert_true(r->express_route);
	assert_int_equal(r->category, MR_CAT_OPTIMIZE);
	assert_int_equal(r->n_sets, 2);
	assert_int_equal(r->sets[0], 0);
	assert_int_equal(r->sets[1], 1);
	assert_int_equal(r->literal, MR_LITERAL_EXACT);
	assert_false(r->is_wildcard);
	r = mr_matcher_rule(fx->m, 1);
	assert_string_equal(r->text, "*.er.example.com");
	assert_true(r->is_wildcard);
	assert_int_equal(r->literal, 15);
	/* 10 distinct patterns, then the prefixes: 10.1.0.0/16 merged. */
	assert_int_equal(mr_matcher_rule_count(fx->m), 10 + 5);
	r = mr_matcher_rule(fx->m, 10);
	assert_true(r->is_prefix);
	assert_string_equal(r->text, "10.0.0.0/8");
	r = mr_matcher_rule(fx->m, 11);
	assert_string_equal(r->text, "10.1.0.0/16");
	assert_int_equal(r->n_sets, 2);
	assert_true(r->express_route);
}

static void
test_host_decisions(void **state)
{
	struct fx *fx = *state;

	/* exact beats every wildcard (here the ER exact name, shared with an
	 * Internet set: the tie makes it ER) */
	expect(fx, "mail.example.com", MR_ROUTE_EXPRESSROUTE,
	       "mail.example.com");
	/* an Internet exact name beats an ER wildcard */
	expect(fx, "x.er.example.com", MR_ROUTE_INTERNET, "x.er.example.com");
	/* the longer wildcard wins, either way */
	expect(fx, "y.er.example.com", MR_ROUTE_EXPRESSROUTE,
	       "*.er.example.com");
	expect(fx, "www.example.com", MR_ROUTE_INTERNET, "*.example.com");
	expect(fx, "contoso-files.sp.example.com", MR_ROUTE_INTERNET,
	       "*-files.sp.example.com");
	expect(fx, "contoso.sp.example.com", MR_ROUTE_EXPRESSROUTE,
	       "*.sp.example.com");
	/* '*' matches dots and the empty string */
	expect(fx, "a.b.c.sp.example.com", MR_ROUTE_EXPRESSROUTE,
	       "*.sp.example.com");
	expect(fx, "cdn.example.com", MR_ROUTE_INTERNET, "*cdn.example.com");
	expect(fx, "mycdn.example.com", MR_ROUTE_INTERNET, "*cdn.example.com");
	/* the suffix itself does not match "*.suffix" */
	expect(fx, "example.com", MR_ROUTE_UNKNOWN, "");
	expect(fx, "sp.example.com", MR_ROUTE_INTERNET, "*.example.com");
	/* a star in the middle */
	expect(fx, "autodiscover.contoso.example.org", MR_ROUTE_EXPRESSROUTE,
	       "autodiscover.*.example.org");
	expect(fx, "autodiscover.example.org", MR_ROUTE_UNKNOWN, "");
	/* a tie: "*.tie.example.com" (ER) and "ab*ie.example.com"
	 * (Internet) both have 16 literal characters */
	expect(fx, "ab.tie.example.com", MR_ROUTE_EXPRESSROUTE,
	       "*.tie.example.com,ab*ie.example.com");
	expect(fx, "b.tie.example.com", MR_ROUTE_EXPRESSROUTE,
	       "*.tie.example.com");
	expect(fx, "example.net", MR_ROUTE_UNKNOWN, "");
}

static enum mr_route
addr_route(struct fx *fx, const char *a, const char **by)
{
	struct mr_addr ad;
	struct mr_match mt;

	assert_int_equal(mr_addr_parse(&ad, a, strlen(a)), MR_OK);
	mr_match_addr(fx->m, &ad, &mt);
	*by = mt.n ? mr_matcher_rule(fx->m, mt.rules[0])->text : "";
	return mt.route;
}

static void
test_addr_decisions(void **state)
{
	struct fx *fx = *state;
	const char *by;

	assert_int_equal(addr_route(fx, "10.9.9.9", &by),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_string_equal(by, "10.0.0.0/8");
	/* 10.1.0.0/16 is in an ER and an Internet set: ER */
	assert_int_equal(addr_route(fx, "10.1.9.9", &by),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_string_equal(by, "10.1.0.0/16");
	/* the longer Internet-only prefix wins */
	assert_int_equal(addr_route(fx, "10.1.2.3", &by), MR_ROUTE_INTERNET);
	assert_string_equal(by, "10.1.2.0/24");
	assert_int_equal(addr_route(fx, "11.0.0.1", &by), MR_ROUTE_UNKNOWN);
	assert_int_equal(addr_route(fx, "2001:db8:1::5", &by),
	                 MR_ROUTE_INTERNET);
	assert_int_equal(addr_route(fx, "2001:db8:2::5", &by),
	                 MR_ROUTE_EXPRESSROUTE);
	assert_string_equal(by, "2001:db8::/32");
	assert_int_equal(addr_route(fx, "2001:db9::1", &by), MR_ROUTE_UNKNOWN);
}

static void
test_match_all(void **state)
{
	struct fx *fx = *state;
	uint32_t ids[8];
	size_t n;

	n = mr_match_host_all(fx->m, "x.er.example.com", 16, ids, 8);
	assert_int_equal(n, 3); /* exact, *.er.example.com, *.example.com */
	n = mr_match_host_all(fx->m, "x.er.example.com", 16, ids, 1);
	assert_int_equal(n, 3); /* the count, even past cap */
}

static void
test_real_2025(void **state)
{
	struct fx *fx = *state;

	expect(fx, "outlook.office365.com", MR_ROUTE_EXPRESSROUTE,
	       "outlook.office365.com");
	expect(fx, "contoso.sharepoint.com", MR_ROUTE_EXPRESSROUTE,
	       "*.sharepoint.com");
	expect(fx, "contoso-files.sharepoint.com", MR_ROUTE_EXPRESSROUTE,
	       "*.sharepoint.com");
	expect(fx, "cdn.odc.officeapps.live.com", MR_ROUTE_INTERNET,
	       "cdn.odc.officeapps.live.com");
	expect(fx, "excel.officeapps.live.com", MR_ROUTE_EXPRESSROUTE,
	       "*.officeapps.live.com");
	expect(fx, "www.example.com", MR_ROUTE_UNKNOWN, "");
}

int
main(void)
{
	const struct CMUnitTest small[] = {
	    cmocka_unit_test(test_rules_merged),
	    cmocka_unit_test(test_host_decisions),
	    cmocka_unit_test(test_addr_decisions),
	    cmocka_unit_test(test_match_all),
	};
	const struct CMUnitTest real[] = {
	    cmocka_unit_test(test_real_2025),
	};
	int rc;

	rc = cmocka_run_group_tests_name("small feed", small, setup_small,
	                                 teardown);
	rc |= cmocka_run_group_tests_name("worldwide 2025-11-14", real,
	                                  setup_2025, teardown);
	return rc;
}
