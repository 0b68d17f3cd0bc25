/*
 * test_paths.c - the resolved network's paths both ways and round trips
 * (m365route/resolve.h): Microsoft's way back to an address
 * (mr_net_ms_return(): longest prefix, then the shortest AS path with
 * public prepends counted and private ones stripped, then load-shared;
 * else the Internet), the route one circuit offers
 * (mr_net_ms_route_over()), the customer's decision per site and service
 * area (mr_net_er_routes()), and the round trip against the real-time
 * targets (mr_net_rtt(), mr_net_rtt_judge()).
 *
 * One site in Boston with two circuits, er-a (Washington DC) and er-b
 * (New York), and a second site without the ExpressRoute routes; each
 * case edits the design's text once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "m365route/design.h"
#include "m365route/peering.h"
#include "m365route/resolve.h"

static const char base[] =
    "organization:\n"
    "  name: Contoso\n"
    "  asns: [393300]\n"
    "  address_space: [11.1.0.0/16]\n"
    "sites:\n"
    "  - name: hq\n"
    "    location: {lat: 42.36, lon: -71.06}\n"
    "    subnets: [10.1.0.0/16]\n"
    "    expressroute_routes: true\n"
    "  - name: lab\n"
    "    location: {lat: 42.36, lon: -71.06}\n"
    "    subnets: [10.2.0.0/16]\n"
    "internet_circuits:\n"
    "  - name: inet-1\n"
    "    site: hq\n"
    "    advertised: [11.1.0.0/24, 11.1.8.0/24]\n"
    "    nat_pool: [11.1.0.0/26]\n"
    "expressroute_circuits:\n"
    "  - name: er-a\n"
    "    site: hq\n"
    "    peering_location: Washington DC\n"
    "    bandwidth: 1Gbps\n"
    "    microsoft_peering:\n"
    "      vlan: 200\n"
    "      peer_asn: 393300\n"
    "      primary: 11.1.255.0/30\n"
    "      secondary: 11.1.255.4/30\n"
    "      advertised: [11.1.4.0/23]\n"
    "      nat_pool: [11.1.4.0/26]\n"
    "      route_filter: [exchange, sharepoint, skype, other]\n"
    "      local_preference: 200\n"
    "      as_path_prepend: [393300, 393300]\n"
    "  - name: er-b\n"
    "    site: hq\n"
    "    peering_location: New York\n"
    "    bandwidth: 1Gbps\n"
    "    microsoft_peering:\n"
    "      vlan: 200\n"
    "      peer_asn: 393300\n"
    "      primary: 11.1.255.8/30\n"
    "      secondary: 11.1.255.12/30\n"
    "      advertised: [11.1.4.0/23]\n"
    "      nat_pool: [11.1.5.0/26]\n"
    "      route_filter: [exchange, sharepoint, skype, other]\n"
    "      local_preference: 150\n"
    "wan_links:\n"
    "  - between: [hq, lab]\n"
    "    latency_ms: 1\n";

struct fix {
	struct mr_design *dsg;
	struct mr_net *net;
};

/* base with from replaced by to (from "" : base as it is). */
static void
load(struct fix *f, const char *from, const char *to)
{
	struct mr_diags *d;
	const struct mr_diag *x;
	char *text;
	const char *p = from[0] ? strstr(base, from) : base;
	size_t a, i;

	if (p == NULL)
		fail_msg("'%s' not in the design", from);
	a = (size_t)(p - base);
	text = malloc(sizeof(base) + strlen(to));
	assert_non_null(text);
	memcpy(text, base, a);
	memcpy(text + a, to, strlen(to));
	memcpy(text + a + strlen(to), p + strlen(from),
	       strlen(p + strlen(from)) + 1);
	assert_int_equal(mr_diags_new(&d), MR_OK);
	if (mr_design_load_buffer(&f->dsg, "t.yaml", text, strlen(text), d) !=
	    MR_OK) {
		for (i = 0; (x = mr_diags_get(d, i)) != NULL; i++)
			print_error("%s\n", x->msg);
		fail_msg("design did not load");
	}
	mr_diags_free(d);
	free(text);
	assert_int_equal(mr_net_resolve(&f->net, f->dsg), MR_OK);
}

