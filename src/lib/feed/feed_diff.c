/*
 * feed_diff.c - what a new endpoint catalog means for routing
 * (mr_catalog_diff()) and the catalog digest that tells whether artefacts
 * written from a catalog are stale (mr_catalog_digest(), catalog/digest.c).
 *
 * Spec: the routing decision of match.h (docs/ARCHITECTURE.md), applied by
 * each catalog's own matcher; the seed document's exception tables
 * (mr_exceptions_compute()); set fields as in the /endpoints method of the
 * web service doc (ms.date 2025-01-08).
 *
 * The diff, in four parts:
 *   sets: old and new sets merged by id: added, removed, and changed (which
 *     fields differ; URLs and prefixes compared as sets, with counts; port
 *     lists as sets of ports);
 *   routes: every distinct pattern and prefix of either catalog is decided
 *     by both matchers. A pattern is looked up as if it were a host name,
 *     its '*' a character only a wildcard covers, so "*.x.com" is decided
 *     by the most specific rule covering the whole pattern. A prefix is
 *     decided by the longest prefix of the catalog containing it whole (an
 *     address lookup of its first address could land on a longer prefix
 *     inside it). Differences are moved (ExpressRoute <-> Internet),
 *     appeared (not routed before) or disappeared (not routed now), the
 *     last two marked "partly" when the other catalog routes something
 *     inside the pattern or prefix (mr_glob_covers(), containment);
 *   exceptions: (table, wildcard, sub) triples of both catalogs' tables;
 *   digests: mr_catalog_digest() of both; artefacts_stale when they differ.
 * Layout: everything the result owns is in one arena (priv); texts point
 *   into the catalogs and matchers, which must outlive it.
 * Complexity: sets O(n log n + urls log urls); routes O(R log R) for host
 *   patterns plus O(P_old * P_new) prefix containment tests (a few hundred
 *   prefixes each in real feeds); exceptions O(E log E).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "catalog_int.h"
#include "error.h"
#include "feed_int.h"

struct mr_catalog_diff_priv {
	struct mr_arena *a;
};

/*
 * Sets.
 */

