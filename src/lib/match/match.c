/*
 * match.c - rules and indexes of a catalog: the one place that decides the
 * route of a host or an address (docs/ARCHITECTURE.md, "one place decides").
 *
 * Build: every url of every set becomes a (text, set) pair; identical texts
 * merge into one rule (route ExpressRoute if any of its sets is, category the
 * highest of its sets), numbered in order of first appearance. The same for
 * prefixes, after the host rules. Host rules are indexed by hostmatch.c,
 * prefixes by one lpm.c table per family. Every match of a host (for
 * explanations) goes through the host index too (mri_hostidx_all()); the
 * linear scan it replaced stays as mr_match_host_all_scan(), the oracle.
 * Every match of an address is the longest match's list of covering
 * prefixes (build_cover(): prefixes covering one address are nested, so
 * they are exactly those covering the longest); mr_match_addr_all_scan()
 * is its oracle.
 * Complexity: build O(n log n) in the number of urls and ips; lookups see
 * hostmatch.c and lpm.c. Memory: one arena, freed with the matcher.
 * Spec: "Routing with ExpressRoute for Office 365" (Microsoft, 2024) and the
 * endpoint web service's category rule (Optimize > Allow > Default).
 */
#include <stdlib.h>
#include <string.h>

#include "catalog_int.h"
#include "error.h"
#include "hostmatch.h"
#include "lpm.h"
#include "match_int.h"

struct item {
	const void *key; /* const char * or const struct mr_prefix * */
	uint32_t pos;    /* order of appearance */
	uint32_t set;
};