static void
unload(struct fix *f)
{
	mr_net_free(f->net);
	mr_design_free(f->dsg);
}

static struct mr_addr
addr(const char *s)
{
	struct mr_addr a;

	assert_int_equal(mr_addr_parse(&a, s, strlen(s)), MR_OK);
	return a;
}

/* Microsoft's way back to a; n circuits, the first c0 (MR_NONE: none). */
static void
back(const struct fix *f, const char *a, enum mr_net_via via, uint32_t n,
     uint32_t c0, uint8_t len, uint32_t as_path)
{
	struct mr_net_return r;
	struct mr_addr x = addr(a);

	mr_net_ms_return(f->net, &x, &r);
	assert_int_equal(r.via, via);
	assert_int_equal(r.n, n);
	if (n > 0) {
		assert_int_equal(r.c[0], c0);
		assert_int_equal(r.p.len, len);
		assert_int_equal(r.as_path, as_path);
	}
}

/* Prepends on er-a (public ASN): the shared /23 comes back over er-b. */
static void
test_prepends_decide(void **state)
{
	struct fix f;
	struct mr_net_return r;
	struct mr_addr a = addr("11.1.4.0");

	(void)state;
	load(&f, "", "");
	back(&f, "11.1.4.0", MR_NET_VIA_ER, 1, 1, 23, 1);
	back(&f, "11.1.5.0", MR_NET_VIA_ER, 1, 1, 23, 1);
	/* What er-a alone offers: the same /23, three ASes long. */
	assert_true(mr_net_ms_route_over(f.net, 0, &a, &r));
	assert_int_equal(r.via, MR_NET_VIA_ER);
	assert_int_equal(r.c[0], 0);
	assert_int_equal(r.p.len, 23);
	assert_int_equal(r.as_path, 3);
	assert_false(mr_net_ms_route_over(f.net, 7, &a, &r));
	unload(&f);
}

/* Private prepends are stripped: equal paths, load-shared. */
static void
test_private_prepend_stripped(void **state)
{
	struct fix f;
	struct mr_net_return r;
	struct mr_addr a = addr("11.1.4.0");

	(void)state;
	load(&f, "as_path_prepend: [393300, 393300]",
	     "as_path_prepend: [65010, 65010]");
	mr_net_ms_return(f.net, &a, &r);
	assert_int_equal(r.via, MR_NET_VIA_ER);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.c[0], 0);
	assert_int_equal(r.c[1], 1);
	assert_int_equal(r.as_path, 1);
	unload(&f);
}

/* The longest prefix beats a shorter AS path; else the Internet; else
 * nowhere. */
static void
test_longest_prefix_first(void **state)
{
	struct fix f;
	struct mr_net_return r;
	struct mr_addr a = addr("11.1.4.0");

	(void)state;
	load(&f, "advertised: [11.1.4.0/23]\n      nat_pool: [11.1.4.0/26]",
	     "advertised: [11.1.4.0/23, 11.1.4.0/24]\n"
	     "      nat_pool: [11.1.4.0/26]");
	back(&f, "11.1.4.9", MR_NET_VIA_ER, 1, 0, 24, 3);
	back(&f, "11.1.5.9", MR_NET_VIA_ER, 1, 1, 23, 1);
	back(&f, "11.1.8.1", MR_NET_VIA_INTERNET, 1, 0, 24, 1);
	back(&f, "11.1.9.1", MR_NET_VIA_NONE, 0, MR_NONE, 0, 0);
	assert_false(mr_net_ms_route_over(f.net, 1, &(struct mr_addr){0}, &r));
	assert_true(mr_net_ms_route_over(f.net, 1, &a, &r));
	assert_int_equal(r.p.len, 23);
	unload(&f);
}

/* The customer's decision: local preference picks er-a; a site without
 * the ExpressRoute routes takes none. */
