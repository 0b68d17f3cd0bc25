/*
 * test_resolve.c - the resolved network (m365route/resolve.h): the one rule
 * for a site's PAC group (listed, else clients) and how each group finds
 * a site, the policy of a site without a group, overrides in PAC order
 * (most specific wins) and those that decide nothing, the PAC decision
 * for each reason, DNS chains.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "m365route/design.h"
#include "m365route/resolve.h"

/* Three sites: a listed by g1, b only covered by g2's clients, c without a
 * group (two proxies, the ExpressRoute routes), d with no proxy at all
 * and DNS forwarded to c, which forwards to a. */
static const char DESIGN[] =
    "organization:\n"
    "  name: Test\n"
    "  asns: [65540]\n"
    "  address_space: [185.112.84.0/22]\n"
    "sites:\n"
    "  - name: a\n"
    "    subnets: [10.1.0.0/16]\n"
    "    proxies: [pa]\n"
    "  - name: b\n"
    "    subnets: [10.2.0.0/24]\n"
    "    proxies: [pb]\n"
    "  - name: c\n"
    "    subnets: [10.3.0.0/16]\n"
    "    proxies: [pc, pa]\n"
    "    expressroute_routes: true\n"
    "    dns:\n"
    "      microsoft365: forward\n"
    "      forward_to: a\n"
    "  - name: d\n"
    "    subnets: [10.4.0.0/16]\n"
    "    dns:\n"
    "      microsoft365: forward\n"
    "      forward_to: c\n"
    "proxies:\n"
    "  - {name: pa, site: a, listen: 10.1.0.10:8080, egress: inet-a}\n"
    "  - {name: pb, site: b, listen: 10.2.0.10:8080, egress: inet-a}\n"
    "  - {name: pc, site: c, listen: 10.3.0.10:8080, egress: inet-a}\n"
    "internet_circuits:\n"
    "  - name: inet-a\n"
    "    site: a\n"
    "    advertised: [185.112.84.0/23]\n"
    "    nat_pool: [185.112.84.0/26]\n"
    "policy:\n"
    "  pac_groups:\n"
    "    - name: g1\n"
    "      sites: [a]\n"
    "      proxy: pa\n"
    "      expressroute: true\n"
    "    - name: g2\n"
    "      clients: [10.2.0.0/16]\n"
    "      proxy: pb\n"
    "      expressroute: false\n"
    "    - name: g3\n"
    "      clients: [10.1.0.0/16, 10.2.0.0/16]\n"
    "      proxy: pa\n"
    "    - name: g4\n"
    "      clients: [10.9.0.0/16]\n"
    "      proxy: pa\n"
    "  overrides:\n"
    "    - {host: \"*.cloud.microsoft\", action: proxy}\n"
    "    - {host: outlook.cloud.microsoft, action: direct}\n"
    "    - {host: \"*.example.com\", action: direct}\n"
    "    - {host: outlook.cloud.microsoft, action: proxy}\n"
    "    - {host: \"*.*.example.com\", action: proxy}\n";

struct fix {
	struct mr_design *dsg;
	struct mr_net *net;
};

static int
setup(void **state)
{
	static struct fix f;
	struct mr_diags *d;
	const struct mr_diag *x;
	size_t i;

	if (mr_diags_new(&d) != MR_OK)
		return -1;
	if (mr_design_load_buffer(&f.dsg, "test.yaml", DESIGN,
	                          sizeof(DESIGN) - 1, d) != MR_OK) {
		for (i = 0; (x = mr_diags_get(d, i)) != NULL; i++)
			print_error("%s\n", x->msg);
		mr_diags_free(d);
		return -1;
	}
	mr_diags_free(d);
	if (mr_net_resolve(&f.net, f.dsg) != MR_OK)
		return -1;
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	mr_net_free(f->net);
	mr_design_free(f->dsg);
	return 0;
}

