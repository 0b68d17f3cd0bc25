/*
 * test_design.c - the YAML design loader: both examples, defaults, every
 * schema error with its exact line:column, hostile input (alias bombs,
 * deep nesting, size, encoding, directories) and host-bit normalisation.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "m365route/design.h"

/* A load with its findings. */
struct run {
	struct mr_diags *d;
	struct mr_design *g;
	int rc;
};

static void
load(struct run *r, const char *text)
{
	assert_int_equal(mr_diags_new(&r->d), MR_OK);
	r->g = NULL;
	r->rc =
	    mr_design_load_buffer(&r->g, "t.yaml", text, strlen(text), r->d);
}

static void
done(struct run *r)
{
	mr_design_free(r->g);
	mr_diags_free(r->d);
}

static void
dump(const struct run *r)
{
	size_t i;

	for (i = 0; i < mr_diags_count(r->d); i++) {
		const struct mr_diag *g = mr_diags_get(r->d, i);
		uint32_t line = 0, col = 0;
		mr_diags_locate(r->d, g->at.src, g->at.start, &line, &col);
		fprintf(stderr, "  %u:%u %s %s\n", line, col, g->code, g->msg);
	}
}

/* A finding with this code at line:col, or fail. Returns it. */
static const struct mr_diag *
find(const struct run *r, const char *code, uint32_t line, uint32_t col)
{
	size_t i;

	for (i = 0; i < mr_diags_count(r->d); i++) {
		const struct mr_diag *g = mr_diags_get(r->d, i);
		uint32_t l = 0, c = 0;
		assert_int_equal(
		    mr_diags_locate(r->d, g->at.src, g->at.start, &l, &c),
		    MR_OK);
		if (strcmp(g->code, code) == 0 && l == line && c == col)
			return g;
	}
	fprintf(stderr, "no %s at %u:%u; got:\n", code, line, col);
	dump(r);
	fail();
	return NULL;
}

/* Load text, expect exactly one error: code at line:col. */
static const char *
one_error(const char *text, const char *code, uint32_t line, uint32_t col)
{
	static char msg[512];
	struct run r;
	const struct mr_diag *g;

	load(&r, text);
	if (r.rc != MR_EPARSE || mr_diags_errors(r.d) != 1) {
		fprintf(stderr, "rc %d, %zu errors for:\n%s\n", r.rc,
		        mr_diags_errors(r.d), text);
		dump(&r);
		fail();
	}
	assert_null(r.g);
	g = find(&r, code, line, col);
	snprintf(msg, sizeof(msg), "%s%s%s", g->msg, g->hint ? " | " : "",
	         g->hint ? g->hint : "");
	done(&r);
	return msg;
}

#define HEAD "organization: {name: T}\n"

/* Append to buf[0..size) at *k, printf-style. */
static void add(char *buf, size_t size, size_t *k, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
add(char *buf, size_t size, size_t *k, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + *k, size - *k, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < size - *k);
	*k += (size_t)n;
}

/*
 * The examples.
 */

static void
check_trey(const struct mr_design *g)
{
	const struct mr_er_circuit *e;
	size_t i;

	assert_string_equal(g->org.name, "Trey Research");
	assert_string_equal(g->org.tenant, "treyresearch");
	assert_int_equal(g->org.n_asns, 0); /* a private ASN: none listed */
	assert_int_equal(g->n_sites, 1);
	assert_int_equal(g->n_proxies, 2);
	assert_int_equal(g->n_inet, 1);
	assert_int_equal(g->n_er, 1);
	assert_int_equal(g->n_wan, 0);
	assert_int_equal(g->n_inbound, 1);
	assert_int_equal(g->n_demand, 1);
	assert_int_equal(g->n_pac_groups, 1);
	for (i = 0; i < g->n_proxies; i++) {
		assert_int_equal(g->proxies[i].site.idx, 0);
		assert_int_equal(g->proxies[i].egress.idx, 0);
		assert_false(g->proxies[i].egress_is_er);
		assert_int_equal(g->proxies[i].port, 8080);
	}
	assert_int_equal(g->sites[0].n_proxies, 2);
	assert_int_equal(g->sites[0].proxies[1].idx, 1);
	assert_true(g->sites[0].receives_er_routes);
	e = &g->er[0];
	assert_string_equal(e->peering_location, "Seattle");
	assert_int_equal(e->bandwidth_mbps, 1000);
	assert_int_equal(e->sku, MR_SKU_PREMIUM);
	assert_true(e->ms.present);
	assert_true(e->ms.bfd);
	assert_true(e->ms.has_primary && e->ms.has_secondary);
	assert_false(e->ms.has_subnet);
	assert_int_equal(e->ms.primary.p.len, 30);
	assert_int_equal(e->ms.sessions, 2);
	assert_int_equal(e->ms.vlan, 300);
	assert_int_equal(e->ms.secondary_vlan, 300);
	assert_int_equal(e->ms.n_communities, 5);
	assert_int_equal(e->ms.communities[0].value, 5010);
	assert_int_equal(e->ms.communities[3].value, 5100);
	assert_string_equal(e->ms.communities[2].written, "skype");
	assert_int_equal(e->ms.local_preference, 150);
	assert_int_equal(g->inbound[0].kind, MR_IN_SMTP);
	assert_int_equal(g->inbound[0].path, MR_PATH_INTERNET);
	/* source-NATed at the Internet edge: hq has the ExpressRoute routes */
	assert_true(g->inbound[0].snat);
	assert_false(g->inbound[0].has_er_routes);
	assert_int_equal(g->pac_groups[0].proxy.idx, 0);
	/* "the pair of outbound proxies", in failover order */
	assert_int_equal(g->pac_groups[0].n_proxies, 2);
	assert_int_equal(g->pac_groups[0].proxies[0].idx, 0);
	assert_int_equal(g->pac_groups[0].proxies[1].idx, 1);
	assert_true(g->pac_groups[0].expressroute);
	assert_true(g->demand[0].mbps[MR_SA_SKYPE] > 0);
}

