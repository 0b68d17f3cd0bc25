/*
 * hostmatch.c - the host pattern index: the most specific matching pattern
 * for a host name in a few hash probes per label, without scanning the
 * patterns one by one.
 *
 * Semantics (match.h): shExpMatch matching (glob.c); an exact pattern beats
 * every wildcard; among wildcards the one with more literal characters
 * (rule.literal) wins; on a tie the route is ExpressRoute if any tied rule
 * is. Microsoft 365 endpoint web service, urls[] of /endpoints/<instance>
 * (learn.microsoft.com/microsoft-365/enterprise/microsoft-365-ip-web-service,
 * 2025-01-08).
 *
 * Every rule is filed under one key, a string S that any matching host has
 * as a label-aligned suffix (the whole host, or the part after some '.'):
 * - exact pattern P (no '*'): S = P; it matches iff host == S;
 * - "*.S" (one '*', first, then '.', S literal): it matches iff the host
 *   ends with "." S, i.e. S is the suffix after some '.' of the host;
 * - any other wildcard ("*cdn.onenote.net", "autodiscover.*.x.com",
 *   "a.*.b*.com"): let T be the text after its last '*'; a matching host
 *   ends with T, so if T holds a '.', the part of T after its first '.' is
 *   a suffix after a '.' of the host. That part is the anchor S and the
 *   rule goes to S's "extra" list, checked with mr_glob_match() against the
 *   whole host. Without a '.' in T ("foo.*", "*foo") the rule goes to the
 *   global list, checked for every host.
 * A second rule with the text of an exact or "*.S" rule already filed (the
 * caller merges identical patterns, but we do not rely on it) goes to the
 * extra list of the same key, which is correct for the same reason.
 *
 * Data layout: one open-addressing table (linear probing, power-of-two size,
 * load <= 1/2) of 32-byte slots {hash, key offset and length in a string
 * pool, exact rule, "*.S" rule, extra list offset and count}; extra lists
 * and the global list are arrays of rule ids, each sorted by descending
 * literal count so a lookup stops at the first one that cannot reach the
 * best specificity found so far. All of it lives in the caller's arena,
 * as does the build's scratch (one filing record and one sort key per
 * rule), which is small next to the rules themselves.
 *
 * The hash of a key is computed right to left, h = (h ^ c) * K per
 * character, so a lookup walks the host once from its end, updating the
 * hash per character and probing at each '.' with the hash of the suffix
 * after it, then once for the whole host. Suffixes longer than the longest
 * key are not walked.
 *
 * Invariants: every key is non-empty and at most maxkey bytes; a key is
 * probed at most once per lookup (suffixes of one host differ in length),
 * so no rule is considered twice; out->rules holds the smallest ids of the
 * tied rules, ascending (a deterministic choice when more than
 * MR_MATCH_MAX_TIED tie), while the route takes every tied rule into
 * account.
 * Complexity: build O(n log n) (sorting the lists); lookup O(len) hashing
 * plus O(labels) probes plus mr_glob_match() for the extra rules reached,
 * no allocation.
 *
 * Every match (mri_hostidx_all(), for explanations) walks the same probes
 * but keeps every rule that matches instead of the most specific ones: the
 * exact rule of the whole host, the "*.S" rule of each suffix after a '.',
 * every extra rule of the keys reached and every global rule that
 * mr_glob_match() accepts. Each rule is filed in exactly one place and each
 * key is probed at most once, so each matching rule is found exactly once;
 * no other rule can match (the filing argument above), so the result is
 * the set a scan of every pattern finds. Cost: the lookup's probes plus
 * one glob per extra rule of the keys reached and per global rule. Since
 * every matching rule passes through it once, the decision the lookup
 * makes can be made on the way (the same consider(), the same result).
 */
#include "hostmatch.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

#define NONE      UINT32_MAX
#define HASH_SEED 0x2545f4914f6cdd1dULL
#define HASH_MUL  0x9e3779b97f4a7c15ULL

struct slot {
	uint64_t hash;    /* hash of the key (HASH_SEED, right to left) */
	uint32_t key_off; /* key = pool[key_off .. key_off + key_len) */
	uint32_t key_len; /* 0: empty slot */
	uint32_t exact;   /* rule whose pattern is the key, or NONE */
	uint32_t stardot; /* rule "*." key, or NONE */
	uint32_t xoff;    /* extra list: ix->extra[xoff .. xoff + nx) */
	uint32_t nx;
};

struct mr_hostidx {
	struct slot *slots;
	size_t mask;    /* slot count - 1 */
	unsigned shift; /* 64 - log2(slot count) */
	size_t maxkey;  /* longest key; 0 when there is none */
	const char *pool;
	const uint32_t *extra;
	const uint32_t *global;
	size_t nglobal;
	const uint32_t *plen; /* pattern lengths, by rule id */
};