static uint32_t
site_idx(const struct mr_design *g, const char *name)
{
	size_t i;

	for (i = 0; i < g->n_sites; i++)
		if (strcmp(g->sites[i].name, name) == 0)
			return (uint32_t)i;
	fail_msg("no site %s", name);
	return MR_NONE;
}

static uint32_t
proxy_idx(const struct mr_design *g, const char *name)
{
	size_t i;

	for (i = 0; i < g->n_proxies; i++)
		if (strcmp(g->proxies[i].name, name) == 0)
			return (uint32_t)i;
	fail_msg("no proxy %s", name);
	return MR_NONE;
}

/* One rule for the group: listed first, else clients; else none. */
static void
test_groups(void **state)
{
	struct fix *f = *state;
	const struct mr_net_site *a, *b, *c, *d;

	a = mr_net_site(f->net, site_idx(f->dsg, "a"));
	b = mr_net_site(f->net, site_idx(f->dsg, "b"));
	c = mr_net_site(f->net, site_idx(f->dsg, "c"));
	d = mr_net_site(f->net, site_idx(f->dsg, "d"));
	assert_int_equal(a->group, 0);
	assert_int_equal(a->group_by, MR_NET_GROUP_LISTED);
	assert_int_equal(a->proxy, proxy_idx(f->dsg, "pa"));
	assert_true(a->er_direct);
	assert_int_equal(b->group, 1);
	assert_int_equal(b->group_by, MR_NET_GROUP_CLIENTS);
	assert_int_equal(b->proxy, proxy_idx(f->dsg, "pb"));
	assert_false(b->er_direct);
	/* No group: the first proxy; ExpressRoute names DIRECT because the
	 * site receives the ExpressRoute routes. */
	assert_int_equal(c->group, MR_NONE);
	assert_int_equal(c->group_by, MR_NET_GROUP_NONE);
	assert_int_equal(c->proxy, proxy_idx(f->dsg, "pc"));
	assert_true(c->er_direct);
	assert_int_equal(d->group, MR_NONE);
	assert_int_equal(d->proxy, MR_NONE);
	assert_false(d->er_direct);
	assert_null(mr_net_site(f->net, 4));
	assert_ptr_equal(mr_net_design(f->net), f->dsg);
}

/* Most specific first, as the PAC file checks them; first match wins. */
static void
test_override_order(void **state)
{
	struct fix *f = *state;
	static const char *const ol = "outlook.cloud.microsoft";
	static const char *const tm = "teams.cloud.microsoft";

	/* outlook.cloud.microsoft (exact, twice) first, in the order
	 * written; then by literal characters. */
	assert_int_equal(mr_net_override_at(f->net, 0), 1);
	assert_int_equal(mr_net_override_at(f->net, 1), 3);
	assert_int_equal(mr_net_override_at(f->net, 2), 0);
	assert_int_equal(mr_net_override_at(f->net, 3), 4);
	assert_int_equal(mr_net_override_at(f->net, 4), 2);
	assert_int_equal(mr_net_override_at(f->net, 5), MR_NONE);
	assert_int_equal(mr_net_override_for(f->net, ol, strlen(ol)), 1);
	assert_int_equal(mr_net_override_for(f->net, tm, strlen(tm)), 0);
	assert_int_equal(mr_net_override_for(f->net, "example.com", 11),
	                 MR_NONE);
}

/* An override decides nothing when one before it in PAC order matches all
 * of its hosts: the exact name written twice. "*.*.example.com" is within
 * "*.example.com" but more specific, so checked first. */
static void
test_override_shadow(void **state)
{
	struct fix *f = *state;

	assert_int_equal(mr_net_override_shadow(f->net, 3), 1);
	assert_int_equal(mr_net_override_shadow(f->net, 0), MR_NONE);
	assert_int_equal(mr_net_override_shadow(f->net, 1), MR_NONE);
	assert_int_equal(mr_net_override_shadow(f->net, 2), MR_NONE);
	assert_int_equal(mr_net_override_shadow(f->net, 4), MR_NONE);
	assert_int_equal(mr_net_override_shadow(f->net, 5), MR_NONE);
	assert_int_equal(mr_net_override_shadow(NULL, 0), MR_NONE);
}

