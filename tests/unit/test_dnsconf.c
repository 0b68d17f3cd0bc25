/*
 * test_dnsconf.c - conditional forwarders for the Microsoft 365 zones
 * (src/lib/dnsconf/): a pattern's registrable domain (wildcards, the
 * public-suffix table and its guards, names that are no DNS names), the
 * zone list of a catalog (dedup, ordering, ExpressRoute scope, the
 * example a zone is explained by, a feed pattern without a zone
 * refused), who forwards to whom, and each output format, with the
 * refusals (a site that forwards nothing, a forwarder without resolvers,
 * dnsmasq with fallback: local).
 *
 * Properties over the embedded worldwide catalog: every zone is a valid
 * DNS name, the list is strictly sorted, every URL pattern of the
 * catalog lies in exactly the zone its registrable domain names, and the
 * ExpressRoute scope is the subset of zones holding an ExpressRoute
 * pattern.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "m365route/m365route.h"
#include "testutil.h"

/* ---- registrable domains ---------------------------------------------- */

static void
check_reg(const char *pat, const char *want)
{
	char buf[256];
	size_t n = mr_dnsconf_registrable(pat, buf, sizeof(buf));
	const char *p = pat != NULL ? pat : "(NULL)";

	if (want == NULL) {
		if (n != 0)
			fail_msg("'%s' -> '%s', want none", p, buf);
		return;
	}
	if (n == 0 || strcmp(buf, want) != 0 || n != strlen(want))
		fail_msg("'%s' -> '%s' (%zu), want '%s'", p, n ? buf : "(none)",
		         n, want);
}

static void
test_registrable(void **state)
{
	(void)state;
	/* no wildcard: one label more than the suffix */
	check_reg("outlook.office365.com", "office365.com");
	check_reg("office365.com", "office365.com");
	check_reg("a.b.c.d.microsoftonline.com", "microsoftonline.com");
	check_reg("teams.cloud.microsoft", "cloud.microsoft");
	check_reg("login.microsoftonline.us", "microsoftonline.us");
	/* wildcards: the labels right of the last label holding a '*' */
	check_reg("*.sharepoint.com", "sharepoint.com");
	check_reg("*-files.sharepoint.com", "sharepoint.com");
	check_reg("contoso-my.sharepoint.com", "sharepoint.com");
	check_reg("autodiscover.*.onmicrosoft.com", "onmicrosoft.com");
	check_reg("*broadcast.officeapps.live.com", "live.com");
	check_reg("*.a.*.b.example.org", "example.org");
	check_reg("*.protection.outlook.com", "outlook.com");
	/* a second-level public suffix from the table */
	check_reg("*.partner.microsoftonline-p.net.cn",
	          "microsoftonline-p.net.cn");
	check_reg("x.y.contoso.com.cn", "contoso.com.cn");
	check_reg("login.chinacloudapi.cn", "chinacloudapi.cn");
	/* what is left is a public suffix: no zone */
	check_reg("*.com", NULL);
	check_reg("*.net.cn", NULL);
	check_reg("com", NULL);
	check_reg("net.cn", NULL);
	check_reg("*.cloud.*.microsoft", NULL);
	/* the guards: a likely unknown country suffix, a US state */
	check_reg("login.contoso.co.uk", NULL);
	check_reg("a.contoso.ac.jp", NULL);
	check_reg("www.city.ny.us", NULL);
	check_reg("fed.us", NULL);
	check_reg("www.fed.us", "www.fed.us");
	check_reg("portal.agency.fed.us", "agency.fed.us");
	/* no wildcard label left, or no DNS name */
	check_reg("*", NULL);
	check_reg("*.", NULL);
	check_reg("a*", NULL);
	check_reg("", NULL);
	check_reg(NULL, NULL);
	check_reg("a..com", NULL);
	check_reg(".office.com", NULL);
	check_reg("office.com.", NULL);
	check_reg("-bad.office.com", NULL);
	check_reg("bad-.office.com", NULL);
	check_reg("under_score.office.com", NULL);
	check_reg("Outlook.Office365.com", NULL); /* the catalog lowercases */
	/* what would break out of a configuration */
	check_reg("evil.com\"; }; zone \"x", NULL);
	check_reg("evil.com\nserver=/x/1.2.3.4", NULL);
	check_reg("evil.com;", NULL);
	check_reg("evil.com}", NULL);
	check_reg("evil'.com", NULL);
	check_reg("evil.com/1.2.3.4", NULL);
	check_reg("*.evil$(x).com", NULL);
}