static void
test_routes(void **state)
{
	struct fix f;
	struct mr_net_route *rt;
	size_t sa;

	(void)state;
	load(&f, "", "");
	rt = calloc(2 * MR_SA__COUNT, sizeof(*rt));
	assert_non_null(rt);
	assert_int_equal(mr_net_er_routes(f.net, rt), MR_OK);
	for (sa = 0; sa < MR_SA__COUNT; sa++) {
		const struct mr_net_route *h = &rt[sa];
		const struct mr_net_route *l = &rt[MR_SA__COUNT + sa];
		assert_int_equal(h->circuit, 0);
		assert_int_equal(h->site, 0);
		assert_int_equal(h->local_pref, 200);
		assert_int_equal(h->n_paths, 2);
		assert_int_equal(h->why, MR_BGP_REASON_LOCAL_PREF);
		assert_int_equal(h->runner, 1);
		assert_int_equal(h->runner_local_pref, 150);
		assert_int_equal(l->circuit, MR_NONE);
		assert_int_equal(l->runner, MR_NONE);
	}
	unload(&f);
	/* Without a route filter admitting Skype on er-a, Skype's prefixes
	 * leave by er-b, the rest by er-a. */
	load(&f,
	     "route_filter: [exchange, sharepoint, skype, other]\n"
	     "      local_preference: 200",
	     "route_filter: [exchange, sharepoint, other]\n"
	     "      local_preference: 200");
	assert_int_equal(mr_net_er_routes(f.net, rt), MR_OK);
	assert_int_equal(rt[MR_SA_SKYPE].circuit, 1);
	assert_int_equal(rt[MR_SA_SKYPE].why, MR_BGP_REASON_NONE);
	assert_int_equal(rt[MR_SA_SKYPE].runner, MR_NONE);
	assert_int_equal(rt[MR_SA_EXCHANGE].circuit, 0);
	free(rt);
	unload(&f);
}

/* Round trips: Boston to Washington DC is within the targets, to
 * Amsterdam the edge target breaks, a slow access network breaks the
 * client one; unknown without an edge or coordinates. */
static void
test_rtt(void **state)
{
	struct fix f;
	struct mr_net_rtt r;
	const struct mr_peering_location *dc = mr_peering_find("Washington DC");
	const struct mr_peering_location *ams = mr_peering_find("Amsterdam");

	(void)state;
	assert_non_null(dc);
	assert_non_null(ams);
	load(&f, "", "");
	assert_true(mr_net_rtt(f.net, 1, 0, 1.0, dc, &r));
	assert_true(r.access > 0);
	assert_true(r.wan == 2.0);
	assert_true(r.edge > 0 && r.edge < MR_NET_EDGE_RTT_MS);
	assert_true(r.client == r.access + r.wan + r.edge);
	assert_int_equal(mr_net_rtt_judge(&r), MR_NET_RTT_OK);
	assert_true(mr_net_rtt(f.net, 0, 0, 0, ams, &r));
	assert_true(r.edge >= MR_NET_EDGE_RTT_MS);
	assert_int_equal(mr_net_rtt_judge(&r), MR_NET_RTT_EDGE);
	r.edge = MR_NET_EDGE_RTT_MS - 1;
	r.client = MR_NET_CLIENT_RTT_MS;
	assert_int_equal(mr_net_rtt_judge(&r), MR_NET_RTT_CLIENT);
	assert_false(mr_net_rtt(f.net, 0, 0, 0, NULL, &r));
	assert_false(mr_net_rtt(f.net, 0, 9, 0, dc, &r));
	unload(&f);
	load(&f,
	     "    location: {lat: 42.36, lon: -71.06}\n    subnets: "
	     "[10.1.0.0/16]\n",
	     "    subnets: [10.1.0.0/16]\n    access_rtt_ms: 95\n");
	assert_false(mr_net_rtt(f.net, 0, 0, 0, dc, &r));
	assert_true(mr_net_rtt(f.net, 0, 1, 0, dc, &r));
	assert_true(r.access == 95);
	assert_int_equal(mr_net_rtt_judge(&r), MR_NET_RTT_CLIENT);
	unload(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_prepends_decide),
	    cmocka_unit_test(test_private_prepend_stripped),
	    cmocka_unit_test(test_longest_prefix_first),
	    cmocka_unit_test(test_routes),
	    cmocka_unit_test(test_rtt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