static void
check_humongous(const struct mr_design *g)
{
	size_t i;

	assert_int_equal(g->n_sites, 3);
	assert_int_equal(g->n_proxies, 4);
	assert_int_equal(g->n_inet, 3);
	assert_int_equal(g->n_er, 4);
	assert_int_equal(g->n_wan, 2);
	assert_int_equal(g->n_inbound, 3);
	assert_int_equal(g->n_demand, 3);
	assert_int_equal(g->n_overrides, 1);
	assert_int_equal(g->n_pac_groups, 3);
	/* the remote office forwards DNS to headquarters, over the WAN */
	assert_string_equal(g->sites[1].name, "frankfurt");
	assert_int_equal(g->sites[1].dns_mode, MR_DNS_FORWARD);
	assert_int_equal(g->sites[1].dns_forward_to.idx, 0);
	assert_true(g->sites[1].receives_er_routes);
	assert_int_equal(g->wan[0].a.idx, 0);
	assert_int_equal(g->wan[0].b.idx, 1);
	assert_int_equal(g->wan[0].bandwidth_mbps, 500);
	for (i = 0; i < g->n_er; i++) {
		assert_true(g->er[i].ms.present);
		assert_int_equal(g->er[i].site.idx, i < 2 ? 0 : 2);
	}
	/* two peering locations per pair */
	assert_string_not_equal(g->er[0].peering_location,
	                        g->er[1].peering_location);
	assert_string_not_equal(g->er[2].peering_location,
	                        g->er[3].peering_location);
	assert_int_equal(g->proxies[2].site.idx, 1);
	assert_int_equal(g->proxies[2].egress.idx, 1);
	assert_int_equal(g->pac_groups[1].sites[0].idx, 1);
	assert_int_equal(g->pac_groups[1].proxy.idx, 2);
	assert_int_equal(g->pac_groups[1].n_proxies, 1); /* one name */
	assert_int_equal(g->pac_groups[1].proxies[0].idx, 2);
	assert_int_equal(g->pac_groups[0].n_proxies, 2); /* the HQ pair */
	assert_int_equal(g->pac_groups[0].proxies[1].idx, 1);
	assert_string_equal(g->overrides[0].host,
	                    "*.humongousinsurance-partners.com");
	assert_int_equal(g->inbound[1].kind, MR_IN_ADFS);
}

static void
test_examples(void **state)
{
	static const char *const names[] = {"trey-research",
	                                    "humongous-insurance"};
	size_t i, len;

	(void)state;
	assert_true(mr_example_count() >= 2);
	for (i = 0; i < 2; i++) {
		const char *text = mr_example_text(names[i], &len);
		struct mr_diags *d;
		struct mr_design *g;
		char path[1024];

		assert_non_null(text);
		assert_int_equal(mr_diags_new(&d), MR_OK);
		assert_int_equal(
		    mr_design_load_buffer(&g, names[i], text, len, d), MR_OK);
		assert_int_equal(mr_diags_count(d), 0);
		if (i == 0)
			check_trey(g);
		else
			check_humongous(g);
		mr_design_free(g);
		/* and from the file */
		snprintf(path, sizeof(path), "%s/data/examples/%s.yaml",
		         MR_SOURCE_DIR, names[i]);
		assert_int_equal(mr_design_load_file(&g, path, d), MR_OK);
		assert_int_equal(mr_diags_count(d), 0);
		assert_string_equal(g->source, path);
		mr_design_free(g);
		mr_diags_free(d);
	}
	assert_null(mr_example_text("nope", &len));
}

/*
 * Defaults.
 */

static const char defaults_yaml[] =
    HEAD "sites:\n"
         "  - name: a\n"
         "  - name: b\n"
         "    proxies: [pb]\n"
         "  - name: c\n"
         "    expressroute_routes: false\n"
         "    local_internet: true\n"
         "  - name: d\n"
         "proxies:\n"
         "  - {name: pb, site: b, listen: '[2001:db8::1]:3128', egress: "
         "er1}\n"
         "internet_circuits:\n"
         "  - {name: i1, site: d}\n"
         "expressroute_circuits:\n"
         "  - name: er1\n"
         "    site: c\n"
         "    peering_location: Amsterdam\n"
         "    bandwidth: 500\n"
         "    microsoft_peering:\n"
         "      peer_asn: 4200000000\n"
         "      vlan: 12\n"
         "  - name: er2\n"
         "    site: a\n"
         "    peering_location: Amsterdam2\n"
         "    bandwidth: 2.5 Gbps\n"
         "wan_links:\n"
         "  - between: [a, d]\n"
         "inbound_services:\n"
         "  - {name: mx, kind: smtp, site: a, address: '2001:db8::25'}\n"
         "demand:\n"
         "  - {site: a, sharepoint: 12.5}\n"
         "policy:\n"
         "  pac_groups:\n"
         "    - {name: g, proxy: pb}\n";

static void
test_defaults(void **state)
{
	struct run r;
	const struct mr_design *g;
	const struct mr_ms_peering *m;

	(void)state;
	load(&r, defaults_yaml);
	if (r.rc != MR_OK)
		dump(&r);
	assert_int_equal(r.rc, MR_OK);
	assert_int_equal(mr_diags_count(r.d), 0);
	g = r.g;
	assert_null(g->org.tenant);
	assert_int_equal(g->org.n_asns, 0);
	/* expressroute_routes: a circuit lands at a; b's proxy egresses
	 * through one; c says false although er1 lands there; d has none */
	assert_true(g->sites[0].receives_er_routes);
	assert_true(g->sites[1].receives_er_routes);
	assert_false(g->sites[2].receives_er_routes);
	assert_false(g->sites[3].receives_er_routes);
	/* local_internet: only d has an Internet circuit; c says true */
	assert_false(g->sites[0].local_internet);
	assert_false(g->sites[1].local_internet);
	assert_true(g->sites[2].local_internet);
	assert_true(g->sites[3].local_internet);
	assert_int_equal(g->sites[0].dns_mode, MR_DNS_LOCAL);
	assert_null(g->sites[0].dns_forward_to.name);
	assert_int_equal(g->sites[0].dns_forward_to.idx, MR_NONE);
	assert_false(g->sites[0].has_coords);
	assert_false(g->sites[0].realtime_media);
	assert_true(g->sites[0].access_rtt_ms == MR_SITE_ACCESS_RTT_MS);
	assert_null(g->sites[0].continent);
	assert_true(g->proxies[0].egress_is_er);
	assert_int_equal(g->proxies[0].listen.p.addr.family, MR_AF_INET6);
	assert_int_equal(g->proxies[0].port, 3128);
	assert_int_equal(g->er[0].bandwidth_mbps, 500);
	assert_int_equal(g->er[1].bandwidth_mbps, 2500);
	assert_int_equal(g->er[0].sku, MR_SKU_NONE);
	assert_false(g->er[0].direct);
	assert_false(g->er[0].m365_authorized);
	assert_null(g->er[0].service_key);
	m = &g->er[0].ms;
	assert_true(m->present);
	assert_int_equal(m->peer_asn, 4200000000u);
	assert_int_equal(m->customer_asn, 0);
	assert_int_equal(m->sessions, 2);
	assert_int_equal(m->sessions_at.src, 0);
	assert_int_equal(m->vlan, 12);
	assert_int_equal(m->secondary_vlan, 12);
	assert_int_equal(m->secondary_vlan_at.src, 0);
	assert_false(m->bfd);
	assert_false(m->has_route_filter);
	assert_int_equal(m->local_preference, 0);
	assert_int_equal(m->n_prepend, 0);
	assert_false(g->er[1].ms.present);
	assert_true(g->wan[0].latency_ms < 0);
	assert_int_equal(g->wan[0].bandwidth_mbps, 0);
	assert_int_equal(g->inbound[0].path, MR_PATH_INTERNET);
	assert_false(g->inbound[0].snat);          /* not source-NATed */
	assert_false(g->inbound[0].has_er_routes); /* the site's routes */
	assert_int_equal(g->inbound[0].address.p.len, 128);
	assert_true(g->demand[0].mbps[MR_SA_EXCHANGE] < 0);
	assert_true(g->demand[0].mbps[MR_SA_SHAREPOINT] == 12.5);
	assert_false(g->pac_groups[0].expressroute);
	assert_int_equal(g->pac_groups[0].n_sites, 0);
	assert_int_equal(g->inet[0].bandwidth_mbps, 0);
	done(&r);
}