static void
test_registrable_cap(void **state)
{
	char buf[16];

	(void)state;
	/* "office365.com" is 13 bytes: 14 with the NUL fits, 13 does not */
	assert_int_equal(
	    mr_dnsconf_registrable("outlook.office365.com", buf, 14), 13);
	assert_string_equal(buf, "office365.com");
	assert_int_equal(
	    mr_dnsconf_registrable("outlook.office365.com", buf, 13), 0);
}

static void
test_name_ok(void **state)
{
	char big[300];
	size_t i;

	(void)state;
	assert_true(mr_dnsconf_name_ok("office.com", 10));
	assert_true(mr_dnsconf_name_ok("a-b.c0", 6));
	assert_false(mr_dnsconf_name_ok("com", 3)); /* one label */
	assert_false(mr_dnsconf_name_ok("", 0));
	assert_false(mr_dnsconf_name_ok(NULL, 0));
	assert_false(mr_dnsconf_name_ok("a.com.", 6));
	assert_false(mr_dnsconf_name_ok("a\".com", 6));
	assert_false(mr_dnsconf_name_ok("a.com\n", 6));
	assert_false(mr_dnsconf_name_ok("a b.com", 7));
	assert_false(mr_dnsconf_name_ok("A.com", 5));
	/* only len bytes are read */
	assert_true(mr_dnsconf_name_ok("office.com\";", 10));
	/* a 63-byte label is one, 64 is not */
	memset(big, 'a', sizeof(big));
	memcpy(big + 63, ".com", 4);
	assert_true(mr_dnsconf_name_ok(big, 67));
	memset(big, 'a', sizeof(big));
	memcpy(big + 64, ".com", 4);
	assert_false(mr_dnsconf_name_ok(big, 68));
	/* 253 bytes is a name, 254 is not: labels "a." repeated */
	for (i = 0; i < sizeof(big); i++)
		big[i] = i % 2 ? '.' : 'a';
	assert_true(mr_dnsconf_name_ok(big, 253));  /* 127 labels */
	assert_false(mr_dnsconf_name_ok(big, 254)); /* a final dot */
	memset(big, 'b', sizeof(big));
	for (i = 63; i < 253; i += 64)
		big[i] = '.';
	assert_true(mr_dnsconf_name_ok(big, 253));
	assert_false(mr_dnsconf_name_ok(big, 254));
}

/* ---- the zone list ------------------------------------------------------ */

static const char FEED[] =
    "[\n"
    " {\"id\":3,\"serviceArea\":\"SharePoint\",\"category\":\"Optimize\","
    "\"expressRoute\":true,\"required\":true,\n"
    "  \"urls\":[\"*.sharepoint.com\",\"contoso-my.sharepoint.com\","
    "\"*.sharepoint.com\",\"*-files.sharepoint.com\"]},\n"
    " {\"id\":1,\"serviceArea\":\"Exchange\",\"category\":\"Optimize\","
    "\"expressRoute\":true,\"required\":true,\n"
    "  \"urls\":[\"outlook.office365.com\",\"*.outlook.com\","
    "\"autodiscover.*.onmicrosoft.com\"]},\n"
    " {\"id\":2,\"serviceArea\":\"Common\",\"category\":\"Default\","
    "\"expressRoute\":false,\"required\":false,\n"
    "  \"urls\":[\"*.office365.com\",\"www.contoso-cdn.net\","
    "\"a.outlook.com\"]},\n"
    " {\"id\":4,\"serviceArea\":\"Common\",\"category\":\"Allow\","
    "\"expressRoute\":true,\"required\":true,\n"
    "  \"ips\":[\"52.96.0.0/14\"]}\n"
    "]\n";

static struct mr_catalog *
feed(const char *text)
{
	struct mr_catalog *c = NULL;
	struct mr_diags *d;

	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(
	    mr_catalog_load_buffer(&c, "t.json", text, strlen(text), d), MR_OK);
	mr_diags_free(d);
	return c;
}

struct want {
	const char *name;
	bool er;
	size_t n;
	const char *example;
	int64_t set;
};

