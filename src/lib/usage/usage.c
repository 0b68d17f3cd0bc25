/*
 * usage.c - usage sampling: the accumulator behind `m365route usage`.
 * Each parsed request (logscan.c) is classified by the matcher, attributed
 * to a site by client subnet and added to integer counters; results
 * (totals, rates, percentiles, top hosts, circuit sizes) are derived from
 * them on demand.
 *
 * Data layout (struct acc, one per parsing thread, summed into the
 * mr_usage at the end):
 * - tot[site][service-area column][class]: bytes and requests;
 * - ser: an open-addressing map (bucket, site) -> NV byte counts (ER,
 *   Internet, other, ER per service area); memory grows with the time span
 *   and the number of sites, not with the log's size;
 * - host[2]: Microsoft 365 and other hosts, each a hash-sampled table of at
 *   most HOST_CAP hosts (usage_int.h) that doubles as the classification
 *   cache; hosts it does not keep go through a direct-mapped cache (dm);
 * - cc: a direct-mapped cache client text -> site.
 * Invariants: the matcher alone decides a host's route (a cache entry is
 * the matcher's answer for the same normalised host); every counter is an
 * integer sum that saturates at UINT64_MAX (mri_sat_add(): min(sum, max)
 * is still independent of the order), so the result is the same for any
 * number of threads and any merge order. Complexity per request: a hash of the host and one probe
 * (a matcher lookup on a miss), a client cache probe, a series probe.
 *
 * Circuit tiers and the 20-50% headroom: Microsoft Learn, "ExpressRoute
 * FAQ" (ms.date 03/31/2026) and "Network planning with ExpressRoute for
 * Office 365" (2/14/2018).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "erfacts.h"
#include "error.h"
#include "logscan_int.h"
#include "usage_int.h"

/* ---- hashing --------------------------------------------------------------- */

static inline uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return mix64(h ^ n);
}

uint64_t
mri_usage_host_hash(const char *s, size_t n)
{
	return hash_bytes(s, n);
}

static inline bool
kept(uint64_t hash, unsigned shift)
{
	return shift == 0 || (hash >> (64 - shift)) == 0;
}

/* ---- series ---------------------------------------------------------------- */

static inline uint64_t
key_hash(int64_t b, uint32_t site, uint32_t ov)
{
	return mix64(((uint64_t)b * 31 + site) * 31 + ov);
}

static int
series_grow(struct series *s)
{
	size_t ncap = s->cap ? s->cap * 2 : 1024, i;
	struct sent *nt = calloc(ncap, sizeof(*nt));

	if (nt == NULL)
		return MR_ENOMEM;
	for (i = 0; i < s->cap; i++) {
		struct sent *e = &s->t[i];
		size_t k;
		if (!e->used)
			continue;
		k = (size_t)key_hash(e->bucket, e->site, e->ov) & (ncap - 1);
		while (nt[k].used)
			k = (k + 1) & (ncap - 1);
		nt[k] = *e;
	}
	free(s->t);
	s->t = nt;
	s->cap = ncap;
	s->memo = NULL;
	return MR_OK;
}

static struct sent *
series_get(struct series *s, int64_t b, uint32_t site, uint32_t ov)
{
	size_t k;

	/* logs are in time order: the same bucket, site and override as
	 * the line before, most of the time */
	if (s->memo != NULL && s->memo->bucket == b && s->memo->site == site &&
	    s->memo->ov == ov)
		return s->memo;
	if ((s->n + 1) * 2 > s->cap && series_grow(s) != MR_OK)
		return NULL;
	k = (size_t)key_hash(b, site, ov) & (s->cap - 1);
	while (s->t[k].used) {
		if (s->t[k].bucket == b && s->t[k].site == site &&
		    s->t[k].ov == ov)
			return s->memo = &s->t[k];
		k = (k + 1) & (s->cap - 1);
	}
	s->t[k].used = 1;
	s->t[k].bucket = b;
	s->t[k].site = site;
	s->t[k].ov = ov;
	s->n++;
	return s->memo = &s->t[k];
}

int
mri_usage_series_add(struct series *s, int64_t b, uint32_t site, uint32_t ov,
                     const uint64_t *v)
{
	struct sent *e = series_get(s, b, site, ov);
	int i;

	if (e == NULL)
		return MR_ENOMEM;
	for (i = 0; i < NV; i++)
		mri_sat_add(&e->v[i], v[i]);
	return MR_OK;
}

static void
series_clear(struct series *s)
{
	if (s->t != NULL)
		memset(s->t, 0, s->cap * sizeof(*s->t));
	s->n = 0;
	s->memo = NULL;
}

/* ---- host tables ----------------------------------------------------------- */

static struct hent *
host_find(struct hosttab *h, uint64_t hash, const char *name, size_t len)
{
	size_t k;

	if (h->cap == 0)
		return NULL;
	k = (size_t)hash & (h->cap - 1);
	while (h->t[k].used) {
		struct hent *e = &h->t[k];
		if (e->hash == hash && e->len == len &&
		    memcmp(h->pool + e->name, name, len) == 0)
			return e;
		k = (k + 1) & (h->cap - 1);
	}
	return NULL;
}

/* Rebuild with only the hosts kept at shift (and a fresh pool). */
static int
host_rebuild(struct hosttab *h, unsigned shift, size_t ncap)
{
	struct hent *nt = calloc(ncap, sizeof(*nt));
	char *np = malloc(h->pool_cap ? h->pool_cap : 4096);
	size_t i, nn = 0, plen = 0;

	if (nt == NULL || np == NULL) {
		free(nt);
		free(np);
		return MR_ENOMEM;
	}
	for (i = 0; i < h->cap; i++) {
		struct hent e = h->t[i];
		size_t k;
		if (!e.used || !kept(e.hash, shift))
			continue;
		memcpy(np + plen, h->pool + e.name, e.len);
		e.name = (uint32_t)plen;
		plen += e.len;
		k = (size_t)e.hash & (ncap - 1);
		while (nt[k].used)
			k = (k + 1) & (ncap - 1);
		nt[k] = e;
		nn++;
	}
	free(h->t);
	free(h->pool);
	h->t = nt;
	h->cap = ncap;
	h->n = nn;
	h->pool = np;
	h->pool_len = plen;
	if (h->pool_cap == 0)
		h->pool_cap = 4096;
	h->shift = shift;
	return MR_OK;
}