/* Spans of elements and references point at the text. */
static void
test_spans(void **state)
{
	static const char text[] = HEAD "sites:\n"
	                                "  - name: a\n"
	                                "    dns: {microsoft365: forward, "
	                                "forward_to: \"b\"}\n"
	                                "  - name: b\n";
	struct run r;
	uint32_t line, col;
	const struct mr_ref *f;

	(void)state;
	load(&r, text);
	assert_int_equal(r.rc, MR_OK);
	f = &r.g->sites[0].dns_forward_to;
	assert_int_equal(f->idx, 1);
	assert_int_equal(
	    mr_diags_locate(r.d, f->at.src, f->at.start, &line, &col), MR_OK);
	assert_int_equal(line, 4);
	assert_int_equal(col, 46);
	/* a quoted scalar's span includes the quotes */
	assert_int_equal(f->at.end - f->at.start, 3);
	assert_int_equal(mr_diags_locate(r.d, r.g->sites[1].at.src,
	                                 r.g->sites[1].at.start, &line, &col),
	                 MR_OK);
	assert_int_equal(line, 5);
	assert_int_equal(col, 5);
	done(&r);
}

/* Aliases to ordinary values work, and spans are the anchored node's. */
static void
test_aliases(void **state)
{
	static const char text[] =
	    HEAD "sites:\n"
	         "  - {name: a, subnets: &nets [10.0.0.0/8, 172.16.0.0/12]}\n"
	         "  - {name: b, subnets: *nets}\n";
	struct run r;

	(void)state;
	load(&r, text);
	assert_int_equal(r.rc, MR_OK);
	assert_int_equal(r.g->sites[1].subnets.n, 2);
	assert_int_equal(r.g->sites[1].subnets.v[1].p.len, 12);
	done(&r);
}

/* Quoted scalars: escapes and folding, as YAML says. */
static void
test_quoted(void **state)
{
	static const char text[] =
	    "organization: {name: 'Trey''s ''R''&D'}\n"
	    "sites:\n"
	    "  - name: a\n"
	    "    city: 'San   \n       Francisco  \n      Bay'\n"
	    "  - name: \"b\"\n"
	    "    city: \"Z\\u00fcrich\"\n"
	    "  - {name: c, city: ''''}\n";
	struct run r;

	(void)state;
	load(&r, text);
	if (r.rc != MR_OK)
		dump(&r);
	assert_int_equal(r.rc, MR_OK);
	assert_string_equal(r.g->org.name, "Trey's 'R'&D");
	assert_string_equal(r.g->sites[0].city, "San Francisco Bay");
	assert_string_equal(r.g->sites[1].name, "b");
	assert_string_equal(r.g->sites[1].city, "Z\xc3\xbcrich");
	assert_string_equal(r.g->sites[2].city, "'");
	done(&r);
	/* a folded empty line is a newline: not allowed in text */
	one_error(HEAD "sites: [{name: a, city: 'x\n\n  y'}]\n", "MR0211", 2,
	          25);
}

