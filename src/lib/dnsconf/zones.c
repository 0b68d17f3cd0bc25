/*
 * zones.c - the Microsoft 365 zones a remote site forwards: the
 * registrable domains of the catalog's URL patterns (docs/dns.md).
 *
 * A pattern's zone: drop every label up to and including the last one
 * that holds a '*' (`autodiscover.*.onmicrosoft.com` -> onmicrosoft.com,
 * `*broadcast.officeapps.live.com` -> officeapps.live.com), then keep one
 * label more than the longest public suffix the rest ends in
 * (officeapps.live.com -> live.com; x.partner.microsoftonline-p.net.cn ->
 * microsoftonline-p.net.cn). A rest that is itself a public suffix
 * (`*.com`, `*.net.cn`) has no zone: refused, as a name that is no DNS
 * name is, so a hostile feed cannot make a site forward `com`.
 *
 * The public-suffix table is ours, and small: the ICANN section of the
 * Public Suffix List (publicsuffix.org; Debian's `publicsuffix` package,
 * version 20230209.2326-1, public_suffix_list.dat) cut to the top-level
 * domains the endpoint feeds use (ai cn com ly microsoft mil ms net org
 * us, in the four 2025-11-14 instances and the 2020 and MEM worldwide
 * copies of data/endpoints), their second-level entries only. The
 * Private section is left out on purpose: it lists Microsoft's own
 * customer-facing domains (cloudapp.net, azureedge.net,
 * trafficmanager.net, ...), and the zone to forward there is Microsoft's
 * whole domain. Unlisted top-level domains follow the list's default
 * rule (the top-level domain alone is the suffix), except that a zone of
 * a two-letter top-level domain whose first label is a registry's usual
 * second level (co, com, net, org, gov, edu, ac, mil) is refused: most
 * likely a public suffix the table does not know (co.uk), and a wrong
 * zone would forward a whole country's names. The US locality suffixes
 * below the states (k12.ny.us, ...) are not listed: a name under a state
 * suffix (two letters under us) is refused rather than guessed. Only
 * net.cn is met by a real feed (China's *.partner.microsoftonline-p.net.cn).
 *
 * Complexity: O(P log P) for P patterns (sorted, then merged).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dnsconf_int.h"
#include "error.h"

/* Second-level public suffixes, per top-level domain (see above). */
static const char *const psl2[] = {
    /* ai */
    "com.ai", "net.ai", "off.ai", "org.ai",
    /* cn: the generic ones and the provinces (the IDN ones cannot occur
     * in a validated ASCII pattern) */
    "ac.cn", "com.cn", "edu.cn", "gov.cn", "mil.cn", "net.cn", "org.cn",
    "ah.cn", "bj.cn", "cq.cn", "fj.cn", "gd.cn", "gs.cn", "gx.cn", "gz.cn",
    "ha.cn", "hb.cn", "he.cn", "hi.cn", "hk.cn", "hl.cn", "hn.cn", "jl.cn",
    "js.cn", "jx.cn", "ln.cn", "mo.cn", "nm.cn", "nx.cn", "qh.cn", "sc.cn",
    "sd.cn", "sh.cn", "sn.cn", "sx.cn", "tj.cn", "tw.cn", "xj.cn", "xz.cn",
    "yn.cn", "zj.cn",
    /* ly */
    "com.ly", "edu.ly", "gov.ly", "id.ly", "med.ly", "net.ly", "org.ly",
    "plc.ly", "sch.ly",
    /* ms */
    "com.ms", "edu.ms", "gov.ms", "net.ms", "org.ms",
    /* us: the non-state ones; the states (two letters) by rule below */
    "dni.us", "fed.us", "isa.us", "kids.us", "nsn.us",
    /* com, microsoft, mil, net, org: none in the ICANN section */
};

/* A registry's usual second-level labels (the guard above). */
static const char *const generic2[] = {"ac",  "co",  "com", "edu",
                                       "gov", "mil", "net", "org"};

static bool
label_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return false;
	}
	return true;
}