static void
check_zones(const struct mr_dnsconf_zones *z, const struct want *w, size_t nw)
{
	size_t i;

	assert_int_equal(mr_dnsconf_zones_count(z), nw);
	for (i = 0; i < nw; i++) {
		const struct mr_dnsconf_zone *e = mr_dnsconf_zone(z, i);
		assert_non_null(e);
		assert_string_equal(e->name, w[i].name);
		assert_int_equal(e->er, w[i].er);
		assert_int_equal(e->n_patterns, w[i].n);
		assert_string_equal(e->example, w[i].example);
		assert_int_equal(e->set_id, w[i].set);
	}
	assert_null(mr_dnsconf_zone(z, nw));
}

static void
test_zones(void **state)
{
	struct mr_catalog *c = feed(FEED);
	struct mr_dnsconf_zones *z = NULL;
	/* sorted by name; the duplicate *.sharepoint.com counted once;
	 * a zone with an ExpressRoute pattern is ExpressRoute, explained by
	 * an ExpressRoute pattern even when another sorts first
	 * (office365.com: *.office365.com of set 2 is not) */
	static const struct want all[] = {
	    {"contoso-cdn.net", false, 1, "www.contoso-cdn.net", 2},
	    {"office365.com", true, 2, "outlook.office365.com", 1},
	    {"onmicrosoft.com", true, 1, "autodiscover.*.onmicrosoft.com", 1},
	    {"outlook.com", true, 2, "*.outlook.com", 1},
	    {"sharepoint.com", true, 3, "*-files.sharepoint.com", 3},
	};
	static const struct want er[] = {
	    {"office365.com", true, 2, "outlook.office365.com", 1},
	    {"onmicrosoft.com", true, 1, "autodiscover.*.onmicrosoft.com", 1},
	    {"outlook.com", true, 2, "*.outlook.com", 1},
	    {"sharepoint.com", true, 3, "*-files.sharepoint.com", 3},
	};

	(void)state;
	assert_int_equal(mr_dnsconf_zones(&z, c, MR_DNSCONF_ZONES_ALL), MR_OK);
	check_zones(z, all, sizeof(all) / sizeof(all[0]));
	mr_dnsconf_zones_free(z);
	assert_int_equal(mr_dnsconf_zones(&z, c, MR_DNSCONF_ZONES_ER), MR_OK);
	check_zones(z, er, sizeof(er) / sizeof(er[0]));
	mr_dnsconf_zones_free(z);
	/* bad calls */
	assert_int_equal(mr_dnsconf_zones(NULL, c, MR_DNSCONF_ZONES_ER),
	                 MR_EINVAL);
	z = (struct mr_dnsconf_zones *)1;
	assert_int_equal(mr_dnsconf_zones(&z, NULL, MR_DNSCONF_ZONES_ER),
	                 MR_EINVAL);
	assert_null(z);
	assert_int_equal(mr_dnsconf_zones(&z, c, (enum mr_dnsconf_scope)7),
	                 MR_EINVAL);
	assert_int_equal(mr_dnsconf_zones_count(NULL), 0);
	assert_null(mr_dnsconf_zone(NULL, 0));
	mr_catalog_free(c);
}

/* A feed pattern whose zone would be a public suffix is refused, naming
 * it; so is one under a suffix the table cannot tell. */
static void
test_zones_refused(void **state)
{
	static const char *const bad[] = {"*.com", "*.net.cn",
	                                  "login.contoso.co.uk"};
	char text[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct mr_catalog *c;
		struct mr_dnsconf_zones *z = NULL;
		snprintf(text, sizeof(text),
		         "[{\"id\":9,\"serviceArea\":\"Common\",\"category\":"
		         "\"Allow\",\"expressRoute\":false,\"required\":false,"
		         "\"urls\":[\"office.com\",\"%s\"]}]",
		         bad[i]);
		c = feed(text);
		assert_int_equal(mr_dnsconf_zones(&z, c, MR_DNSCONF_ZONES_ALL),
		                 MR_EINVAL);
		assert_null(z);
		assert_non_null(strstr(mr_error_last(), bad[i]));
		assert_non_null(strstr(mr_error_last(), "set 9"));
		mr_catalog_free(c);
	}
}