static bool
same_opt(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Whether every port of a is in b. */
static bool
ports_in(const struct mr_port_range *a, size_t na,
         const struct mr_port_range *b, size_t nb)
{
	size_t i, k;
	unsigned p;

	for (i = 0; i < na; i++)
		for (p = a[i].lo; p <= a[i].hi; p++) {
			for (k = 0; k < nb; k++)
				if (p >= b[k].lo && p <= b[k].hi)
					break;
			if (k == nb)
				return false;
		}
	return true;
}

/* Port lists as sets of ports: "443,80" is "80,443". */
static bool
same_ports(const struct mr_port_range *a, size_t na,
           const struct mr_port_range *b, size_t nb)
{
	return ports_in(a, na, b, nb) && ports_in(b, nb, a, na);
}

/* Compare two sorted unique string lists: counts of added and removed. */
static void
list_delta(char *const *a, size_t na, char *const *b, size_t nb, size_t *added,
           size_t *removed)
{
	size_t i = 0, k = 0;

	*added = *removed = 0;
	while (i < na || k < nb) {
		int c = i == na ? 1 : k == nb ? -1 : strcmp(a[i], b[k]);
		if (c == 0) {
			i++;
			k++;
		} else if (c < 0) {
			(*removed)++;
			i++;
		} else {
			(*added)++;
			k++;
		}
	}
}

static int
compare_sets(struct mr_diff_set *ds, const struct mr_endpoint_set *o,
             const struct mr_endpoint_set *n)
{
	const char **uo, **un;
	char **po, **pn;
	size_t nuo, nun, npo, npn;
	unsigned f = 0;

	uo = mri_set_sorted_urls(o, &nuo);
	un = mri_set_sorted_urls(n, &nun);
	po = mri_set_sorted_ips(o, &npo);
	pn = mri_set_sorted_ips(n, &npn);
	if (uo == NULL || un == NULL || po == NULL || pn == NULL) {
		free(uo);
		free(un);
		free(po);
		free(pn);
		return MR_ENOMEM;
	}
	if (strcmp(o->service_area, n->service_area) != 0)
		f |= MR_DIFF_AREA;
	if (!same_opt(o->service_area_display, n->service_area_display))
		f |= MR_DIFF_DISPLAY;
	if (o->category != n->category)
		f |= MR_DIFF_CATEGORY;
	if (o->express_route != n->express_route)
		f |= MR_DIFF_ER;
	if (o->required != n->required)
		f |= MR_DIFF_REQUIRED;
	if (!same_opt(o->notes, n->notes))
		f |= MR_DIFF_NOTES;
	if (!same_ports(o->tcp, o->n_tcp, n->tcp, n->n_tcp))
		f |= MR_DIFF_TCP;
	if (!same_ports(o->udp, o->n_udp, n->udp, n->n_udp))
		f |= MR_DIFF_UDP;
	list_delta((char *const *)(uintptr_t)uo, nuo,
	           (char *const *)(uintptr_t)un, nun, &ds->urls_added,
	           &ds->urls_removed);
	list_delta(po, npo, pn, npn, &ds->ips_added, &ds->ips_removed);
	if (ds->urls_added || ds->urls_removed)
		f |= MR_DIFF_URLS;
	if (ds->ips_added || ds->ips_removed)
		f |= MR_DIFF_IPS;
	ds->fields = f;
	free(uo);
	free(un);
	free(po);
	free(pn);
	return MR_OK;
}

static int
diff_sets(struct mr_catalog_diff *df, struct mr_arena *a,
          const struct mr_catalog *oc, const struct mr_catalog *nc)
{
	const struct mr_endpoint_set **o = mri_catalog_by_id(oc),
	                             **n = mri_catalog_by_id(nc);
	size_t no = mr_catalog_count(oc), nn = mr_catalog_count(nc);
	size_t i = 0, k = 0, cap = no + nn + 1;
	struct mr_diff_set *add, *rem, *chg;
	int rc = MR_OK;

	add = mri_arena_calloc(a, cap, sizeof(*add));
	rem = mri_arena_calloc(a, cap, sizeof(*rem));
	chg = mri_arena_calloc(a, cap, sizeof(*chg));
	if (o == NULL || n == NULL || add == NULL || rem == NULL ||
	    chg == NULL) {
		rc = MR_ENOMEM;
		goto out;
	}
	while (i < no || k < nn) {
		int c = i == no ? 1
		        : k == nn
		            ? -1
		            : (o[i]->id > n[k]->id) - (o[i]->id < n[k]->id);
		if (c < 0) {
			rem[df->n_removed].id = o[i]->id;
			rem[df->n_removed++].old = o[i++];
		} else if (c > 0) {
			add[df->n_added].id = n[k]->id;
			add[df->n_added++].new = n[k++];
		} else {
			struct mr_diff_set *d = &chg[df->n_changed];
			d->id = o[i]->id;
			d->old = o[i];
			d->new = n[k];
			if ((rc = compare_sets(d, o[i], n[k])) != MR_OK)
				goto out;
			if (d->fields != 0)
				df->n_changed++;
			else
				memset(d, 0, sizeof(*d));
			i++;
			k++;
		}
	}
	df->added = add;
	df->removed = rem;
	df->changed = chg;
out:
	free(o);
	free(n);
	return rc;
}

/*
 * Routes.
 */

struct pfx {
	struct mr_prefix p;
	bool er;
};

/* The prefix rules of m, parsed (malloc'd). */
static struct pfx *
prefixes(const struct mr_matcher *m, size_t *n)
{
	size_t i, k = 0, r = mr_matcher_rule_count(m);
	struct pfx *v = malloc((r ? r : 1) * sizeof(*v));

	*n = 0;
	if (v == NULL)
		return NULL;
	for (i = 0; i < r; i++) {
		const struct mr_rule *ru = mr_matcher_rule(m, (uint32_t)i);
		if (!ru->is_prefix ||
		    mr_prefix_parse(&v[k].p, ru->text, strlen(ru->text),
		                    NULL) != MR_OK)
			continue;
		v[k++].er = ru->express_route;
	}
	*n = k;
	return v;
}

static enum mr_route
route_prefix(const struct pfx *v, size_t n, const struct mr_prefix *p)
{
	size_t i;
	int best = -1;
	bool er = false;

	for (i = 0; i < n; i++) {
		if (v[i].p.addr.family != p->addr.family ||
		    v[i].p.len > p->len || (int)v[i].p.len < best ||
		    !mr_prefix_contains(&v[i].p, &p->addr))
			continue;
		if ((int)v[i].p.len > best) {
			best = v[i].p.len;
			er = false;
		}
		er = er || v[i].er;
	}
	if (best < 0)
		return MR_ROUTE_UNKNOWN;
	return er ? MR_ROUTE_EXPRESSROUTE : MR_ROUTE_INTERNET;
}

struct item {
	const char *text;
	bool is_prefix;
};

/* Whether m routes part of it: a narrower rule lies inside it. */
static bool
partly(const struct mr_matcher *m, const struct pfx *v, size_t n,
       const struct item *it)
{
	size_t i, r = mr_matcher_rule_count(m), l = strlen(it->text);
	struct mr_prefix p;

	if (it->is_prefix) {
		if (mr_prefix_parse(&p, it->text, l, NULL) != MR_OK)
			return false;
		for (i = 0; i < n; i++)
			if (v[i].p.addr.family == p.addr.family &&
			    v[i].p.len > p.len &&
			    mr_prefix_contains(&p, &v[i].p.addr))
				return true;
		return false;
	}
	if (strchr(it->text, '*') == NULL)
		return false;
	for (i = 0; i < r; i++) {
		const struct mr_rule *ru = mr_matcher_rule(m, (uint32_t)i);
		if (!ru->is_prefix &&
		    mr_glob_covers(it->text, l, ru->text, strlen(ru->text)))
			return true;
	}
	return false;
}

static int
cmp_item(const void *x, const void *y)
{
	const struct item *a = x, *b = y;

	if (a->is_prefix != b->is_prefix)
		return a->is_prefix ? 1 : -1;
	return strcmp(a->text, b->text);
}

static int
diff_routes(struct mr_catalog_diff *df, struct mr_arena *a,
            const struct mr_matcher *om, const struct mr_matcher *nm)
{
	size_t ro = mr_matcher_rule_count(om), rn = mr_matcher_rule_count(nm);
	size_t i, n = 0, npo = 0, npn = 0, k = 0;
	struct item *v = malloc((ro + rn + 1) * sizeof(*v));
	struct pfx *po = prefixes(om, &npo), *pn = prefixes(nm, &npn);
	struct mr_diff_route *out;
	int rc = MR_OK;

	out = mri_arena_calloc(a, ro + rn + 1, sizeof(*out));
	if (v == NULL || po == NULL || pn == NULL || out == NULL) {
		rc = MR_ENOMEM;
		goto done;
	}
	for (i = 0; i < ro; i++) {
		const struct mr_rule *r = mr_matcher_rule(om, (uint32_t)i);
		v[n].text = r->text;
		v[n++].is_prefix = r->is_prefix;
	}
	for (i = 0; i < rn; i++) {
		const struct mr_rule *r = mr_matcher_rule(nm, (uint32_t)i);
		v[n].text = r->text;
		v[n++].is_prefix = r->is_prefix;
	}
	qsort(v, n, sizeof(*v), cmp_item);
	for (i = 0; i < n; i++) {
		enum mr_route from, to;
		struct mr_match mm;

		if (i > 0 && cmp_item(&v[i - 1], &v[i]) == 0)
			continue;
		if (v[i].is_prefix) {
			struct mr_prefix p;
			if (mr_prefix_parse(&p, v[i].text, strlen(v[i].text),
			                    NULL) != MR_OK)
				continue;
			from = route_prefix(po, npo, &p);
			to = route_prefix(pn, npn, &p);
		} else {
			size_t l = strlen(v[i].text);
			from = mr_match_host(om, v[i].text, l, &mm);
			to = mr_match_host(nm, v[i].text, l, &mm);
		}
		if (from == to)
			continue;
		out[k].text = v[i].text;
		out[k].is_prefix = v[i].is_prefix;
		out[k].from = from;
		out[k].to = to;
		if (from == MR_ROUTE_UNKNOWN || to == MR_ROUTE_UNKNOWN)
			out[k].partly =
			    partly(from == MR_ROUTE_UNKNOWN ? om : nm,
			           from == MR_ROUTE_UNKNOWN ? po : pn,
			           from == MR_ROUTE_UNKNOWN ? npo : npn, &v[i]);
		k++;
		if (from == MR_ROUTE_UNKNOWN)
			df->n_appeared++;
		else if (to == MR_ROUTE_UNKNOWN)
			df->n_disappeared++;
		else
			df->n_moved++;
	}
	df->routes = out;
	df->n_routes = k;
done:
	free(v);
	free(po);
	free(pn);
	return rc;
}

/*
 * Exception tables.
 */

struct triple {
	bool er;
	const char *w, *s;
};

static int
cmp_triple(const void *x, const void *y)
{
	const struct triple *a = x, *b = y;
	int c;

	if (a->er != b->er)
		return a->er ? -1 : 1;
	if ((c = strcmp(a->w, b->w)) != 0)
		return c;
	return strcmp(a->s, b->s);
}

static struct triple *
triples(struct mr_matcher *m, size_t *n)
{
	const struct mr_exceptions *e;
	size_t i, j, k = 0, total = 0;
	struct triple *v;

	*n = 0;
	if (mr_exceptions_compute(&e, m) != MR_OK)
		return NULL;
	for (i = 0; i < e->n_er; i++)
		total += e->er[i].n;
	for (i = 0; i < e->n_inet; i++)
		total += e->inet[i].n;
	if ((v = malloc((total ? total : 1) * sizeof(*v))) == NULL)
		return NULL;
	for (i = 0; i < e->n_er; i++)
		for (j = 0; j < e->er[i].n; j++) {
			v[k].er = true;
			v[k].w = mr_matcher_rule(m, e->er[i].wildcard)->text;
			v[k++].s = mr_matcher_rule(m, e->er[i].subs[j])->text;
		}
	for (i = 0; i < e->n_inet; i++)
		for (j = 0; j < e->inet[i].n; j++) {
			v[k].er = false;
			v[k].w = mr_matcher_rule(m, e->inet[i].wildcard)->text;
			v[k++].s = mr_matcher_rule(m, e->inet[i].subs[j])->text;
		}
	qsort(v, k, sizeof(*v), cmp_triple);
	*n = k;
	return v;
}

static int
diff_exceptions(struct mr_catalog_diff *df, struct mr_arena *a,
                struct mr_matcher *om, struct mr_matcher *nm)
{
	size_t no = 0, nn = 0, i = 0, k = 0, m = 0;
	struct triple *o = triples(om, &no), *n = triples(nm, &nn);
	struct mr_diff_exception *out;
	int rc = MR_OK;

	out = mri_arena_calloc(a, no + nn + 1, sizeof(*out));
	if (o == NULL || n == NULL || out == NULL) {
		rc = MR_ENOMEM;
		goto done;
	}
	while (i < no || k < nn) {
		int c = i == no ? 1 : k == nn ? -1 : cmp_triple(&o[i], &n[k]);
		const struct triple *t;
		if (c == 0) {
			i++;
			k++;
			continue;
		}
		t = c < 0 ? &o[i++] : &n[k++];
		out[m].er_table = t->er;
		out[m].added = c > 0;
		out[m].wildcard = t->w;
		out[m++].sub = t->s;
	}
	df->exceptions = out;
	df->n_exceptions = m;
done:
	free(o);
	free(n);
	return rc;
}

int
mr_catalog_diff(struct mr_catalog_diff **out, struct mr_matcher *old_m,
                struct mr_matcher *new_m)
{
	struct mr_catalog_diff *df;
	struct mr_arena *a;
	int rc;

	if (out == NULL)
		return mri_error_set(MR_EINVAL, "mr_catalog_diff: no output");
	*out = NULL;
	if (old_m == NULL || new_m == NULL)
		return mri_error_set(MR_EINVAL, "mr_catalog_diff: no matcher");
	if (mri_arena_create(&a) != MR_OK)
		return mri_error_set(MR_ENOMEM, "out of memory");
	if ((df = mri_arena_alloc(a, sizeof(*df))) == NULL ||
	    (df->priv = mri_arena_alloc(a, sizeof(*df->priv))) == NULL) {
		mri_arena_destroy(a);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	df->priv->a = a;
	rc = diff_sets(df, a, mr_matcher_catalog(old_m),
	               mr_matcher_catalog(new_m));
	if (rc == MR_OK)
		rc = diff_routes(df, a, old_m, new_m);
	if (rc == MR_OK)
		rc = diff_exceptions(df, a, old_m, new_m);
	if (rc == MR_OK)
		rc = mr_catalog_digest(df->old_digest,
		                       mr_matcher_catalog(old_m));
	if (rc == MR_OK)
		rc = mr_catalog_digest(df->new_digest,
		                       mr_matcher_catalog(new_m));
	if (rc != MR_OK) {
		mri_arena_destroy(a);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	df->artefacts_stale = strcmp(df->old_digest, df->new_digest) != 0;
	*out = df;
	return MR_OK;
}

void
mr_catalog_diff_free(struct mr_catalog_diff *diff)
{
	if (diff != NULL)
		mri_arena_destroy(diff->priv->a);
}

int
mr_feed_plan_digest(char out[MR_DIGEST_LEN + 1], const char *plan_dir)
{
	char path[4096];
	struct mr_body b;
	const char *p, *end;
	int rc;

	out[0] = '\0';
	if (plan_dir == NULL)
		return mri_error_set(MR_EINVAL, "no plan directory");
	snprintf(path, sizeof(path), "%s/summary.txt", plan_dir);
	if ((rc = mri_feed_read_file(&b, path, 1u << 20)) != MR_OK) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", mr_error_last());
		return rc == MR_ENOTFOUND ? mri_error_set(MR_EIO, "%s", msg)
		                          : rc;
	}
	for (p = b.p, end = b.p + b.n; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t i;

		if ((size_t)(le - p) > 15 &&
		    strncmp(p, "catalog-digest:", 15) == 0) {
			const char *h = p + 15;
			while (h < le && (*h == ' ' || *h == '\t'))
				h++;
			if (le - h >= MR_DIGEST_LEN) {
				for (i = 0; i < MR_DIGEST_LEN; i++) {
					char c = h[i];
					if (!((c >= '0' && c <= '9') ||
					      (c >= 'a' && c <= 'f')))
						break;
				}
				if (i == MR_DIGEST_LEN) {
					memcpy(out, h, MR_DIGEST_LEN);
					out[MR_DIGEST_LEN] = '\0';
					mri_body_free(&b);
					return MR_OK;
				}
			}
		}
		p = le + 1;
	}
	mri_body_free(&b);
	return mri_error_set(MR_ENOTFOUND,
	                     "'%s' records no catalog-digest (a plan written "
	                     "before digests existed?)",
	                     path);
}
