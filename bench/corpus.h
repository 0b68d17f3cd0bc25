/*
 * corpus.h - deterministic benchmark corpora, shared by bench_match.c and
 * bench_gen.c (header-only: bench/CMakeLists.txt builds each bench_*.c as
 * one executable).
 *
 * Hosts are drawn from a catalog's own url patterns with a fixed-seed
 * splitmix64 generator, so every run on every machine sees the same names:
 *   40% exact names of the catalog, uniformly over its distinct names;
 *   30% wildcards filled in: each '*' replaced by one of a few fillers
 *       ("x", "contoso", "a.b", "eu.west", "tenant-01", ...);
 *   30% names that are not Microsoft's: half look-alikes of real names (a
 *       label glued or prepended, a domain appended, a suffix without its
 *       dot: "notsharepoint.com"), half random 1-3 label names under common
 *       top-level domains.
 * Addresses (one family at a time): 50% inside a catalog prefix (host bits
 * random), 25% "near" (same first 16 bits as a catalog prefix, the rest
 * random: mostly misses that still walk the trie), 25% uniformly random
 * (IPv6: inside 2000::/3).
 * Every generated host is a valid, lowercase hostname (labels of 1..63 of
 * [a-z0-9-], no leading or trailing '-'), at most MR_HOST_MAX characters.
 */
#ifndef MR_BENCH_CORPUS_H
#define MR_BENCH_CORPUS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m365route/m365route.h"

#define CORPUS_SEED 0x6d333635726f7574ULL /* "m365rout" */

enum host_kind { HK_EXACT = 0, HK_FILLED = 1, HK_LOOKALIKE = 2, HK_RANDOM = 3 };

struct corpus_src {
	const char **exact; /* distinct exact names */
	size_t n_exact;
	const char **wild; /* distinct wildcard patterns */
	size_t n_wild;
	struct mr_prefix *v4, *v6;
	size_t n_v4, n_v6;
};

static const char *const fillers[] = {
    "x",   "contoso", "a.b",   "eu.west", "tenant-01", "foo-bar",
    "www", "mail",    "a1b2c", "prod.eu", "z9",        "fabrikam-eu"};
static const char *const tlds[] = {"com", "net", "org",     "io",
                                   "de",  "fr",  "example", "co.uk"};

/* splitmix64 (Steele, Lea, Flood 2014): tiny, fast, good enough here. */
static uint64_t
rng_next(uint64_t *st)
{
	uint64_t z = (*st += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t
rng_below(uint64_t *st, size_t n)
{
	return (size_t)(rng_next(st) % n);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t
uniq(const char **v, size_t n)
{
	size_t i, w = 0;

	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++)
		if (w == 0 || strcmp(v[w - 1], v[i]) != 0)
			v[w++] = v[i];
	return w;
}

/*
 * Collect the catalog's patterns and prefixes. Returns 0, or -1 (out of
 * memory, or a catalog without names or prefixes of each kind).
 */
static int
corpus_src_init(struct corpus_src *s, const struct mr_catalog *c)
{
	size_t i, k, n_urls = 0, n_ips = 0;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < mr_catalog_count(c); i++) {
		n_urls += mr_catalog_set(c, i)->n_urls;
		n_ips += mr_catalog_set(c, i)->n_ips;
	}
	s->exact = calloc(n_urls + 1, sizeof(*s->exact));
	s->wild = calloc(n_urls + 1, sizeof(*s->wild));
	s->v4 = calloc(n_ips + 1, sizeof(*s->v4));
	s->v6 = calloc(n_ips + 1, sizeof(*s->v6));
	if (!s->exact || !s->wild || !s->v4 || !s->v6)
		goto fail;
	for (i = 0; i < mr_catalog_count(c); i++) {
		const struct mr_endpoint_set *es = mr_catalog_set(c, i);
		for (k = 0; k < es->n_urls; k++) {
			if (strchr(es->urls[k], '*'))
				s->wild[s->n_wild++] = es->urls[k];
			else
				s->exact[s->n_exact++] = es->urls[k];
		}
		for (k = 0; k < es->n_ips; k++) {
			if (es->ips[k].addr.family == MR_AF_INET)
				s->v4[s->n_v4++] = es->ips[k];
			else
				s->v6[s->n_v6++] = es->ips[k];
		}
	}
	s->n_exact = uniq(s->exact, s->n_exact);
	s->n_wild = uniq(s->wild, s->n_wild);
	if (s->n_exact == 0 || s->n_wild == 0 || s->n_v4 == 0 || s->n_v6 == 0)
		goto fail;
	return 0;
fail:
	free(s->exact);
	free(s->wild);
	free(s->v4);
	free(s->v6);
	memset(s, 0, sizeof(*s));
	return -1;
}

static void
corpus_src_free(struct corpus_src *s)
{
	free(s->exact);
	free(s->wild);
	free(s->v4);
	free(s->v6);
}

/* Append src to buf (cap includes the NUL); false if it does not fit. */
static int
put(char *buf, size_t cap, size_t *len, const char *src)
{
	size_t n = strlen(src);

	if (*len + n + 1 > cap)
		return 0;
	memcpy(buf + *len, src, n + 1);
	*len += n;
	return 1;
}

static void
fill(const char *pat, uint64_t *rng, char *buf, size_t cap, size_t *len)
{
	const char *p;

	*len = 0;
	buf[0] = '\0';
	for (p = pat; *p; p++) {
		char one[2] = {*p, '\0'};
		if (*p == '*')
			put(buf, cap, len,
			    fillers[rng_below(rng, sizeof(fillers) /
			                               sizeof(fillers[0]))]);
		else
			put(buf, cap, len, one);
	}
}

static void
random_label(uint64_t *rng, char *buf, size_t cap, size_t *len)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	size_t n = 3 + rng_below(rng, 10), i;

	for (i = 0; i < n && *len + 2 < cap; i++)
		buf[(*len)++] = alnum[rng_below(rng, i == 0 ? 26 : 36)];
	buf[*len] = '\0';
}

