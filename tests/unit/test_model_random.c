/*
 * test_model_random.c - properties (a) and (b) of the one network model
 * (model_props.h) on designs random ones found: fixed designs that keep
 * what the random designs found and was fixed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "m365route/m365route.h"
#include "model_props.h"

/* ---- fixed designs: what the random ones found -------------------------- */

static struct mr_design *
load_fixed(const char *name, const char *yaml)
{
	struct mr_design *g = load_text(name, yaml, strlen(yaml));

	assert_non_null(g);
	return g;
}

/*
 * Found by seed 54, fixed in resolve/carry.c: a proxy egresses over an
 * ExpressRoute circuit whose edge its site cannot reach over the WAN (no
 * link between a and b). The simulation blackholes the flows (no route);
 * usage's attribution gave them to the circuit.
 */
static const char found_proxy_egress_unreachable[] =
    "organization: {name: Found proxy-egress-unreachable}\n"
    "sites:\n"
    "  - {name: a, subnets: [10.1.0.0/16], proxies: [pa],\n"
    "     expressroute_routes: false}\n"
    "  - {name: b, subnets: [10.2.0.0/16]}\n"
    "proxies:\n"
    "  - {name: pa, site: a, listen: 10.1.2.10:8080, egress: er-b}\n"
    "expressroute_circuits:\n"
    "  - name: er-b\n"
    "    site: b\n"
    "    peering_location: Amsterdam\n"
    "    bandwidth: 1 Gbps\n"
    "    microsoft_peering:\n"
    "      peer_asn: 64600\n"
    "      primary: 185.112.86.0/30\n"
    "      secondary: 185.112.86.4/30\n"
    "      vlan: 300\n"
    "      advertised: [185.112.87.0/24]\n"
    "      nat_pool: [185.112.87.0/27]\n"
    "      route_filter: [exchange, sharepoint, skype, other, entra-id]\n";

static void
test_found_proxy_egress_unreachable(void **state)
{
	struct mr_design *g = load_fixed("proxy-egress-unreachable",
	                                 found_proxy_egress_unreachable);
	struct mr_net *net;
	struct mr_net_carriers *car;
	struct mr_net_carry cy;
	size_t sa;

	(void)state;
	assert_int_equal(mr_net_resolve(&net, g), MR_OK);
	assert_int_equal(mr_net_carriers_new(&car, net, MR_NONE, NULL), MR_OK);
	for (sa = 0; sa < MR_SA__COUNT; sa++) {
		mr_net_carriers_get(car, 0, (enum mr_service_area)sa, &cy);
		assert_int_equal(cy.n, 0); /* site a: nothing */
	}
	mr_net_carriers_free(car);
	mr_net_free(net);
	assert_true(check_design("proxy-egress-unreachable", g, NULL, 0) > 0);
	assert_true(check_carriers("proxy-egress-unreachable", g) > 0);
	mr_design_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_found_proxy_egress_unreachable),
	};
	return cmocka_run_group_tests(tests, mp_setup, mp_teardown);
}