bool
mr_dnsconf_name_ok(const char *s, size_t len)
{
	size_t i, start = 0, labels = 0;

	if (s == NULL || len == 0 || len > 253)
		return false;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (!label_ok(s + start, i - start))
			return false;
		labels++;
		start = i + 1;
	}
	return labels >= 2 && labels <= 127;
}

static bool
in_table(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(psl2) / sizeof(psl2[0]); i++)
		if (strlen(psl2[i]) == n && memcmp(psl2[i], s, n) == 0)
			return true;
	return false;
}

/* The number of labels of rest[0..n)'s public suffix (1 or 2), or 0 when
 * the table cannot tell (a US state, a likely unknown suffix). rest has
 * at least two labels. */
static int
suffix_labels(const char *rest, size_t n)
{
	const char *tld = rest + n, *sl; /* sl: the second-level label */
	size_t ntld, n2, i;

	while (tld > rest && tld[-1] != '.')
		tld--;
	ntld = (size_t)(rest + n - tld);
	sl = tld - 1;
	while (sl > rest && sl[-1] != '.')
		sl--;
	n2 = (size_t)(rest + n - sl); /* "label.tld" */
	if (in_table(sl, n2))
		return 2;
	if (ntld == 2 && memcmp(tld, "us", 2) == 0 && n2 == 5)
		return 0; /* a state: its locality suffixes are not listed */
	if (ntld == 2)
		for (i = 0; i < sizeof(generic2) / sizeof(generic2[0]); i++)
			if (strlen(generic2[i]) == n2 - 3 &&
			    memcmp(generic2[i], sl, n2 - 3) == 0)
				return 0;
	return 1;
}

size_t
mr_dnsconf_registrable(const char *pat, char *buf, size_t cap)
{
	const char *rest, *star, *p;
	size_t n, keep, labels = 0;
	int sl;

	if (pat == NULL || (star = strrchr(pat, '*')) == NULL)
		rest = pat;
	else if ((rest = strchr(star, '.')) == NULL)
		return 0;
	else
		rest++;
	if (rest == NULL)
		return 0;
	n = strlen(rest);
	if (!mr_dnsconf_name_ok(rest, n))
		return 0;
	for (p = rest; p < rest + n; p++)
		labels += *p == '.';
	labels++;
	if ((sl = suffix_labels(rest, n)) == 0)
		return 0;
	keep = (size_t)sl + 1;
	if (labels < keep)
		return 0;
	/* the last `keep` labels */
	for (p = rest + n; keep > 0; keep--) {
		p--;
		while (p > rest && p[-1] != '.')
			p--;
	}
	n = (size_t)(rest + n - p);
	if (n + 1 > cap)
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return n;
}

/* ---- the zone list ------------------------------------------------------ */

struct pat {
	char *zone;
	const char *pattern; /* borrowed while building */
	bool er;
	int64_t set_id;
};

static int
cmp_pat(const void *a, const void *b)
{
	const struct pat *x = a, *y = b;
	int c = strcmp(x->zone, y->zone);

	if (c != 0)
		return c;
	if (x->er != y->er)
		return x->er ? -1 : 1; /* ExpressRoute examples first */
	c = strcmp(x->pattern, y->pattern);
	if (c != 0)
		return c;
	return x->set_id < y->set_id ? -1 : x->set_id > y->set_id;
}

static void
free_pats(struct pat *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].zone);
	free(v);
}

/* Every pattern of cat with its zone into *out; MR_EINVAL names a
 * pattern without one. */