/*
 * Write one host into buf (cap >= MR_HOST_MAX + 1); returns its length and
 * its kind in *kind.
 */
static size_t
corpus_host(const struct corpus_src *s, uint64_t *rng, char *buf, size_t cap,
            enum host_kind *kind)
{
	size_t len = 0, r = rng_below(rng, 100);
	char tmp[MR_HOST_MAX + 1];

	if (r < 40) {
		*kind = HK_EXACT;
		put(buf, cap, &len, s->exact[rng_below(rng, s->n_exact)]);
	} else if (r < 70) {
		*kind = HK_FILLED;
		fill(s->wild[rng_below(rng, s->n_wild)], rng, buf, cap, &len);
	} else if (r < 85) {
		/* A look-alike of a real name. */
		size_t t = 0;
		*kind = HK_LOOKALIKE;
		if (rng_below(rng, 2))
			fill(s->wild[rng_below(rng, s->n_wild)], rng, tmp,
			     sizeof(tmp), &t);
		else
			put(tmp, sizeof(tmp), &t,
			    s->exact[rng_below(rng, s->n_exact)]);
		switch (rng_below(rng, 4)) {
		case 0: /* glued: xoutlook.office365.com */
			put(buf, cap, &len, "x");
			put(buf, cap, &len, tmp);
			break;
		case 1: /* appended: outlook.office365.com.example.net */
			put(buf, cap, &len, tmp);
			put(buf, cap, &len, ".example.net");
			break;
		case 2: { /* a suffix without its dot: notsharepoint.com */
			const char *dot = strchr(tmp, '.');
			put(buf, cap, &len, "not");
			put(buf, cap, &len, dot && dot[1] ? dot + 1 : tmp);
			break;
		}
		default: /* a first label changed: outlook-x.office365.com */
		{
			char *dot = strchr(tmp, '.');
			if (dot == NULL) {
				put(buf, cap, &len, tmp);
				put(buf, cap, &len, "-x.com");
			} else {
				*dot = '\0';
				put(buf, cap, &len, tmp);
				put(buf, cap, &len, "-x.");
				put(buf, cap, &len, dot + 1);
			}
			break;
		}
		}
		if (len == 0)
			put(buf, cap, &len, "example.com");
	} else {
		size_t labels = 1 + rng_below(rng, 3), i;
		*kind = HK_RANDOM;
		for (i = 0; i < labels; i++) {
			random_label(rng, buf, cap, &len);
			put(buf, cap, &len, ".");
		}
		put(buf, cap, &len,
		    tlds[rng_below(rng, sizeof(tlds) / sizeof(tlds[0]))]);
	}
	return len;
}

/*
 * One address of family fam; returns 0 inside a catalog prefix (by
 * construction), 1 near one, 2 random.
 */
static int
corpus_addr(const struct corpus_src *s, uint64_t *rng, int fam,
            struct mr_addr *out)
{
	const struct mr_prefix *pv = fam == MR_AF_INET ? s->v4 : s->v6;
	size_t n = fam == MR_AF_INET ? s->n_v4 : s->n_v6;
	size_t nbytes = fam == MR_AF_INET ? 4 : 16, i;
	size_t r = rng_below(rng, 4), keep;
	const struct mr_prefix *p = &pv[rng_below(rng, n)];
	uint8_t rnd[16];
	uint64_t a = rng_next(rng), b = rng_next(rng);

	memcpy(rnd, &a, 8);
	memcpy(rnd + 8, &b, 8);
	memset(out, 0, sizeof(*out));
	out->family = (uint8_t)fam;
	if (r >= 3) {
		memcpy(out->bytes, rnd, nbytes);
		if (fam == MR_AF_INET6) /* 2000::/3, global unicast */
			out->bytes[0] = (uint8_t)(0x20 | (rnd[0] & 0x1f));
		return 2;
	}
	keep = r < 2 ? p->len : 16; /* bits taken from the prefix */
	for (i = 0; i < nbytes; i++) {
		size_t bit = i * 8;
		uint8_t mask;
		if (bit + 8 <= keep)
			mask = 0xff;
		else if (bit >= keep)
			mask = 0;
		else
			mask = (uint8_t)(0xff << (8 - (keep - bit)));
		out->bytes[i] =
		    (uint8_t)((p->addr.bytes[i] & mask) | (rnd[i] & ~mask));
	}
	return r < 2 ? 0 : 1;
}

#endif