/* How each group would find each site on its own; the site's group is
 * the first that lists it, else the first by clients. */
static void
test_group_matches(void **state)
{
	struct fix *f = *state;
	uint32_t a = site_idx(f->dsg, "a"), b = site_idx(f->dsg, "b");
	uint32_t c = site_idx(f->dsg, "c");

	assert_int_equal(mr_net_group_matches(f->net, 0, a),
	                 MR_NET_GROUP_LISTED);
	assert_int_equal(mr_net_group_matches(f->net, 0, b), MR_NET_GROUP_NONE);
	assert_int_equal(mr_net_group_matches(f->net, 1, b),
	                 MR_NET_GROUP_CLIENTS);
	assert_int_equal(mr_net_group_matches(f->net, 2, a),
	                 MR_NET_GROUP_CLIENTS);
	assert_int_equal(mr_net_group_matches(f->net, 2, b),
	                 MR_NET_GROUP_CLIENTS);
	assert_int_equal(mr_net_group_matches(f->net, 2, c), MR_NET_GROUP_NONE);
	assert_int_equal(mr_net_group_matches(f->net, 3, a), MR_NET_GROUP_NONE);
	assert_int_equal(mr_net_group_matches(f->net, 4, a), MR_NET_GROUP_NONE);
	assert_int_equal(mr_net_group_matches(f->net, 0, 4), MR_NET_GROUP_NONE);
	assert_int_equal(mr_net_group_matches(NULL, 0, a), MR_NET_GROUP_NONE);
	/* g3 finds a and b, but g1 and g2 serve them: g3 and g4 serve
	 * nobody. */
	assert_int_equal(mr_net_site(f->net, a)->group, 0);
	assert_int_equal(mr_net_site(f->net, b)->group, 1);
}

static void
check_pac(const struct fix *f, const char *site, const char *host,
          enum mr_route route, bool http, enum mr_net_pac_why why,
          const char *proxy, uint32_t override)
{
	struct mr_net_pac p;

	mr_net_pac(f->net, site_idx(f->dsg, site), host, strlen(host), route,
	           http, &p);
	assert_int_equal(p.why, why);
	assert_int_equal(p.proxy, proxy ? proxy_idx(f->dsg, proxy) : MR_NONE);
	assert_int_equal(p.override, override);
}

static void
test_pac_decisions(void **state)
{
	const struct fix *f = *state;
	const enum mr_route er = MR_ROUTE_EXPRESSROUTE, in = MR_ROUTE_INTERNET;

	check_pac(f, "a", "outlook.office365.com", er, true,
	          MR_NET_PAC_ER_DIRECT, NULL, MR_NONE);
	check_pac(f, "a", "www.office.com", in, true, MR_NET_PAC_GROUP_PROXY,
	          "pa", MR_NONE);
	check_pac(f, "a", "outlook.cloud.microsoft", er, true,
	          MR_NET_PAC_OVERRIDE, NULL, 1);
	check_pac(f, "a", "teams.cloud.microsoft", er, true,
	          MR_NET_PAC_OVERRIDE, "pa", 0);
	check_pac(f, "a", "outlook.office365.com", er, false, MR_NET_PAC_NONE,
	          NULL, MR_NONE);
	/* g2 keeps ExpressRoute names on the proxy. */
	check_pac(f, "b", "outlook.office365.com", er, true,
	          MR_NET_PAC_GROUP_PROXY, "pb", MR_NONE);
	/* No group: the site's PAC file (pac --site c). */
	check_pac(f, "c", "outlook.office365.com", er, true,
	          MR_NET_PAC_ER_DIRECT, NULL, MR_NONE);
	check_pac(f, "c", "www.office.com", in, true, MR_NET_PAC_SITE_PROXY,
	          "pc", MR_NONE);
	/* No proxy: no PAC file, even where an override would match. */
	check_pac(f, "d", "teams.cloud.microsoft", er, true,
	          MR_NET_PAC_NO_POLICY, NULL, MR_NONE);
}

