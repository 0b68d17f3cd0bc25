/*
 * test_bgp.c - the BGP decision process as a table (OpenBGPD
 * rde_decide_test.c style): rows of two paths, the expected winner and
 * the step that decides, checked in both orders.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "m365route/bgp.h"

/* A plain eBGP path from AS 12076; rows change one attribute at a time. */
#define BASE                                                                   \
	{                                                                      \
		100, 1, 12076, MR_BGP_ORIGIN_IGP, 0, true, 0, 10, 10, 0        \
	}

struct row {
	const char *name;
	struct mr_bgp_path a, b;
	int winner; /* 0: a, 1: b, -1: identical */
	enum mr_bgp_reason why;
};

static struct row rows[32];
static size_t n_rows;

static void
add(const char *name, struct mr_bgp_path a, struct mr_bgp_path b, int w,
    enum mr_bgp_reason why)
{
	rows[n_rows++] = (struct row){name, a, b, w, why};
}

static void
build(void)
{
	struct mr_bgp_path a = BASE, b = BASE;

	n_rows = 0;
	/* prefer ExpressRoute ("Optimize ExpressRoute Routing") */
	a.local_pref = 150;
	add("local-pref beats everything", a, b, 0, MR_BGP_REASON_LOCAL_PREF);
	a = (struct mr_bgp_path)BASE;
	a.local_pref = 150;
	b.as_path_len = 0; /* shorter path loses to higher local pref */
	add("local-pref before as-path", a, b, 0, MR_BGP_REASON_LOCAL_PREF);
	a = b = (struct mr_bgp_path)BASE;
	b.as_path_len = 3; /* prepended */
	add("shorter as-path", a, b, 0, MR_BGP_REASON_AS_PATH);
	a = b = (struct mr_bgp_path)BASE;
	a.origin = MR_BGP_ORIGIN_INCOMPLETE;
	b.origin = MR_BGP_ORIGIN_EGP;
	add("egp over incomplete", a, b, 1, MR_BGP_REASON_ORIGIN);
	a = b = (struct mr_bgp_path)BASE;
	b.origin = MR_BGP_ORIGIN_EGP;
	add("igp over egp", a, b, 0, MR_BGP_REASON_ORIGIN);
	a = b = (struct mr_bgp_path)BASE;
	a.med = 50;
	b.med = 10;
	add("lower med, same neighbour AS", a, b, 1, MR_BGP_REASON_MED);
	a = b = (struct mr_bgp_path)BASE;
	a.med = 50;
	a.neighbor_as = 64500;
	b.med = 10;
	b.router_id = 20;
	add("med ignored across ASes: router id", a, b, 0,
	    MR_BGP_REASON_ROUTER_ID);
	a = b = (struct mr_bgp_path)BASE;
	b.ebgp = false;
	b.med = 0;
	add("ebgp over ibgp", a, b, 0, MR_BGP_REASON_EBGP);
	a = b = (struct mr_bgp_path)BASE;
	a.med = 5;
	b.ebgp = false; /* med decides before the session type */
	add("med before ebgp", a, b, 1, MR_BGP_REASON_MED);
	a = b = (struct mr_bgp_path)BASE;
	a.ebgp = b.ebgp = false;
	a.igp_cost = 48000;
	b.igp_cost = 115000;
	add("nearer edge by igp cost", a, b, 0, MR_BGP_REASON_IGP_COST);
	a = b = (struct mr_bgp_path)BASE;
	a.ebgp = false;
	a.igp_cost = 0;
	b.igp_cost = 99999; /* ebgp ignores distance */
	add("ebgp before igp cost", a, b, 1, MR_BGP_REASON_EBGP);
	a = b = (struct mr_bgp_path)BASE;
	a.router_id = 0x9f641e02;
	b.router_id = 0x9f641e0a;
	add("lower router id", a, b, 0, MR_BGP_REASON_ROUTER_ID);
	a = b = (struct mr_bgp_path)BASE;
	a.neighbor = 7;
	b.neighbor = 3;
	add("lower neighbour address", a, b, 1, MR_BGP_REASON_NEIGHBOR);
	a = b = (struct mr_bgp_path)BASE;
	a.order = 2;
	b.order = 1;
	add("design order last", a, b, 1, MR_BGP_REASON_ORDER);
	a = b = (struct mr_bgp_path)BASE;
	add("identical", a, b, -1, MR_BGP_REASON_EQUAL);
}

static void
test_table_both_orders(void **state)
{
	size_t i;

	(void)state;
	build();
	for (i = 0; i < n_rows; i++) {
		const struct row *r = &rows[i];
		enum mr_bgp_reason w1, w2;
		int c1 = mr_bgp_compare(&r->a, &r->b, &w1);
		int c2 = mr_bgp_compare(&r->b, &r->a, &w2);
		int want = r->winner == 0 ? -1 : r->winner == 1 ? 1 : 0;
		if ((c1 > 0) - (c1 < 0) != want ||
		    (c2 > 0) - (c2 < 0) != -want || w1 != r->why ||
		    w2 != r->why)
			fail_msg("row '%s': got %d/%s and %d/%s", r->name, c1,
			         mr_bgp_reason_name(w1), c2,
			         mr_bgp_reason_name(w2));
	}
}

static void
test_best(void **state)
{
	struct mr_bgp_path v[4] = {BASE, BASE, BASE, BASE};
	enum mr_bgp_reason why;
	size_t ru;

	(void)state;
	/* Humongous Insurance from Frankfurt: two iBGP paths by distance */
	v[0].ebgp = v[1].ebgp = false;
	v[0].igp_cost = 115000;
	v[1].igp_cost = 48000;
	assert_int_equal(mr_bgp_best(v, 2, &why, &ru), 1);
	assert_int_equal(why, MR_BGP_REASON_IGP_COST);
	assert_int_equal(ru, 0);
	/* single path */
	assert_int_equal(mr_bgp_best(v, 1, &why, &ru), 0);
	assert_int_equal(why, MR_BGP_REASON_NONE);
	assert_int_equal(ru, SIZE_MAX);
	/* none */
	assert_int_equal(mr_bgp_best(v, 0, &why, &ru), SIZE_MAX);
	/* the runner-up is the second best, wherever it sits */
	v[0] = v[1] = v[2] = v[3] = (struct mr_bgp_path)BASE;
	v[2].local_pref = 200;
	v[3].local_pref = 150;
	v[0].order = 0;
	v[1].order = 1;
	assert_int_equal(mr_bgp_best(v, 4, &why, &ru), 2);
	assert_int_equal(ru, 3);
	assert_int_equal(why, MR_BGP_REASON_LOCAL_PREF);
}

static void
test_names(void **state)
{
	int r;

	(void)state;
	for (r = MR_BGP_REASON_NONE; r <= MR_BGP_REASON_EQUAL; r++)
		assert_string_not_equal(
		    mr_bgp_reason_name((enum mr_bgp_reason)r), "?");
	assert_string_equal(mr_bgp_reason_name(MR_BGP_REASON_LOCAL_PREF),
	                    "local-pref");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_both_orders),
	    cmocka_unit_test(test_best),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