enum kind { K_EXACT, K_STARDOT, K_EXTRA, K_GLOBAL };

/* Where rule i goes, worked out by the first build pass. */
struct filing {
	enum kind kind;
	uint32_t slot; /* for every kind but K_GLOBAL */
};

/* The running decision of one lookup. */
struct best {
	uint32_t lit; /* specificity of the tied rules; valid when n > 0 */
	uint32_t n;   /* tied rules kept in out->rules */
	bool er;      /* any tied rule is express_route */
};

static inline uint64_t
hash_step(uint64_t h, unsigned char c)
{
	return (h ^ c) * HASH_MUL;
}

static inline size_t
slot_of(const struct mr_hostidx *ix, uint64_t h)
{
	h ^= h >> 31;
	h *= 0xd6e8feb86659fd93ULL;
	return (size_t)(h >> ix->shift);
}

static uint64_t
hash_key(const char *s, size_t len)
{
	uint64_t h = HASH_SEED;

	while (len-- > 0)
		h = hash_step(h, (unsigned char)s[len]);
	return h;
}

/*
 * File pattern pat[0..len) by shape; *key and *klen get the key for every
 * kind but K_GLOBAL.
 */
static enum kind
classify(const char *pat, size_t len, const char **key, size_t *klen)
{
	size_t i, stars = 0, last = 0;
	const char *t, *dot;
	size_t tlen;

	for (i = 0; i < len; i++) {
		if (pat[i] == '*') {
			stars++;
			last = i;
		}
	}
	if (stars == 0) {
		*key = pat;
		*klen = len;
		return len > 0 ? K_EXACT : K_GLOBAL;
	}
	if (stars == 1 && last == 0 && len > 2 && pat[1] == '.') {
		*key = pat + 2;
		*klen = len - 2;
		return K_STARDOT;
	}
	t = pat + last + 1;
	tlen = len - last - 1;
	dot = memchr(t, '.', tlen);
	if (dot == NULL || dot + 1 == t + tlen)
		return K_GLOBAL;
	*key = dot + 1;
	*klen = (size_t)(t + tlen - (dot + 1));
	return K_EXTRA;
}

/* Ascending order of these keys: descending literal count, then id. */
static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort ids[0..n) by descending literal count, then ascending id. */
static void
sort_ids(uint32_t *ids, size_t n, const struct mr_rule *rules,
         uint64_t *scratch)
{
	size_t i;

	if (n < 2)
		return;
	for (i = 0; i < n; i++)
		scratch[i] = (uint64_t)(UINT32_MAX - rules[ids[i]].literal)
		                 << 32 |
		             ids[i];
	qsort(scratch, n, sizeof(*scratch), cmp_u64);
	for (i = 0; i < n; i++)
		ids[i] = (uint32_t)scratch[i];
}