void
mri_usage_hosts_reshift(struct hosttab *h, unsigned shift)
{
	if (shift > h->shift && h->cap > 0)
		(void)host_rebuild(h, shift, h->cap); /* never grows */
	if (shift > h->shift)
		h->shift = shift;
}

/* Add e's counts (hash, class...) under name; honours the sampling. */
int
mri_usage_host_add(struct hosttab *h, const struct hent *e, const char *name)
{
	struct hent *x;
	size_t k;

	if (!kept(e->hash, h->shift))
		return MR_OK;
	if ((x = host_find(h, e->hash, name, e->len)) != NULL) {
		mri_sat_add(&x->bytes, e->bytes);
		mri_sat_add(&x->reqs, e->reqs);
		return MR_OK;
	}
	if ((h->n + 1) * 2 > h->cap) {
		size_t ncap = h->cap ? h->cap * 2 : 256;
		if (h->n + 1 > HOST_CAP) {
			/* too many: sample harder until it fits */
			unsigned s = h->shift;
			size_t left;
			do {
				s++;
				left = 0;
				for (k = 0; k < h->cap; k++)
					if (h->t[k].used &&
					    kept(h->t[k].hash, s))
						left++;
			} while (left + 1 > HOST_CAP && s < 63);
			if (host_rebuild(h, s, h->cap) != MR_OK)
				return MR_ENOMEM;
			if (!kept(e->hash, h->shift))
				return MR_OK;
		} else if (host_rebuild(h, h->shift, ncap) != MR_OK) {
			return MR_ENOMEM;
		}
	}
	if (h->pool_len + e->len > h->pool_cap) {
		char *np = mri_vec_grow(h->pool, &h->pool_cap,
		                        h->pool_len + e->len, 1, 4096);
		if (np == NULL)
			return MR_ENOMEM;
		h->pool = np;
	}
	memcpy(h->pool + h->pool_len, name, e->len);
	k = (size_t)e->hash & (h->cap - 1);
	while (h->t[k].used)
		k = (k + 1) & (h->cap - 1);
	h->t[k] = *e;
	h->t[k].used = 1;
	h->t[k].name = (uint32_t)h->pool_len;
	h->pool_len += e->len;
	h->n++;
	return MR_OK;
}

static void
host_free(struct hosttab *h)
{
	free(h->t);
	free(h->pool);
	memset(h, 0, sizeof(*h));
}

/* ---- accumulators ---------------------------------------------------------- */

#define DM_SIZE 4096
#define CC_SIZE 1024

int
mri_usage_acc_init(struct acc *a, size_t n_sites)
{
	memset(a, 0, sizeof(*a));
	a->tot =
	    calloc(n_sites * MR_USAGE_SA_COUNT * MR_UC__COUNT, sizeof(*a->tot));
	a->dm = calloc(DM_SIZE, sizeof(*a->dm));
	a->cc = calloc(CC_SIZE, sizeof(*a->cc));
	if (a->tot == NULL || a->dm == NULL || a->cc == NULL) {
		mri_usage_acc_free(a);
		return MR_ENOMEM;
	}
	return MR_OK;
}

void
mri_usage_acc_free(struct acc *a)
{
	free(a->tot);
	free(a->dm);
	free(a->cc);
	free(a->fc);
	free(a->ser.t);
	host_free(&a->host[0]);
	host_free(&a->host[1]);
	memset(a, 0, sizeof(*a));
}

static int
flush_series(struct mr_usage *u, struct acc *a, bool locked)
{
	size_t i;
	int rc = MR_OK;

	if (&u->a == a)
		return MR_OK;
	if (!locked)
		pthread_mutex_lock(&u->mu);
	for (i = 0; i < a->ser.cap && rc == MR_OK; i++)
		if (a->ser.t[i].used)
			rc = mri_usage_series_add(
			    &u->a.ser, a->ser.t[i].bucket, a->ser.t[i].site,
			    a->ser.t[i].ov, a->ser.t[i].v);
	if (!locked)
		pthread_mutex_unlock(&u->mu);
	series_clear(&a->ser);
	return rc;
}

int
mri_usage_acc_merge(struct mr_usage *u, struct acc *a)
{
	size_t i, n = u->n_sites * MR_USAGE_SA_COUNT * MR_UC__COUNT;
	int t, rc;

	if (a == &u->a)
		return MR_OK;
	mri_usage_fc_flush(a);
	for (i = 0; i < n; i++) {
		mri_sat_add(&u->a.tot[i].bytes, a->tot[i].bytes);
		mri_sat_add(&u->a.tot[i].requests, a->tot[i].requests);
	}
	mri_sat_add(&u->a.requests, a->requests);
	mri_sat_add(&u->a.bytes, a->bytes);
	if (a->any) {
		if (!u->a.any || a->t_min < u->a.t_min)
			u->a.t_min = a->t_min;
		if (!u->a.any || a->t_max > u->a.t_max)
			u->a.t_max = a->t_max;
		u->a.any = true;
	}
	if ((rc = flush_series(u, a, true)) != MR_OK)
		return rc;
	for (t = 0; t < 2; t++) {
		struct hosttab *h = &a->host[t];
		mri_usage_hosts_reshift(&u->a.host[t], h->shift);
		for (i = 0; i < h->cap; i++)
			if (h->t[i].used &&
			    (rc = mri_usage_host_add(&u->a.host[t], &h->t[i],
			                             h->pool + h->t[i].name)) !=
			        MR_OK)
				return rc;
	}
	return MR_OK;
}

/* ---- classification --------------------------------------------------------- */

static uint8_t
sa_of(const char *s)
{
	static const char *const names[MR_SA__COUNT] = {
	    "exchange", "sharepoint", "skype", "common"};
	int i;

	for (i = 0; i < MR_SA__COUNT; i++)
		if (strcasecmp(s, names[i]) == 0)
			return (uint8_t)i;
	return MR_USAGE_SA_OTHER;
}

