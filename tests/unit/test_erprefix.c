/*
 * test_erprefix.c - what Microsoft advertises over each circuit
 * (mr_net_er_prefixes()): on the Worldwide catalog and Trey Research's
 * circuit, every prefix is an ExpressRoute prefix of the catalog whose
 * community the route filter admits, Entra ID's identity prefixes carry
 * 12076:5060, a filter without a community drops exactly its prefixes,
 * an Azure-only filter gets none. Also mr_prefix_cmp()'s order.
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
#include "m365route/resolve.h"
#include "testutil.h"

/* Trey Research with its route filter line replaced by filter. */
static struct mr_design *
trey(const char *filter)
{
	size_t len, n;
	const char *text = mr_example_text("trey-research", &len);
	const char *at, *eol;
	char *buf;
	struct mr_design *g = NULL;
	struct mr_diags *d;

	assert_non_null(text);
	at = strstr(text, "route_filter: [");
	assert_non_null(at);
	eol = strchr(at, '\n');
	assert_non_null(eol);
	n = len + strlen(filter) + 64;
	buf = malloc(n);
	assert_non_null(buf);
	snprintf(buf, n, "%.*sroute_filter: %s%s", (int)(at - text), text,
	         filter, eol);
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(
	    mr_design_load_buffer(&g, "trey.yaml", buf, strlen(buf), d), MR_OK);
	mr_diags_free(d);
	free(buf);
	return g;
}

/* Whether the catalog lists p in an ExpressRoute set. */
static bool
in_catalog(const struct mr_prefix *p)
{
	size_t i, k;

	for (i = 0; i < mr_catalog_count(tu_catalog()); i++) {
		const struct mr_endpoint_set *es =
		    mr_catalog_set(tu_catalog(), i);
		if (!es->express_route)
			continue;
		for (k = 0; k < es->n_ips; k++)
			if (mr_prefix_cmp(&es->ips[k], p) == 0)
				return true;
	}
	return false;
}

/* The prefixes of circuit 0 of filter; asserts the invariants and counts
 * per community (5010, 5020, 5030, 5060, 5100). */
static size_t
prefixes(const char *filter, size_t count[5])
{
	struct mr_design *g = trey(filter);
	struct mr_net *net;
	struct mr_net_er_prefix *v;
	size_t n, i;

	memset(count, 0, 5 * sizeof(*count));
	assert_int_equal(mr_net_resolve(&net, g), MR_OK);
	assert_int_equal(mr_net_er_prefixes(net, tu_catalog(), 0, &v, &n),
	                 MR_OK);
	for (i = 0; i < n; i++) {
		assert_true(in_catalog(&v[i].prefix));
		if (i > 0)
			assert_true(
			    mr_prefix_cmp(&v[i - 1].prefix, &v[i].prefix) < 0 ||
			    v[i - 1].community < v[i].community);
		switch (v[i].community) {
		case 5010:
			assert_int_equal(v[i].sa, MR_SA_EXCHANGE);
			count[0]++;
			break;
		case 5020:
			assert_int_equal(v[i].sa, MR_SA_SHAREPOINT);
			count[1]++;
			break;
		case 5030:
			assert_int_equal(v[i].sa, MR_SA_SKYPE);
			count[2]++;
			break;
		case 5060:
			assert_int_equal(v[i].sa, MR_SA_COMMON);
			count[3]++;
			break;
		case 5100:
			assert_int_equal(v[i].sa, MR_SA_COMMON);
			count[4]++;
			break;
		default:
			fail_msg("community %u", v[i].community);
		}
	}
	free(v);
	mr_net_free(net);
	mr_design_free(g);
	return n;
}

static void
test_filters(void **state)
{
	size_t all[5], some[5], none[5], total, k;

	(void)state;
	total = prefixes("[exchange, sharepoint, skype, other, entra-id]", all);
	for (k = 0; k < 5; k++)
		assert_true(all[k] > 0); /* the catalog has each kind */
	assert_int_equal(all[0] + all[1] + all[2] + all[3] + all[4], total);
	/* without Entra ID and other: exactly those are gone */
	assert_int_equal(prefixes("[exchange, sharepoint, skype]", some),
	                 all[0] + all[1] + all[2]);
	assert_int_equal(some[3], 0);
	assert_int_equal(some[4], 0);
	assert_int_equal(some[0], all[0]);
	/* an Azure-only filter: nothing of Microsoft 365 */
	assert_int_equal(prefixes("[azure-global]", none), 0);
}

/* Entra ID's prefixes are those of the set that lists the sign-in name. */
static void
test_identity(void **state)
{
	struct mr_design *g = trey("[entra-id]");
	struct mr_net *net;
	struct mr_net_er_prefix *v;
	size_t n, i, k, want = 0;

	(void)state;
	for (i = 0; i < mr_catalog_count(tu_catalog()); i++) {
		const struct mr_endpoint_set *es =
		    mr_catalog_set(tu_catalog(), i);
		bool login = false;
		for (k = 0; k < es->n_urls; k++)
			login |= strcmp(es->urls[k],
			                "login.microsoftonline.com") == 0;
		if (login && es->express_route)
			want += es->n_ips;
	}
	assert_true(want > 0);
	assert_int_equal(mr_net_resolve(&net, g), MR_OK);
	assert_int_equal(mr_net_er_prefixes(net, tu_catalog(), 0, &v, &n),
	                 MR_OK);
	assert_int_equal(n, want); /* the set lists each prefix once */
	for (i = 0; i < n; i++)
		assert_int_equal(v[i].community, 5060);
	free(v);
	assert_int_equal(mr_net_er_prefixes(net, tu_catalog(), 7, &v, &n),
	                 MR_EINVAL);
	assert_null(v);
	mr_net_free(net);
	mr_design_free(g);
}

static void
test_prefix_cmp(void **state)
{
	struct mr_prefix a, b, c, d;

	(void)state;
	assert_int_equal(mr_prefix_parse(&a, "10.0.0.0/8", 10, NULL), MR_OK);
	assert_int_equal(mr_prefix_parse(&b, "10.0.0.0/16", 11, NULL), MR_OK);
	assert_int_equal(mr_prefix_parse(&c, "9.255.0.0/16", 12, NULL), MR_OK);
	assert_int_equal(mr_prefix_parse(&d, "::/0", 4, NULL), MR_OK);
	assert_true(mr_prefix_cmp(&a, &b) < 0); /* shorter first */
	assert_true(mr_prefix_cmp(&b, &a) > 0);
	assert_true(mr_prefix_cmp(&c, &a) < 0); /* by address */
	assert_true(mr_prefix_cmp(&a, &d) < 0); /* IPv4 first */
	assert_int_equal(mr_prefix_cmp(&a, &a), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_filters),
	    cmocka_unit_test(test_identity),
	    cmocka_unit_test(test_prefix_cmp),
	};

	return cmocka_run_group_tests(tests, tu_world_setup, tu_world_teardown);
}