static int
cmp_url(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int
cmp_pfx(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	const struct mr_prefix *p = x->key, *q = y->key;
	int c;

	if (p->addr.family != q->addr.family)
		return p->addr.family < q->addr.family ? -1 : 1;
	if (p->len != q->len)
		return p->len < q->len ? -1 : 1;
	c = memcmp(p->addr.bytes, q->addr.bytes, 16);
	if (c != 0)
		return c;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static bool
same_key(const struct item *x, const struct item *y, bool prefixes)
{
	const struct mr_prefix *p = x->key, *q = y->key;

	if (!prefixes)
		return strcmp(x->key, y->key) == 0;
	return p->addr.family == q->addr.family && p->len == q->len &&
	       memcmp(p->addr.bytes, q->addr.bytes, 16) == 0;
}

/*
 * Merge sorted items into rules at out[0..], returning how many. Each rule
 * gets its sets (deduplicated, ascending), the OR of express_route and the
 * highest category.
 */
static size_t
merge(struct mr_matcher *m, struct item *it, size_t n, struct mr_rule *out,
      bool prefixes, struct mr_prefix *pfx_out)
{
	const struct mr_catalog *c = m->cat;
	size_t i = 0, k = 0;

	while (i < n) {
		size_t j = i, ns = 0;
		uint32_t *sets, last = UINT32_MAX;
		struct mr_rule *r = &out[k];

		while (j < n && same_key(&it[i], &it[j], prefixes))
			j++;
		sets = mri_arena_calloc(m->arena, j - i, sizeof(*sets));
		if (sets == NULL)
			return SIZE_MAX;
		for (size_t t = i; t < j; t++) {
			const struct mr_endpoint_set *s = &c->sets[it[t].set];
			if (it[t].set != last) {
				sets[ns++] = it[t].set;
				last = it[t].set;
			}
			if (s->express_route)
				r->express_route = true;
			if (s->category > r->category)
				r->category = s->category;
		}
		/* sets[] is in appearance order, which is set order. */
		r->sets = sets;
		r->n_sets = ns;
		r->is_prefix = prefixes;
		if (prefixes) {
			const struct mr_prefix *p = it[i].key;
			char buf[MR_PREFIX_STRLEN];
			size_t len = mr_prefix_format(p, buf, sizeof(buf));
			pfx_out[k] = *p;
			r->text = mri_arena_strndup(m->arena, buf, len);
			r->literal = p->len;
		} else {
			r->text = it[i].key;
			r->literal = mri_glob_literal(r->text, strlen(r->text));
			r->is_wildcard = r->literal != MR_LITERAL_EXACT;
		}
		if (r->text == NULL)
			return SIZE_MAX;
		/* Remember the first appearance for the final ordering. */
		m->first[k] = it[i].pos;
		k++;
		i = j;
	}
	return k;
}

/* Sort rules[0..n) (and the parallel pfx[], if any) by first appearance. */
static int
order_rules(struct mr_matcher *m, struct mr_rule *rules, struct mr_prefix *pfx,
            size_t n)
{
	size_t *idx, i;
	struct mr_rule *tmp;
	struct mr_prefix *ptmp = NULL;

	idx = malloc(n * sizeof(*idx) + 1);
	tmp = malloc(n * sizeof(*tmp) + 1);
	if (pfx != NULL)
		ptmp = malloc(n * sizeof(*ptmp) + 1);
	if (idx == NULL || tmp == NULL || (pfx != NULL && ptmp == NULL)) {
		free(idx);
		free(tmp);
		free(ptmp);
		return MR_ENOMEM;
	}
	/* Counting sort would do; n is small, so a simple insertion of
	 * positions: first[] values are distinct. */
	for (i = 0; i < n; i++)
		idx[i] = i;
	for (i = 1; i < n; i++) {
		size_t v = idx[i], j = i;
		while (j > 0 && m->first[idx[j - 1]] > m->first[v]) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = v;
	}
	for (i = 0; i < n; i++) {
		tmp[i] = rules[idx[i]];
		if (pfx != NULL)
			ptmp[i] = pfx[idx[i]];
	}
	memcpy(rules, tmp, n * sizeof(*tmp));
	if (pfx != NULL)
		memcpy(pfx, ptmp, n * sizeof(*ptmp));
	free(idx);
	free(tmp);
	free(ptmp);
	return MR_OK;
}

static int
build_rules(struct mr_matcher *m)
{
	const struct mr_catalog *c = m->cat;
	size_t n_urls = 0, n_ips = 0, i, j, k, nu = 0, np = 0;
	struct item *urls = NULL, *ips = NULL;
	uint32_t pos = 0;
	int rc = MR_ENOMEM;

	for (i = 0; i < c->n; i++) {
		n_urls += c->sets[i].n_urls;
		n_ips += c->sets[i].n_ips;
	}
	urls = malloc((n_urls + 1) * sizeof(*urls));
	ips = malloc((n_ips + 1) * sizeof(*ips));
	m->rules =
	    mri_arena_calloc(m->arena, n_urls + n_ips + 1, sizeof(*m->rules));
	m->pfx = mri_arena_calloc(m->arena, n_ips + 1, sizeof(*m->pfx));
	m->first = malloc((n_urls + n_ips + 1) * sizeof(*m->first));
	if (urls == NULL || ips == NULL || m->rules == NULL || m->pfx == NULL ||
	    m->first == NULL)
		goto out;
	for (i = 0; i < c->n; i++) {
		const struct mr_endpoint_set *s = &c->sets[i];
		for (j = 0; j < s->n_urls; j++)
			urls[nu++] =
			    (struct item){s->urls[j], pos++, (uint32_t)i};
		for (j = 0; j < s->n_ips; j++)
			ips[np++] =
			    (struct item){&s->ips[j], pos++, (uint32_t)i};
	}
	qsort(urls, nu, sizeof(*urls), cmp_url);
	qsort(ips, np, sizeof(*ips), cmp_pfx);
	k = merge(m, urls, nu, m->rules, false, NULL);
	if (k == SIZE_MAX)
		goto out;
	m->n_host = k;
	if (order_rules(m, m->rules, NULL, k) != MR_OK)
		goto out;
	k = merge(m, ips, np, m->rules + m->n_host, true, m->pfx);
	if (k == SIZE_MAX)
		goto out;
	if (order_rules(m, m->rules + m->n_host, m->pfx, k) != MR_OK)
		goto out;
	m->n_rules = m->n_host + k;
	rc = MR_OK;
out:
	free(urls);
	free(ips);
	free(m->first);
	m->first = NULL;
	return rc;
}

static int
build_lpm(struct mr_matcher *m, enum mr_family fam, struct mr_lpm **out)
{
	size_t n_pfx = m->n_rules - m->n_host, i, n = 0;
	struct mr_prefix *p = malloc((n_pfx + 1) * sizeof(*p));
	uint32_t *v = malloc((n_pfx + 1) * sizeof(*v));
	int rc = MR_ENOMEM;

	if (p == NULL || v == NULL)
		goto out;
	for (i = 0; i < n_pfx; i++) {
		if (m->pfx[i].addr.family != fam)
			continue;
		p[n] = m->pfx[i];
		v[n] = (uint32_t)(m->n_host + i);
		n++;
	}
	rc =
	    mri_lpm_build(out, m->arena, fam, p, v, n) == 0 ? MR_OK : MR_ENOMEM;
out:
	free(p);
	free(v);
	return rc;
}

/* Whether prefix q covers prefix p (q no longer, and p's address in q). */
static bool
pfx_covers(const struct mr_prefix *q, const struct mr_prefix *p)
{
	return q->len <= p->len && mr_prefix_contains(q, &p->addr);
}

/* A prefix as build_cover() sorts it: its network (host bits cleared). */
struct walk {
	uint8_t family;
	uint8_t len;
	uint8_t net[16];
	uint32_t idx; /* into m->pfx */
};

/* Order of a walk of the prefix tree: family, network, shorter first,
 * then index; a covering prefix comes before every prefix it covers. */
static int
cmp_walk(const void *a, const void *b)
{
	const struct walk *p = a, *q = b;
	int c;

	if (p->family != q->family)
		return p->family < q->family ? -1 : 1;
	if ((c = memcmp(p->net, q->net, 16)) != 0)
		return c;
	if (p->len != q->len)
		return p->len < q->len ? -1 : 1;
	return p->idx < q->idx ? -1 : p->idx > q->idx;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The cover lists: one walk of the prefixes in cmp_walk order keeping a
 * stack of those covering the current one (a chain), equal prefixes taken
 * as one group; a first pass counts, a second fills. O(n log n + the
 * lists' total length). */
static int
build_cover(struct mr_matcher *m)
{
	size_t n = m->n_rules - m->n_host, i, j, k, g, d, total = 0;
	struct walk *w = calloc(n + 1, sizeof(*w));
	uint32_t *stk = malloc((n + 1) * sizeof(*stk));
	uint32_t *cnt = calloc(n + 1, sizeof(*cnt));
	uint32_t *at;
	unsigned b, pass;
	int rc = MR_ENOMEM;

	m->cover_off = mri_arena_alloc(m->arena, (n + 1) * sizeof(uint32_t));
	if (w == NULL || stk == NULL || cnt == NULL || m->cover_off == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		const struct mr_prefix *p = &m->pfx[i];
		w[i].family = (uint8_t)p->addr.family;
		w[i].len = (uint8_t)p->len;
		w[i].idx = (uint32_t)i;
		for (b = 0; b < 128 && b < p->len; b++)
			w[i].net[b / 8] |= (uint8_t)(p->addr.bytes[b / 8] &
			                             (0x80u >> (b % 8)));
	}
	qsort(w, n, sizeof(*w), cmp_walk);
	for (pass = 0; pass < 2; pass++) {
		d = 0;
		for (i = 0; i < n; i = j) {
			const struct mr_prefix *p = &m->pfx[w[i].idx];
			for (j = i + 1; j < n && w[j].family == w[i].family &&
			                w[j].len == w[i].len &&
			                memcmp(w[j].net, w[i].net, 16) == 0;
			     j++)
				;
			while (d > 0 && !pfx_covers(&m->pfx[stk[d - 1]], p))
				d--;
			for (k = i; k < j; k++) {
				uint32_t x = w[k].idx;
				if (pass == 0) {
					cnt[x] = (uint32_t)(d + (j - i));
					continue;
				}
				at = m->cover_ids + m->cover_off[x];
				for (g = 0; g < d; g++)
					*at++ = (uint32_t)(m->n_host + stk[g]);
				for (g = i; g < j; g++)
					*at++ =
					    (uint32_t)(m->n_host + w[g].idx);
				qsort(m->cover_ids + m->cover_off[x], cnt[x],
				      sizeof(uint32_t), cmp_u32);
			}
			for (k = i; k < j; k++)
				stk[d++] = w[k].idx;
		}
		if (pass == 1)
			break;
		for (i = 0; i < n; i++) {
			m->cover_off[i] = (uint32_t)total;
			total += cnt[i];
		}
		m->cover_off[n] = (uint32_t)total;
		m->cover_ids =
		    mri_arena_alloc(m->arena, (total + 1) * sizeof(uint32_t));
		if (m->cover_ids == NULL)
			goto out;
	}
	rc = MR_OK;
out:
	free(w);
	free(stk);
	free(cnt);
	return rc;
}

/* route_by_k[0] = unknown, route_by_k[id + 1] = the route of rule id. */
static int
build_routes(struct mr_matcher *m)
{
	size_t i;

	m->route_by_k = mri_arena_alloc(m->arena, m->n_rules + 1);
	if (m->route_by_k == NULL)
		return MR_ENOMEM;
	m->route_by_k[0] = MR_ROUTE_UNKNOWN;
	for (i = 0; i < m->n_rules; i++)
		m->route_by_k[i + 1] = m->rules[i].express_route
		                           ? MR_ROUTE_EXPRESSROUTE
		                           : MR_ROUTE_INTERNET;
	return MR_OK;
}

int
mr_matcher_build(struct mr_matcher **out, const struct mr_catalog *c)
{
	struct mr_matcher *m;
	int rc;

	*out = NULL;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return mri_error_set(MR_ENOMEM, "out of memory");
	m->cat = c;
	if (mri_arena_create(&m->arena) != 0) {
		free(m);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	rc = build_rules(m);
	if (rc == MR_OK)
		rc = mri_hostidx_build(&m->hidx, m->arena, m->rules,
		                       m->n_host) == 0
		         ? MR_OK
		         : MR_ENOMEM;
	if (rc == MR_OK)
		rc = build_routes(m);
	if (rc == MR_OK)
		rc = build_lpm(m, MR_AF_INET, &m->lpm4);
	if (rc == MR_OK)
		rc = build_lpm(m, MR_AF_INET6, &m->lpm6);
	if (rc == MR_OK)
		rc = build_cover(m);
	if (rc != MR_OK) {
		mr_matcher_free(m);
		return mri_error_set(rc, "out of memory building the matcher");
	}
	*out = m;
	return MR_OK;
}

void
mr_matcher_free(struct mr_matcher *m)
{
	if (m == NULL)
		return;
	free(m->first);
	mri_arena_destroy(m->arena);
	free(m);
}

const struct mr_catalog *
mr_matcher_catalog(const struct mr_matcher *m)
{
	return m->cat;
}

size_t
mr_matcher_rule_count(const struct mr_matcher *m)
{
	return m->n_rules;
}

const struct mr_rule *
mr_matcher_rule(const struct mr_matcher *m, uint32_t id)
{
	return id < m->n_rules ? &m->rules[id] : NULL;
}

enum mr_route
mr_match_host(const struct mr_matcher *m, const char *host, size_t len,
              struct mr_match *out)
{
	mri_hostidx_lookup(m->hidx, m->rules, host, len, out);
	return out->route;
}

enum mr_route
mr_match_addr(const struct mr_matcher *m, const struct mr_addr *a,
              struct mr_match *out)
{
	const struct mr_lpm *t = a->family == MR_AF_INET ? m->lpm4 : m->lpm6;
	uint32_t id = mri_lpm_lookup(t, a->bytes);
	uint32_t k = id + 1; /* MR_LPM_NONE wraps to 0, "unknown" */

	/* No branch on hit or miss: a mixed stream of addresses would
	 * mispredict it (see docs/PERFORMANCE.md). */
	out->n = k != 0;
	out->rules[0] = id;
	out->route = (enum mr_route)m->route_by_k[k];
	return out->route;
}

size_t
mr_match_host_all(const struct mr_matcher *m, const char *host, size_t len,
                  uint32_t *ids, size_t cap)
{
	return mri_hostidx_all(m->hidx, m->rules, host, len, ids, cap, NULL);
}

size_t
mr_match_host_explain(const struct mr_matcher *m, const char *host, size_t len,
                      struct mr_match *out, uint32_t *ids, size_t cap)
{
	return mri_hostidx_all(m->hidx, m->rules, host, len, ids, cap, out);
}

/* The linear enumeration mr_match_host_all() used before it went through
 * the index: the oracle its tests compare against. */
size_t
mr_match_host_all_scan(const struct mr_matcher *m, const char *host, size_t len,
                       uint32_t *ids, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < m->n_host; i++) {
		const char *t = m->rules[i].text;
		if (!mr_glob_match(t, strlen(t), host, len))
			continue;
		if (n < cap)
			ids[n] = (uint32_t)i;
		n++;
	}
	return n;
}

size_t
mr_match_addr_all(const struct mr_matcher *m, const struct mr_addr *a,
                  uint32_t *ids, size_t cap)
{
	const struct mr_lpm *t;
	uint32_t id, i, lo, hi;

	if (a->family != MR_AF_INET && a->family != MR_AF_INET6)
		return 0;
	t = a->family == MR_AF_INET ? m->lpm4 : m->lpm6;
	id = mri_lpm_lookup(t, a->bytes);
	if (id == MR_LPM_NONE)
		return 0;
	lo = m->cover_off[id - m->n_host];
	hi = m->cover_off[id - m->n_host + 1];
	for (i = lo; i < hi && i - lo < cap; i++)
		ids[i - lo] = m->cover_ids[i];
	return hi - lo;
}

/* The linear enumeration mr_match_addr_all() used before the cover lists:
 * the oracle its tests compare against. */
size_t
mr_match_addr_all_scan(const struct mr_matcher *m, const struct mr_addr *a,
                       uint32_t *ids, size_t cap)
{
	size_t i, n = 0;

	for (i = m->n_host; i < m->n_rules; i++) {
		if (!mr_prefix_contains(&m->pfx[i - m->n_host], a))
			continue;
		if (n < cap)
			ids[n] = (uint32_t)i;
		n++;
	}
	return n;
}

const struct mr_prefix *
mri_matcher_prefix(const struct mr_matcher *m, uint32_t id)
{
	if (id < m->n_host || id >= m->n_rules)
		return NULL;
	return &m->pfx[id - m->n_host];
}