/* What the matcher says of a (lowercased) host: class, area, category. */
static void
classify(const struct mr_usage *u, const char *host, size_t len, struct hent *e)
{
	struct mr_target t;
	struct mr_match mt;
	enum mr_route r;
	const struct mr_catalog *c = mr_matcher_catalog(u->m);
	uint32_t k;

	e->cls = MR_UC_OTHER;
	e->sa = MR_USAGE_SA_NONE;
	e->cat = MR_CAT_DEFAULT;
	if (len == 0 || mr_target_parse(&t, host, len) != MR_OK)
		return;
	r = t.kind == MR_TARGET_ADDR
	        ? mr_match_addr(u->m, &t.addr, &mt)
	        : mr_match_host(u->m, t.host, t.host_len, &mt);
	if (r == MR_ROUTE_UNKNOWN || mt.n == 0)
		return;
	e->cls =
	    r == MR_ROUTE_EXPRESSROUTE ? MR_UC_EXPRESSROUTE : MR_UC_INTERNET;
	/* the area of the first tied rule that routes as decided */
	for (k = 0; k < mt.n; k++) {
		const struct mr_rule *rule = mr_matcher_rule(u->m, mt.rules[k]);
		if (rule->express_route != (r == MR_ROUTE_EXPRESSROUTE) &&
		    k + 1 < mt.n)
			continue;
		e->cat = (uint8_t)rule->category;
		if (rule->n_sets > 0)
			e->sa = sa_of(
			    mr_catalog_set(c, rule->sets[0])->service_area);
		else
			e->sa = MR_USAGE_SA_OTHER;
		break;
	}
	/* the override the PAC files check this name against, as the
	 * resolved network finds it (used for ExpressRoute names only) */
	if (u->net != NULL && e->cls == MR_UC_EXPRESSROUTE) {
		uint32_t o = mr_net_override_for(u->net, host, len);
		e->ov = o == MR_NONE ? 0 : o + 1;
	}
}

/* The site of a client address: longest prefix over the sites' subnets. */
static uint32_t
site_of(const struct mr_usage *u, struct acc *a, const char *s, size_t n)
{
	const struct mr_design *g = u->dsg;
	struct mr_addr ad;
	uint32_t best = (uint32_t)u->n_sites - 1;
	int blen = -1;
	uint64_t h;
	struct ccache *c;
	size_t i, k;

	if (g == NULL)
		return 0;
	h = hash_bytes(s, n);
	c = &a->cc[h & (CC_SIZE - 1)];
	if (n < sizeof(c->s) && c->len == n && memcmp(c->s, s, n) == 0)
		return c->site;
	if (mr_addr_parse(&ad, s, n) == MR_OK) {
		for (i = 0; i < g->n_sites; i++)
			for (k = 0; k < g->sites[i].subnets.n; k++) {
				const struct mr_prefix *p =
				    &g->sites[i].subnets.v[k].p;
				if ((int)p->len > blen &&
				    mr_prefix_contains(p, &ad)) {
					blen = p->len;
					best = (uint32_t)i;
				}
			}
	}
	if (n < sizeof(c->s)) {
		memcpy(c->s, s, n);
		c->len = (uint32_t)n;
		c->site = best;
	}
	return best;
}

int64_t
mri_usage_bucket_of(const struct mr_usage *u, int64_t t_ms)
{
	int64_t w = (int64_t)u->o.bucket_s * 1000;
	int64_t b = t_ms / w;

	if (t_ms % w != 0 && t_ms < 0)
		b--;
	return b;
}