/* The decision with one override left out: the next override that
 * matches, else the PAC file's own answer. */
static void
test_pac_without(void **state)
{
	const struct fix *f = *state;
	const enum mr_route er = MR_ROUTE_EXPRESSROUTE;
	static const char *const ol = "outlook.cloud.microsoft";
	static const char *const tm = "teams.cloud.microsoft";
	uint32_t a = site_idx(f->dsg, "a"), b = site_idx(f->dsg, "b");
	struct mr_net_pac p;

	/* Without 1, its repeat (3, shadowed) is left out too: the wildcard
	 * decides. */
	mr_net_pac_without(f->net, a, ol, strlen(ol), er, true, 1, &p);
	assert_int_equal(p.why, MR_NET_PAC_OVERRIDE);
	assert_int_equal(p.override, 0);
	assert_int_equal(p.proxy, proxy_idx(f->dsg, "pa"));
	mr_net_pac_without(f->net, a, ol, strlen(ol), er, true, 3, &p);
	assert_int_equal(p.override, 1);
	assert_int_equal(p.proxy, MR_NONE);
	mr_net_pac_without(f->net, a, tm, strlen(tm), er, true, 0, &p);
	assert_int_equal(p.why, MR_NET_PAC_ER_DIRECT);
	assert_int_equal(p.override, MR_NONE);
	mr_net_pac_without(f->net, b, tm, strlen(tm), er, true, 0, &p);
	assert_int_equal(p.why, MR_NET_PAC_GROUP_PROXY);
	assert_int_equal(p.proxy, proxy_idx(f->dsg, "pb"));
	/* MR_NONE leaves nothing out: mr_net_pac(). */
	mr_net_pac_without(f->net, b, tm, strlen(tm), er, true, MR_NONE, &p);
	assert_int_equal(p.why, MR_NET_PAC_OVERRIDE);
	assert_int_equal(p.override, 0);
}

static void
test_dns(void **state)
{
	struct fix *f = *state;
	uint32_t a = site_idx(f->dsg, "a");

	assert_int_equal(mr_net_site(f->net, a)->dns_site, a);
	assert_int_equal(mr_net_site(f->net, site_idx(f->dsg, "c"))->dns_site,
	                 a);
	assert_int_equal(mr_net_site(f->net, site_idx(f->dsg, "d"))->dns_site,
	                 a);
}

static void
test_bad_args(void **state)
{
	struct mr_net *n = (struct mr_net *)1;

	(void)state;
	assert_int_equal(mr_net_resolve(&n, NULL), MR_EINVAL);
	assert_null(n);
	assert_int_equal(mr_net_resolve(NULL, NULL), MR_EINVAL);
	assert_null(mr_net_design(NULL));
	assert_null(mr_net_site(NULL, 0));
	{
		struct mr_net_carriers *c = (struct mr_net_carriers *)1;
		struct mr_net_carry cy;
		assert_int_equal(mr_net_carriers_new(&c, NULL, MR_NONE, NULL),
		                 MR_EINVAL);
		assert_null(c);
		mr_net_carriers_get(NULL, 0, MR_SA_EXCHANGE, &cy);
		assert_int_equal(cy.n, 0);
		assert_int_equal(cy.proxy, MR_NONE);
		assert_false(mr_net_carriers_same(NULL, NULL));
		mr_net_carriers_free(NULL);
	}
	mr_net_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_groups),
	    cmocka_unit_test(test_override_order),
	    cmocka_unit_test(test_override_shadow),
	    cmocka_unit_test(test_group_matches),
	    cmocka_unit_test(test_pac_decisions),
	    cmocka_unit_test(test_pac_without),
	    cmocka_unit_test(test_dns),
	    cmocka_unit_test(test_bad_args),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
