/*
 * test_lint.c - lint.c and its rule modules: each rule fires at the YAML
 * node at fault (file:line:col checked against the text), the clean base
 * design and Microsoft's two example designs check as the seed describes,
 * findings come out in source order and deterministically, and the rules
 * table is well formed (codes MR-<FAMILY>-<n>, unique kebab-case slugs,
 * a rationale and a source for every rule).
 *
 * Designs are the clean base below (two circuits at two peering locations,
 * one site) with one textual edit each; the golden suite
 * tests/golden/check/ holds the same cases as files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "erfacts.h"
#include "m365route/design.h"
#include "m365route/diag.h"
#include "m365route/lint.h"
#include "testutil.h"

static const char base[] =
    "organization:\n"
    "  name: Contoso\n"
    "  tenant: contoso\n"
    "  asns: [393300]\n"
    "  address_space: [11.1.0.0/16]\n"
    "sites:\n"
    "  - name: hq\n"
    "    city: Boston\n"
    "    location: {lat: 42.36, lon: -71.06}\n"
    "    continent: north-america\n"
    "    users: 4000\n"
    "    subnets: [10.1.0.0/16]\n"
    "    dns:\n"
    "      resolvers: [10.1.0.53]\n"
    "      microsoft365: local\n"
    "    proxies: [proxy-1]\n"
    "    expressroute_routes: true\n"
    "    realtime_media: true\n"
    "    local_internet: true\n"
    "proxies:\n"
    "  - name: proxy-1\n"
    "    site: hq\n"
    "    listen: \"10.1.1.10:8080\"\n"
    "    egress: inet-1\n"
    "internet_circuits:\n"
    "  - name: inet-1\n"
    "    site: hq\n"
    "    isp: Northwind Telecom\n"
    "    bandwidth: 1Gbps\n"
    "    advertised: [11.1.0.0/24]\n"
    "    nat_pool: [11.1.0.0/26]\n"
    "expressroute_circuits:\n"
    "  - name: er-1\n"
    "    site: hq\n"
    "    peering_location: Washington DC\n"
    "    provider: Equinix\n"
    "    bandwidth: 1Gbps\n"
    "    direct: false\n"
    "    sku: premium\n"
    "    service_key: 11111111-1111-4111-8111-111111111111\n"
    "    m365_authorized: true\n"
    "    private_peering: false\n"
    "    microsoft_peering:\n"
    "      peer_asn: 393300\n"
    "      primary: 11.1.255.0/30\n"
    "      secondary: 11.1.255.4/30\n"
    "      vlan: 200\n"
    "      sessions: 2\n"
    "      advertised: [11.1.4.0/24]\n"
    "      nat_pool: [11.1.4.0/26]\n"
    "      route_filter: [exchange, sharepoint, skype, other]\n"
    "      bfd: true\n"
    "      local_preference: 150\n"
    "  - name: er-2\n"
    "    site: hq\n"
    "    peering_location: New York\n"
    "    provider: Equinix\n"
    "    bandwidth: 1Gbps\n"
    "    direct: false\n"
    "    sku: premium\n"
    "    service_key: 21111111-1111-4111-8111-111111111112\n"
    "    m365_authorized: true\n"
    "    private_peering: false\n"
    "    microsoft_peering:\n"
    "      peer_asn: 393300\n"
    "      primary: 11.1.255.8/30\n"
    "      secondary: 11.1.255.12/30\n"
    "      vlan: 200\n"
    "      sessions: 2\n"
    "      advertised: [11.1.5.0/24]\n"
    "      nat_pool: [11.1.5.0/26]\n"
    "      route_filter: [exchange, sharepoint, skype, other]\n"
    "      bfd: true\n"
    "      local_preference: 150\n"
    "inbound_services:\n"
    "  - name: smtp-in\n"
    "    kind: smtp\n"
    "    site: hq\n"
    "    address: 11.1.0.125\n"
    "    path: internet\n"
    "    snat: true\n"
    "demand:\n"
    "  - site: hq\n"
    "    exchange: 100\n"
    "    sharepoint: 200\n"
    "    skype: 80\n"
    "    common: 20\n"
    "policy:\n"
    "  pac_groups:\n"
    "    - name: hq-clients\n"
    "      clients: [10.1.0.0/16]\n"
    "      sites: [hq]\n"
    "      proxy: proxy-1\n"
    "      expressroute: true\n";

/* base with the first occurrence of from replaced by to (malloc'd). */
static char *
edit(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	size_t a, b, c;
	char *s;

	if (p == NULL)
		fail_msg("edit: '%s' not in the design", from);
	a = (size_t)(p - text);
	b = strlen(to);
	c = strlen(p + strlen(from));
	s = malloc(a + b + c + 1);
	assert_non_null(s);
	memcpy(s, text, a);
	memcpy(s + a, to, b);
	memcpy(s + a + b, p + strlen(from), c + 1);
	return s;
}