/* A host's name as the tables key it: lowercase, no trailing dot. */
static size_t
host_key(char *key, const char *host, size_t n)
{
	size_t i;

	if (n > MR_HOST_MAX + 1)
		n = MR_HOST_MAX + 1;
	for (i = 0; i < n; i++) {
		char c = host[i];
		key[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	if (n > 0 && key[n - 1] == '.')
		n--;
	return n;
}

/*
 * The host's decision into e (cls, sa, cat, ov), its request counted in
 * the host tables: the tables (they double as the classification cache),
 * the direct-mapped cache of hosts they do not keep, else the matcher.
 */
static int
host_decide(struct mr_usage *u, struct acc *a, const struct mr_log_rec *r,
            struct hent *e)
{
	char key[MR_HOST_MAX + 2];
	size_t n = host_key(key, r->host, r->host_len);
	struct hent *x = NULL;
	struct hosttab *ht;
	struct dmc *dm;

	memset(e, 0, sizeof(*e));
	e->hash = hash_bytes(key, n);
	e->len = (uint16_t)n;
	e->bytes = r->bytes;
	e->reqs = 1;
	/* known host? either table, else the direct-mapped cache */
	if ((x = host_find(&a->host[0], e->hash, key, n)) == NULL)
		x = host_find(&a->host[1], e->hash, key, n);
	if (x != NULL) {
		mri_sat_add(&x->bytes, r->bytes);
		mri_sat_add(&x->reqs, 1);
		e->cls = x->cls;
		e->sa = x->sa;
		e->cat = x->cat;
		e->ov = x->ov;
		return MR_OK;
	}
	dm = &a->dm[e->hash & (DM_SIZE - 1)];
	if (dm->hash == e->hash && dm->len == n && n > 0 &&
	    memcmp(dm->name, key, n) == 0) {
		e->cls = dm->cls;
		e->sa = dm->sa;
		e->cat = dm->cat;
		e->ov = dm->ov;
	} else {
		classify(u, key, n, e);
		if (n > 0 && n <= sizeof(dm->name)) {
			dm->hash = e->hash;
			dm->len = (uint8_t)n;
			dm->cls = e->cls;
			dm->sa = e->sa;
			dm->cat = e->cat;
			dm->ov = e->ov;
			memcpy(dm->name, key, n);
		}
	}
	ht = &a->host[e->cls == MR_UC_OTHER ? 1 : 0];
	return mri_usage_host_add(ht, e, key);
}

/* Add what f holds to its host's entry (if the tables keep it); empty f. */
static void
fc_writeback(struct acc *a, struct fcent *f)
{
	char key[FC_NAME];
	size_t n;
	struct hent *x;

	if (f->reqs > 0) {
		n = host_key(key, f->name, f->len);
		x = host_find(&a->host[f->cls == MR_UC_OTHER ? 1 : 0],
		              hash_bytes(key, n), key, n);
		if (x != NULL) {
			mri_sat_add(&x->bytes, f->bytes);
			mri_sat_add(&x->reqs, f->reqs);
		}
	}
	f->key = 0;
	f->bytes = 0;
	f->reqs = 0;
}

void
mri_usage_fc_flush(struct acc *a)
{
	size_t i;

	for (i = 0; a->fc != NULL && i < FC_SIZE; i++)
		if (a->fc[i].key != 0)
			fc_writeback(a, &a->fc[i]);
}

/* 8 bytes at p, little-endian order not needed: only compared and hashed */
static inline uint64_t
load8(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

/* The low n (< 8) bytes of w. */
static inline uint64_t
low_bytes(uint64_t w, size_t n)
{
	uint64_t m = (UINT64_C(1) << (8 * n)) - 1;
	uint16_t one = 1;
	unsigned char first;

	memcpy(&first, &one, 1);
	if (first == 1)
		return w & m;
	return w & ~(~UINT64_C(0) >> (8 * n)); /* big-endian: the first n */
}

/* Hash of a host as logged, 1..FC_NAME bytes; reads up to 7 bytes past
 * its end (inside the scanner's slack). */
static inline uint64_t
fc_hash(const char *s, size_t n)
{
	uint64_t h;

	if (n < 8)
		h = low_bytes(load8(s), n);
	else
		h = load8(s) ^ (load8(s + n - 8) * 0x9e3779b97f4a7c15ULL) ^
		    (load8(s + n / 2 - 4) << 7);
	return mix64(h ^ n) | 1; /* never 0: an empty entry */
}

/* Whether the n (1..FC_NAME) bytes at a are those at b (FC_NAME
 * bytes); reads up to 7 bytes past a + n when n < 8. */
static inline bool
fc_same(const char *a, const char *b, size_t n)
{
	size_t i;

	if (n < 8)
		return low_bytes(load8(a) ^ load8(b), n) == 0;
	for (i = 0; i + 8 <= n; i += 8)
		if (load8(a + i) != load8(b + i))
			return false;
	return load8(a + n - 8) == load8(b + n - 8);
}

_Static_assert(sizeof(struct fcent) == 128, "two cache lines per entry");

static int
account(struct mr_usage *u, struct acc *a, const struct mr_log_rec *r,
        bool fast)
{
	struct hent e;
	struct mr_usage_cell *cell;
	struct sent *se;
	struct fcent *f = NULL;
	uint32_t site;
	uint64_t v, k = 0;

	if (fast && r->host_len > 0 && r->host_len <= FC_NAME) {
		struct fcent *set;
		k = fc_hash(r->host, r->host_len);
		set = &a->fc[((k >> 32) & (FC_SIZE / 2 - 1)) * 2];
		for (f = set; f < set + 2; f++)
			if (f->key == k && f->len == r->host_len &&
			    fc_same(r->host, f->name, r->host_len))
				break;
		if (f < set + 2 && f->reqs < UINT32_MAX) {
			mri_sat_add(&f->bytes, r->bytes);
			f->reqs++;
			e.cls = f->cls;
			e.sa = f->sa;
			e.cat = f->cat;
			e.ov = f->ov;
			goto decided;
		}
		/* a miss: the way with fewer requests since it went in
		 * makes room (hot hosts stay) */
		if (f == set + 2)
			f = set[0].reqs <= set[1].reqs ? &set[0] : &set[1];
		if (f->key != 0)
			fc_writeback(a, f);
	}
	if (host_decide(u, a, r, &e) != MR_OK)
		return MR_ENOMEM;
	if (f != NULL) {
		/* the name as logged; its counts so far are in the tables */
		f->key = k;
		f->len = (uint8_t)r->host_len;
		memcpy(f->name, r->host, r->host_len);
		f->cls = e.cls;
		f->sa = e.sa;
		f->cat = e.cat;
		f->ov = e.ov;
	}
decided:
	site = site_of(u, a, r->client, r->client_len);
	cell =
	    &a->tot[(site * MR_USAGE_SA_COUNT + e.sa) * MR_UC__COUNT + e.cls];
	mri_sat_add(&cell->bytes, r->bytes);
	mri_sat_add(&cell->requests, 1);
	mri_sat_add(&a->requests, 1);
	mri_sat_add(&a->bytes, r->bytes);
	if (!a->any || r->time_ms < a->t_min)
		a->t_min = r->time_ms;
	if (!a->any || r->time_ms > a->t_max)
		a->t_max = r->time_ms;
	a->any = true;
	if (a->ser.n >= SERIES_FLUSH && flush_series(u, a, false) != MR_OK)
		return MR_ENOMEM;
	se = series_get(&a->ser, mri_usage_bucket_of(u, r->time_ms), site,
	                e.cls == MR_UC_EXPRESSROUTE ? e.ov : 0);
	if (se == NULL)
		return MR_ENOMEM;
	v = r->bytes;
	mri_sat_add(&se->v[e.cls], v);
	if (e.cls == MR_UC_EXPRESSROUTE && e.sa < MR_SA__COUNT)
		mri_sat_add(&se->v[3 + e.sa], v);
	return MR_OK;
}

static void
note_bad(struct chunk_res *r, uint64_t line, const char *why, const char *p,
         size_t n)
{
	struct badrec *b;

	r->nbad++;
	if (r->n_bad >= r->max)
		return;
	b = &r->bad[r->n_bad++];
	b->line = line;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	b->why = why;
	if (n > BAD_TEXT)
		n = BAD_TEXT;
	memcpy(b->text, p, n);
	b->text[n] = '\0';
}

void
mri_usage_parse_chunk(struct mr_usage *u, struct acc *a,
                      const struct mri_scanops *ops, enum mr_log_format fmt,
                      struct mr_w3c_layout *lay, bool *have_lay, const char *p,
                      size_t len, struct chunk_res *r)
{
	const char *e = p + len, *nl, *why;
	struct mr_log_rec rec;
	int rc;

	if (ops != NULL && a->fc == NULL) {
		a->fc = aligned_alloc(64, FC_SIZE * sizeof(*a->fc));
		if (a->fc != NULL)
			memset(a->fc, 0, FC_SIZE * sizeof(*a->fc));
		else
			ops = NULL; /* no memory for the cache: scalar */
	}

	r->lines = r->nbad = r->ooo = 0;
	r->first_t = r->last_t = INT64_MIN;
	r->n_bad = 0;
	while (p < e) {
		size_t n;
		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL)
			nl = e;
		n = (size_t)(nl - p);
		r->lines++;
		if (n == 0 || (n == 1 && *p == '\r')) {
			p = nl + 1;
			continue;
		}
		if (fmt == MR_LOG_W3C) {
			if (*p == '#') {
				struct mr_w3c_layout l;
				if (n >= 8 && memcmp(p, "#Fields:", 8) == 0) {
					if (mr_w3c_fields(&l, p, n, &why) ==
					    MR_OK) {
						*lay = l;
						*have_lay = true;
					} else {
						note_bad(r, r->lines - 1, why,
						         p, n);
					}
				}
				p = nl + 1;
				continue;
			}
			if (!*have_lay) {
				rc = MR_EPARSE;
				why = "no #Fields: directive before this line";
			} else if (ops != NULL) {
				rc = mri_w3c_parse_fast(ops, &rec, lay, p, n,
				                        &why);
			} else {
				rc = mr_w3c_parse(&rec, lay, p, n, &why);
			}
		} else if (ops != NULL) {
			rc = mri_squid_parse_fast(ops, &rec, p, n, &why);
		} else {
			rc = mr_squid_parse(&rec, p, n, &why);
		}
		if (rc != MR_OK) {
			note_bad(r, r->lines - 1, why, p, n);
		} else {
			if (r->first_t == INT64_MIN)
				r->first_t = rec.time_ms;
			else if (rec.time_ms < r->last_t)
				r->ooo++;
			r->last_t = rec.time_ms;
			if (account(u, a, &rec, ops != NULL) != MR_OK)
				note_bad(r, r->lines - 1, "out of memory", p,
				         n);
		}
		p = nl + 1;
	}
}

/* ---- bookkeeping ----------------------------------------------------------- */

struct mr_usage_input *
mri_usage_add_input(struct mr_usage *u, const char *name)
{
	struct mr_usage_input *in;

	if (u->n_in == u->cap_in) {
		in = mri_vec_grow(u->in, &u->cap_in, u->n_in + 1, sizeof(*in),
		                  8);
		if (in == NULL)
			return NULL;
		u->in = in;
	}
	in = &u->in[u->n_in];
	memset(in, 0, sizeof(*in));
	if ((in->name = mri_arena_strndup(u->ar, name, strlen(name))) == NULL)
		return NULL;
	u->n_in++;
	return in;
}

void
mri_usage_add_bad(struct mr_usage *u, const char *input, uint64_t line,
                  const char *why, const char *text)
{
	struct mr_usage_bad *b;

	if (u->n_bad >= u->o.max_bad)
		return;
	b = &u->badv[u->n_bad];
	b->input = input;
	b->line = line;
	b->why = mri_arena_strndup(u->ar, why, strlen(why));
	b->text = mri_arena_strndup(u->ar, text, strlen(text));
	if (b->why == NULL || b->text == NULL)
		return;
	u->n_bad++;
}

int
mr_usage_new(struct mr_usage **out, const struct mr_matcher *m,
             const struct mr_net *net, const struct mr_usage_opts *o)
{
	const struct mr_design *dsg = mr_net_design(net);
	struct mr_usage_opts def = MR_USAGE_OPTS_INIT;
	struct mr_usage *u;

	*out = NULL;
	if (o == NULL)
		o = &def;
	if (m == NULL || o->version != MR_USAGE_OPTS_VERSION ||
	    o->bucket_s == 0 || o->bucket_s > 86400 * 7)
		return mri_error_set(MR_EINVAL, "usage: bad options");
	if ((u = calloc(1, sizeof(*u))) == NULL)
		return mri_error_set(MR_ENOMEM, "out of memory");
	u->m = m;
	u->net = net;
	u->dsg = dsg;
	u->o = *o;
	if (u->o.threads == 0)
		u->o.threads = 1;
	if (u->o.threads > 64)
		u->o.threads = 64;
	u->n_sites = dsg != NULL ? dsg->n_sites + 1 : 1;
	pthread_mutex_init(&u->mu, NULL);
	if (mri_arena_create(&u->ar) != MR_OK ||
	    mri_usage_acc_init(&u->a, u->n_sites) != MR_OK ||
	    (u->badv = calloc(u->o.max_bad + 1, sizeof(*u->badv))) == NULL) {
		mr_usage_free(u);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	*out = u;
	return MR_OK;
}

void
mr_usage_free(struct mr_usage *u)
{
	if (u == NULL)
		return;
	mri_usage_acc_free(&u->a);
	free(u->in);
	free(u->badv);
	if (u->ar != NULL)
		mri_arena_destroy(u->ar);
	pthread_mutex_destroy(&u->mu);
	free(u);
}

/* ---- results --------------------------------------------------------------- */

/* Whether a sum stopped at UINT64_MAX (mri_sat_add()): a scan gets there
 * in the totals first, a crafted partial anywhere, so all are looked at. */
static bool
saturated(const struct mr_usage *u)
{
	size_t i, k, n = u->n_sites * MR_USAGE_SA_COUNT * MR_UC__COUNT;
	int t;

	if (u->lines == UINT64_MAX || u->bad == UINT64_MAX ||
	    u->log_bytes == UINT64_MAX || u->out_of_order == UINT64_MAX ||
	    u->a.requests == UINT64_MAX || u->a.bytes == UINT64_MAX)
		return true;
	for (i = 0; i < n; i++)
		if (u->a.tot[i].bytes == UINT64_MAX ||
		    u->a.tot[i].requests == UINT64_MAX)
			return true;
	for (i = 0; i < u->a.ser.cap; i++)
		for (k = 0; u->a.ser.t[i].used && k < NV; k++)
			if (u->a.ser.t[i].v[k] == UINT64_MAX)
				return true;
	for (t = 0; t < 2; t++)
		for (i = 0; i < u->a.host[t].cap; i++)
			if (u->a.host[t].t[i].used &&
			    (u->a.host[t].t[i].bytes == UINT64_MAX ||
			     u->a.host[t].t[i].reqs == UINT64_MAX))
				return true;
	return false;
}

void
mr_usage_summary(const struct mr_usage *u, struct mr_usage_summary *out)
{
	memset(out, 0, sizeof(*out));
	out->lines = u->lines;
	out->requests = u->a.requests;
	out->bad = u->bad;
	out->bytes = u->a.bytes;
	out->log_bytes = u->log_bytes;
	out->t_min_ms = u->a.any ? u->a.t_min : 0;
	out->t_max_ms = u->a.any ? u->a.t_max : 0;
	out->out_of_order = u->out_of_order;
	out->bucket_s = u->o.bucket_s;
	out->n_inputs = u->n_in;
	out->host_sample_shift = u->a.host[0].shift > u->a.host[1].shift
	                             ? u->a.host[0].shift
	                             : u->a.host[1].shift;
	out->saturated = saturated(u);
}

size_t
mr_usage_site_count(const struct mr_usage *u)
{
	return u->n_sites;
}

const char *
mr_usage_site_name(const struct mr_usage *u, size_t site)
{
	if (u->dsg == NULL)
		return "(all)";
	if (site < u->dsg->n_sites)
		return u->dsg->sites[site].name;
	return "(unattributed)";
}

struct mr_usage_cell
mr_usage_total(const struct mr_usage *u, size_t site, unsigned sa,
               enum mr_usage_class cls)
{
	struct mr_usage_cell z = {0, 0};

	if (site >= u->n_sites || sa >= MR_USAGE_SA_COUNT ||
	    (unsigned)cls >= MR_UC__COUNT)
		return z;
	return u->a.tot[(site * MR_USAGE_SA_COUNT + sa) * MR_UC__COUNT + cls];
}

const char *
mr_usage_sa_name(unsigned sa)
{
	static const char *const n[MR_USAGE_SA_COUNT] = {
	    "Exchange", "SharePoint", "Skype", "Common", "Other", "-"};

	return sa < MR_USAGE_SA_COUNT ? n[sa] : "?";
}

const char *
mr_usage_class_name(enum mr_usage_class c)
{
	switch (c) {
	case MR_UC_EXPRESSROUTE:
		return "expressroute";
	case MR_UC_INTERNET:
		return "internet";
	case MR_UC_OTHER:
		return "not-m365";
	default:
		return "?";
	}
}

size_t
mr_usage_input_count(const struct mr_usage *u)
{
	return u->n_in;
}

const struct mr_usage_input *
mr_usage_input(const struct mr_usage *u, size_t i)
{
	return i < u->n_in ? &u->in[i] : NULL;
}

size_t
mr_usage_bad_count(const struct mr_usage *u)
{
	return u->n_bad;
}

const struct mr_usage_bad *
mr_usage_bad(const struct mr_usage *u, size_t i)
{
	return i < u->n_bad ? &u->badv[i] : NULL;
}

static int
cmp_point(const void *a, const void *b)
{
	const struct mr_usage_point *x = a, *y = b;

	return (x->t_ms > y->t_ms) - (x->t_ms < y->t_ms);
}

int
mr_usage_series(const struct mr_usage *u, size_t site,
                struct mr_usage_point **out, size_t *n)
{
	struct mr_usage_point *v;
	size_t i, k = 0, w = 0;
	int j;

	*out = NULL;
	*n = 0;
	if (u->a.ser.n == 0)
		return MR_OK;
	if ((v = calloc(u->a.ser.n, sizeof(*v))) == NULL)
		return mri_error_set(MR_ENOMEM, "out of memory");
	for (i = 0; i < u->a.ser.cap; i++) {
		const struct sent *e = &u->a.ser.t[i];
		if (!e->used || (site != SIZE_MAX && e->site != site))
			continue;
		v[k].t_ms = e->bucket * (int64_t)u->o.bucket_s * 1000;
		v[k].bytes[MR_UM_EXPRESSROUTE] = e->v[0];
		v[k].bytes[MR_UM_INTERNET] = e->v[1];
		v[k].bytes[MR_UM_OTHER] = e->v[2];
		v[k].bytes[MR_UM_M365] = e->v[0];
		mri_sat_add(&v[k].bytes[MR_UM_M365], e->v[1]);
		v[k].bytes[MR_UM_ALL] = v[k].bytes[MR_UM_M365];
		mri_sat_add(&v[k].bytes[MR_UM_ALL], e->v[2]);
		for (j = 0; j < MR_SA__COUNT; j++)
			v[k].bytes[MR_UM_ER_SA + j] = e->v[3 + j];
		k++;
	}
	qsort(v, k, sizeof(*v), cmp_point);
	for (i = 0; i < k; i++) {
		if (w > 0 && v[w - 1].t_ms == v[i].t_ms) {
			for (j = 0; j < MR_UM__COUNT; j++)
				mri_sat_add(&v[w - 1].bytes[j], v[i].bytes[j]);
		} else {
			v[w++] = v[i];
		}
	}
	*out = v;
	*n = w;
	return MR_OK;
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Peak, nearest-rank 95th percentile and mean over `span` buckets of which
 * n carry the values v (the others are 0). v is sorted in place.
 */
static void
rate_of(double *v, size_t n, const int64_t *at, uint64_t span, double total,
        uint32_t bucket_s, struct mr_usage_rate *out)
{
	uint64_t rank, zeros = span - n;
	size_t i, best = 0;

	memset(out, 0, sizeof(*out));
	if (span == 0)
		return;
	for (i = 0; i < n; i++)
		if (v[i] > v[best])
			best = i;
	if (n > 0) {
		out->peak = v[best];
		out->peak_at_ms = at[best];
	}
	qsort(v, n, sizeof(*v), cmp_dbl);
	rank = (uint64_t)ceil(0.95 * (double)span); /* 1-based */
	if (rank < 1)
		rank = 1;
	out->p95 = rank <= zeros ? 0 : v[rank - zeros - 1];
	out->mean = total / ((double)span * bucket_s);
}

static double
mbps(uint64_t bytes, uint32_t bucket_s)
{
	return (double)bytes * 8.0 / 1e6 / (double)bucket_s;
}

static uint64_t
span_of(const struct mr_usage *u)
{
	if (!u->a.any)
		return 0;
	return (uint64_t)(mri_usage_bucket_of(u, u->a.t_max) -
	                  mri_usage_bucket_of(u, u->a.t_min)) +
	       1;
}

int
mr_usage_rate(const struct mr_usage *u, size_t site, enum mr_usage_metric mt,
              struct mr_usage_rate *out)
{
	struct mr_usage_point *p;
	size_t n, i;
	double *v, tot = 0;
	int64_t *at;

	memset(out, 0, sizeof(*out));
	if ((unsigned)mt >= MR_UM__COUNT)
		return mri_error_set(MR_EINVAL, "bad metric");
	if (mr_usage_series(u, site, &p, &n) != MR_OK)
		return MR_ENOMEM;
	v = malloc((n + 1) * sizeof(*v));
	at = malloc((n + 1) * sizeof(*at));
	if (v == NULL || at == NULL) {
		free(p);
		free(v);
		free(at);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		v[i] = mbps(p[i].bytes[mt], u->o.bucket_s);
		at[i] = p[i].t_ms;
		tot += (double)p[i].bytes[mt] * 8.0 / 1e6;
	}
	rate_of(v, n, at, span_of(u), tot, u->o.bucket_s, out);
	free(p);
	free(v);
	free(at);
	return MR_OK;
}

static int
cmp_host(const void *a, const void *b)
{
	const struct mr_usage_host *x = a, *y = b;

	if (x->bytes != y->bytes)
		return x->bytes < y->bytes ? 1 : -1;
	return strcmp(x->host, y->host);
}

size_t
mr_usage_top_hosts(const struct mr_usage *u, struct mr_usage_host *out,
                   size_t cap)
{
	size_t n = 0, i, total = u->a.host[0].n + u->a.host[1].n;
	struct mr_usage_host *all;
	int t;
	char **names;

	if (cap == 0 || total == 0)
		return 0;
	all = calloc(total, sizeof(*all));
	names = calloc(total, sizeof(*names));
	if (all == NULL || names == NULL) {
		free(all);
		free(names);
		return 0;
	}
	for (t = 0; t < 2; t++) {
		const struct hosttab *h = &u->a.host[t];
		for (i = 0; i < h->cap; i++) {
			const struct hent *e = &h->t[i];
			if (!e->used)
				continue;
			names[n] =
			    mri_arena_strndup(u->ar, h->pool + e->name, e->len);
			if (names[n] == NULL)
				continue;
			all[n].host = e->len ? names[n] : "(no host)";
			all[n].cls = (enum mr_usage_class)e->cls;
			all[n].sa = e->sa;
			all[n].category = (enum mr_category)e->cat;
			all[n].bytes = e->bytes;
			all[n].requests = e->reqs;
			n++;
		}
	}
	qsort(all, n, sizeof(*all), cmp_host);
	if (n > cap)
		n = cap;
	memcpy(out, all, n * sizeof(*out));
	free(all);
	free(names);
	return n;
}

/* ---- circuits -------------------------------------------------------------- */

size_t
mr_usage_tier_count(void)
{
	size_t n;

	(void)mri_er_tiers(false, &n);
	return n;
}

uint32_t
mr_usage_tier(size_t i)
{
	size_t n;
	const uint32_t *t = mri_er_tiers(false, &n);

	return i < n ? t[i] : 0;
}

uint32_t
mr_usage_recommend(double mbps_)
{
	size_t i, n;
	const uint32_t *t = mri_er_tiers(false, &n);

	for (i = 0; i < n; i++)
		if (mbps_ <= MRI_ER_MAX_USE * t[i])
			return t[i];
	return 0;
}

/* Whether site s's traffic uses ExpressRoute circuit e. */
/* Peak and p95 of the weighted sum over sites of ER bytes per bucket. */
struct wpt {
	int64_t t;
	uint32_t site, ov;
	double x;
};

/*
 * How much of each site's ExpressRoute bytes one circuit carries: w[site]
 * of the bytes no override decides (spread evenly over the service
 * areas), and, per override o, wo[(o * n_sites + site) * MR_SA__COUNT + sa]
 * of the bytes of area sa that o decides (wo NULL: w[site] of those too).
 */
struct weights {
	double *w;
	double *wo;
};

/* The bytes of series entry e circuit weights ws put on it; *any: whether
 * the entry counts at all (a zero weight leaves it out). */
static double
entry_load(const struct mr_usage *u, const struct weights *ws,
           const struct sent *e, bool *any)
{
	double x = 0, w = ws->w[e->site];
	uint64_t rest = e->v[MR_UC_EXPRESSROUTE];
	size_t sa;

	*any = w != 0;
	if (e->ov == 0 || ws->wo == NULL)
		return (double)rest * w;
	for (sa = 0; sa < MR_SA__COUNT; sa++) {
		double wo =
		    ws->wo[((size_t)(e->ov - 1) * u->n_sites + e->site) *
		               MR_SA__COUNT +
		           sa];
		x += (double)e->v[3 + sa] * wo;
		rest -= e->v[3 + sa] < rest ? e->v[3 + sa] : rest;
		*any = *any || wo != 0;
	}
	/* ExpressRoute bytes of no service area: as the site's */
	return x + (double)rest * w;
}

static int
cmp_wpt(const void *a, const void *b)
{
	const struct wpt *x = a, *y = b;

	if (x->t != y->t)
		return (x->t > y->t) - (x->t < y->t);
	if (x->site != y->site)
		return (x->site > y->site) - (x->site < y->site);
	return (x->ov > y->ov) - (x->ov < y->ov);
}

static int
weighted(const struct mr_usage *u, const struct weights *ws, double *peak,
         double *p95)
{
	struct mr_usage_rate r;
	size_t n = 0, i, k = 0, cap = u->a.ser.n + 1;
	struct wpt *pt = malloc(cap * sizeof(*pt));
	double *v = malloc(cap * sizeof(*v));
	int64_t *at = malloc(cap * sizeof(*at));
	double tot = 0;

	*peak = *p95 = 0;
	if (pt == NULL || v == NULL || at == NULL) {
		free(pt);
		free(v);
		free(at);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	for (i = 0; i < u->a.ser.cap; i++) {
		const struct sent *e = &u->a.ser.t[i];
		bool any;
		if (!e->used)
			continue;
		pt[k].x = entry_load(u, ws, e, &any);
		if (!any)
			continue;
		pt[k].t = e->bucket;
		pt[k].site = e->site;
		pt[k].ov = e->ov;
		k++;
	}
	/* summed in (bucket, site, override) order: the same bits for any
	 * thread count or merge order */
	qsort(pt, k, sizeof(*pt), cmp_wpt);
	for (i = 0; i < k; i++) {
		if (i > 0 && pt[i - 1].t == pt[i].t) {
			v[n - 1] += pt[i].x;
		} else {
			at[n] = pt[i].t * (int64_t)u->o.bucket_s * 1000;
			v[n++] = pt[i].x;
		}
		tot += pt[i].x * 8.0 / 1e6;
	}
	for (i = 0; i < n; i++)
		v[i] = v[i] * 8.0 / 1e6 / u->o.bucket_s;
	rate_of(v, n, at, span_of(u), tot, u->o.bucket_s, &r);
	*peak = r.peak;
	*p95 = r.p95;
	free(pt);
	free(v);
	free(at);
	return MR_OK;
}

/* The share of one cell's traffic circuit e carries (multipath: an even
 * part of the circuits that share it). */
static double
share_of(const struct mr_net_carry *cy, uint32_t e)
{
	uint32_t k;

	for (k = 0; k < cy->n; k++)
		if (cy->circuit[k] == e)
			return 1.0 / cy->n;
	return 0;
}

/* Per site, the share of its ExpressRoute traffic circuit e carries when
 * the model routes as car says: per service area, an even part of the
 * circuits that share it; the names an override decides, where the
 * override sends them (mr_net_carriers_get_for()). */
static void
shares(const struct mr_usage *u, const struct mr_net_carriers *car, uint32_t e,
       struct weights *ws)
{
	size_t s, sa, o, ns = u->dsg->n_sites, no = u->dsg->n_overrides;
	struct mr_net_carry cy;

	for (s = 0; s < u->n_sites; s++) {
		ws->w[s] = 0;
		for (sa = 0; s < ns && sa < MR_SA__COUNT; sa++) {
			mr_net_carriers_get(car, (uint32_t)s,
			                    (enum mr_service_area)sa, &cy);
			ws->w[s] += share_of(&cy, e) / MR_SA__COUNT;
		}
		for (o = 0; ws->wo != NULL && o < no; o++)
			for (sa = 0; sa < MR_SA__COUNT; sa++) {
				double *x = &ws->wo[(o * u->n_sites + s) *
				                        MR_SA__COUNT +
				                    sa];
				*x = 0;
				if (s >= ns)
					continue;
				mr_net_carriers_get_for(
				    car, (uint32_t)s, (enum mr_service_area)sa,
				    (uint32_t)o, &cy);
				*x = share_of(&cy, e);
			}
	}
}

/* Whether site s's traffic crosses some circuit (in car). */
static bool
carried(const struct mr_net_carriers *car, size_t s)
{
	size_t sa;

	for (sa = 0; sa < MR_SA__COUNT; sa++) {
		struct mr_net_carry cy;
		mr_net_carriers_get(car, (uint32_t)s, (enum mr_service_area)sa,
		                    &cy);
		if (cy.n > 0)
			return true;
	}
	return false;
}

int
mr_usage_circuits(const struct mr_usage *u, struct mr_usage_circuit **out,
                  size_t *n)
{
	const struct mr_design *g = u->dsg;
	struct mr_usage_circuit *v;
	size_t ne = g != NULL ? g->n_er : 0, ns = g != NULL ? g->n_sites : 0;
	size_t ncap = ne + u->n_sites, k = 0, e, f, s, j;
	size_t no = g != NULL ? g->n_overrides : 0;
	struct weights ws = {calloc(u->n_sites + 1, sizeof(double)), NULL};
	struct mr_net_carriers *car = NULL, *cf = NULL;
	int rc = MR_OK;

	*out = NULL;
	*n = 0;
	v = calloc(ncap + 1, sizeof(*v));
	if (no > 0)
		ws.wo = calloc(no * u->n_sites * MR_SA__COUNT, sizeof(double));
	if (v == NULL || ws.w == NULL || (no > 0 && ws.wo == NULL)) {
		rc = mri_error_set(MR_ENOMEM, "out of memory");
		goto done;
	}
	if (g != NULL)
		rc = mr_net_carriers_new(&car, u->net, MR_NONE, NULL);
	for (e = 0; g != NULL && e < ne && rc == MR_OK; e++) {
		struct mr_usage_circuit *c = &v[k++];
		c->name = g->er[e].name;
		c->site = g->er[e].site.idx;
		c->bandwidth = g->er[e].bandwidth_mbps;
		shares(u, car, (uint32_t)e, &ws);
		rc = weighted(u, &ws, &c->peak, &c->p95);
	}
	/* N-1: per circuit, the worst single other circuit failed; a
	 * failure that moves no traffic leaves nothing to weigh. */
	for (f = 0; g != NULL && f < ne && rc == MR_OK; f++) {
		rc = mr_net_carriers_new(&cf, u->net, (uint32_t)f, car);
		if (rc != MR_OK || mr_net_carriers_same(cf, car)) {
			mr_net_carriers_free(cf);
			cf = NULL;
			continue;
		}
		for (e = 0; e < ne && rc == MR_OK; e++) {
			double peak, p95;
			if (e == f)
				continue;
			shares(u, cf, (uint32_t)e, &ws);
			rc = weighted(u, &ws, &peak, &p95);
			if (peak > v[e].n1_peak)
				v[e].n1_peak = peak;
		}
		mr_net_carriers_free(cf);
		cf = NULL;
	}
	for (e = 0; g != NULL && e < ne && rc == MR_OK; e++)
		v[e].recommended = mr_usage_recommend(
		    v[e].n1_peak > v[e].peak ? v[e].n1_peak : v[e].peak);
	/* would-be circuits: sites (or the whole log) no circuit carries */
	free(ws.wo); /* a would-be circuit carries all of a site's bytes */
	ws.wo = NULL;
	for (s = 0; s < u->n_sites && rc == MR_OK; s++) {
		struct mr_usage_circuit *c = &v[k];
		if (g != NULL && (s >= ns || carried(car, s)))
			continue;
		for (j = 0; j < u->n_sites; j++)
			ws.w[j] = j == s;
		if ((rc = weighted(u, &ws, &c->peak, &c->p95)) != MR_OK)
			break;
		if (c->peak <= 0)
			continue;
		c->name = mr_usage_site_name(u, s);
		c->site = s;
		c->would_be = true;
		c->recommended = mr_usage_recommend(c->peak);
		k++;
	}
done:
	free(ws.w);
	free(ws.wo);
	mr_net_carriers_free(car);
	if (rc != MR_OK) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return MR_OK;
}