/* Properties of the embedded worldwide catalog's zones. */
static void
test_zones_worldwide(void **state)
{
	const struct mr_catalog *c = tu_catalog();
	struct mr_dnsconf_zones *all = NULL, *er = NULL;
	size_t i, j, k, total = 0, n_er = 0;
	char buf[256];

	(void)state;
	assert_int_equal(mr_dnsconf_zones(&all, c, MR_DNSCONF_ZONES_ALL),
	                 MR_OK);
	assert_int_equal(mr_dnsconf_zones(&er, c, MR_DNSCONF_ZONES_ER), MR_OK);
	assert_true(mr_dnsconf_zones_count(er) > 5);
	assert_true(mr_dnsconf_zones_count(all) > mr_dnsconf_zones_count(er));
	for (i = 0; i < mr_dnsconf_zones_count(all); i++) {
		const struct mr_dnsconf_zone *e = mr_dnsconf_zone(all, i);
		assert_true(mr_dnsconf_name_ok(e->name, strlen(e->name)));
		if (i > 0)
			assert_true(strcmp(mr_dnsconf_zone(all, i - 1)->name,
			                   e->name) < 0);
		/* its example lies in it */
		assert_true(
		    mr_dnsconf_registrable(e->example, buf, sizeof(buf)) > 0);
		assert_string_equal(buf, e->name);
		assert_true(e->n_patterns >= 1);
		total += e->n_patterns;
		if (e->er) {
			assert_string_equal(mr_dnsconf_zone(er, n_er)->name,
			                    e->name);
			n_er++;
		}
	}
	assert_int_equal(n_er, mr_dnsconf_zones_count(er));
	/* every pattern lies in one zone; the counts are of distinct
	 * patterns, so they add up to the catalog's distinct patterns */
	{
		size_t distinct = 0;
		const char **seen = NULL;
		for (i = 0; i < mr_catalog_count(c); i++) {
			const struct mr_endpoint_set *s = mr_catalog_set(c, i);
			for (j = 0; j < s->n_urls; j++) {
				const struct mr_dnsconf_zone *e = NULL;
				size_t n = mr_dnsconf_registrable(
				    s->urls[j], buf, sizeof(buf));
				assert_true(n > 0);
				for (k = 0; k < mr_dnsconf_zones_count(all);
				     k++)
					if (strcmp(
					        mr_dnsconf_zone(all, k)->name,
					        buf) == 0)
						e = mr_dnsconf_zone(all, k);
				assert_non_null(e);
				if (s->express_route)
					assert_true(e->er);
				for (k = 0; k < distinct; k++)
					if (strcmp(seen[k], s->urls[j]) == 0)
						break;
				if (k == distinct) {
					seen = realloc(seen, (distinct + 1) *
					                         sizeof(*seen));
					assert_non_null(seen);
					seen[distinct++] = s->urls[j];
				}
			}
		}
		assert_int_equal(total, distinct);
		free(seen);
	}
	/* what the seed names as the highest-volume ExpressRoute names */
	{
		static const char *const must[] = {
		    "office365.com", "sharepoint.com", "lync.com",
		    "microsoftonline.com", "outlook.com"};
		for (i = 0; i < sizeof(must) / sizeof(must[0]); i++) {
			for (k = 0; k < mr_dnsconf_zones_count(er); k++)
				if (strcmp(mr_dnsconf_zone(er, k)->name,
				           must[i]) == 0)
					break;
			if (k == mr_dnsconf_zones_count(er))
				fail_msg("%s is no ExpressRoute zone", must[i]);
		}
	}
	mr_dnsconf_zones_free(all);
	mr_dnsconf_zones_free(er);
}

/* ---- the writers --------------------------------------------------------- */

/* hq resolves locally with two resolvers (one IPv6); br forwards to hq
 * with no fallback, br2 with fallback: local; far forwards to br, which
 * forwards on (its forwarders are br's, the file says they forward on);
 * bare forwards to nores, which has no resolvers. */
static const char DESIGN[] =
    "organization:\n"
    "  name: Test\n"
    "  asns: [65540]\n"
    "  address_space: [185.112.84.0/22]\n"
    "sites:\n"
    "  - name: hq\n"
    "    dns: {resolvers: [10.0.0.53, '2001:db8::53'], microsoft365: "
    "local}\n"
    "  - name: br\n"
    "    dns: {resolvers: [10.1.0.53], microsoft365: forward, forward_to: "
    "hq}\n"
    "  - name: br2\n"
    "    dns: {microsoft365: forward, forward_to: hq, fallback: local}\n"
    "  - name: far\n"
    "    dns: {microsoft365: forward, forward_to: br}\n"
    "  - name: nores\n"
    "  - name: bare\n"
    "    dns: {microsoft365: forward, forward_to: nores}\n";