int
mri_hostidx_build(struct mr_hostidx **out, struct mr_arena *a,
                  const struct mr_rule *rules, size_t n)
{
	struct mr_hostidx *ix;
	struct filing *fl;
	struct slot *slots;
	uint32_t *plen, *extra, *global;
	uint64_t *scratch;
	char *pool;
	size_t cap = 8, i, pool_len = 0, pool_cap = 0, nextra = 0, nglobal = 0;
	unsigned bits = 3;

	*out = NULL;
	if (n >= NONE / 4)
		return mri_error_set(MR_EINVAL, "hostidx: too many rules");
	while (cap < 2 * n) {
		cap <<= 1;
		bits++;
	}
	ix = mri_arena_alloc(a, sizeof(*ix));
	slots = mri_arena_calloc(a, cap, sizeof(*slots));
	fl = mri_arena_calloc(a, n, sizeof(*fl));
	plen = mri_arena_calloc(a, n, sizeof(*plen));
	if (ix == NULL || slots == NULL || fl == NULL || plen == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		size_t len = rules[i].is_prefix ? 0 : strlen(rules[i].text);
		if (len > UINT32_MAX)
			return mri_error_set(MR_EINVAL,
			                     "hostidx: pattern too long");
		plen[i] = (uint32_t)len;
		pool_cap += len;
	}
	pool = mri_arena_alloc(a, pool_cap);
	if (pool == NULL)
		goto nomem;
	for (i = 0; i < cap; i++) {
		slots[i].exact = NONE;
		slots[i].stardot = NONE;
	}
	ix->slots = slots;
	ix->mask = cap - 1;
	ix->shift = 64 - bits;
	ix->maxkey = 0;

	/* Pass 1: find or make each rule's slot, count the lists. */
	for (i = 0; i < n; i++) {
		const char *key = NULL;
		size_t klen = 0, s;
		enum kind k;
		uint64_t h;

		if (rules[i].is_prefix) {
			fl[i].kind = K_GLOBAL;
			fl[i].slot = NONE;
			continue;
		}
		k = classify(rules[i].text, plen[i], &key, &klen);
		fl[i].kind = k;
		fl[i].slot = NONE;
		if (k == K_GLOBAL) {
			nglobal++;
			continue;
		}
		h = hash_key(key, klen);
		for (s = slot_of(ix, h);; s = (s + 1) & ix->mask) {
			struct slot *sl = &slots[s];
			if (sl->key_len == 0) {
				memcpy(pool + pool_len, key, klen);
				sl->hash = h;
				sl->key_off = (uint32_t)pool_len;
				sl->key_len = (uint32_t)klen;
				pool_len += klen;
				if (klen > ix->maxkey)
					ix->maxkey = klen;
				break;
			}
			if (sl->hash == h && sl->key_len == klen &&
			    memcmp(pool + sl->key_off, key, klen) == 0)
				break;
		}
		fl[i].slot = (uint32_t)s;
		if (k == K_EXACT && slots[s].exact == NONE) {
			slots[s].exact = (uint32_t)i;
		} else if (k == K_STARDOT && slots[s].stardot == NONE) {
			slots[s].stardot = (uint32_t)i;
		} else {
			fl[i].kind = K_EXTRA;
			slots[s].nx++;
			nextra++;
		}
	}

	/* Pass 2: lay the lists out and fill them in rule order. */
	extra = mri_arena_calloc(a, nextra, sizeof(*extra));
	global = mri_arena_calloc(a, nglobal, sizeof(*global));
	scratch = mri_arena_calloc(a, nextra > nglobal ? nextra : nglobal,
	                           sizeof(*scratch));
	if (extra == NULL || global == NULL || scratch == NULL)
		goto nomem;
	nextra = 0;
	for (i = 0; i < cap; i++) {
		slots[i].xoff = (uint32_t)nextra;
		nextra += slots[i].nx;
		slots[i].nx = 0;
	}
	nglobal = 0;
	for (i = 0; i < n; i++) {
		if (rules[i].is_prefix)
			continue;
		if (fl[i].kind == K_GLOBAL) {
			global[nglobal++] = (uint32_t)i;
		} else if (fl[i].kind == K_EXTRA) {
			struct slot *sl = &slots[fl[i].slot];
			extra[sl->xoff + sl->nx++] = (uint32_t)i;
		}
	}
	for (i = 0; i < cap; i++)
		sort_ids(extra + slots[i].xoff, slots[i].nx, rules, scratch);
	sort_ids(global, nglobal, rules, scratch);

	ix->pool = pool;
	ix->extra = extra;
	ix->global = global;
	ix->nglobal = nglobal;
	ix->plen = plen;
	*out = ix;
	return 0;
nomem:
	return mri_error_set(MR_ENOMEM, "hostidx: out of memory");
}

/* Rule id ties or beats the best so far: record it. */
static inline void
consider(struct best *b, struct mr_match *out, const struct mr_rule *rules,
         uint32_t id)
{
	uint32_t lit = rules[id].literal, n, j;

	if (b->n == 0 || lit > b->lit) {
		b->lit = lit;
		b->n = 0;
		b->er = false;
	} else if (lit < b->lit) {
		return;
	}
	b->er |= rules[id].express_route;
	/* Keep the MR_MATCH_MAX_TIED smallest ids, ascending. */
	n = b->n;
	if (n == MR_MATCH_MAX_TIED) {
		if (id > out->rules[n - 1])
			return;
		n--;
	}
	for (j = n; j > 0 && out->rules[j - 1] > id; j--)
		out->rules[j] = out->rules[j - 1];
	out->rules[j] = id;
	b->n = n + 1;
}

/* Check a list of rules sorted by descending literal count. */
static void
check_list(const struct mr_hostidx *ix, struct best *b, struct mr_match *out,
           const struct mr_rule *rules, const uint32_t *ids, size_t n,
           const char *host, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t id = ids[i];
		if (b->n != 0 && rules[id].literal < b->lit)
			break;
		if (mr_glob_match(rules[id].text, ix->plen[id], host, len))
			consider(b, out, rules, id);
	}
}

/*
 * Probe for key host[off..len) with hash h; whole tells that off is 0,
 * else host[off - 1] is a '.'.
 */
static inline void
probe(const struct mr_hostidx *ix, struct best *b, struct mr_match *out,
      const struct mr_rule *rules, uint64_t h, const char *host, size_t len,
      size_t off, bool whole)
{
	const struct slot *sl;
	size_t s, klen = len - off;

	for (s = slot_of(ix, h);; s = (s + 1) & ix->mask) {
		sl = &ix->slots[s];
		if (sl->key_len == 0)
			return;
		if (sl->hash == h && sl->key_len == klen &&
		    memcmp(ix->pool + sl->key_off, host + off, klen) == 0)
			break;
	}
	if (whole) {
		if (sl->exact != NONE)
			consider(b, out, rules, sl->exact);
	} else {
		if (sl->stardot != NONE)
			consider(b, out, rules, sl->stardot);
	}
	if (sl->nx != 0)
		check_list(ix, b, out, rules, ix->extra + sl->xoff, sl->nx,
		           host, len);
}

