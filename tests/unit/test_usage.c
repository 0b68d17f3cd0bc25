/*
 * test_usage.c - usage sampling (usage.c, usage_scan.c, usage_partial.c):
 * figures on a hand-checked log, the same result for every thread count,
 * every input split at every offset (plain and gzip, several chunk sizes,
 * so lines straddle chunks everywhere), partials merged, truncated gzip,
 * mixed formats, over-long lines, host sampling, circuit tiers; lines
 * beyond the plausibility bounds, sums that saturate (scans and merged
 * partials), gzip members concatenated and bytes after the last one;
 * the SIMD scanners (and their host cache) give the scalar one's results,
 * byte for byte, on generated and edge-case Squid and W3C logs for 1, 2,
 * 3 and 8 threads.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "m365route/usage.h"
#include "testutil.h"
#include "usage_int.h"

static struct mr_catalog *cat;
static struct mr_matcher *m;
static struct mr_design *trey, *hum;
static struct mr_net *trey_net, *hum_net;
/* The resolved networks of other designs, freed at teardown. */
static struct mr_net *nets[8];
static size_t n_nets;

/* The resolved network usage reads for design g (NULL: none). */
static const struct mr_net *
net_of(const struct mr_design *g)
{
	if (g == NULL || g == hum || g == trey)
		return g == NULL ? NULL : g == hum ? hum_net : trey_net;
	assert_true(n_nets < sizeof(nets) / sizeof(nets[0]));
	assert_int_equal(mr_net_resolve(&nets[n_nets], g), MR_OK);
	return nets[n_nets++];
}

static int
setup(void **state)
{
	struct mr_diags *d;
	const char *t;
	size_t n;

	(void)state;
	if (tu_load_worldwide(&cat, &m) != 0 || mr_diags_new(&d) != MR_OK)
		return -1;
	t = mr_example_text("trey-research", &n);
	if (mr_design_load_buffer(&trey, "trey", t, n, d) != MR_OK)
		return -1;
	t = mr_example_text("humongous-insurance", &n);
	if (mr_design_load_buffer(&hum, "hum", t, n, d) != MR_OK)
		return -1;
	mr_diags_free(d);
	if (mr_net_resolve(&trey_net, trey) != MR_OK ||
	    mr_net_resolve(&hum_net, hum) != MR_OK)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	while (n_nets > 0)
		mr_net_free(nets[--n_nets]);
	mr_net_free(trey_net);
	mr_net_free(hum_net);
	mr_design_free(trey);
	mr_design_free(hum);
	mr_matcher_free(m);
	mr_catalog_free(cat);
	return 0;
}

/* ---- helpers --------------------------------------------------------------- */

static struct mr_usage *
scan(const struct mr_design *dsg, unsigned threads, enum mr_log_format f,
     const char *buf, size_t len)
{
	struct mr_usage_opts o = MR_USAGE_OPTS_INIT;
	struct mr_usage *u;

	o.threads = threads;
	o.format = f;
	assert_int_equal(mr_usage_new(&u, m, net_of(dsg), &o), MR_OK);
	assert_int_equal(mr_usage_scan_buffer(u, "log", buf, len), MR_OK);
	return u;
}

static char *
partial(const struct mr_usage *u)
{
	char *p;
	size_t n;

	assert_int_equal(mr_usage_partial_write(u, &p, &n), MR_OK);
	assert_int_equal(strlen(p), n);
	return p;
}