enum { HQ, BR, BR2, FAR, NORES, BARE };

struct fix {
	struct mr_design *dsg;
	struct mr_net *net;
	struct mr_catalog *cat;
	struct mr_dnsconf_zones *z;
};

static int
setup(void **state)
{
	static struct fix f;

	f.dsg = tu_design_text("t.yaml", DESIGN, sizeof(DESIGN) - 1);
	if (f.dsg == NULL || mr_net_resolve(&f.net, f.dsg) != MR_OK)
		return -1;
	f.cat = feed(FEED);
	if (mr_dnsconf_zones(&f.z, f.cat, MR_DNSCONF_ZONES_ER) != MR_OK)
		return -1;
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	mr_dnsconf_zones_free(f->z);
	mr_catalog_free(f->cat);
	mr_net_free(f->net);
	mr_design_free(f->dsg);
	return 0;
}

static char *
write_site(const struct fix *f, uint32_t site, enum mr_dnsconf_format fmt)
{
	struct mr_dnsconf_opts o = MR_DNSCONF_OPTS_INIT;
	char *text = NULL;
	size_t len = 0;

	o.format = fmt;
	o.catalog_name = "test feed";
	assert_int_equal(mr_dnsconf_write(&text, &len, f->net, f->z, site, &o),
	                 MR_OK);
	assert_non_null(text);
	assert_int_equal(len, strlen(text));
	return text;
}

/* How many times needle occurs in hay. */
static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* Every line of text is a comment (leader cm), blank, or one of the
 * format's statement lines; nothing else got in. */
static void
lines_are(const char *text, const char *cm, const char *const *ok, size_t nok)
{
	const char *p = text, *nl;
	size_t i;

	for (; *p != '\0'; p = nl + 1) {
		size_t n;
		nl = strchr(p, '\n');
		assert_non_null(nl); /* ends with a newline */
		n = (size_t)(nl - p);
		if (n == 0 || strncmp(p, cm, strlen(cm)) == 0)
			continue;
		for (i = 0; i < nok; i++)
			if (strncmp(p, ok[i], strlen(ok[i])) == 0)
				break;
		if (i == nok)
			fail_msg("unexpected line: %.*s", (int)n, p);
	}
}

static void
test_upstream(void **state)
{
	struct fix *f = *state;

	assert_int_equal(mr_dnsconf_upstream(f->net, HQ), MR_NONE);
	assert_int_equal(mr_dnsconf_upstream(f->net, BR), HQ);
	assert_int_equal(mr_dnsconf_upstream(f->net, BR2), HQ);
	assert_int_equal(mr_dnsconf_upstream(f->net, FAR), BR);
	assert_int_equal(mr_dnsconf_upstream(f->net, NORES), MR_NONE);
	assert_int_equal(mr_dnsconf_upstream(f->net, BARE), NORES);
	assert_int_equal(mr_dnsconf_upstream(f->net, 99), MR_NONE);
}

static void
test_bind(void **state)
{
	struct fix *f = *state;
	static const char *const ok[] = {
	    "zone \"", "\ttype forward;", "\tforward only;",
	    "\tforwarders { 10.0.0.53; 2001:db8::53; };", "};"};
	char *t = write_site(f, BR, MR_DNSCONF_BIND);

	(void)state;
	lines_are(t, "//", ok, sizeof(ok) / sizeof(ok[0]));
	assert_int_equal(count(t, "zone \""), 4);
	assert_int_equal(count(t, "\tforward only;\n"), 4);
	assert_non_null(strstr(t, "zone \"office365.com\" {\n\ttype forward;\n"
	                          "\tforward only;\n\tforwarders { 10.0.0.53; "
	                          "2001:db8::53; };\n};\n"));
	/* in the zone list's order */
	assert_true(strstr(t, "\"office365.com\"") <
	            strstr(t, "\"onmicrosoft.com\""));
	assert_true(strstr(t, "\"outlook.com\"") <
	            strstr(t, "\"sharepoint.com\""));
	/* the opening comment names the site, its forwarder, the catalog */
	assert_non_null(strstr(t, "// site: br"));
	assert_non_null(strstr(t, "forward_to: hq"));
	assert_non_null(strstr(t, "// catalog: test feed\n"));
	assert_non_null(strstr(t, "// zones: 4, those holding ExpressRoute"));
	free(t);
	t = write_site(f, BR2, MR_DNSCONF_BIND);
	assert_int_equal(count(t, "\tforward first;\n"), 4);
	assert_int_equal(count(t, "forward only"), 0);
	free(t);
}