static int
collect(const struct mr_catalog *cat, struct pat **out, size_t *n_out)
{
	struct pat *v = NULL, *t;
	size_t n = 0, cap = 0, i, j;
	char zone[256];

	for (i = 0; i < mr_catalog_count(cat); i++) {
		const struct mr_endpoint_set *s = mr_catalog_set(cat, i);
		for (j = 0; j < s->n_urls; j++) {
			if (mr_dnsconf_registrable(s->urls[j], zone,
			                           sizeof(zone)) == 0) {
				free_pats(v, n);
				return mri_error_set(
				    MR_EINVAL,
				    "endpoint set %lld: URL pattern '%.80s' "
				    "has no zone to forward (it covers a "
				    "public suffix or is no DNS name; "
				    "docs/dns.md)",
				    (long long)s->id, s->urls[j]);
			}
			if (n == cap) {
				t = mri_vec_grow(v, &cap, n + 1, sizeof(*v),
				                 256);
				if (t == NULL) {
					free_pats(v, n);
					return mri_error_set(MR_ENOMEM,
					                     "out of memory");
				}
				v = t;
			}
			v[n].zone = strdup(zone);
			v[n].pattern = s->urls[j];
			v[n].er = s->express_route;
			v[n].set_id = s->id;
			if (v[n++].zone == NULL) {
				free_pats(v, n);
				return mri_error_set(MR_ENOMEM,
				                     "out of memory");
			}
		}
	}
	*out = v;
	*n_out = n;
	return MR_OK;
}

int
mr_dnsconf_zones(struct mr_dnsconf_zones **out, const struct mr_catalog *cat,
                 enum mr_dnsconf_scope scope)
{
	struct mr_dnsconf_zones *z;
	struct pat *v = NULL;
	size_t n = 0, i, j, k, nz, np;
	char *b;
	int rc;

	if (out == NULL)
		return mri_error_set(MR_EINVAL, "mr_dnsconf_zones: no out");
	*out = NULL;
	if (cat == NULL ||
	    (scope != MR_DNSCONF_ZONES_ER && scope != MR_DNSCONF_ZONES_ALL))
		return mri_error_set(MR_EINVAL, "mr_dnsconf_zones: bad call");
	if ((rc = collect(cat, &v, &n)) != MR_OK)
		return rc;
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_pat);
	if ((z = calloc(1, sizeof(*z))) == NULL ||
	    (n > 0 && ((z->v = calloc(n, sizeof(*z->v))) == NULL ||
	               (z->blk = calloc(n, sizeof(*z->blk))) == NULL))) {
		mr_dnsconf_zones_free(z);
		free_pats(v, n);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	z->scope = scope;
	for (i = 0; i < n; i = j) {
		struct mr_dnsconf_zone *e = &z->v[z->n];
		size_t distinct = 0;
		for (j = i; j < n && strcmp(v[j].zone, v[i].zone) == 0; j++)
			;
		for (k = i; k < j; k++) {
			size_t m;
			for (m = i; m < k; m++)
				if (strcmp(v[m].pattern, v[k].pattern) == 0)
					break;
			distinct += m == k;
		}
		if (scope == MR_DNSCONF_ZONES_ER && !v[i].er)
			continue; /* sorted: no pattern of it is ER */
		nz = strlen(v[i].zone) + 1;
		np = strlen(v[i].pattern) + 1;
		if ((b = malloc(nz + np)) == NULL) {
			mr_dnsconf_zones_free(z);
			free_pats(v, n);
			return mri_error_set(MR_ENOMEM, "out of memory");
		}
		memcpy(b, v[i].zone, nz);
		memcpy(b + nz, v[i].pattern, np);
		z->blk[z->n] = b;
		e->name = b;
		e->example = b + nz;
		e->er = v[i].er;
		e->n_patterns = distinct;
		e->set_id = v[i].set_id;
		z->n++;
	}
	free_pats(v, n);
	*out = z;
	return MR_OK;
}

void
mr_dnsconf_zones_free(struct mr_dnsconf_zones *z)
{
	size_t i;

	if (z == NULL)
		return;
	for (i = 0; i < z->n; i++)
		free(z->blk[i]);
	free(z->blk);
	free(z->v);
	free(z);
}

size_t
mr_dnsconf_zones_count(const struct mr_dnsconf_zones *z)
{
	return z != NULL ? z->n : 0;
}

const struct mr_dnsconf_zone *
mr_dnsconf_zone(const struct mr_dnsconf_zones *z, size_t i)
{
	return z != NULL && i < z->n ? &z->v[i] : NULL;
}