struct run {
	struct mr_diags *d;
	struct mr_design *dsg;
	struct mr_net *net;
	const char *text;
};

static void
run(struct run *r, const char *text)
{
	struct mr_lint_opts o = MR_LINT_OPTS_INIT;
	int rc;

	o.matcher = tu_matcher();
	r->text = text;
	assert_int_equal(mr_diags_new(&r->d), MR_OK);
	rc = mr_design_load_buffer(&r->dsg, "t.yaml", text, strlen(text), r->d);
	if (rc != MR_OK) {
		size_t i;
		for (i = 0; i < mr_diags_count(r->d); i++)
			print_error("load: %s\n", mr_diags_get(r->d, i)->msg);
		fail_msg("design did not load: %d", rc);
	}
	assert_int_equal(mr_net_resolve(&r->net, r->dsg), MR_OK);
	assert_int_equal(mr_lint(r->net, &o, r->d), MR_OK);
}

static void
done(struct run *r)
{
	mr_net_free(r->net);
	mr_design_free(r->dsg);
	mr_diags_free(r->d);
}

static bool
is_rule(const struct mr_diag *g)
{
	return strncmp(g->code, "MR-", 3) == 0;
}

static size_t
count_rules(const struct run *r)
{
	size_t i, n = 0;

	for (i = 0; i < mr_diags_count(r->d); i++)
		n += is_rule(mr_diags_get(r->d, i));
	return n;
}

static size_t
count_code(const struct run *r, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < mr_diags_count(r->d); i++)
		n += strcmp(mr_diags_get(r->d, i)->code, code) == 0;
	return n;
}