static uint64_t
rng(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static const char *const hosts[] = {
    "outlook.office365.com",   "contoso.sharepoint.com",
    "teams.microsoft.com",     "login.microsoftonline.com",
    "www.example.com",         "cdn.example.net",
    "Outlook.Office365.com.",  "52.96.1.2",
    "officecdn.microsoft.com", "graph.microsoft.com"};

/* A Squid log of n lines; every 97th is malformed; times jitter back. */
static char *
gen(size_t n, uint64_t seed, size_t distinct, size_t *len)
{
	size_t cap = n * 200 + 1, k = 0, i;
	char *b = malloc(cap);
	uint64_t s = seed;
	int64_t t = 1700000000000LL;

	assert_non_null(b);
	for (i = 0; i < n; i++) {
		uint64_t r = rng(&s);
		const char *h = hosts[r % 10];
		char hb[64];
		int w;
		t += (int64_t)(r >> 40 & 0xfff) - 500;
		if (distinct > 0) {
			snprintf(hb, sizeof(hb), "h%zu.example.org",
			         (size_t)(r >> 20) % distinct);
			h = hb;
		}
		if (i % 97 == 50)
			w = snprintf(b + k, cap - k, "not a log line %zu\n", i);
		else if (r & 1)
			w = snprintf(
			    b + k, cap - k,
			    "%lld.%03lld %5u 10.%u.%u.%u TCP_TUNNEL/200 "
			    "%u CONNECT %s:443 - HIER_DIRECT/1.2.3.4 "
			    "-\n",
			    (long long)(t / 1000), (long long)(t % 1000),
			    (unsigned)(r >> 8 & 1023),
			    (unsigned)(r >> 16 & 1) ? 10 : 77,
			    (unsigned)(r >> 24 & 255),
			    (unsigned)(r >> 32 & 255),
			    (unsigned)(r >> 12 & 0xfffff), h);
		else
			w = snprintf(
			    b + k, cap - k,
			    "%lld.%03lld %5u 10.10.%u.%u TCP_MISS/200 %u "
			    "GET http://%s/p/%u - HIER_DIRECT/1.2.3.4 "
			    "text/html\n",
			    (long long)(t / 1000), (long long)(t % 1000),
			    (unsigned)(r >> 8 & 1023),
			    (unsigned)(r >> 24 & 255),
			    (unsigned)(r >> 32 & 255),
			    (unsigned)(r >> 12 & 0xffff), h,
			    (unsigned)(r & 0xffff));
		k += (size_t)w;
	}
	*len = k;
	return b;
}

static char *
gzip(const char *s, size_t n, size_t *out_len)
{
	z_stream z;
	size_t cap = n + n / 10 + 1024;
	unsigned char *o = malloc(cap);

	assert_non_null(o);
	memset(&z, 0, sizeof(z));
	assert_int_equal(
	    deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)s;
	z.avail_in = (uInt)n;
	z.next_out = o;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*out_len = cap - z.avail_out;
	deflateEnd(&z);
	return (char *)o;
}

/* ---- tests ----------------------------------------------------------------- */

static const char small[] =
    "1700000000.000 1 10.10.1.5 TCP_TUNNEL/200 375000000 CONNECT "
    "outlook.office365.com:443 - HIER_DIRECT/52.96.1.2 -\n"
    "1700000001.000 1 10.10.1.6 TCP_MISS/200 1000 GET "
    "http://www.example.com/ - HIER_DIRECT/1.1.1.1 text/html\n"
    "bogus\n"
    "1700000301.000 1 10.10.1.6 TCP_TUNNEL/200 750000000 CONNECT "
    "contoso.sharepoint.com:443 - HIER_DIRECT/13.107.136.9 -\n"
    "1700000002.000 1 192.0.2.1 TCP_TUNNEL/200 100 CONNECT "
    "login.microsoftonline.com:443 - HIER_DIRECT/20.190.1.1 -\n"
    "1700000900.000 1 10.10.9.9 TCP_TUNNEL/200 0 CONNECT "
    "teams.microsoft.com:443 - HIER_DIRECT/52.112.1.1 -";

static void
test_figures(void **state)
{
	struct mr_usage *u;
	struct mr_usage_summary sm;
	struct mr_usage_rate r;
	struct mr_usage_host h[10];
	struct mr_usage_circuit *cv;
	struct mr_usage_cell c;
	size_t n;

	(void)state;
	u = scan(trey, 1, MR_LOG_AUTO, small, strlen(small));
	mr_usage_summary(u, &sm);
	assert_int_equal(sm.lines, 6);
	assert_int_equal(sm.requests, 5);
	assert_int_equal(sm.bad, 1);
	assert_int_equal(sm.out_of_order, 1);
	assert_int_equal(mr_usage_bad_count(u), 1);
	assert_int_equal(mr_usage_bad(u, 0)->line, 3);
	assert_string_equal(mr_usage_bad(u, 0)->text, "bogus");
	assert_int_equal(mr_usage_site_count(u), 2);
	assert_string_equal(mr_usage_site_name(u, 0), "hq");
	assert_string_equal(mr_usage_site_name(u, 1), "(unattributed)");
	c = mr_usage_total(u, 0, MR_SA_EXCHANGE, MR_UC_EXPRESSROUTE);
	assert_int_equal(c.bytes, 375000000);
	assert_int_equal(c.requests, 1);
	c = mr_usage_total(u, 0, MR_USAGE_SA_NONE, MR_UC_OTHER);
	assert_int_equal(c.bytes, 1000);
	c = mr_usage_total(u, 1, MR_SA_COMMON, MR_UC_EXPRESSROUTE);
	assert_int_equal(c.bytes, 100);
	/* hq ExpressRoute: 375 MB in bucket 0, 750 MB in bucket 1, 0 in
	 * buckets 2 and 3 (4 buckets of 300 s from the first to the last
	 * request): 10 and 20 Mbps */
	assert_int_equal(mr_usage_rate(u, 0, MR_UM_EXPRESSROUTE, &r), MR_OK);
	assert_true(r.peak > 19.999 && r.peak < 20.001);
	assert_true(r.p95 > 19.999 && r.p95 < 20.001);
	assert_true(r.mean > 7.499 && r.mean < 7.501);
	assert_int_equal(mr_usage_rate(u, 0, MR_UM_ER_SA + MR_SA_EXCHANGE, &r),
	                 MR_OK);
	assert_true(r.peak > 9.999 && r.peak < 10.001);
	n = mr_usage_top_hosts(u, h, 10);
	assert_int_equal(n, 5);
	assert_string_equal(h[0].host, "contoso.sharepoint.com");
	assert_int_equal(h[0].cls, MR_UC_EXPRESSROUTE);
	assert_int_equal(h[0].sa, MR_SA_SHAREPOINT);
	assert_int_equal(mr_usage_circuits(u, &cv, &n), MR_OK);
	/* er-seattle carries hq; (unattributed) has no circuit to size */
	assert_int_equal(n, 1);
	assert_string_equal(cv[0].name, "er-seattle");
	assert_false(cv[0].would_be);
	assert_true(cv[0].peak > 19.999 && cv[0].peak < 20.001);
	assert_int_equal(cv[0].recommended, 50);
	free(cv);
	mr_usage_free(u);
	/* no design: one would-be circuit for the whole log */
	u = scan(NULL, 1, MR_LOG_AUTO, small, strlen(small));
	assert_int_equal(mr_usage_circuits(u, &cv, &n), MR_OK);
	assert_int_equal(n, 1);
	assert_true(cv[0].would_be);
	assert_string_equal(cv[0].name, "(all)");
	free(cv);
	mr_usage_free(u);
}

/*
 * An override decides a host's bytes (issue 12, the last disagreement):
 * teams.cloud.microsoft: proxy sends Teams to the proxy, whose egress is
 * the Internet (simulate shows it), so er-a carries none of its bytes;
 * outlook.office365.com stays DIRECT over er-a. One request each in one
 * 300 s bucket: 3.75 MB is 0.1 Mbps. The partial keeps the override's
 * bytes apart, so the merged figures are the same.
 */
static const char override_yaml[] = TU_ONE_SITE_ONE_CIRCUIT(
    "Override") "policy:\n"
                "  pac_groups:\n"
                "    - {name: g, sites: [a], proxy: [pa], expressroute: true}\n"
                "  overrides:\n"
                "    - {host: teams.cloud.microsoft, action: proxy}\n";

static double
er_a_peak(const struct mr_usage *u)
{
	struct mr_usage_circuit *cv;
	size_t n;
	double peak;

	assert_int_equal(mr_usage_circuits(u, &cv, &n), MR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(cv[0].name, "er-a");
	assert_false(cv[0].would_be);
	peak = cv[0].peak;
	free(cv);
	return peak;
}

/* The series line of p that carries an override (one field more than
 * the others), NULL when none does. */
static char *
override_series(char *p)
{
	char *l;

	for (l = strstr(p, "series\t"); l != NULL;
	     l = strstr(l + 1, "\nseries\t")) {
		const char *e = strchr(l + 1, '\n'), *q;
		int tabs = 0;
		if (*l == '\n')
			l++;
		for (q = l; q < e; q++)
			tabs += *q == '\t';
		if (tabs == 3 + NV)
			return l;
	}
	return NULL;
}

static void
test_override_attribution(void **state)
{
	static const char log[] =
	    "1795424441.198 10 10.1.1.7 TCP_TUNNEL/200 3750000 CONNECT "
	    "outlook.office365.com:443 - HIER_DIRECT/52.96.1.2 -\n"
	    "1795424442.198 10 10.1.1.8 TCP_TUNNEL/200 7500000 CONNECT "
	    "teams.cloud.microsoft:443 - HIER_DIRECT/52.112.1.2 -\n";
	struct mr_design *g =
	    tu_design_text("override", override_yaml, strlen(override_yaml));
	struct mr_usage_opts o = MR_USAGE_OPTS_INIT;
	struct mr_usage *u, *mg;
	struct mr_usage_cell c;
	struct mr_net *net;
	char *p, *l;
	double peak;

	(void)state;
	assert_non_null(g);
	assert_int_equal(mr_net_resolve(&net, g), MR_OK);
	o.format = MR_LOG_SQUID;
	assert_int_equal(mr_usage_new(&u, m, net, &o), MR_OK);
	assert_int_equal(mr_usage_scan_buffer(u, "log", log, strlen(log)),
	                 MR_OK);
	/* both hosts are ExpressRoute names: the override does not change
	 * what they are, only where they go */
	c = mr_usage_total(u, 0, MR_SA_SKYPE, MR_UC_EXPRESSROUTE);
	assert_int_equal(c.bytes, 7500000);
	peak = er_a_peak(u);
	assert_true(peak > 0.0999 && peak < 0.1001);
	/* the partial carries the override (its column) and merges back */
	p = partial(u);
	l = override_series(p);
	assert_non_null(l);
	assert_int_equal(strchr(l, '\n')[-1], '1');
	assert_int_equal(mr_usage_new(&mg, m, net, &o), MR_OK);
	assert_int_equal(mr_usage_partial_read(mg, "p", p, strlen(p)), MR_OK);
	peak = er_a_peak(mg);
	assert_true(peak > 0.0999 && peak < 0.1001);
	mr_usage_free(mg);
	/* an override the design does not have: a damaged partial */
	strchr(l, '\n')[-1] = '2';
	assert_int_equal(mr_usage_new(&mg, m, net, &o), MR_OK);
	assert_int_equal(mr_usage_partial_read(mg, "p", p, strlen(p)),
	                 MR_EPARSE);
	mr_usage_free(mg);
	free(p);
	mr_usage_free(u);
	mr_net_free(net);
	mr_design_free(g);
}

/* Disagreement 3 of "One network model": Frankfurt backhauls its
 * Microsoft 365 traffic over the WAN to Chicago's circuits (simulate shows
 * it); usage must load Chicago with it and size no would-be Frankfurt
 * circuit. One request per site in one bucket: the loads add exactly. */
static void
test_backhaul_attribution(void **state)
{
	static const char log[] =
	    "1795424441.198 10 10.20.1.7 TCP_TUNNEL/200 3750000 CONNECT "
	    "outlook.office365.com:443 - HIER_DIRECT/52.96.1.2 -\n"
	    "1795424442.198 10 10.30.1.7 TCP_TUNNEL/200 7500000 CONNECT "
	    "outlook.office365.com:443 - HIER_DIRECT/52.96.1.2 -\n";
	struct mr_usage *u = scan(hum, 1, MR_LOG_SQUID, log, strlen(log));
	struct mr_usage_circuit *cv;
	size_t n, i;
	double chicago = 0, other = 0;

	(void)state;
	assert_int_equal(mr_usage_circuits(u, &cv, &n), MR_OK);
	assert_int_equal(n, hum->n_er); /* no would-be circuit */
	for (i = 0; i < n; i++) {
		assert_false(cv[i].would_be);
		if (strncmp(cv[i].name, "er-chicago", 10) == 0)
			chicago += cv[i].peak;
		else
			other += cv[i].peak;
	}
	/* 11.25 MB in one 300 s bucket: 0.3 Mbps, hq's 0.1 and Frankfurt's
	 * 0.2, all on Chicago's circuits. */
	assert_true(chicago > 0.2999 && chicago < 0.3001);
	assert_true(other == 0);
	free(cv);
	mr_usage_free(u);
}

static void
test_tiers(void **state)
{
	(void)state;
	assert_int_equal(mr_usage_tier_count(), 8);
	assert_int_equal(mr_usage_recommend(0), 50);
	assert_int_equal(mr_usage_recommend(40), 50);
	assert_int_equal(mr_usage_recommend(40.01), 100);
	assert_int_equal(mr_usage_recommend(700), 1000);
	assert_int_equal(mr_usage_recommend(8000), 10000);
	assert_int_equal(mr_usage_recommend(8000.5), 0);
}

static void
test_threads(void **state)
{
	size_t len, saved = mr_usage_chunk;
	char *log = gen(20000, 1, 0, &len), *ref, *p;
	unsigned th[] = {2, 3, 8};
	size_t chunks[] = {4096, 1u << 20}, c, i;
	struct mr_usage *u;

	(void)state;
	mr_usage_chunk = 1u << 20;
	u = scan(hum, 1, MR_LOG_AUTO, log, len);
	ref = partial(u);
	mr_usage_free(u);
	for (c = 0; c < 2; c++) {
		mr_usage_chunk = chunks[c];
		for (i = 0; i < 3; i++) {
			u = scan(hum, th[i], MR_LOG_AUTO, log, len);
			p = partial(u);
			if (strcmp(p, ref) != 0)
				fail_msg("threads %u chunk %zu differ", th[i],
				         chunks[c]);
			free(p);
			mr_usage_free(u);
		}
	}
	mr_usage_chunk = saved;
	free(ref);
	free(log);
}

static char *
grep(const char *s, const char *const *keep)
{
	size_t n = strlen(s), k = 0, i;
	char *o = malloc(n + 1);
	const char *p = s, *nl;

	assert_non_null(o);
	while (*p) {
		nl = strchr(p, '\n');
		nl = nl ? nl + 1 : p + strlen(p);
		for (i = 0; keep[i] != NULL; i++)
			if (strncmp(p, keep[i], strlen(keep[i])) == 0) {
				memcpy(o + k, p, (size_t)(nl - p));
				k += (size_t)(nl - p);
				break;
			}
		p = nl;
	}
	o[k] = '\0';
	return o;
}

/* Every split of the input (first read of k bytes), several chunk sizes. */
static void
split_all(const char *buf, size_t len, const char *ref, size_t chunk)
{
	size_t k, saved = mr_usage_chunk;
	struct mr_usage *u;
	char *p;

	static const char *const keep[] = {"counts", "total", "series",
	                                   "host",   "bad",   NULL};

	mr_usage_chunk = chunk;
	for (k = 1; k <= len; k++) {
		char *q;
		mr_usage_first_read = k;
		u = scan(trey, 1, MR_LOG_AUTO, buf, len);
		q = partial(u);
		p = grep(q, keep);
		free(q);
		if (strcmp(p, ref) != 0)
			fail_msg(
			    "split at %zu, chunk %zu: differs:\n%s\n--\n%s", k,
			    chunk, p, ref);
		free(p);
		mr_usage_free(u);
	}
	mr_usage_first_read = 0;
	mr_usage_chunk = saved;
}

static void
test_split(void **state)
{
	size_t len = strlen(small), glen, maxl = 0, l = 0, i;
	struct mr_usage *u;
	char *ref, *gz;

	(void)state;
	for (i = 0; i < len; i++, l++)
		if (small[i] == '\n') {
			if (l + 1 > maxl)
				maxl = l + 1;
			l = 0;
		}
	static const char *const keep[] = {"counts", "total", "series",
	                                   "host",   "bad",   NULL};

	u = scan(trey, 1, MR_LOG_AUTO, small, len);
	gz = partial(u);
	ref = grep(gz, keep);
	free(gz);
	mr_usage_free(u);
	/* chunks as small as the longest line (its '\n' included) */
	split_all(small, len, ref, maxl);
	split_all(small, len, ref, maxl + 1);
	split_all(small, len, ref, 2 * maxl + 7);
	split_all(small, len, ref, 4096);
	gz = gzip(small, len, &glen);
	split_all(gz, glen, ref, maxl);
	split_all(gz, glen, ref, 4096);
	free(gz);
	free(ref);
}

static void
test_merge(void **state)
{
	static const char *const keep[] = {"total", "series", "host", NULL};
	size_t len, half;
	char *log = gen(5000, 7, 0, &len), *whole, *pa, *pb, *merged;
	char *w1, *w2;
	struct mr_usage *u, *a, *b, *mg;
	struct mr_usage_opts o = MR_USAGE_OPTS_INIT;

	(void)state;
	u = scan(hum, 1, MR_LOG_AUTO, log, len);
	whole = partial(u);
	half = (size_t)(strchr(log + len / 2, '\n') - log) + 1;
	a = scan(hum, 2, MR_LOG_AUTO, log, half);
	b = scan(hum, 1, MR_LOG_AUTO, log + half, len - half);
	pa = partial(a);
	pb = partial(b);
	assert_int_equal(mr_usage_new(&mg, m, net_of(hum), &o), MR_OK);
	/* merged in the other order */
	assert_int_equal(mr_usage_partial_read(mg, "b", pb, strlen(pb)), MR_OK);
	assert_int_equal(mr_usage_partial_read(mg, "a", pa, strlen(pa)), MR_OK);
	merged = partial(mg);
	w1 = grep(whole, keep);
	w2 = grep(merged, keep);
	assert_string_equal(w1, w2);
	/* refused: other sites, other buckets, damaged */
	{
		struct mr_usage *t;
		o.bucket_s = 60;
		assert_int_equal(mr_usage_new(&t, m, net_of(hum), &o), MR_OK);
		assert_int_equal(mr_usage_partial_read(t, "a", pa, strlen(pa)),
		                 MR_EINVAL);
		mr_usage_free(t);
		o.bucket_s = 300;
		assert_int_equal(mr_usage_new(&t, m, net_of(trey), &o), MR_OK);
		assert_int_equal(mr_usage_partial_read(t, "a", pa, strlen(pa)),
		                 MR_EINVAL);
		mr_usage_free(t);
		assert_int_equal(mr_usage_new(&t, m, net_of(hum), &o), MR_OK);
		assert_int_equal(
		    mr_usage_partial_read(t, "a", pa, strlen(pa) / 2),
		    MR_EPARSE);
		assert_int_equal(mr_usage_partial_read(t, "x", "hello", 5),
		                 MR_EPARSE);
		mr_usage_free(t);
	}
	free(w1);
	free(w2);
	free(whole);
	free(pa);
	free(pb);
	free(merged);
	mr_usage_free(u);
	mr_usage_free(a);
	mr_usage_free(b);
	mr_usage_free(mg);
	free(log);
}

static int
cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of text, sorted (order 0), reversed (1) or as they are (2),
 * joined again: what a reducer may receive. */
static char *
reorder(const char *text, int order)
{
	size_t n = 0, i, len = strlen(text), at = 0;
	char *copy = strdup(text), **lines, *out, *p;

	assert_non_null(copy);
	for (p = copy; *p; p++)
		n += *p == '\n';
	lines = calloc(n + 1, sizeof(*lines));
	out = malloc(len + 1);
	assert_true(lines != NULL && out != NULL);
	for (i = 0, p = copy; i < n; i++) {
		char *nl = strchr(p, '\n');
		*nl = '\0';
		lines[i] = p;
		p = nl + 1;
	}
	if (order == 0)
		qsort(lines, n, sizeof(*lines), cmp_line);
	for (i = 0; i < n; i++) {
		const char *l = lines[order == 1 ? n - 1 - i : i];
		size_t k = strlen(l);
		memcpy(out + at, l, k);
		out[at + k] = '\n';
		at += k + 1;
	}
	out[at] = '\0';
	free(lines);
	free(copy);
	return out;
}

/* Several partials in one text, their lines in any order (a MapReduce
 * reducer's input): the same sums as one scan; refused when a partial is
 * cut short, of another design or another bucket width. */
static void
test_merge_sorted(void **state)
{
	static const char *const keep[] = {"total", "series", "host", NULL};
	size_t len, third, two;
	char *log = gen(6000, 11, 0, &len), *whole, *p[3], *all, *w1, *w2;
	struct mr_usage *u, *part[3], *mg, *t;
	struct mr_usage_opts o = MR_USAGE_OPTS_INIT;
	int order, k;

	(void)state;
	u = scan(hum, 1, MR_LOG_AUTO, log, len);
	whole = partial(u);
	w1 = grep(whole, keep);
	third = (size_t)(strchr(log + len / 3, '\n') - log) + 1;
	two = (size_t)(strchr(log + 2 * len / 3, '\n') - log) + 1;
	part[0] = scan(hum, 1, MR_LOG_AUTO, log, third);
	part[1] = scan(hum, 2, MR_LOG_AUTO, log + third, two - third);
	part[2] = scan(hum, 1, MR_LOG_AUTO, log + two, len - two);
	for (k = 0; k < 3; k++)
		p[k] = partial(part[k]);
	all = malloc(strlen(p[0]) + strlen(p[1]) + strlen(p[2]) + 1);
	assert_non_null(all);
	for (k = 0, len = 0; k < 3; k++) {
		size_t pl = strlen(p[k]);
		memcpy(all + len, p[k], pl + 1);
		len += pl;
	}
	for (order = 0; order < 3; order++) {
		char *in = reorder(all, order), *merged;
		struct mr_usage_summary sm;
		assert_int_equal(mr_usage_new(&mg, m, net_of(hum), &o), MR_OK);
		assert_int_equal(mr_usage_partial_read(mg, "r", in, strlen(in)),
		                 MR_OK);
		mr_usage_summary(mg, &sm);
		assert_int_equal(mr_usage_input_count(mg), 3);
		merged = partial(mg);
		w2 = grep(merged, keep);
		assert_string_equal(w1, w2);
		free(w2);
		free(merged);
		mr_usage_free(mg);
		free(in);
	}
	/* one 'end' fewer: a partial cut short */
	{
		char *in = reorder(all, 0), *end = strstr(in, "\nend\n");
		assert_non_null(end);
		memmove(end + 1, end + 5, strlen(end + 5) + 1);
		assert_int_equal(mr_usage_new(&t, m, net_of(hum), &o), MR_OK);
		assert_int_equal(mr_usage_partial_read(t, "r", in, strlen(in)),
		                 MR_EPARSE);
		mr_usage_free(t);
		free(in);
	}
	/* another design; another bucket width */
	assert_int_equal(mr_usage_new(&t, m, net_of(trey), &o), MR_OK);
	assert_int_equal(mr_usage_partial_read(t, "r", all, strlen(all)),
	                 MR_EINVAL);
	mr_usage_free(t);
	o.bucket_s = 60;
	assert_int_equal(mr_usage_new(&t, m, net_of(hum), &o), MR_OK);
	assert_int_equal(mr_usage_partial_read(t, "r", all, strlen(all)),
	                 MR_EINVAL);
	mr_usage_free(t);
	for (k = 0; k < 3; k++) {
		free(p[k]);
		mr_usage_free(part[k]);
	}
	free(all);
	free(w1);
	free(whole);
	mr_usage_free(u);
	free(log);
}

static void
test_gzip_truncated(void **state)
{
	size_t len, glen;
	char *log = gen(3000, 3, 0, &len), *gz;
	struct mr_usage *u, *full;
	struct mr_usage_summary sm, fs;
	const struct mr_usage_input *in;

	(void)state;
	gz = gzip(log, len, &glen);
	full = scan(NULL, 1, MR_LOG_AUTO, log, len);
	mr_usage_summary(full, &fs);
	u = scan(NULL, 2, MR_LOG_AUTO, gz, glen * 6 / 10);
	mr_usage_summary(u, &sm);
	in = mr_usage_input(u, 0);
	assert_true(in->gzip);
	assert_true(in->truncated);
	assert_non_null(in->why);
	assert_int_equal(in->bytes_in, glen * 6 / 10);
	assert_true(sm.requests > 0 && sm.requests < fs.requests);
	assert_true(in->lines > 1000 && in->lines < 3000);
	/* corrupt data */
	gz[glen / 2] ^= 0x55;
	gz[glen / 2 + 1] ^= 0x55;
	mr_usage_free(u);
	u = scan(NULL, 1, MR_LOG_AUTO, gz, glen);
	in = mr_usage_input(u, 0);
	assert_true(in->truncated);
	mr_usage_free(u);
	mr_usage_free(full);
	free(gz);
	free(log);
}

static void
test_mixed(void **state)
{
	static const char w3c[] = "#Version: 1.0\n"
	                          "#Fields: date time c-ip sc-bytes cs-uri\n"
	                          "2023-11-14 22:13:20 10.10.0.1 100 "
	                          "https://outlook.office365.com/owa/\n";
	struct mr_usage_opts o = MR_USAGE_OPTS_INIT;
	struct mr_usage *u;
	struct mr_usage_summary sm;

	(void)state;
	assert_int_equal(mr_usage_new(&u, m, NULL, &o), MR_OK);
	assert_int_equal(mr_usage_scan_buffer(u, "a", small, strlen(small)),
	                 MR_OK);
	assert_int_equal(mr_usage_scan_buffer(u, "b", w3c, strlen(w3c)),
	                 MR_EINVAL);
	mr_usage_free(u);
	/* with a format, the other's lines are malformed */
	o.format = MR_LOG_W3C;
	assert_int_equal(mr_usage_new(&u, m, NULL, &o), MR_OK);
	assert_int_equal(mr_usage_scan_buffer(u, "a", small, strlen(small)),
	                 MR_OK);
	assert_int_equal(mr_usage_scan_buffer(u, "b", w3c, strlen(w3c)), MR_OK);
	mr_usage_summary(u, &sm);
	assert_int_equal(sm.requests, 1);
	assert_int_equal(sm.bad, 6);
	assert_string_equal(mr_usage_bad(u, 0)->why,
	                    "no #Fields: directive before this line");
	mr_usage_free(u);
}

static void
test_long_line(void **state)
{
	char buf[2048];
	size_t saved = mr_usage_chunk, n;
	struct mr_usage *u;
	struct mr_usage_summary sm;

	(void)state;
	n = (size_t)snprintf(buf, sizeof(buf), "%s\n%0300d\n%s\n", small, 7,
	                     small);
	mr_usage_chunk = 128;
	u = scan(NULL, 1, MR_LOG_AUTO, buf, n);
	mr_usage_summary(u, &sm);
	assert_int_equal(sm.requests, 10);
	assert_int_equal(sm.bad, 3);
	assert_int_equal(sm.lines, 13);
	assert_int_equal(mr_usage_bad(u, 1)->line, 7);
	assert_string_equal(mr_usage_bad(u, 1)->why, "line longer than 1 MiB");
	mr_usage_free(u);
	mr_usage_chunk = saved;
}

static void
test_host_sampling(void **state)
{
	size_t len;
	char *log = gen(80000, 11, 60000, &len), *p1, *p2;
	struct mr_usage *u1, *u2;
	struct mr_usage_summary sm;
	struct mr_usage_host h[3];

	(void)state;
	u1 = scan(NULL, 1, MR_LOG_AUTO, log, len);
	u2 = scan(NULL, 2, MR_LOG_AUTO, log, len);
	mr_usage_summary(u1, &sm);
	assert_true(sm.host_sample_shift > 0);
	p1 = partial(u1);
	p2 = partial(u2);
	assert_string_equal(p1, p2);
	assert_int_equal(mr_usage_top_hosts(u1, h, 3), 3);
	free(p1);
	free(p2);
	mr_usage_free(u1);
	mr_usage_free(u2);
	free(log);
}

/* ---- the SIMD scanner against the scalar one --------------------------------- */

/* Hosts the host cache must tell apart or bypass: case, a trailing dot,
 * NUL bytes, 36/37 and 100/101 bytes (the cache's limits), an address. */
static const char *const edge_hosts[] = {
    "outlook.office365.com",
    "OUTLOOK.office365.com.",
    "outlook.office365.com.",
    "out\0ook.office365.com",
    "contoso.sharepoint.com",
    "a23456789012345678901234.example.com",  /* 36 */
    "a234567890123456789012345.example.com", /* 37 */
    "b234567890123456789012345678901234567890123456789012345678901234567890"
    "1234567890123456789.example.com", /* 101 */
    "b234567890123456789012345678901234567890123456789012345678901234567890"
    "123456789012345678.example.com", /* 100 */
    "52.96.1.2",
    "[2603:1006::1]",
    "teams.microsoft.com",
};
static const size_t edge_host_len[] = {21, 22,  22,  21, 22, 36,
                                       37, 101, 100, 9,  14, 19};

/* A Squid log of n lines with CRLF, tabs, quotes, NUL bytes, over-long
 * and malformed lines, the hosts above; no '\n' after the last line. */
static char *
gen_edge(size_t n, uint64_t seed, size_t *len)
{
	size_t cap = n * 400 + 8192, k = 0, i, j;
	char *b = malloc(cap);
	uint64_t s = seed;
	int64_t t = 1700000000000LL;

	assert_non_null(b);
	for (i = 0; i < n; i++) {
		uint64_t r = rng(&s);
		size_t h = r % 12;
		const char *sep = (r >> 8) % 5 == 0 ? "\t" : " ";
		int w;
		t += (int64_t)(r >> 40 & 0xfff) - 300;
		w = snprintf(b + k, cap - k, "%lld.%03lld%s%u%s10.10.%u.%u%s",
		             (long long)(t / 1000), (long long)(t % 1000), sep,
		             (unsigned)(r >> 12 & 1023), sep,
		             (unsigned)(r >> 24 & 255), (unsigned)(r >> 32 & 3),
		             sep);
		k += (size_t)w;
		switch ((r >> 16) % 8) {
		case 0:
			w = snprintf(b + k, cap - k,
			             "TCP_MISS/200%s%u%sGET%shttp://", sep,
			             (unsigned)(r >> 20 & 0xffff), sep, sep);
			break;
		case 1:
			w = snprintf(b + k, cap - k,
			             "\"TCP_MISS/200 quoted\" 5 GET http://");
			break;
		default:
			w = snprintf(b + k, cap - k,
			             "TCP_TUNNEL/200%s%u%sCONNECT%s", sep,
			             (unsigned)(r >> 20 & 0xfffff), sep, sep);
			break;
		}
		k += (size_t)w;
		memcpy(b + k, edge_hosts[h], edge_host_len[h]);
		k += edge_host_len[h];
		w = snprintf(b + k, cap - k,
		             ":443%s-%sHIER_DIRECT/1.2.3.4%s-%s", sep, sep, sep,
		             (r >> 50) % 4 == 0 ? "\r" : "");
		k += (size_t)w;
		if ((r >> 54) % 64 == 0) { /* a line of 5,000 bytes */
			for (j = 0; j < 5000; j++)
				b[k++] = (char)('a' + j % 26);
		}
		if (i + 1 < n)
			b[k++] = '\n';
	}
	*len = k;
	return b;
}

/* The partial of log scanned with scanner sc on th threads. */
static char *
scan_with(enum mr_log_scanner sc, const struct mr_design *dsg, unsigned th,
          enum mr_log_format f, const char *log, size_t len)
{
	struct mr_usage *u;
	char *p;

	if (mr_log_scanner_set(sc) != sc)
		return NULL;
	u = scan(dsg, th, f, log, len);
	p = partial(u);
	mr_usage_free(u);
	return p;
}

static void
scanners_same(const struct mr_design *dsg, enum mr_log_format f,
              const char *log, size_t len)
{
	static const enum mr_log_scanner kinds[] = {MR_LOG_SCAN_SSE2,
	                                            MR_LOG_SCAN_AVX2};
	static const unsigned th[] = {1, 2, 3, 8};
	static const size_t chunks[] = {4096, 1u << 20};
	size_t saved = mr_usage_chunk, c, i, k;
	char *ref, *p;

	for (c = 0; c < 2; c++) {
		/* lines longer than a chunk are malformed: a reference
		 * per chunk size */
		mr_usage_chunk = chunks[c];
		ref = scan_with(MR_LOG_SCAN_SCALAR, dsg, 1, f, log, len);
		assert_non_null(ref);
		for (k = 0; k < 2; k++)
			for (i = 0; i < 4; i++) {
				p = scan_with(kinds[k], dsg, th[i], f, log,
				              len);
				if (p == NULL)
					continue; /* no such kernel here */
				if (strcmp(p, ref) != 0)
					fail_msg("%s, %u threads, chunk %zu: "
					         "differs from scalar",
					         mr_log_scanner_name(kinds[k]),
					         th[i], chunks[c]);
				free(p);
			}
		free(ref);
	}
	(void)mr_log_scanner_set(MR_LOG_SCAN_AUTO);
	mr_usage_chunk = saved;
}

static void
test_scanners_same(void **state)
{
	size_t len;
	char *log;

	(void)state;
	/* sites and overrides */
	log = gen(30000, 3, 0, &len);
	scanners_same(hum, MR_LOG_AUTO, log, len);
	free(log);
	/* more hosts than the tables keep (sampling) and than the host
	 * cache holds (write-backs) */
	log = gen(80000, 11, 60000, &len);
	scanners_same(NULL, MR_LOG_AUTO, log, len);
	free(log);
	log = gen_edge(20000, 5, &len);
	scanners_same(trey, MR_LOG_SQUID, log, len);
	free(log);
}

/* W3C with quoted fields, CRLF, a second #Fields: mid-log. */
static void
test_scanners_same_w3c(void **state)
{
	size_t cap = 4u << 20, k = 0, i;
	char *log = malloc(cap);
	uint64_t s = 9;

	(void)state;
	assert_non_null(log);
	k += (size_t)snprintf(log, cap,
	                      "#Software: test\r\n#Fields: date time c-ip "
	                      "cs-method cs-uri sc-status sc-bytes "
	                      "cs(User-Agent)\r\n");
	for (i = 0; i < 20000; i++) {
		uint64_t r = rng(&s);
		size_t h = r % 12;
		if (i == 10000)
			k +=
			    (size_t)snprintf(log + k, cap - k,
			                     "#Fields: date time c-ip sc-bytes "
			                     "cs-host time-taken\n");
		if (i >= 10000) {
			k += (size_t)snprintf(
			    log + k, cap - k,
			    "2026-11-27 %02u:%02u:%02u 10.%u.1.%u "
			    "%u ",
			    (unsigned)(i / 3600 % 24), (unsigned)(i / 60 % 60),
			    (unsigned)(i % 60), (unsigned)(r >> 8 & 31),
			    (unsigned)(r >> 16 & 255),
			    (unsigned)(r >> 24 & 0xffff));
			memcpy(log + k, edge_hosts[h], edge_host_len[h]);
			k += edge_host_len[h];
			k += (size_t)snprintf(log + k, cap - k, "%s\n",
			                      (r >> 40) % 3 ? " 12"
			                                    : "\t\"1 2\"");
			continue;
		}
		k += (size_t)snprintf(
		    log + k, cap - k,
		    "2026-11-27 %02u:%02u:%02u.%03u 10.%u.1.%u GET https://",
		    (unsigned)(i / 3600 % 24), (unsigned)(i / 60 % 60),
		    (unsigned)(i % 60), (unsigned)(r % 1000),
		    (unsigned)(r >> 8 & 31), (unsigned)(r >> 16 & 255));
		memcpy(log + k, edge_hosts[h], edge_host_len[h]);
		k += edge_host_len[h];
		k += (size_t)snprintf(log + k, cap - k, "/p %u %u %s\r\n",
		                      (unsigned)(r >> 24 & 511) + 100,
		                      (unsigned)(r >> 34 & 0xffff),
		                      (r >> 50) % 2 ? "\"Mozilla/5.0 (X11; x)\""
		                                    : "\"a\"b -");
	}
	scanners_same(hum, MR_LOG_W3C, log, k);
	free(log);
}

/* ---- plausibility bounds, saturation --------------------------------------- */

#define OUTLOOK " CONNECT outlook.office365.com:443 - HIER_DIRECT/52.96.1.2 -\n"

/* The scenario: a line of 2^64-1 bytes then one of 1,024 wrapped
 * the sums to 1,023 bytes; the first line is malformed now. */
static const char wrap_log[] =
    "1795424441.198 10 10.20.1.15 TCP_TUNNEL/200 18446744073709551615" OUTLOOK
    "1795424442.000 10 10.20.1.15 TCP_TUNNEL/200 1024" OUTLOOK;

static void
check_wrap(struct mr_usage *u)
{
	struct mr_usage_summary sm;
	struct mr_usage_cell c;
	struct mr_usage_rate r;
	struct mr_usage_point *p;
	struct mr_usage_host h[2];
	size_t n;

	mr_usage_summary(u, &sm);
	assert_int_equal(sm.requests, 1);
	assert_int_equal(sm.bad, 1);
	assert_int_equal(sm.bytes, 1024);
	assert_false(sm.saturated);
	assert_int_equal(mr_usage_bad(u, 0)->line, 1);
	assert_string_equal(mr_usage_bad(u, 0)->why,
	                    "byte count over 1 TiB (2^40)");
	c = mr_usage_total(u, 0, MR_SA_EXCHANGE, MR_UC_EXPRESSROUTE);
	assert_int_equal(c.bytes, 1024);
	assert_int_equal(c.requests, 1);
	assert_int_equal(mr_usage_rate(u, 0, MR_UM_ALL, &r), MR_OK);
	assert_true(fabs(r.peak - 1024 * 8 / 1e6 / 300) < 1e-12);
	assert_int_equal(mr_usage_series(u, SIZE_MAX, &p, &n), MR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].bytes[MR_UM_ALL], 1024);
	assert_int_equal(p[0].bytes[MR_UM_M365], 1024);
	free(p);
	assert_int_equal(mr_usage_top_hosts(u, h, 2), 1);
	assert_int_equal(h[0].bytes, 1024);
}

static void
test_wrap(void **state)
{
	/* 2^63 bytes in one bucket was a 245,956,587,649 Mbps peak; a
	 * request that lasted longer than a week, times out of bounds */
	static const char crafted[] =
	    "1795424441.198 10 10.20.1.15 TCP_TUNNEL/200 "
	    "9223372036854775808" OUTLOOK
	    "1795424441.198 10 10.20.1.15 TCP_TUNNEL/200 "
	    "9223372036854775807" OUTLOOK
	    "1795424441.198 99999999999999 10.20.1.15 TCP_TUNNEL/200 5" OUTLOOK
	    "99999999999.000 10 10.20.1.15 TCP_TUNNEL/200 5" OUTLOOK
	    "12.000 10 10.20.1.15 TCP_TUNNEL/200 5" OUTLOOK
	    "1795424442.000 10 10.20.1.15 TCP_TUNNEL/200 1099511627776" OUTLOOK;
	struct mr_usage *u, *v;
	struct mr_usage_summary sm;
	struct mr_usage_rate r;
	struct mr_usage_opts o = MR_USAGE_OPTS_INIT;
	char *p;

	(void)state;
	u = scan(NULL, 1, MR_LOG_AUTO, wrap_log, strlen(wrap_log));
	check_wrap(u);
	/* and through a partial */
	p = partial(u);
	assert_int_equal(mr_usage_new(&v, m, NULL, &o), MR_OK);
	assert_int_equal(mr_usage_partial_read(v, "p", p, strlen(p)), MR_OK);
	check_wrap(v);
	free(p);
	mr_usage_free(v);
	mr_usage_free(u);
	u = scan(NULL, 2, MR_LOG_SQUID, wrap_log, strlen(wrap_log));
	check_wrap(u);
	mr_usage_free(u);

	u = scan(NULL, 1, MR_LOG_SQUID, crafted, strlen(crafted));
	mr_usage_summary(u, &sm);
	assert_int_equal(sm.requests, 1);
	assert_int_equal(sm.bad, 5);
	assert_int_equal(sm.bytes, MR_LOG_MAX_BYTES);
	assert_int_equal(sm.t_min_ms, 1795424442000LL);
	assert_int_equal(sm.t_max_ms, 1795424442000LL);
	assert_string_equal(mr_usage_bad(u, 2)->why,
	                    "elapsed time over a week");
	assert_string_equal(mr_usage_bad(u, 3)->why,
	                    "time before 1990 or after 2099");
	assert_string_equal(mr_usage_bad(u, 4)->why,
	                    "time before 1990 or after 2099");
	/* 2^40 bytes in 300 s: 29,320.6 Mbps, the most one line can add */
	assert_int_equal(mr_usage_rate(u, 0, MR_UM_ALL, &r), MR_OK);
	assert_true(fabs(r.peak - 1099511627776.0 * 8 / 1e6 / 300) < 1e-6);
	mr_usage_free(u);
}

static void
test_sat_add(void **state)
{
	uint64_t x = UINT64_MAX - 2;

	(void)state;
	mri_sat_add(&x, 1);
	assert_true(x == UINT64_MAX - 1);
	mri_sat_add(&x, 1);
	assert_true(x == UINT64_MAX);
	mri_sat_add(&x, 1);
	assert_true(x == UINT64_MAX);
	x = 1;
	mri_sat_add(&x, UINT64_MAX);
	assert_true(x == UINT64_MAX);
	x = 0;
	mri_sat_add(&x, 0);
	assert_true(x == 0);
}

/* A partial of one site "(all)" whose counters are all `big` (text). */
static char *
crafted_partial(const char *big, const char *bucket, const char *t0)
{
	char *p = malloc(2048);

	assert_non_null(p);
	snprintf(p, 2048,
	         "m365route-usage-partial\t1\n"
	         "bucket_s\t300\n"
	         "site\t(all)\n"
	         "counts\t%s\t%s\t%s\t0\t%s\t%s\t1\t%s\t1795424441198\n"
	         "input\tsquid\t0\t0\t100\t100\t1\t\tx.log\n"
	         "total\t0\t0\t0\t%s\t%s\n"
	         "series\t%s\t0\t%s\t0\t0\t%s\t0\t0\t0\n"
	         "hostshift\t0\t0\n"
	         "host\t0\t0\t0\t0\t%s\t%s\toutlook.office365.com\n"
	         "hostshift\t1\t0\n"
	         "end\n",
	         big, big, big, big, big, t0, big, big, bucket, big, big, big,
	         big);
	return p;
}

static void
check_saturated(const struct mr_usage *u)
{
	struct mr_usage_summary sm;
	struct mr_usage_cell c;
	struct mr_usage_point *p;
	struct mr_usage_host h[1];
	size_t n;

	mr_usage_summary(u, &sm);
	assert_true(sm.saturated);
	assert_true(sm.bytes == UINT64_MAX);
	assert_true(sm.requests == UINT64_MAX);
	assert_true(sm.lines == UINT64_MAX);
	assert_true(sm.bad == UINT64_MAX);
	assert_true(sm.log_bytes == UINT64_MAX);
	c = mr_usage_total(u, 0, MR_SA_EXCHANGE, MR_UC_EXPRESSROUTE);
	assert_true(c.bytes == UINT64_MAX);
	assert_true(c.requests == UINT64_MAX);
	assert_int_equal(mr_usage_series(u, 0, &p, &n), MR_OK);
	assert_int_equal(n, 1);
	assert_true(p[0].bytes[MR_UM_EXPRESSROUTE] == UINT64_MAX);
	assert_true(p[0].bytes[MR_UM_ER_SA + MR_SA_EXCHANGE] == UINT64_MAX);
	assert_true(p[0].bytes[MR_UM_ALL] == UINT64_MAX);
	free(p);
	assert_int_equal(mr_usage_top_hosts(u, h, 1), 1);
	assert_true(h[0].bytes == UINT64_MAX);
	assert_true(h[0].requests == UINT64_MAX);
}

static void
test_merge_saturates(void **state)
{
	/* 10^19 twice is above 2^64 - 1 = 18446744073709551615: it wrapped
	 * to 1553255926290448384 */
	char *a =
	    crafted_partial("10000000000000000000", "5984748", "1795424441198");
	struct mr_usage_opts o = MR_USAGE_OPTS_INIT;
	struct mr_usage_summary sm;
	struct mr_usage *u, *v;
	char *p, *bad;

	(void)state;
	assert_int_equal(mr_usage_new(&u, m, NULL, &o), MR_OK);
	assert_int_equal(mr_usage_partial_read(u, "a", a, strlen(a)), MR_OK);
	mr_usage_summary(u, &sm);
	assert_false(sm.saturated);
	assert_true(sm.bytes == 10000000000000000000ULL);
	assert_int_equal(mr_usage_partial_read(u, "a", a, strlen(a)), MR_OK);
	check_saturated(u);
	assert_int_equal(mr_usage_partial_read(u, "a", a, strlen(a)), MR_OK);
	check_saturated(u);
	/* a saturated partial stays saturated when merged again */
	p = partial(u);
	assert_int_equal(mr_usage_new(&v, m, NULL, &o), MR_OK);
	assert_int_equal(mr_usage_partial_read(v, "p", p, strlen(p)), MR_OK);
	assert_int_equal(mr_usage_partial_read(v, "a", a, strlen(a)), MR_OK);
	check_saturated(v);
	mr_usage_free(v);
	free(p);
	/* the old 9-field input record (no trailing count) still reads */
	assert_int_equal(mr_usage_input(u, 0)->trailing, 0);
	mr_usage_free(u);
	free(a);

	/* refused, not clamped: counters that do not fit 64 bits, buckets
	 * and times outside the bounds */
	static const char *const damaged[][3] = {
	    {"18446744073709551616", "5984748", "1795424441198"},
	    {"99999999999999999999999", "5984748", "1795424441198"},
	    {"1", "99999999999999999", "1795424441198"},
	    {"1", "-1", "1795424441198"},
	    {"1", "5984748", "-1"},
	    {"1", "5984748", "9223372036854775807"},
	    {"1", "5984748", "1795424441199"}, /* first after last */
	};
	size_t i;

	for (i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
		bad = crafted_partial(damaged[i][0], damaged[i][1],
		                      damaged[i][2]);
		assert_int_equal(mr_usage_new(&u, m, NULL, &o), MR_OK);
		if (mr_usage_partial_read(u, "d", bad, strlen(bad)) !=
		    MR_EPARSE)
			fail_msg("accepted: %s", bad);
		mr_usage_free(u);
		free(bad);
	}
}

/* ---- gzip members and what follows them ------------------------------------ */

static char *
cat2(const char *a, size_t an, const char *b, size_t bn, size_t *n)
{
	char *o = malloc(an + bn + 1);

	assert_non_null(o);
	memcpy(o, a, an);
	memcpy(o + an, b, bn);
	*n = an + bn;
	return o;
}

static void
test_gzip_members(void **state)
{
	static const char *const keep[] = {"counts", "total", "series",
	                                   "host",   "bad",   NULL};
	size_t len = strlen(small), cut, n1, n2, n3, n, k, maxl = 0, l = 0;
	char *g1, *g2, *g3, *all, *two, *ref, *q;
	struct mr_usage *u;
	const struct mr_usage_input *in;

	(void)state;
	for (k = 0; k < len; k++, l++)
		if (small[k] == '\n') {
			if (l + 1 > maxl)
				maxl = l + 1;
			l = 0;
		}
	/* members cut after the third line and in the middle of the fifth */
	cut = (size_t)(strstr(small, "bogus\n") + 6 - small);
	g1 = gzip(small, cut, &n1);
	g2 = gzip(small + cut, 40, &n2);
	g3 = gzip(small + cut + 40, len - cut - 40, &n3);
	two = cat2(g1, n1, g2, n2, &n);
	all = cat2(two, n, g3, n3, &n);
	free(two);
	u = scan(trey, 1, MR_LOG_AUTO, small, len);
	q = partial(u);
	ref = grep(q, keep);
	free(q);
	mr_usage_free(u);
	/* every split, so the magic of the next member straddles reads */
	split_all(all, n, ref, maxl);
	split_all(all, n, ref, 4096);
	u = scan(trey, 1, MR_LOG_AUTO, all, n);
	in = mr_usage_input(u, 0);
	assert_true(in->gzip);
	assert_false(in->truncated);
	assert_int_equal(in->trailing, 0);
	assert_null(in->why);
	assert_int_equal(in->log_bytes, len);
	mr_usage_free(u);
	free(all);
	free(g2);
	free(g3);
	free(ref);

	/* plain lines appended after the gzip data: counted, not read, at
	 * every split of the input */
	{
		static const char text[] =
		    "1700000301.000 1 10.10.1.6 TCP_TUNNEL/200 7 CONNECT "
		    "a.example:443 - HIER_DIRECT/1.1.1.1 -\nmore\n";
		static const char *const tails[] = {
		    text, "\x1f",       /* half a gzip magic, then the end */
		    "\0\0\0\0\0\0\0\0", /* padding */
		};
		size_t t, tl;
		for (t = 0; t < 3; t++) {
			tl = t == 2 ? 8 : strlen(tails[t]);
			all = cat2(g1, n1, tails[t], tl, &n);
			for (k = 1; k <= n + 1; k++) {
				struct mr_usage_summary sm;
				mr_usage_first_read = k;
				u = scan(NULL, 1, MR_LOG_AUTO, all, n);
				in = mr_usage_input(u, 0);
				mr_usage_summary(u, &sm);
				assert_true(in->gzip);
				assert_false(in->truncated);
				assert_int_equal(in->trailing, tl);
				assert_non_null(in->why);
				assert_int_equal(in->bytes_in, n);
				assert_int_equal(in->lines, 3);
				assert_int_equal(sm.requests, 2);
				mr_usage_free(u);
			}
			mr_usage_first_read = 0;
			free(all);
		}
	}
	/* the count and the reason go through a partial */
	{
		struct mr_usage_opts o = MR_USAGE_OPTS_INIT;
		struct mr_usage *v;
		all = cat2(g1, n1, "tail\n", 5, &n);
		u = scan(NULL, 1, MR_LOG_AUTO, all, n);
		q = partial(u);
		assert_int_equal(mr_usage_new(&v, m, NULL, &o), MR_OK);
		assert_int_equal(mr_usage_partial_read(v, "p", q, strlen(q)),
		                 MR_OK);
		assert_int_equal(mr_usage_input(v, 0)->trailing, 5);
		assert_string_equal(mr_usage_input(v, 0)->why,
		                    mr_usage_input(u, 0)->why);
		mr_usage_free(v);
		mr_usage_free(u);
		free(q);
		free(all);
	}
	free(g1);
}

/* ---- --update-demand --------------------------------------------------------- */

#define DEMAND_SITES 5000

/* Appends printf text to a malloc'd string of *n bytes (test helper). */
static void cat_printf(char **s, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
cat_printf(char **s, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(k >= 0);
	*s = realloc(*s, *n + (size_t)k + 1);
	assert_non_null(*s);
	va_start(ap, fmt);
	vsnprintf(*s + *n, (size_t)k + 1, fmt, ap);
	va_end(ap);
	*n += (size_t)k;
}

/* 5,000 sites (the CLI's table stopped at 1,024 without a word), each
 * with traffic; an old demand: block in the middle that must go. Every
 * site's demand comes back, in order, as measured, and the rewritten
 * design loads again with the same sites. */
static void
test_demand_many_sites(void **state)
{
	struct mr_design *dsg, *chk;
	struct mr_diags *d;
	struct mr_usage *u;
	struct mr_usage_rate r;
	char *text = NULL, *log = NULL, *out;
	size_t tn = 0, ln = 0, on, i;
	int k;

	(void)state;
	cat_printf(&text, &tn,
	           "organization: {name: T}\n"
	           "demand:   # old\n  - site: s0000\n    exchange: 999\n"
	           "# a comment\n"
	           "sites:\n");
	for (i = 0; i < DEMAND_SITES; i++)
		cat_printf(&text, &tn,
		           "  - name: s%04zu\n    subnets: [10.%zu.%zu.0/24]\n",
		           i, i >> 8, i & 255);
	for (i = 0; i < DEMAND_SITES; i++)
		cat_printf(&log, &ln,
		           "1795424441.198 10 10.%zu.%zu.7 TCP_TUNNEL/200 "
		           "%zu CONNECT outlook.office365.com:443 - "
		           "HIER_DIRECT/52.96.1.2 -\n",
		           i >> 8, i & 255, 100000 * (i + 1));
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_design_load_buffer(&dsg, "big", text, tn, d),
	                 MR_OK);
	assert_int_equal(dsg->n_sites, DEMAND_SITES);
	assert_int_equal(dsg->n_demand, 1);
	u = scan(dsg, 2, MR_LOG_SQUID, log, ln);
	assert_int_equal(mr_usage_demand_yaml(&out, &on, u, "big", text, tn),
	                 MR_OK);
	assert_int_equal(strlen(out), on);
	assert_null(strstr(out, "# old"));
	assert_int_equal(mr_design_load_buffer(&chk, "big", out, on, d), MR_OK);
	assert_int_equal(mr_diags_errors(d), 0);
	assert_int_equal(chk->n_sites, DEMAND_SITES);
	assert_int_equal(chk->n_demand, DEMAND_SITES);
	for (i = 0; i < DEMAND_SITES; i++) {
		assert_string_equal(chk->sites[i].name, dsg->sites[i].name);
		assert_int_equal(chk->demand[i].site.idx, i);
		for (k = 0; k < MR_SA__COUNT; k++) {
			assert_int_equal(
			    mr_usage_rate(
			        u, i, (enum mr_usage_metric)(MR_UM_ER_SA + k),
			        &r),
			    MR_OK);
			assert_true(fabs(chk->demand[i].mbps[k] -
			                 ceil(r.peak * 10) / 10) < 1e-9);
		}
		assert_true(chk->demand[i].mbps[MR_SA_EXCHANGE] > 0);
	}
	free(out);
	/* a flow-style demand: whose lines go on at column 0 is not removed
	 * whole: the result does not load, and nothing is returned */
	memcpy(strstr(text, "# a comment\n"), "]  # flow  \n", 12);
	assert_int_equal(mr_usage_demand_yaml(&out, &on, u, "big", text, tn),
	                 MR_EINVAL);
	assert_null(out);
	assert_non_null(strstr(mr_error_last(), "does not load again"));
	mr_usage_free(u);
	mr_design_free(chk);
	mr_design_free(dsg);
	mr_diags_free(d);
	free(text);
	free(log);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_figures),
	    cmocka_unit_test(test_tiers),
	    cmocka_unit_test(test_backhaul_attribution),
	    cmocka_unit_test(test_override_attribution),
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_split),
	    cmocka_unit_test(test_merge),
	    cmocka_unit_test(test_merge_sorted),
	    cmocka_unit_test(test_gzip_truncated),
	    cmocka_unit_test(test_mixed),
	    cmocka_unit_test(test_long_line),
	    cmocka_unit_test(test_host_sampling),
	    cmocka_unit_test(test_scanners_same),
	    cmocka_unit_test(test_scanners_same_w3c),
	    cmocka_unit_test(test_wrap),
	    cmocka_unit_test(test_sat_add),
	    cmocka_unit_test(test_merge_saturates),
	    cmocka_unit_test(test_gzip_members),
	    cmocka_unit_test(test_demand_many_sites),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