static void
test_unbound(void **state)
{
	struct fix *f = *state;
	static const char *const ok[] = {
	    "forward-zone:", "\tname: \"", "\tforward-addr: 10.0.0.53\n",
	    "\tforward-addr: 2001:db8::53\n", "\tforward-first: no\n"};
	char *t = write_site(f, BR, MR_DNSCONF_UNBOUND);

	lines_are(t, "#", ok, sizeof(ok) / sizeof(ok[0]));
	assert_int_equal(count(t, "forward-zone:\n"), 4);
	assert_non_null(strstr(t, "forward-zone:\n\tname: \"sharepoint.com.\"\n"
	                          "\tforward-addr: 10.0.0.53\n\tforward-addr: "
	                          "2001:db8::53\n\tforward-first: no\n"));
	free(t);
	t = write_site(f, BR2, MR_DNSCONF_UNBOUND);
	assert_int_equal(count(t, "\tforward-first: yes\n"), 4);
	free(t);
}

static void
test_dnsmasq(void **state)
{
	struct fix *f = *state;
	static const char *const ok[] = {"server=/"};
	struct mr_dnsconf_opts o = MR_DNSCONF_OPTS_INIT;
	char *t = write_site(f, BR, MR_DNSCONF_DNSMASQ);
	size_t len = 7;

	lines_are(t, "#", ok, 1);
	assert_int_equal(count(t, "server=/"), 8);
	assert_non_null(strstr(t, "\nserver=/outlook.com/10.0.0.53\n"
	                          "server=/outlook.com/2001:db8::53\n"));
	free(t);
	/* fallback: local cannot be said in dnsmasq: refused, nothing out */
	o.format = MR_DNSCONF_DNSMASQ;
	t = (char *)1;
	assert_int_equal(mr_dnsconf_write(&t, &len, f->net, f->z, BR2, &o),
	                 MR_EINVAL);
	assert_null(t);
	assert_int_equal(len, 0);
	assert_non_null(strstr(mr_error_last(), "fallback: local"));
	assert_non_null(strstr(mr_error_last(), "br2"));
}

static void
test_windows(void **state)
{
	struct fix *f = *state;
	static const char *const ok[] = {
	    "$ErrorActionPreference = 'Stop'\n",
	    "Add-DnsServerConditionalForwarderZone -Name '"};
	char *t = write_site(f, BR, MR_DNSCONF_WINDOWS);

	lines_are(t, "#", ok, 2);
	assert_int_equal(count(t, "Add-DnsServerConditionalForwarderZone"), 4);
	assert_non_null(strstr(t, "Add-DnsServerConditionalForwarderZone "
	                          "-Name 'onmicrosoft.com' -MasterServers "
	                          "10.0.0.53,2001:db8::53 "
	                          "-UseRecursion:$false\n"));
	free(t);
	t = write_site(f, BR2, MR_DNSCONF_WINDOWS);
	assert_int_equal(count(t, "-UseRecursion:$true\n"), 4);
	free(t);
}

/* A chain: far's forwarders are br's resolvers; the file says br
 * forwards on to hq. */
static void
test_chain(void **state)
{
	struct fix *f = *state;
	char *t = write_site(f, FAR, MR_DNSCONF_BIND);

	assert_int_equal(count(t, "forwarders { 10.1.0.53; };"), 4);
	assert_non_null(strstr(t, "they forward on, to hq"));
	free(t);
}