/* Line and column (1-based) of the n-th occurrence (from 1) of needle. */
static void
where(const char *text, const char *needle, int nth, uint32_t *line,
      uint32_t *col)
{
	const char *p = text, *q;

	while (nth-- > 0) {
		q = strstr(p, needle);
		if (q == NULL)
			fail_msg("'%s' not in the design", needle);
		p = q + (nth > 0 ? 1 : 0);
	}
	*line = 1;
	*col = 1;
	for (q = text; q < p; q++) {
		if (*q == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/*
 * Expect exactly `count` findings with code, all of one severity, the
 * first at the nth occurrence of needle (not checked if needle is NULL).
 */
static void
expect(const struct run *r, const char *code, enum mr_severity sev,
       size_t count, const char *needle, int nth)
{
	uint32_t wl, wc, l, c;
	size_t i;
	bool first = true;

	if (count_code(r, code) != count) {
		for (i = 0; i < mr_diags_count(r->d); i++)
			print_error("  %s %s\n", mr_diags_get(r->d, i)->code,
			            mr_diags_get(r->d, i)->msg);
		fail_msg("%s: %zu findings, expected %zu", code,
		         count_code(r, code), count);
	}
	if (needle == NULL)
		return;
	where(r->text, needle, nth, &wl, &wc);
	for (i = 0; i < mr_diags_count(r->d); i++) {
		const struct mr_diag *g = mr_diags_get(r->d, i);
		if (strcmp(g->code, code) != 0)
			continue;
		assert_int_equal(g->sev, sev);
		assert_non_null(g->msg);
		if (!first)
			continue;
		first = false;
		assert_int_equal(
		    mr_diags_locate(r->d, g->at.src, g->at.start, &l, &c),
		    MR_OK);
		if (l != wl || c != wc)
			fail_msg("%s at %u:%u, expected %u:%u ('%s')", code, l,
			         c, wl, wc, needle);
	}
}

/* ---- whole designs ----------------------------------------------------- */

static void
test_base_clean(void **state)
{
	struct run r;

	(void)state;
	run(&r, base);
	assert_int_equal(count_rules(&r), 0);
	done(&r);
}

static void
test_trey_research(void **state)
{
	struct run r;
	size_t len;
	const char *t = mr_example_text("trey-research", &len);

	(void)state;
	assert_non_null(t);
	run(&r, t);
	/* the seed: "With a single ExpressRoute circuit, there is no high
	 * availability for Trey Research" - and, since a fictitious company
	 * owns no public ASN, the private one it peers with */
	assert_int_equal(count_rules(&r), 2);
	expect(&r, "MR-HA-1", MR_SEV_WARNING, 1, "name: er-seattle", 1);
	expect(&r, "MR-ACC-5", MR_SEV_WARNING, 1, "64620", 2);
	done(&r);
}

static void
test_humongous_insurance(void **state)
{
	struct run r;
	size_t len;
	const char *t = mr_example_text("humongous-insurance", &len);

	(void)state;
	if (t == NULL)
		skip();
	run(&r, t);
	/* only the private peer ASN of each of the four circuits */
	assert_int_equal(count_rules(&r), 4);
	assert_int_equal(count_code(&r, "MR-ACC-5"), 4);
	done(&r);
}

/* ---- one rule at a time --------------------------------------------------- */

struct rcase {
	const char *from, *to;
	const char *code;
	enum mr_severity sev;
	size_t count;
	const char *needle; /* in the edited text */
	int nth;
};

#define E MR_SEV_ERROR
#define W MR_SEV_WARNING
#define N MR_SEV_NOTE

static const struct rcase rcases[] = {
    /* SYM */
    {"advertised: [11.1.0.0/24]", "advertised: [11.1.0.0/24, 11.1.4.0/24]",
     "MR-SYM-1", E, 1, "11.1.4.0/24]", 2},
    {"advertised: [11.1.0.0/24]", "advertised: [11.1.0.0/22]", "MR-SYM-1", E, 0,
     "", 1},
    {"advertised: [11.1.0.0/24]", "advertised: [11.1.4.0/23]", "MR-SYM-2", N, 2,
     "11.1.4.0/24]", 1},
    {"nat_pool: [11.1.0.0/26]", "nat_pool: [11.1.0.0/26, 11.1.5.0/26]",
     "MR-SYM-3", E, 1, "11.1.5.0/26]", 2},
    {"advertised: [11.1.5.0/24]", "advertised: [11.1.4.0/23]", "MR-SYM-4", W, 1,
     "11.1.4.0/23", 1},
    {"address: 11.1.0.125", "address: 11.1.5.25", "MR-SYM-5", E, 1, "11.1.5.25",
     1},
    {"path: internet", "path: expressroute", "MR-SYM-5", E, 1, "name: smtp-in",
     1},
    {"kind: smtp", "kind: adfs", "MR-SYM-5", E, 0, "", 1},
    {"    address: 11.1.0.125", "    address: 11.1.4.125", "MR-SYM-5", E, 1,
     "11.1.4.125", 1},
    {"kind: smtp\n    site: hq\n    address: 11.1.0.125",
     "kind: exchange-hybrid\n    site: hq\n    address: 11.1.4.125", "MR-SYM-6",
     W, 1, "11.1.4.125", 1},
    {"egress: inet-1", "egress: er-2", "MR-SYM-7", E, 1,
     "proxy-1\n      expressroute", 1},
    {"advertised: [11.1.4.0/24]", "advertised: [11.1.4.0/24, 11.1.6.0/24]",
     "MR-SYM-8", W, 1, "11.1.6.0/24", 1},
    {"nat_pool: [11.1.4.0/26]", "nat_pool: [11.1.4.0/26, 11.1.7.0/26]",
     "MR-SYM-9", W, 1, "11.1.7.0/26", 1},
    {"local_preference: 150", "local_preference: 90", "MR-SYM-10", W, 1, "90",
     1},
    /* inbound-no-snat: reached over the Internet, hq has the ExpressRoute
     * routes; source NAT or a segment without them is symmetric */
    {"    snat: true\n", "", "MR-SYM-12", E, 1, "name: smtp-in", 1},
    {"    snat: true\n", "    snat: false\n", "MR-SYM-12", E, 1,
     "name: smtp-in", 1},
    {"    snat: true\n", "    expressroute_routes: false\n", "MR-SYM-12", E, 0,
     NULL, 1},
    {"    snat: true\n", "    expressroute_routes: true\n", "MR-SYM-12", E, 1,
     "name: smtp-in", 1},
    /* reached over ExpressRoute: SNAT at the Internet edge is beside the
     * point (inbound-over-er's business) */
    {"    address: 11.1.0.125\n    path: internet\n    snat: true\n",
     "    address: 11.1.4.125\n    path: internet\n", "MR-SYM-12", E, 0, NULL,
     1},
    /* ACC */
    {"advertised: [11.1.4.0/24]", "advertised: [11.1.4.0/24, 172.20.0.0/16]",
     "MR-ACC-1", E, 1, "172.20.0.0/16", 1},
    {"advertised: [11.1.4.0/24]", "advertised: [11.1.4.0/24, 198.51.100.0/24]",
     "MR-ACC-1", E, 1, "198.51.100.0/24", 1},
    {"primary: 11.1.255.0/30", "primary: 100.64.1.0/30", "MR-ACC-1", E, 1,
     "100.64.1.0/30", 1},
    {"advertised: [11.1.4.0/24]", "advertised: [11.1.4.0/24, 0.0.0.0/0]",
     "MR-ACC-2", E, 1, "0.0.0.0/0", 1},
    {"peer_asn: 393300", "peer_asn: 65517", "MR-ACC-4", E, 1, "65517", 1},
    {"peer_asn: 393300", "peer_asn: 64500", "MR-ACC-4", E, 1, "64500", 1},
    {"peer_asn: 393300", "peer_asn: 4200000001", "MR-ACC-5", W, 1, "4200000001",
     1},
    {"local_preference: 150",
     "local_preference: 150\n      as_path_prepend: [393300, 64999]",
     "MR-ACC-6", W, 1, "[393300, 64999]", 1},
    {"secondary: 11.1.255.4/30", "secondary: 11.1.255.4/31", "MR-ACC-7", E, 1,
     "11.1.255.4/31", 1},
    {"      secondary: 11.1.255.4/30\n", "", "MR-ACC-8", E, 1, "11.1.255.0/30",
     1},
    {"secondary: 11.1.255.4/30",
     "secondary: 11.1.255.4/30\n      subnet: 11.1.255.8/29", "MR-ACC-8", E, 2,
     "11.1.255.0/30", 1},
    {"vlan: 200", "vlan: 200\n      secondary_vlan: 300", "MR-ACC-9", E, 1,
     "300\n      sessions", 1},
    {"primary: 11.1.255.8/30", "primary: 11.1.255.0/30", "MR-ACC-10", E, 1,
     "11.1.255.0/30", 2},
    {"advertised: [11.1.4.0/24]", "advertised: [11.1.4.0/24, 11.1.255.0/24]",
     "MR-ACC-10", E, 1, "11.1.255.0/24", 1},
    {"address_space: [11.1.0.0/16]", "address_space: [11.1.0.0/22]",
     "MR-ACC-11", W, 6, "11.1.255.0/30", 1},
    {"peer_asn: 393300", "peer_asn: 3320", "MR-ACC-12", W, 1, "3320", 1},
    /* CKT */
    {"service_key: 21111111-1111-4111-8111-111111111112",
     "service_key: 11111111-1111-4111-8111-111111111111", "MR-CKT-1", E, 1,
     "11111111-1111-4111-8111-111111111111", 2},
    {"      route_filter: [exchange, sharepoint, skype, other]\n", "",
     "MR-CKT-4", E, 1, "peer_asn", 1},
    {"[exchange, sharepoint, skype, other]",
     "[exchange, sharepoint, skype, other, \"12076:6001\"]", "MR-CKT-5", W, 1,
     "\"12076:6001\"", 1},
    {"[exchange, sharepoint, skype, other]", "[dynamics, east-us]", "MR-CKT-6",
     W, 1, "[dynamics", 1},
    {"m365_authorized: true", "m365_authorized: false", "MR-CKT-7", E, 1,
     "exchange, sharepoint", 1},
    {"bandwidth: 1Gbps\n    direct: false",
     "bandwidth: 3Gbps\n    direct: false", "MR-CKT-8", E, 1, "3Gbps", 1},
    {"bandwidth: 1Gbps\n    direct: false",
     "bandwidth: 40Gbps\n    direct: false", "MR-CKT-8", E, 1, "40Gbps", 1},
    {"bandwidth: 1Gbps\n    direct: false",
     "bandwidth: 40Gbps\n    direct: true", "MR-CKT-8", E, 0, "", 1},
    {"sku: premium", "sku: local", "MR-CKT-9", E, 1, "local\n    service_key",
     1},
    {"peering_location: New York", "peering_location: Nwe York", "MR-CKT-10", E,
     1, "Nwe York", 1},
    {"peering_location: New York", "peering_location: NEW YORK", "MR-CKT-10", E,
     0, NULL, 1},
    /* HA */
    {"peering_location: New York", "peering_location: washington dc", "MR-HA-2",
     W, 1, NULL, 1},
    /* (at peering_location once the loader records its span; at the
     * circuit until then) */
    {"sessions: 2", "sessions: 1", "MR-HA-3", E, 1, "1\n      advertised", 1},
    {"bfd: true", "bfd: false", "MR-HA-4", N, 1, "peer_asn", 1},
    /* one location: media-single-location, not single-location, when the
     * site has real-time media */
    {"peering_location: New York", "peering_location: washington dc", "MR-HA-5",
     W, 0, NULL, 1},
    {"peering_location: New York\n", "peering_location: Washington DC2\n",
     "MR-HA-5", W, 0, NULL, 1},
    /* CAP */
    {"exchange: 100\n    sharepoint: 200",
     "exchange: 1500\n    sharepoint: 700", "MR-CAP-1", E, 2, "1Gbps", 2},
    {"exchange: 100\n    sharepoint: 200", "exchange: 700\n    sharepoint: 500",
     "MR-CAP-2", W, 2, "1Gbps", 2},
    {"exchange: 100\n    sharepoint: 200",
     "exchange: 1000\n    sharepoint: 600", "MR-CAP-3", N, 2, "1Gbps", 2},
};

static void
test_rules(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rcases) / sizeof(rcases[0]); i++) {
		const struct rcase *k = &rcases[i];
		char *t = edit(base, k->from, k->to);
		struct run r;
		print_message("case %zu: %s\n", i, k->code);
		run(&r, t);
		expect(&r, k->code, k->sev, k->count,
		       k->count ? k->needle : NULL, k->nth);
		done(&r);
		free(t);
	}
}

/* ---- rules that need more than one edit ------------------------------------- */

/* inbound-no-snat follows the server's segment, not only its site: a site
 * without the ExpressRoute routes is symmetric unless the service says its
 * segment has them, and the finding's note says which of the two decided. */
static void
test_inbound_segment(void **state)
{
	char *a = edit(base, "    expressroute_routes: true\n    realtime",
	               "    expressroute_routes: false\n    realtime");
	char *b = edit(a, "    snat: true\n", "");
	char *c =
	    edit(a, "    snat: true\n", "    expressroute_routes: true\n");
	struct run r;
	size_t i;

	(void)state;
	run(&r, b);
	expect(&r, "MR-SYM-12", E, 0, NULL, 1);
	done(&r);
	run(&r, c);
	expect(&r, "MR-SYM-12", E, 1, "name: smtp-in", 1);
	for (i = 0; i < mr_diags_count(r.d); i++) {
		const struct mr_diag *g = mr_diags_get(r.d, i);
		if (strcmp(g->code, "MR-SYM-12") != 0)
			continue;
		assert_non_null(strstr(g->msg, "('inet-1')"));
		assert_non_null(g->note);
		assert_non_null(strstr(g->note, "expressroute_routes: true"));
		assert_non_null(g->hint);
		assert_non_null(strstr(g->hint, "snat: true"));
	}
	done(&r);
	free(a);
	free(b);
	free(c);
}

static void
test_geo_rules(void **state)
{
	struct run r;
	const struct mr_diag *g;
	size_t i;

	(void)state;
	/* London office with Teams, DNS forwarded to hq, WAN link 40 ms */
	{
		char *a = edit(base, "proxies:\n  - name: proxy-1",
		               "  - name: branch\n"
		               "    continent: europe\n"
		               "    location: {lat: 51.51, lon: -0.13}\n"
		               "    dns:\n"
		               "      resolvers: [10.2.0.53]\n"
		               "      microsoft365: forward\n"
		               "      forward_to: hq\n"
		               "    expressroute_routes: true\n"
		               "    realtime_media: true\n"
		               "wan_links:\n"
		               "  - between: [hq, branch]\n"
		               "    latency_ms: 40\n"
		               "proxies:\n  - name: proxy-1");
		run(&r, a);
		expect(&r, "MR-GEO-1", W, 1, "name: branch", 1);
		assert_int_equal(count_rules(&r), 1);
		for (i = 0; i < mr_diags_count(r.d); i++) {
			g = mr_diags_get(r.d, i);
			if (strcmp(g->code, "MR-GEO-1") == 0) {
				assert_non_null(g->note);
				assert_non_null(strstr(g->note, "about 80 ms"));
			}
		}
		done(&r);
		free(a);

		/* a WAN link of unknown latency: the estimate comes from the
		 * coordinates (Boston-London about 5270 km: 79 ms) */
		a = edit(base, "proxies:\n  - name: proxy-1",
		         "  - name: branch\n"
		         "    continent: europe\n"
		         "    location: {lat: 51.51, lon: -0.13}\n"
		         "    dns:\n"
		         "      resolvers: [10.2.0.53]\n"
		         "      microsoft365: local\n"
		         "    proxies: [proxy-1]\n"
		         "    expressroute_routes: true\n"
		         "    realtime_media: true\n"
		         "    local_internet: true\n"
		         "wan_links:\n"
		         "  - between: [hq, branch]\n"
		         "proxies:\n  - name: proxy-1");
		run(&r, a);
		expect(&r, "MR-GEO-1", W, 1, "name: branch", 1);
		expect(&r, "MR-GEO-2", W, 1, "name: branch", 1);
		expect(&r, "MR-GEO-3", N, 1, "proxy-1]", 2);
		for (i = 0; i < mr_diags_count(r.d); i++) {
			g = mr_diags_get(r.d, i);
			if (strcmp(g->code, "MR-GEO-1") == 0)
				assert_non_null(strstr(g->note, "about 79 ms"));
		}
		done(&r);
		free(a);

		/* the same office in North America: nothing */
		a = edit(base, "proxies:\n  - name: proxy-1",
		         "  - name: branch\n"
		         "    continent: north-america\n"
		         "    dns:\n"
		         "      resolvers: [10.2.0.53]\n"
		         "      microsoft365: forward\n"
		         "      forward_to: hq\n"
		         "    expressroute_routes: true\n"
		         "    realtime_media: true\n"
		         "proxies:\n  - name: proxy-1");
		run(&r, a);
		assert_int_equal(count_rules(&r), 0);
		done(&r);
		free(a);
	}
}

/* The message of the only finding with code (which must exist). */
static const char *
msg_of(const struct run *r, const char *code)
{
	size_t i;

	for (i = 0; i < mr_diags_count(r->d); i++)
		if (strcmp(mr_diags_get(r->d, i)->code, code) == 0)
			return mr_diags_get(r->d, i)->msg;
	fail_msg("no %s", code);
	return NULL;
}

static void
expect_in(const char *s, const char *needle)
{
	if (s == NULL || strstr(s, needle) == NULL)
		fail_msg("'%s' not in '%s'", needle, s ? s : "(null)");
}

/*
 * PAC: a group found by clients loses a site to a later group that names
 * it; a group whose two sites both go elsewhere; overrides that decide
 * nothing, and one more specific than the wildcard containing it, which
 * does decide.
 */
static void
test_pac_rules(void **state)
{
	static const char two_sites[] =
	    "sites:\n"
	    "  - name: lab\n"
	    "    city: Boston\n"
	    "    location: {lat: 42.36, lon: -71.06}\n"
	    "    continent: north-america\n"
	    "    subnets: [10.2.0.0/16]\n"
	    "    dns:\n"
	    "      microsoft365: forward\n"
	    "      forward_to: hq\n"
	    "    proxies: [proxy-1]\n"
	    "    expressroute_routes: true\n"
	    "    realtime_media: true\n"
	    "    local_internet: false\n";
	char *t, *u;
	struct run r;

	(void)state;
	/* A later group that names hq beats an earlier one by clients. */
	t = edit(base, "      clients: [10.1.0.0/16]\n      sites: [hq]\n",
	         "      clients: [10.1.0.0/16]\n");
	u = edit(t, "      expressroute: true\n",
	         "      expressroute: true\n"
	         "    - name: named\n"
	         "      sites: [hq]\n"
	         "      proxy: proxy-1\n");
	run(&r, u);
	expect(&r, "MR-PAC-1", W, 1, "name: hq-clients", 1);
	expect_in(msg_of(&r, "MR-PAC-1"),
	          "the one site it matches, 'hq', is served by group 'named'");
	assert_int_equal(count_rules(&r), 1);
	done(&r);
	free(t);
	free(u);
	/* Two sites, both taken by the group before it. */
	t = edit(base, "sites:\n", two_sites);
	u = edit(t, "      clients: [10.1.0.0/16]\n",
	         "      clients: [10.1.0.0/16, 10.2.0.0/16]\n");
	free(t);
	t = edit(u, "      expressroute: true\n",
	         "      expressroute: true\n"
	         "    - name: pilot\n"
	         "      clients: [10.0.0.0/8]\n"
	         "      proxy: proxy-1\n");
	run(&r, t);
	expect(&r, "MR-PAC-1", W, 1, "name: pilot", 1);
	expect_in(msg_of(&r, "MR-PAC-1"),
	          "the 2 sites it matches are served by other groups, 'lab' "
	          "by group 'hq-clients'");
	done(&r);
	free(t);
	free(u);
	/* Overrides: the pattern twice (same action), a wildcard after one
	 * that contains it with as many literal characters; a more specific
	 * one, checked first, is not shadowed. */
	t = edit(base, "policy:\n",
	         "policy:\n"
	         "  overrides:\n"
	         "    - {host: \"*.b.contoso.com\", action: proxy}\n"
	         "    - {host: \"*.contoso.com\", action: direct}\n"
	         "    - {host: \"*a*.x.net\", action: direct}\n"
	         "    - {host: \"a*.x.net\", action: direct}\n"
	         "    - {host: \"*.contoso.com\", action: direct}\n");
	run(&r, t);
	expect(&r, "MR-PAC-2", W, 2, "{host: \"a*.x.net\"", 1);
	assert_int_equal(count_rules(&r), 2);
	done(&r);
	free(t);
	/* Redundant: two sites with PAC files, both sending the ExpressRoute
	 * name DIRECT anyway (lab by its own policy); not when one of them
	 * would proxy it, nor for a wildcard, nor without the catalog. */
	t = edit(base, "sites:\n", two_sites);
	u = edit(t, "policy:\n",
	         "policy:\n"
	         "  overrides:\n"
	         "    - {host: outlook.office365.com, action: direct}\n"
	         "    - {host: \"*.office365.com\", action: direct}\n");
	run(&r, u);
	expect(&r, "MR-PAC-3", MR_SEV_NOTE, 1, "{host: outlook", 1);
	expect_in(msg_of(&r, "MR-PAC-3"), "the PAC files of all 2 sites");
	done(&r);
	free(u);
	u = edit(t, "policy:\n",
	         "policy:\n"
	         "  overrides:\n"
	         "    - {host: outlook.office365.com, action: direct}\n");
	free(t);
	t = edit(u,
	         "    expressroute_routes: true\n    realtime_media: true\n"
	         "    local_internet: false\n",
	         "    expressroute_routes: false\n    realtime_media: true\n"
	         "    local_internet: false\n");
	run(&r, t);
	expect(&r, "MR-PAC-3", MR_SEV_NOTE, 0, NULL, 0);
	done(&r);
	free(t);
	/* The same design: the note, but not without a matcher (options of
	 * version 1, or none given). */
	run(&r, u);
	expect(&r, "MR-PAC-3", MR_SEV_NOTE, 1, NULL, 0);
	{
		struct mr_lint_opts v1 = {1, NULL}, none = MR_LINT_OPTS_INIT;
		const struct mr_lint_opts *os[] = {&v1, &none, NULL};
		size_t i, k;
		for (k = 0; k < 3; k++) {
			struct mr_diags *d2;
			assert_int_equal(mr_diags_new(&d2), MR_OK);
			assert_int_equal(mr_lint(r.net, os[k], d2), MR_OK);
			for (i = 0; i < mr_diags_count(d2); i++)
				assert_string_not_equal(
				    mr_diags_get(d2, i)->code, "MR-PAC-3");
			mr_diags_free(d2);
		}
	}
	done(&r);
	free(u);
}

static void
test_circuits_without_ms(void **state)
{
	struct run r;
	char *a;
	static const char er3[] = "  - name: er-3\n"
	                          "    site: hq\n"
	                          "    peering_location: Chicago\n"
	                          "    bandwidth: 1Gbps\n"
	                          "    sku: premium\n"
	                          "    private_peering: true\n"
	                          "inbound_services:";

	(void)state;
	a = edit(base, "inbound_services:", er3);
	run(&r, a);
	expect(&r, "MR-CKT-3", W, 1, "name: er-3", 1);
	assert_int_equal(count_code(&r, "MR-CKT-2"), 0);
	done(&r);
	free(a);

	{
		char *b = edit(base, "egress: inet-1",
		               "egress: inet-1\n  - name: proxy-er\n"
		               "    site: hq\n    listen: \"10.1.1.20:8080\"\n"
		               "    egress: er-3");
		a = edit(b, "inbound_services:", er3);
		free(b);
	}
	run(&r, a);
	expect(&r, "MR-CKT-2", E, 1, "name: er-3", 1);
	assert_int_equal(count_code(&r, "MR-CKT-3"), 0);
	done(&r);
	free(a);
}

static void
test_single_circuit(void **state)
{
	struct run r;
	char *a, *p;

	(void)state;
	/* drop er-2 */
	a = strdup(base);
	assert_non_null(a);
	p = strstr(a, "  - name: er-2");
	assert_non_null(p);
	memmove(p, strstr(p, "inbound_services:"),
	        strlen(strstr(p, "inbound_services:")) + 1);
	run(&r, a);
	expect(&r, "MR-HA-1", W, 1, "name: er-1", 1);
	/* one circuit: media-single-location stays quiet */
	assert_int_equal(count_rules(&r), 1);
	done(&r);
	free(a);
}

static void
test_too_many_prefixes(void **state)
{
	char list[201 * 20 + 64], *a, *b;
	size_t i, n = 0;
	struct run r;

	(void)state;
	for (int lim = 200; lim <= 201; lim++) {
		n = (size_t)snprintf(list, sizeof(list), "[");
		for (i = 0; i < (size_t)lim; i++)
			n += (size_t)snprintf(list + n, sizeof(list) - n,
			                      "%s11.1.4.%zu/32", i ? ", " : "",
			                      i);
		snprintf(list + n, sizeof(list) - n, "]");
		a = edit(base, "[11.1.4.0/24]", list);
		b = edit(a, "[11.1.4.0/26]", list);
		run(&r, b);
		if (lim == 200) {
			assert_int_equal(count_rules(&r), 0);
		} else {
			expect(&r, "MR-ACC-3", E, 1, "11.1.4.200/32", 1);
			/* the session is down: the other circuit is left */
			expect(&r, "MR-HA-1", W, 1, "name: er-2", 1);
			assert_int_equal(count_rules(&r), 2);
		}
		done(&r);
		free(a);
		free(b);
	}
}

/* ---- order, determinism, table ------------------------------------------------ */

static void
test_broken_everything(void **state)
{
	char *t = tu_slurp(MR_SOURCE_DIR
	                   "/tests/golden/check/broken-everything.yaml");
	struct run r1, r2;
	size_t i, k;
	uint32_t last = 0;

	(void)state;
	assert_non_null(t);
	run(&r1, t);
	run(&r2, t);
	/* every rule fires */
	for (k = 0; k < mr_diag_code_count(); k++) {
		const char *code = mr_diag_code_name(k);
		/* MR-VER-*: verify's, on routers' tables (golden/verify) */
		if (strncmp(code, "MR-", 3) != 0 ||
		    strncmp(code, "MR-VER-", 7) == 0)
			continue;
		if (count_code(&r1, code) == 0)
			fail_msg("%s does not fire", code);
	}
	/* source order, and the same twice */
	assert_int_equal(mr_diags_count(r1.d), mr_diags_count(r2.d));
	for (i = 0; i < mr_diags_count(r1.d); i++) {
		const struct mr_diag *a = mr_diags_get(r1.d, i);
		const struct mr_diag *b = mr_diags_get(r2.d, i);
		assert_string_equal(a->code, b->code);
		assert_string_equal(a->msg, b->msg);
		assert_int_equal(a->at.start, b->at.start);
		if (is_rule(a)) {
			assert_true(a->at.start >= last);
			last = a->at.start;
		}
	}
	done(&r1);
	done(&r2);
	free(t);
}

/* The ASN classes behind asn-reserved and asn-private, at every edge. */
static void
test_asn_classes(void **state)
{
	static const uint32_t reserved[] = {
	    0,     12076, 23456, 64496, 64511,  65515,  65520,
	    65535, 65536, 65551, 65552, 100000, 131071, 4294967295u};
	static const uint32_t not_reserved[] = {
	    1,     23455,  23457,  64495,       64512,       65514,      65521,
	    65534, 131072, 393300, 4199999999u, 4200000000u, 4294967294u};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (!mri_asn_reserved(reserved[i]))
			fail_msg("%u is not reserved", (unsigned)reserved[i]);
	for (i = 0; i < sizeof(not_reserved) / sizeof(not_reserved[0]); i++)
		if (mri_asn_reserved(not_reserved[i]))
			fail_msg("%u is reserved", (unsigned)not_reserved[i]);
	assert_true(mri_asn_private(64620) && mri_asn_private(64730));
	assert_false(mri_asn_private(65536) || mri_asn_private(131071));
}

static void
test_table(void **state)
{
	size_t i, k, n = 0;

	(void)state;
	for (i = 0; i < mr_diag_code_count(); i++) {
		const char *code = mr_diag_code_name(i);
		const char *slug = mr_diag_code_slug(i);
		const char *fam;
		char *end;
		if (strncmp(code, "MR-", 3) != 0)
			continue;
		n++;
		fam = code + 3;
		assert_true(strncmp(fam, "SYM-", 4) == 0 ||
		            strncmp(fam, "ACC-", 4) == 0 ||
		            strncmp(fam, "CKT-", 4) == 0 ||
		            strncmp(fam, "PAC-", 4) == 0 ||
		            strncmp(fam, "HA-", 3) == 0 ||
		            strncmp(fam, "CAP-", 4) == 0 ||
		            strncmp(fam, "VER-", 4) == 0 ||
		            strncmp(fam, "GEO-", 4) == 0);
		assert_true(strtoul(strchr(fam, '-') + 1, &end, 10) > 0);
		assert_true(*end == '\0');
		assert_true(
		    strspn(slug, "abcdefghijklmnopqrstuvwxyz0123456789-") ==
		    strlen(slug));
		assert_true(slug[0] != '-' && slug[strlen(slug) - 1] != '-');
		assert_non_null(mr_diag_code_rationale(i));
		assert_non_null(mr_diag_code_source(i));
		assert_true(strlen(mr_diag_code_summary(i)) < 100);
		assert_int_equal(mr_diag_code_find(code), i);
		assert_int_equal(mr_diag_code_find(slug), i);
		for (k = 0; k < i; k++) {
			assert_true(strcmp(mr_diag_code_name(k), code) != 0);
			assert_true(strcmp(mr_diag_code_slug(k), slug) != 0);
		}
	}
	assert_int_equal(n, 65); /* 50 of check, 15 of verify (MR-VER-*) */
}

static void
test_args(void **state)
{
	struct run r;
	struct mr_lint_opts bad = MR_LINT_OPTS_INIT;

	(void)state;
	run(&r, base);
	bad.version = 99;
	assert_int_equal(mr_lint(r.net, &bad, r.d), MR_EINVAL);
	assert_int_equal(mr_lint(NULL, NULL, r.d), MR_EINVAL);
	assert_int_equal(mr_lint(r.net, NULL, NULL), MR_EINVAL);
	assert_int_equal(mr_lint(r.net, NULL, r.d), MR_OK);
	done(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_base_clean),
	    cmocka_unit_test(test_trey_research),
	    cmocka_unit_test(test_humongous_insurance),
	    cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_inbound_segment),
	    cmocka_unit_test(test_geo_rules),
	    cmocka_unit_test(test_pac_rules),
	    cmocka_unit_test(test_circuits_without_ms),
	    cmocka_unit_test(test_single_circuit),
	    cmocka_unit_test(test_too_many_prefixes),
	    cmocka_unit_test(test_broken_everything),
	    cmocka_unit_test(test_asn_classes),
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_args),
	};

	return cmocka_run_group_tests(tests, tu_world_setup, tu_world_teardown);
}