void
mri_hostidx_lookup(const struct mr_hostidx *ix, const struct mr_rule *rules,
                   const char *host, size_t len, struct mr_match *out)
{
	struct best b = {0, 0, false};
	uint64_t h = HASH_SEED;
	size_t j, lo;

	/* Suffixes longer than the longest key cannot be keys. */
	lo = len > ix->maxkey ? len - ix->maxkey - 1 : 0;
	for (j = len; j-- > lo;) {
		unsigned char c = (unsigned char)host[j];
		if (c == '.' && j + 1 < len)
			probe(ix, &b, out, rules, h, host, len, j + 1, false);
		h = hash_step(h, c);
	}
	if (len != 0 && len <= ix->maxkey)
		probe(ix, &b, out, rules, h, host, len, 0, true);
	if (ix->nglobal != 0)
		check_list(ix, &b, out, rules, ix->global, ix->nglobal, host,
		           len);
	out->n = b.n;
	if (b.n == 0)
		out->route = MR_ROUTE_UNKNOWN;
	else
		out->route = b.er ? MR_ROUTE_EXPRESSROUTE : MR_ROUTE_INTERNET;
}

/* Every match so far: the cap smallest ids, ascending, and the count. */
struct all {
	uint32_t *ids;
	size_t cap;
	size_t kept;
	size_t total;
	struct mr_match *dec; /* the decision too, when not NULL */
	struct best b;
	const struct mr_rule *rules;
};

static inline void
all_add(struct all *a, uint32_t id)
{
	size_t j = a->kept;

	a->total++;
	if (a->dec != NULL)
		consider(&a->b, a->dec, a->rules, id);
	if (a->cap == 0)
		return;
	if (j == a->cap) {
		if (id > a->ids[j - 1])
			return;
		j--;
	} else {
		a->kept++;
	}
	for (; j > 0 && a->ids[j - 1] > id; j--)
		a->ids[j] = a->ids[j - 1];
	a->ids[j] = id;
}

static void
all_list(const struct mr_hostidx *ix, struct all *a,
         const struct mr_rule *rules, const uint32_t *ids, size_t n,
         const char *host, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (mr_glob_match(rules[ids[i]].text, ix->plen[ids[i]], host,
		                  len))
			all_add(a, ids[i]);
}

static inline void
all_probe(const struct mr_hostidx *ix, struct all *a,
          const struct mr_rule *rules, uint64_t h, const char *host, size_t len,
          size_t off, bool whole)
{
	const struct slot *sl;
	size_t s, klen = len - off;

	for (s = slot_of(ix, h);; s = (s + 1) & ix->mask) {
		sl = &ix->slots[s];
		if (sl->key_len == 0)
			return;
		if (sl->hash == h && sl->key_len == klen &&
		    memcmp(ix->pool + sl->key_off, host + off, klen) == 0)
			break;
	}
	if (whole) {
		if (sl->exact != NONE)
			all_add(a, sl->exact);
	} else {
		if (sl->stardot != NONE)
			all_add(a, sl->stardot);
	}
	if (sl->nx != 0)
		all_list(ix, a, rules, ix->extra + sl->xoff, sl->nx, host, len);
}

size_t
mri_hostidx_all(const struct mr_hostidx *ix, const struct mr_rule *rules,
                const char *host, size_t len, uint32_t *ids, size_t cap,
                struct mr_match *dec)
{
	struct all a = {ids, cap, 0, 0, dec, {0, 0, false}, rules};
	uint64_t h = HASH_SEED;
	size_t j, lo;

	lo = len > ix->maxkey ? len - ix->maxkey - 1 : 0;
	for (j = len; j-- > lo;) {
		unsigned char c = (unsigned char)host[j];
		if (c == '.' && j + 1 < len)
			all_probe(ix, &a, rules, h, host, len, j + 1, false);
		h = hash_step(h, c);
	}
	if (len != 0 && len <= ix->maxkey)
		all_probe(ix, &a, rules, h, host, len, 0, true);
	if (ix->nglobal != 0)
		all_list(ix, &a, rules, ix->global, ix->nglobal, host, len);
	if (dec != NULL) {
		dec->n = a.b.n;
		if (a.b.n == 0)
			dec->route = MR_ROUTE_UNKNOWN;
		else
			dec->route =
			    a.b.er ? MR_ROUTE_EXPRESSROUTE : MR_ROUTE_INTERNET;
	}
	return a.total;
}