static void
test_host_bits(void **state)
{
	static const char text[] = HEAD "sites:\n"
	                                "  - name: a\n"
	                                "    subnets: [10.1.2.3/16, "
	                                "2001:db8::1/32]\n";
	struct run r;
	const struct mr_diag *g;
	char buf[MR_PREFIX_STRLEN];

	(void)state;
	load(&r, text);
	assert_int_equal(r.rc, MR_OK);
	assert_int_equal(mr_diags_errors(r.d), 0);
	assert_int_equal(mr_diags_count(r.d), 2);
	g = find(&r, "MR0106", 4, 15);
	assert_int_equal(g->sev, MR_SEV_WARNING);
	assert_non_null(strstr(g->msg, "10.1.0.0/16"));
	find(&r, "MR0106", 4, 28);
	mr_prefix_format(&r.g->sites[0].subnets.v[0].p, buf, sizeof(buf));
	assert_string_equal(buf, "10.1.0.0/16");
	mr_prefix_format(&r.g->sites[0].subnets.v[1].p, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::/32");
	done(&r);
}

/* dns fallback: none by default, local when written; an unknown word is
 * MR0219; forward_to and fallback on a site that resolves locally do
 * nothing: a warning (MR0223) at the key's value, and the design loads. */
static void
test_dns_fallback(void **state)
{
	static const char text[] = HEAD "sites:\n"
	                                "  - name: a\n"
	                                "    dns: {microsoft365: forward, "
	                                "forward_to: b, fallback: local}\n"
	                                "  - name: b\n"
	                                "    dns:\n"
	                                "      forward_to: a\n"
	                                "      fallback: none\n"
	                                "  - name: c\n"
	                                "    dns: {microsoft365: forward, "
	                                "forward_to: a}\n";
	struct run r;
	const struct mr_diag *g;
	const char *m;

	(void)state;
	load(&r, text);
	assert_int_equal(r.rc, MR_OK);
	assert_int_equal(mr_diags_errors(r.d), 0);
	assert_int_equal(mr_diags_count(r.d), 2);
	g = find(&r, "MR0223", 7, 19);
	assert_int_equal(g->sev, MR_SEV_WARNING);
	assert_non_null(strstr(g->msg, "'forward_to' has no effect"));
	g = find(&r, "MR0223", 8, 17);
	assert_non_null(strstr(g->msg, "'fallback' has no effect"));
	assert_int_equal(r.g->sites[0].dns_fallback, MR_DNS_FALLBACK_LOCAL);
	assert_int_equal(r.g->sites[1].dns_fallback, MR_DNS_FALLBACK_NONE);
	assert_int_equal(r.g->sites[2].dns_fallback, MR_DNS_FALLBACK_NONE);
	assert_true(r.g->sites[2].dns_fallback_at.end ==
	            r.g->sites[2].dns_fallback_at.start);
	done(&r);
	m = one_error(HEAD "sites: [{name: a}, {name: b, dns: {microsoft365: "
	                   "forward, forward_to: a, fallback: locale}}]\n",
	              "MR0219", 2, 84);
	assert_non_null(strstr(m, "local"));
}

/*
 * Schema errors, one each, with their position.
 */

static void
test_key_errors(void **state)
{
	const char *m;

	(void)state;
	m = one_error(HEAD "sites:\n  - name: a\n    citty: Boston\n", "MR0206",
	              4, 5);
	assert_non_null(strstr(m, "did you mean 'city'?"));
	m = one_error(HEAD "sites: [{name: a}]\nexpressroute_circuits:\n"
	                   "  - name: e\n    site: a\n    peering_location: "
	                   "X\n    bandwidth: 50\n    vlan: 5\n",
	              "MR0206", 8, 5);
	assert_non_null(strstr(m, "belongs under 'microsoft_peering'"));
	m = one_error(HEAD "sites: [{name: a, name: b}]\n", "MR0207", 2, 19);
	one_error(HEAD "sites:\n  - city: Paris\n", "MR0208", 3, 5);
	one_error(HEAD "sites:\n  - name:\n", "MR0208", 3, 5);
	one_error("sites: []\n", "MR0208", 1, 1);
	one_error(HEAD "sites: [{name: a, dns: {microsoft365: forward}}]\n",
	          "MR0208", 2, 24);
	m = one_error(HEAD "sites: []\n<<: {a: 1}\n", "MR0202", 3, 1);
	assert_non_null(strstr(m, "merge"));
	one_error(HEAD "sites: []\n[a]: 1\n", "MR0202", 3, 1);
}

static void
test_type_errors(void **state)
{
	const char *m;

	(void)state;
	one_error(HEAD "sites: {name: a}\n", "MR0209", 2, 8);
	m = one_error(HEAD "sites: [hq]\n", "MR0209", 2, 9);
	assert_non_null(strstr(m, "name: hq"));
	m = one_error(HEAD "sites: [{name: a, proxies: p}]\nproxies: []\n",
	              "MR0209", 2, 28);
	assert_non_null(strstr(m, "write [p]"));
	m = one_error(HEAD "sites: [{name: a, realtime_media: yes}]\n",
	              "MR0209", 2, 35);
	assert_non_null(strstr(m, "write true"));
	one_error(HEAD "sites: [{name: a, users: '12'}]\n", "MR0209", 2, 26);
	one_error(HEAD "sites: [{name: [a]}]\n", "MR0209", 2, 16);
	one_error("- a\n", "MR0209", 1, 1);
	one_error(HEAD "sites: [{name: a, dns: [x]}]\n", "MR0209", 2, 24);
	one_error(HEAD "sites: [{name: a}]\nwan_links: [{between: [a]}]\n",
	          "MR0209", 3, 23);
}

static void
test_value_errors(void **state)
{
	const char *m;

	(void)state;
	m = one_error(HEAD "sites: [{name: 'a b'}]\n", "MR0210", 2, 16);
	assert_non_null(strstr(m, "'a b'"));
	one_error(HEAD "sites: [{name: "
	               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	               "aaaaaaaaaaaa}]\n",
	          "MR0210", 2, 16);
	one_error("organization: {name: T, tenant: -trey}\nsites: []\n",
	          "MR0210", 1, 33);
	/* The control character's value and its byte in the value. */
	m = one_error(HEAD "sites: [{name: a, city: \"Bo\\tston\"}]\n",
	              "MR0211", 2, 25);
	assert_string_equal(
	    m, "'city' holds control character U+0009 at byte 3 of its value");
	m = one_error(HEAD "sites: [{name: a, city: \"Bo\\u0085ston\"}]\n",
	              "MR0211", 2, 25);
	assert_non_null(strstr(m, "control character U+0085 at byte 3 "));
	m = one_error(HEAD "sites: [{name: a, city: \"Bost\\x1a\"}]\n",
	              "MR0211", 2, 25);
	assert_non_null(strstr(m, "control character U+001A at byte 5 "));
	one_error(HEAD "sites: [{name: a, city: ''}]\n", "MR0211", 2, 25);
	one_error(HEAD "sites: [{name: a, location: {lat: 91, lon: 0}}]\n",
	          "MR0216", 2, 35);
	one_error(HEAD "sites: [{name: a, location: {lat: 1, lon: x}}]\n",
	          "MR0216", 2, 43);
	one_error(HEAD "sites: [{name: a, location: {lat: 1}}]\n", "MR0208", 2,
	          30);
	one_error(HEAD "sites: [{name: a, users: -1}]\n", "MR0216", 2, 26);
	/* the access network's round trip: at least 1 ms, no flow is 0 ms */
	m = one_error(HEAD "sites: [{name: a, access_rtt_ms: 0}]\n", "MR0216",
	              2, 34);
	assert_non_null(strstr(m, "out of range 1 to 1000"));
	{
		struct run r;
		load(&r, HEAD "sites: [{name: a, access_rtt_ms: 2.5}]\n");
		assert_int_equal(r.rc, MR_OK);
		assert_true(r.g->sites[0].access_rtt_ms == 2.5);
		done(&r);
	}
	m = one_error(HEAD "sites: [{name: a, continent: europa}]\n", "MR0219",
	              2, 30);
	assert_non_null(strstr(m, "did you mean 'europe'?"));
	one_error(HEAD "sites: [{name: a, dns: {microsoft365: remote}}]\n",
	          "MR0219", 2, 39);
}

#define ER(extra)                                                              \
	HEAD "sites: [{name: a}]\n"                                            \
	     "expressroute_circuits:\n"                                        \
	     "  - name: e\n"                                                   \
	     "    site: a\n"                                                   \
	     "    peering_location: London\n"                                  \
	     "    bandwidth: 1Gbps\n" extra
#define MS(extra)                                                              \
	ER("    microsoft_peering:\n"                                          \
	   "      peer_asn: 65540\n"                                           \
	   "      vlan: 100\n" extra)

static void
test_circuit_errors(void **state)
{
	const char *m;

	(void)state;
	/* bandwidths */
	one_error(HEAD "sites: [{name: a}]\nexpressroute_circuits:\n"
	               "  - {name: e, site: a, peering_location: L, "
	               "bandwidth: 10 Tbps}\n",
	          "MR0218", 4, 56);
	one_error(HEAD "sites: [{name: a}]\nexpressroute_circuits:\n"
	               "  - {name: e, site: a, peering_location: L, "
	               "bandwidth: 0}\n",
	          "MR0218", 4, 56);
	one_error(HEAD "sites: [{name: a}]\nexpressroute_circuits:\n"
	               "  - {name: e, site: a, peering_location: L, "
	               "bandwidth: 1.5Mbps}\n",
	          "MR0218", 4, 56);
	one_error(HEAD "sites: [{name: a}]\nexpressroute_circuits:\n"
	               "  - {name: e, site: a, peering_location: L}\n",
	          "MR0208", 4, 6);
	m = one_error(ER("    sku: premum\n"), "MR0219", 8, 10);
	assert_non_null(strstr(m, "did you mean 'premium'?"));
	one_error(ER("    service_key: 1234\n"), "MR0221", 8, 18);
	one_error(ER("    service_key: 8f4b5a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5g\n"),
	          "MR0221", 8, 18);
	/* ASNs */
	m = one_error(ER("    microsoft_peering: {peer_asn: AS65540, vlan: "
	                 "1}\n"),
	              "MR0217", 8, 35);
	assert_non_null(strstr(m, "write 65540"));
	one_error(ER("    microsoft_peering: {peer_asn: 0, vlan: 1}\n"),
	          "MR0217", 8, 35);
	one_error(ER("    microsoft_peering: {peer_asn: 4294967296, vlan: "
	             "1}\n"),
	          "MR0217", 8, 35);
	one_error(ER("    microsoft_peering: {peer_asn: '65540', vlan: 1}\n"),
	          "MR0217", 8, 35);
	one_error(ER("    microsoft_peering: {vlan: 1}\n"), "MR0208", 8, 25);
	one_error(MS("      as_path_prepend: [65540, -1]\n"), "MR0217", 11, 32);
	/* VLANs, sessions, local preference */
	one_error(ER("    microsoft_peering: {peer_asn: 1, vlan: 4095}\n"),
	          "MR0216", 8, 44);
	one_error(MS("      secondary_vlan: 0\n"), "MR0216", 11, 23);
	one_error(MS("      sessions: 3\n"), "MR0216", 11, 17);
	one_error(MS("      local_preference: 0\n"), "MR0216", 11, 25);
	/* peering prefixes */
	one_error(MS("      primary: 2001:db8::/126\n"), "MR0215", 11, 16);
	one_error(MS("      subnet_v6: 10.0.0.0/29\n"), "MR0215", 11, 18);
	one_error(MS("      advertised: [1.2.3.0/24, 1.2.3]\n"), "MR0215", 11,
	          32);
	m = one_error(MS("      nat_pool: [1.2.3.4]\n"), "MR0215", 11, 18);
	assert_non_null(strstr(m, "1.2.3.4/32"));
	/* route filters */
	m = one_error(MS("      route_filter: [exchange, sharepont]\n"),
	              "MR0220", 11, 32);
	assert_non_null(strstr(m, "did you mean 'sharepoint'?"));
	one_error(MS("      route_filter: [12076:70000]\n"), "MR0220", 11, 22);
	one_error(MS("      route_filter: [[a]]\n"), "MR0209", 11, 22);
}

static void
test_other_errors(void **state)
{
	const char *m;

	(void)state;
	/* proxies: listen */
	m = one_error(HEAD "sites: [{name: a}]\ninternet_circuits: [{name: "
	                   "i, site: a}]\nproxies:\n  - {name: p, site: a, "
	                   "listen: 10.0.0.1, egress: i}\n",
	              "MR0215", 5, 32);
	assert_non_null(strstr(m, "10.0.0.1:8080"));
	one_error(HEAD "sites: [{name: a}]\ninternet_circuits: [{name: i, "
	               "site: a}]\nproxies:\n  - {name: p, site: a, listen: "
	               "'10.0.0.1:0', egress: i}\n",
	          "MR0216", 5, 32);
	one_error(HEAD "sites: [{name: a}]\ninternet_circuits: [{name: i, "
	               "site: a}]\nproxies:\n  - {name: p, site: a, listen: "
	               "'[::1]', egress: i}\n",
	          "MR0215", 5, 32);
	one_error(HEAD "sites: [{name: a}]\ninternet_circuits: [{name: i, "
	               "site: a}]\nproxies:\n  - {name: p, site: a, listen: "
	               "'10.0.0:80', egress: i}\n",
	          "MR0215", 5, 32);
	/* inbound */
	one_error(HEAD "sites: [{name: a}]\ninbound_services:\n  - {name: x, "
	               "kind: smtp, site: a, address: 1.2.3.0/24}\n",
	          "MR0215", 4, 45);
	one_error(HEAD "sites: [{name: a}]\ninbound_services:\n  - {name: x, "
	               "kind: smtp, site: a, address: 1.2.3.4, path: mpls}\n",
	          "MR0219", 4, 60);
	m = one_error(HEAD
	              "sites: [{name: a}]\ninbound_services:\n  - {name: x, "
	              "kind: smtp, site: a, address: 1.2.3.4, snat: yes}\n",
	              "MR0209", 4, 60);
	assert_non_null(strstr(m, "'snat' must be true or false"));
	m = one_error(HEAD
	              "sites: [{name: a}]\ninbound_services:\n  - {name: x, "
	              "kind: smtp, site: a, address: 1.2.3.4, "
	              "expressroute_routes: 'true'}\n",
	              "MR0209", 4, 75);
	assert_non_null(strstr(m, "'expressroute_routes'"));
	one_error(HEAD "sites: [{name: a}]\ninbound_services:\n  - {name: x, "
	               "kind: smtp, site: a, address: 1.2.3.4, snat: [true]}\n",
	          "MR0209", 4, 60);
	{
		/* written: snat, and the segment's routes override the site's */
		struct run r;
		load(&r,
		     HEAD "sites: [{name: a, expressroute_routes: true}]\n"
		          "inbound_services:\n"
		          "  - {name: x, kind: smtp, site: a, address: "
		          "1.2.3.4, snat: true, expressroute_routes: false}\n"
		          "  - {name: y, kind: adfs, site: a, address: "
		          "1.2.3.5, snat: false, expressroute_routes: true}\n");
		assert_int_equal(r.rc, MR_OK);
		assert_true(r.g->inbound[0].snat);
		assert_true(r.g->inbound[0].has_er_routes);
		assert_false(r.g->inbound[0].er_routes);
		assert_false(r.g->inbound[1].snat);
		assert_true(r.g->inbound[1].has_er_routes);
		assert_true(r.g->inbound[1].er_routes);
		done(&r);
	}
	/* WAN latency, demand */
	one_error(HEAD "sites: [{name: a}, {name: b}]\nwan_links:\n  - "
	               "{between: [a, b], latency_ms: -3}\n",
	          "MR0216", 4, 35);
	one_error(HEAD "sites: [{name: a}]\ndemand: [{site: a, skype: lots}]\n",
	          "MR0216", 3, 27);
	/* overrides */
	m = one_error(HEAD "sites: []\npolicy:\n  overrides:\n    - {host: "
	                   "'*.Contoso.com', action: proxy}\n",
	              "MR0222", 5, 14);
	assert_non_null(strstr(m, "'*.contoso.com'"));
	one_error(HEAD "sites: []\npolicy:\n  overrides:\n    - {host: "
	               "'a..b', action: proxy}\n",
	          "MR0222", 5, 14);
	one_error(HEAD "sites: []\npolicy:\n  overrides:\n    - {host: a.com, "
	               "action: block}\n",
	          "MR0219", 5, 29);
}

static void
test_reference_errors(void **state)
{
	const char *m;
	struct run r;

	(void)state;
	m = one_error(HEAD "sites: [{name: hq}]\ninternet_circuits: [{name: i, "
	                   "site: hqq}]\n",
	              "MR0213", 3, 37);
	assert_non_null(strstr(m, "did you mean 'hq'?"));
	one_error(HEAD "sites: [{name: a, proxies: [p]}]\n", "MR0213", 2, 29);
	one_error(HEAD "sites: [{name: a}]\nproxies:\n  - {name: p, site: a, "
	               "listen: '1.1.1.1:80', egress: nowhere}\n",
	          "MR0213", 4, 54);
	one_error(HEAD "sites: [{name: a, dns: {microsoft365: forward, "
	               "forward_to: b}}]\n",
	          "MR0213", 2, 60);
	one_error(HEAD "sites: [{name: a, dns: {microsoft365: forward, "
	               "forward_to: a}}]\n",
	          "MR0214", 2, 60);
	one_error(HEAD "sites: [{name: a}]\nwan_links: [{between: [a, a]}]\n",
	          "MR0214", 3, 27);
	one_error(HEAD "sites: [{name: a}]\nwan_links: [{between: [a, b]}]\n",
	          "MR0213", 3, 27);
	one_error(HEAD "sites: [{name: a}]\ndemand: [{site: b}]\n", "MR0213", 3,
	          17);
	one_error(HEAD "sites: []\npolicy:\n  pac_groups:\n    - {name: g, "
	               "proxy: p}\n",
	          "MR0213", 5, 24);
	one_error(HEAD "sites: [{name: a}]\nproxies:\n  - {name: p, site: a, "
	               "listen: '1.1.1.1:80', egress: i}\ninternet_circuits: "
	               "[{name: i, site: a}]\npolicy:\n  pac_groups:\n    - "
	               "{name: g, proxy: p, sites: [a, z]}\n",
	          "MR0213", 8, 38);
	/* duplicates: per kind, and circuits across both kinds */
	m = one_error(HEAD "sites: [{name: a}, {name: a}]\n", "MR0212", 2, 27);
	one_error(HEAD "sites: [{name: a}]\ninternet_circuits: [{name: c, "
	               "site: a}]\nexpressroute_circuits:\n  - {name: c, "
	               "site: a, peering_location: L, bandwidth: 50}\n",
	          "MR0212", 5, 12);
	one_error(HEAD
	          "sites: [{name: a}]\nproxies:\n  - {name: p, site: a, "
	          "listen: '1.1.1.1:80', egress: i}\n  - {name: p, site: "
	          "a, listen: '1.1.1.2:80', egress: i}\ninternet_circuits: "
	          "[{name: i, site: a}]\n",
	          "MR0212", 5, 12);
	/* a site and a proxy may share a name */
	load(&r, HEAD "sites: [{name: x}]\nproxies:\n  - {name: x, site: x, "
	              "listen: '1.1.1.1:80', egress: x}\ninternet_circuits: "
	              "[{name: x, site: x}]\n");
	assert_int_equal(r.rc, MR_OK);
	done(&r);
}

/* Errors keep going, up to 50. */
static void
test_many_errors(void **state)
{
	size_t size = 64 * 1024, k = 0, i;
	char *text = malloc(size);
	struct run r;

	(void)state;
	add(text, size, &k, "%s", HEAD "sites:\n");
	for (i = 0; i < 80; i++)
		add(text, size, &k, "  - {name: s%zu, bogus: 1}\n", i);
	load(&r, text);
	assert_int_equal(r.rc, MR_EPARSE);
	assert_int_equal(mr_diags_errors(r.d), 50);
	assert_non_null(mr_diags_get(r.d, 49)->note);
	done(&r);
	free(text);
}

/*
 * Hostile and malformed input.
 */

static void
test_yaml_errors(void **state)
{
	const char *m;

	(void)state;
	m = one_error("organization:\n  name: [x\nsites: []\n", "MR0201", 4, 1);
	assert_non_null(strstr(m, "YAML syntax"));
	one_error("a: b\n  c: d: e\n", "MR0201", 1, 4);
	one_error("organization: {name: *x}\nsites: []\n", "MR0201", 1, 22);
	one_error("organization: !!map {name: x}\nsites: []\n", "MR0202", 1,
	          15);
	one_error("a: &a [1, *a]\n", "MR0202", 1, 11);
	one_error("a: 1\n---\nb: 2\n", "MR0202", 2, 1);
	one_error("", "MR0205", 1, 1);
	one_error("# nothing\n", "MR0205", 1, 1);
	one_error("~\n", "MR0205", 1, 1);
	one_error(HEAD "sites: [{name: a, city: \"x\xff\"}]\n", "MR0204", 2,
	          27);
	one_error(HEAD "sites: [{name: a, city: \"x\xc0\x80\"}]\n", "MR0204", 2,
	          27);
	one_error(HEAD "sites: [{name: a, city: \"x\xed\xa0\x80\"}]\n",
	          "MR0204", 2, 27);
}

static void
test_nul_byte(void **state)
{
	static const char text[] = "organization: {name: T}\0\nsites: []\n";
	struct run r;

	(void)state;
	assert_int_equal(mr_diags_new(&r.d), MR_OK);
	r.rc =
	    mr_design_load_buffer(&r.g, "t.yaml", text, sizeof(text) - 1, r.d);
	assert_int_equal(r.rc, MR_EPARSE);
	find(&r, "MR0204", 1, 24);
	done(&r);
}

static void
test_alias_bomb(void **state)
{
	static const char bomb[] =
	    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
	    "organization: {name: T, asns: *i}\n"
	    "sites: [{name: a, subnets: *i, proxies: *i}]\n"
	    "policy: {pac_groups: [{name: g, proxy: p, sites: *i}]}\n";
	struct run r;

	(void)state;
	/* the unknown keys a..i are errors, never expanded */
	load(&r, bomb);
	assert_int_equal(r.rc, MR_EPARSE);
	assert_null(r.g);
	assert_true(mr_diags_errors(r.d) <= 50);
	done(&r);
}

/*
 * Aliases the schema does walk into: n sites share one anchored list of
 * m subnets. n * m visits; past 10^6 the load stops with MR0203.
 */
static int
shared_subnets(size_t n, size_t m, struct run *r)
{
	size_t size = 40 * (n + m) + 256, k = 0, i;
	char *text = malloc(size);

	add(text, size, &k, "%s", HEAD "sites:\n  - {name: s0, subnets: &x [");
	for (i = 0; i < m; i++)
		add(text, size, &k, "%s10.0.0.0/8", i ? ", " : "");
	add(text, size, &k, "]}\n");
	for (i = 1; i < n; i++)
		add(text, size, &k, "  - {name: s%zu, subnets: *x}\n", i);
	load(r, text);
	free(text);
	return r->rc;
}

static void
test_alias_budget(void **state)
{
	struct run r;

	(void)state;
	assert_int_equal(shared_subnets(200, 100, &r), MR_OK);
	assert_int_equal(r.g->sites[199].subnets.n, 100);
	done(&r);
	assert_int_equal(shared_subnets(1100, 1000, &r), MR_EPARSE);
	assert_int_equal(mr_diags_errors(r.d), 1);
	assert_string_equal(mr_diags_get(r.d, 0)->code, "MR0203");
	assert_non_null(strstr(mr_diags_get(r.d, 0)->msg, "aliases"));
	done(&r);
}

static void
test_deep(void **state)
{
	size_t n = 100000, i, k = 0, size = n + 16;
	char *text = malloc(size);
	struct run r;

	(void)state;
	memcpy(text, "a: ", 3);
	memset(text + 3, '[', n);
	text[3 + n] = '\0';
	load(&r, text);
	assert_int_equal(r.rc, MR_EPARSE);
	find(&r, "MR0203", 1, 67);
	done(&r);
	/* block nesting too */
	for (i = 0; i < 70; i++) {
		memset(text + k, ' ', i);
		k += i;
		add(text, size, &k, "k%zu:\n", i);
	}
	load(&r, text);
	assert_int_equal(r.rc, MR_EPARSE);
	assert_int_equal(mr_diags_errors(r.d), 1);
	assert_string_equal(mr_diags_get(r.d, 0)->code, "MR0203");
	done(&r);
	free(text);
}

static void
test_node_flood(void **state)
{
	size_t n = 1200000, i, k;
	char *text = malloc(n * 2 + 64);
	struct run r;

	(void)state;
	memcpy(text, "sites: [", 8);
	k = 8;
	for (i = 0; i < n; i++) {
		text[k++] = '1';
		text[k++] = ',';
	}
	text[k++] = ']';
	text[k] = '\0';
	load(&r, text);
	assert_int_equal(r.rc, MR_EPARSE);
	assert_int_equal(mr_diags_errors(r.d), 1);
	assert_string_equal(mr_diags_get(r.d, 0)->code, "MR0203");
	done(&r);
	free(text);
}

/* A list longer than any design's is refused before it is allocated. */
static void
test_list_cap(void **state)
{
	size_t n = 70000, i, k = 0, size = n * 4 + 64;
	char *text = malloc(size);
	struct run r;

	(void)state;
	add(text, size, &k, "%s", HEAD "expressroute_circuits: [");
	for (i = 0; i < n; i++)
		add(text, size, &k, "%s{}", i ? "," : "");
	add(text, size, &k, "]\nsites: []\n");
	load(&r, text);
	assert_int_equal(r.rc, MR_EPARSE);
	find(&r, "MR0203", 2, 24);
	done(&r);
	free(text);
}

/*
 * Sites s00000.., one per line from line 3, then extra (may be ""), then
 * an Internet circuit at every fourth site, an ExpressRoute circuit at
 * each site i with i % 16 == 1 and at the site after it a proxy that
 * egresses through that circuit and that the site uses.
 */
static char *
big_design(size_t n, const char *extra)
{
	size_t size = n * 160 + strlen(extra) + 64, k = 0, i;
	char *t = malloc(size);

	assert_non_null(t);
	add(t, size, &k, "%s", HEAD "sites:\n");
	for (i = 0; i < n; i++)
		if (i % 16 == 2)
			add(t, size, &k,
			    "  - {name: s%05zu, proxies: [p%05zu]}\n", i, i);
		else
			add(t, size, &k, "  - {name: s%05zu}\n", i);
	add(t, size, &k, "%s", extra);
	add(t, size, &k, "internet_circuits:\n");
	for (i = 0; i < n; i += 4)
		add(t, size, &k, "  - {name: i%05zu, site: s%05zu}\n", i, i);
	add(t, size, &k, "expressroute_circuits:\n");
	for (i = 1; i < n; i += 16)
		add(t, size, &k,
		    "  - {name: e%05zu, site: s%05zu, peering_location: L, "
		    "bandwidth: 50}\n",
		    i, i);
	add(t, size, &k, "proxies:\n");
	for (i = 2; i < n; i += 16)
		add(t, size, &k,
		    "  - {name: p%05zu, site: s%05zu, listen: '10.0.0.1:80', "
		    "egress: e%05zu}\n",
		    i, i, i - 1);
	return t;
}

/*
 * 60000 sites: the computed defaults are right (they came from a scan of
 * every circuit per site, quadratic in the design's size; now one pass),
 * references resolve to the right indexes, duplicates and a misspelt
 * reference are still found, with "did you mean". No timing here:
 * bench/bench_design gives the figures.
 */
static void
test_many_sites(void **state)
{
	const size_t n = 60000;
	const struct mr_diag *g;
	char *t = big_design(n, ""), extra[256], w[64];
	struct run r;
	size_t i;

	(void)state;
	load(&r, t);
	if (r.rc != MR_OK)
		dump(&r);
	assert_int_equal(r.rc, MR_OK);
	assert_int_equal(r.g->n_sites, n);
	assert_int_equal(r.g->n_inet, n / 4);
	assert_int_equal(r.g->n_er, n / 16);
	assert_int_equal(r.g->n_proxies, n / 16);
	for (i = 0; i < n; i++) {
		const struct mr_site *s = &r.g->sites[i];
		assert_int_equal(s->local_internet, i % 4 == 0);
		assert_int_equal(s->receives_er_routes,
		                 i % 16 == 1 || i % 16 == 2);
	}
	for (i = 0; i < r.g->n_proxies; i++) {
		const struct mr_proxy *p = &r.g->proxies[i];
		assert_int_equal(p->site.idx, 16 * i + 2);
		assert_int_equal(p->egress.idx, i);
		assert_true(p->egress_is_er);
		assert_int_equal(r.g->sites[16 * i + 2].proxies[0].idx, i);
	}
	for (i = 0; i < r.g->n_er; i++)
		assert_int_equal(r.g->er[i].site.idx, 16 * i + 1);
	done(&r);
	free(t);

	/* The first and the last name again, at the end of the list, and
	 * a reference that misses the last by one letter. */
	snprintf(extra, sizeof(extra),
	         "  - {name: s00000}\n"
	         "  - {name: s%05zu, dns: {microsoft365: forward, "
	         "forward_to: s%05zux}}\n",
	         n - 1, n - 1);
	t = big_design(n, extra);
	load(&r, t);
	assert_int_equal(r.rc, MR_EPARSE);
	assert_int_equal(mr_diags_errors(r.d), 3);
	g = find(&r, "MR0212", (uint32_t)(3 + n), 12);
	assert_string_equal(g->note, "first defined at line 3, column 12");
	g = find(&r, "MR0212", (uint32_t)(4 + n), 12);
	snprintf(w, sizeof(w), "first defined at line %zu, column 12", n + 2);
	assert_string_equal(g->note, w);
	g = find(&r, "MR0213", (uint32_t)(4 + n), 61);
	snprintf(w, sizeof(w), "did you mean 's%05zu'?", n - 1);
	assert_string_equal(g->hint, w);
	done(&r);
	free(t);
}

/*
 * Past the cap of 50 errors a duplicate is not recorded, and must not
 * rewrite the note of the last finding that was (each one said where the
 * 60th name was first defined).
 */
static void
test_duplicates_past_cap(void **state)
{
	size_t size = 16 * 1024, k = 0, i;
	char *t = malloc(size), w[64];
	struct run r;

	(void)state;
	assert_non_null(t);
	add(t, size, &k, "%s", HEAD "sites:\n");
	for (i = 0; i < 60; i++)
		add(t, size, &k, "  - {name: s%02zu}\n", i);
	for (i = 0; i < 60; i++)
		add(t, size, &k, "  - {name: s%02zu}\n", i);
	load(&r, t);
	assert_int_equal(r.rc, MR_EPARSE);
	assert_int_equal(mr_diags_errors(r.d), 50);
	for (i = 0; i < 50; i++) {
		const struct mr_diag *g =
		    find(&r, "MR0212", (uint32_t)(63 + i), 12);
		snprintf(w, sizeof(w), "first defined at line %zu, column 12",
		         i + 3);
		assert_non_null(g->note);
		assert_string_equal(g->note, w);
	}
	done(&r);
	free(t);
}

/*
 * A text that is no YAML document (syntax, encoding, a limit) marks its
 * source unreadable; a readable design with errors does not. Either way
 * mr_error_last() names the first error.
 */
static void
test_unreadable(void **state)
{
	struct run r;

	(void)state;
	load(&r, HEAD "sites: [a, b\n");
	assert_int_equal(r.rc, MR_EPARSE);
	assert_int_equal(mr_diags_unreadable(r.d), 1);
	assert_non_null(strstr(mr_error_last(), "the design has 1 error; "
	                                        "the first: "));
	assert_non_null(strstr(mr_error_last(), "[MR0201]"));
	done(&r);
	load(&r, HEAD "sites: []\nsitez: []\n");
	assert_int_equal(r.rc, MR_EPARSE);
	assert_int_equal(mr_diags_unreadable(r.d), 0);
	assert_non_null(strstr(mr_error_last(), "[MR0206]"));
	done(&r);
	load(&r, HEAD "sites: [\"\xff\"]\n");
	assert_int_equal(r.rc, MR_EPARSE);
	assert_int_equal(mr_diags_unreadable(r.d), 1);
	done(&r);
}

static void
test_size_and_files(void **state)
{
	size_t big = 16u * 1024u * 1024u + 1;
	char *text = malloc(big), path[] = "/tmp/test_design_XXXXXX";
	struct mr_diags *d;
	struct mr_design *g = (struct mr_design *)1;
	int fd;

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	memset(text, '#', big);
	assert_int_equal(mr_design_load_buffer(&g, "big", text, big, d),
	                 MR_EINVAL);
	assert_null(g);
	assert_non_null(strstr(mr_error_last(), "16 MiB"));
	free(text);
	/* a 50 MB file (sparse) */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 50 * 1000 * 1000), 0);
	close(fd);
	assert_int_equal(mr_design_load_file(&g, path, d), MR_EIO);
	assert_non_null(strstr(mr_error_last(), "too large"));
	unlink(path);
	/* a directory, a missing file */
	assert_int_equal(mr_design_load_file(&g, "/tmp", d), MR_EIO);
	assert_non_null(strstr(mr_error_last(), "directory"));
	assert_int_equal(mr_design_load_file(&g, "/nonexistent/x.yaml", d),
	                 MR_EIO);
	assert_null(g);
	assert_int_equal(mr_diags_count(d), 0);
	/* bad arguments */
	assert_int_equal(mr_design_load_buffer(NULL, "x", "", 0, d), MR_EINVAL);
	assert_int_equal(mr_design_load_buffer(&g, "x", NULL, 3, d), MR_EINVAL);
	assert_int_equal(mr_design_load_file(&g, NULL, d), MR_EINVAL);
	mr_design_free(NULL);
	mr_diags_free(d);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(mr_sku_name(MR_SKU_PREMIUM), "premium");
	assert_string_equal(mr_sku_name(MR_SKU_NONE), "none");
	assert_string_equal(mr_inbound_kind_name(MR_IN_EXCHANGE_HYBRID),
	                    "exchange-hybrid");
	assert_string_equal(mr_service_area_name(MR_SA_SHAREPOINT),
	                    "SharePoint");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_examples),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_spans),
	    cmocka_unit_test(test_aliases),
	    cmocka_unit_test(test_quoted),
	    cmocka_unit_test(test_host_bits),
	    cmocka_unit_test(test_dns_fallback),
	    cmocka_unit_test(test_key_errors),
	    cmocka_unit_test(test_type_errors),
	    cmocka_unit_test(test_value_errors),
	    cmocka_unit_test(test_circuit_errors),
	    cmocka_unit_test(test_other_errors),
	    cmocka_unit_test(test_reference_errors),
	    cmocka_unit_test(test_many_errors),
	    cmocka_unit_test(test_yaml_errors),
	    cmocka_unit_test(test_nul_byte),
	    cmocka_unit_test(test_alias_bomb),
	    cmocka_unit_test(test_alias_budget),
	    cmocka_unit_test(test_deep),
	    cmocka_unit_test(test_node_flood),
	    cmocka_unit_test(test_list_cap),
	    cmocka_unit_test(test_many_sites),
	    cmocka_unit_test(test_duplicates_past_cap),
	    cmocka_unit_test(test_unreadable),
	    cmocka_unit_test(test_size_and_files),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