static void
test_refusals(void **state)
{
	struct fix *f = *state;
	struct mr_dnsconf_opts o = MR_DNSCONF_OPTS_INIT;
	struct mr_dnsconf_zones *empty = NULL;
	struct mr_catalog *c;
	char *t = NULL;
	int fmt;

	for (fmt = MR_DNSCONF_BIND; fmt <= MR_DNSCONF_WINDOWS; fmt++) {
		o.format = (enum mr_dnsconf_format)fmt;
		/* resolves itself */
		assert_int_equal(
		    mr_dnsconf_write(&t, NULL, f->net, f->z, HQ, &o),
		    MR_EINVAL);
		assert_null(t);
		assert_non_null(strstr(mr_error_last(), "forwards nothing"));
		/* its forwarder has no resolvers */
		assert_int_equal(
		    mr_dnsconf_write(&t, NULL, f->net, f->z, BARE, &o),
		    MR_EINVAL);
		assert_null(t);
		assert_non_null(strstr(mr_error_last(), "no dns: resolvers"));
		/* no such site */
		assert_int_equal(
		    mr_dnsconf_write(&t, NULL, f->net, f->z, 42, &o),
		    MR_EINVAL);
	}
	/* no format */
	o.format = (enum mr_dnsconf_format)9;
	assert_int_equal(mr_dnsconf_write(&t, NULL, f->net, f->z, BR, &o),
	                 MR_EINVAL);
	assert_null(mr_dnsconf_format_name((enum mr_dnsconf_format)9));
	assert_null(mr_dnsconf_format_ext((enum mr_dnsconf_format)9));
	/* a catalog without an ExpressRoute URL pattern: no zone */
	c = feed("[{\"id\":5,\"serviceArea\":\"Common\",\"category\":"
	         "\"Default\",\"expressRoute\":false,\"required\":false,"
	         "\"urls\":[\"www.office.com\"]}]");
	assert_int_equal(mr_dnsconf_zones(&empty, c, MR_DNSCONF_ZONES_ER),
	                 MR_OK);
	assert_int_equal(mr_dnsconf_zones_count(empty), 0);
	o.format = MR_DNSCONF_UNBOUND;
	assert_int_equal(mr_dnsconf_write(&t, NULL, f->net, empty, BR, &o),
	                 MR_EINVAL);
	assert_null(t);
	assert_non_null(strstr(mr_error_last(), "--zones all"));
	mr_dnsconf_zones_free(empty);
	mr_catalog_free(c);
}

/* The opening comment prints the design's file name and the catalog's
 * name with every byte outside printable ASCII escaped: a newline in
 * either cannot start a statement. */
static void
test_comment_escape(void **state)
{
	struct fix *f = *state;
	struct mr_dnsconf_opts o = MR_DNSCONF_OPTS_INIT;
	char *t = NULL;

	o.format = MR_DNSCONF_DNSMASQ;
	o.catalog_name = "feed\nserver=/office365.com/6.6.6.6";
	assert_int_equal(mr_dnsconf_write(&t, NULL, f->net, f->z, BR, &o),
	                 MR_OK);
	assert_null(strstr(t, "\nserver=/office365.com/6.6.6.6"));
	assert_non_null(strstr(t, "feed\\x0Aserver="));
	free(t);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(mr_dnsconf_format_name(MR_DNSCONF_BIND), "bind");
	assert_string_equal(mr_dnsconf_format_name(MR_DNSCONF_UNBOUND),
	                    "unbound");
	assert_string_equal(mr_dnsconf_format_name(MR_DNSCONF_DNSMASQ),
	                    "dnsmasq");
	assert_string_equal(mr_dnsconf_format_name(MR_DNSCONF_WINDOWS),
	                    "windows");
	assert_string_equal(mr_dnsconf_format_ext(MR_DNSCONF_BIND),
	                    ".named.conf");
	assert_string_equal(mr_dnsconf_format_ext(MR_DNSCONF_WINDOWS), ".ps1");
}

int
main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(test_registrable),
	    cmocka_unit_test(test_registrable_cap),
	    cmocka_unit_test(test_name_ok),
	    cmocka_unit_test(test_zones),
	    cmocka_unit_test(test_zones_refused),
	    cmocka_unit_test(test_names),
	};
	const struct CMUnitTest world[] = {
	    cmocka_unit_test(test_zones_worldwide),
	};
	const struct CMUnitTest writers[] = {
	    cmocka_unit_test(test_upstream),
	    cmocka_unit_test(test_bind),
	    cmocka_unit_test(test_unbound),
	    cmocka_unit_test(test_dnsmasq),
	    cmocka_unit_test(test_windows),
	    cmocka_unit_test(test_chain),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_comment_escape),
	};
	int rc = 0;

	rc |= cmocka_run_group_tests_name("registrable", pure, NULL, NULL);
	rc |= cmocka_run_group_tests_name("worldwide", world, tu_world_setup,
	                                  tu_world_teardown);
	rc |= cmocka_run_group_tests_name("writers", writers, setup, teardown);
	return rc != 0;
}
