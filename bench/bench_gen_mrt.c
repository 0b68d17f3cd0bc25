/*
 * bench_gen_mrt.c - write a deterministic, Internet-sized MRT RIB dump
 * (RFC 6396 TABLE_DUMP_V2) around a real router's dump, for the verify
 * benchmark (bench/verify-mrt.sh) and the large-table test
 * (tests/verify/big-mrt.sh). The same options give the same bytes
 * (fixed-seed splitmix64).
 *
 * usage: bench_gen_mrt [-4 N] [-6 N] [-2 PERCENT] [-s SEED] [-f]
 *                      SEED.mrt OUT.mrt
 *
 * SEED.mrt is a small real dump (tests/verify/data/trey-r0.frr-rib.mrt:
 * the lab's FRR edge of trey-research with Microsoft's routes, the catalog's
 * ExpressRoute prefixes under the design's communities at local preference
 * 150, from 185.112.86.6, AS 12076). Its peers and routes are kept as they
 * are, so verify's result on OUT is its result on SEED; around them:
 *   - N IPv4 (-4, default 950,000) and N IPv6 (-6, default 200,000)
 *     random distinct unicast prefixes (duplicates drawn are dropped, so a
 *     little fewer), lengths as in today's Internet table (IPv4 about 60%
 *     /24, 10% /23, 10% /22, the rest /8-/21; IPv6 about 45% /48, 15% /32,
 *     the rest /29-/47), none in private, shared or reserved space;
 *   - each from the seed's Internet neighbour (IPv4; IPv6 from a second
 *     address of it), and PERCENT (-2, default 35) also from a second
 *     transit with a 4-byte ASN; AS paths of 3-6 ASNs (2- and 4-byte),
 *     0-4 communities, MED on some;
 *   - Microsoft's prefixes of the seed also from the Internet neighbour
 *     (AS path 64500 8075), as a real Internet table carries them.
 * -f plants known drift: the first Microsoft prefix of the seed removed
 * (MR-VER-1), the second at local preference 100 (MR-VER-4), 104.40.0.0/16
 * (MR-VER-2), 0.0.0.0/0 and 10.99.0.0/16 (MR-VER-3) from Microsoft.
 * Records are in prefix order per family, IPv4 first, as routers write.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "m365route/m365route.h"

#define MS_ASN     12076u
#define OWN_ASN    64620u
#define ISP_ASN    64500u
#define TRANSIT_AS 4200000123u

/* One prefix of the output and where its entries come from. */
struct item {
	struct mr_prefix p;
	uint32_t seed_first; /* index of its first seed route, or UINT32_MAX */
	uint32_t n_seed;
	uint8_t synth;    /* 1: Internet entries; 2: Internet, MS-like path */
	uint8_t fault_lp; /* -f: Microsoft's entry at local preference 100 */
};

struct peer {
	uint8_t fam;
	uint8_t addr[16];
	uint32_t asn;
};

static uint64_t rng;

static uint64_t
next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t
below(uint32_t n)
{
	return (uint32_t)(next() % n);
}

static void
usage(void)
{
	fprintf(stderr, "usage: bench_gen_mrt [-4 N] [-6 N] [-2 PERCENT] "
	                "[-s SEED] [-f] SEED.mrt OUT.mrt\n");
	exit(2);
}

/* Prefix lengths: {length, cumulative per mille}, the last at 1000. */
static const unsigned cut4[][2] = {{8, 1},    {12, 4},   {13, 8},   {14, 14},
                                   {15, 22},  {16, 60},  {17, 72},  {18, 90},
                                   {19, 125}, {20, 175}, {21, 220}, {22, 320},
                                   {23, 410}, {24, 1000}};
static const unsigned cut6[][2] = {{29, 40},  {32, 190}, {33, 200}, {34, 210},
                                   {36, 250}, {40, 320}, {44, 420}, {46, 460},
                                   {47, 500}, {48, 1000}};

static unsigned
pick_len(const unsigned (*cut)[2], size_t n)
{
	unsigned u = below(1000);
	size_t i = 0;
	while (i + 1 < n && u >= cut[i][1])
		i++;
	return cut[i][0];
}

static void
mask(struct mr_prefix *p)
{
	unsigned bits = p->addr.family == MR_AF_INET ? 32 : 128;
	for (unsigned b = p->len; b < bits; b++)
		p->addr.bytes[b / 8] &= (uint8_t) ~(0x80u >> (b % 8));
}

static void
rand4(struct mr_prefix *p)
{
	for (;;) {
		uint32_t a = (uint32_t)next();
		unsigned o = a >> 24, o2 = (a >> 16) & 0xff;
		if (o == 0 || o == 10 || o == 127 || o >= 224 ||
		    (o == 100 && o2 >= 64 && o2 < 128) ||
		    (o == 172 && o2 >= 16 && o2 < 32) ||
		    (o == 192 && o2 == 168) || (o == 169 && o2 == 254) ||
		    (o == 198 && (o2 == 18 || o2 == 19)))
			continue;
		memset(p, 0, sizeof(*p));
		p->addr.family = MR_AF_INET;
		p->addr.bytes[0] = (uint8_t)o;
		p->addr.bytes[1] = (uint8_t)o2;
		p->addr.bytes[2] = (uint8_t)(a >> 8);
		p->addr.bytes[3] = (uint8_t)a;
		p->len =
		    (uint8_t)pick_len(cut4, sizeof(cut4) / sizeof(cut4[0]));
		mask(p);
		return;
	}
}

static void
rand6(struct mr_prefix *p)
{
	uint64_t a = next();
	memset(p, 0, sizeof(*p));
	p->addr.family = MR_AF_INET6;
	/* 2001::/16 - 2c0f::/16: the RIRs' allocations, 2001:db8 excluded */
	uint16_t top = (uint16_t)(0x2001 + below(0x2c0f - 0x2001));
	if (top == 0x2001 && ((a >> 48) & 0xffff) == 0x0db8)
		a ^= (uint64_t)1 << 48;
	p->addr.bytes[0] = (uint8_t)(top >> 8);
	p->addr.bytes[1] = (uint8_t)top;
	for (int i = 0; i < 6; i++)
		p->addr.bytes[2 + i] = (uint8_t)(a >> (56 - 8 * i));
	p->len = (uint8_t)pick_len(cut6, sizeof(cut6) / sizeof(cut6[0]));
	mask(p);
}

static int
cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = mr_prefix_cmp(&x->p, &y->p);
	if (c)
		return c;
	/* seed items first among equals, so the merge keeps them */
	return (x->n_seed == 0) - (y->n_seed == 0);
}

/* An output record under construction. */
static uint8_t rec[1 << 20];
static size_t rn;

static void
p8(unsigned v)
{
	rec[rn++] = (uint8_t)v;
}
static void
p16(unsigned v)
{
	p8(v >> 8);
	p8(v);
}
static void
p32(uint32_t v)
{
	p16(v >> 16);
	p16(v & 0xffff);
}
static void
pmem(const void *p, size_t n)
{
	memcpy(rec + rn, p, n);
	rn += n;
}

static void
flush(FILE *f, unsigned sub)
{
	uint8_t h[12];
	uint32_t t = 1796501421u, len = (uint32_t)rn;
	h[0] = (uint8_t)(t >> 24), h[1] = (uint8_t)(t >> 16);
	h[2] = (uint8_t)(t >> 8), h[3] = (uint8_t)t;
	h[4] = 0, h[5] = 13, h[6] = 0, h[7] = (uint8_t)sub;
	h[8] = (uint8_t)(len >> 24), h[9] = (uint8_t)(len >> 16);
	h[10] = (uint8_t)(len >> 8), h[11] = (uint8_t)len;
	fwrite(h, 1, 12, f);
	fwrite(rec, 1, rn, f);
	rn = 0;
}

/* Attributes: begins at *start (the 2-byte length is filled in later). */
static void
attr(unsigned flags, unsigned type, const void *v, size_t n)
{
	if (n > 255)
		flags |= 0x10;
	p8(flags);
	p8(type);
	if (flags & 0x10)
		p16((unsigned)n);
	else
		p8((unsigned)n);
	pmem(v, n);
}

static void
put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24), b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8), b[3] = (uint8_t)v;
}

/* One RIB entry. */
static void
entry(unsigned peer, const struct peer *pr, uint8_t origin,
      const uint32_t *path, size_t plen, const uint32_t *comm, size_t nc,
      uint32_t lp, bool has_lp, bool med, uint8_t fam)
{
	uint8_t b[4096];
	p16(peer);
	p32(1796500000u + below(1000));
	size_t at = rn;
	p16(0);
	attr(0x40, 1, &origin, 1);
	if (plen) {
		b[0] = 2;
		b[1] = (uint8_t)plen;
		for (size_t i = 0; i < plen; i++)
			put32(b + 2 + 4 * i, path[i]);
		attr(0x40, 2, b, 2 + 4 * plen);
	} else {
		attr(0x40, 2, b, 0);
	}
	if (fam == MR_AF_INET) {
		attr(0x40, 3, pr->addr, 4);
	} else {
		b[0] = 16;
		memcpy(b + 1, pr->addr, 16);
		attr(0x80, 14, b, 17);
	}
	if (med) {
		put32(b, below(200));
		attr(0x80, 4, b, 4);
	}
	if (has_lp) {
		put32(b, lp);
		attr(0x40, 5, b, 4);
	}
	if (nc) {
		for (size_t i = 0; i < nc; i++)
			put32(b + 4 * i, comm[i]);
		attr(0xc0, 8, b, 4 * nc);
	}
	size_t alen = rn - at - 2;
	rec[at] = (uint8_t)(alen >> 8);
	rec[at + 1] = (uint8_t)alen;
}

/* A random Internet path from first, 3-6 ASNs long. */
static size_t
inet_path(uint32_t first, uint32_t *path)
{
	size_t n = 3 + below(4);
	path[0] = first;
	for (size_t i = 1; i < n; i++) {
		uint32_t r = below(100);
		if (r < 25)
			path[i] = 0x30000 + below(400000); /* 4-byte */
		else if (r < 45)
			path[i] = 1 + below(1000); /* big transits */
		else
			path[i] = 1001 + below(63000);
	}
	return n;
}

static size_t
peer_of(struct peer *peers, size_t *n, uint8_t fam, const uint8_t *addr,
        uint32_t asn)
{
	for (size_t i = 0; i < *n; i++)
		if (peers[i].fam == fam &&
		    memcmp(peers[i].addr, addr, fam == MR_AF_INET ? 4 : 16) ==
		        0)
			return i;
	memset(&peers[*n], 0, sizeof(peers[*n]));
	peers[*n].fam = fam;
	memcpy(peers[*n].addr, addr, fam == MR_AF_INET ? 4 : 16);
	peers[*n].asn = asn;
	return (*n)++;
}

int
main(int argc, char **argv)
{
	unsigned long n4 = 950000, n6 = 200000, second = 35;
	uint64_t seed = 15;
	bool faults = false;
	int c;
	while ((c = getopt(argc, argv, "4:6:2:s:f")) != -1) {
		switch (c) {
		case '4':
			n4 = strtoul(optarg, NULL, 0);
			break;
		case '6':
			n6 = strtoul(optarg, NULL, 0);
			break;
		case '2':
			second = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'f':
			faults = true;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2)
		usage();
	rng = seed;
	struct mr_rib *sr = NULL;
	if (mr_rib_load(argv[optind], MR_RIB_MRT, &sr) != MR_OK) {
		fprintf(stderr, "bench_gen_mrt: %s\n", mr_error_last());
		return 2;
	}
	if (sr->n_errors_total) {
		fprintf(stderr, "bench_gen_mrt: %s: %s\n", argv[optind],
		        sr->errors[0].msg);
		return 2;
	}
	/* The seed's peers, then the synthetic ones. */
	struct peer peers[64];
	size_t np = 0;
	uint32_t *seed_peer = calloc(sr->n_routes + 1, sizeof(uint32_t));
	size_t isp4 = SIZE_MAX;
	size_t n_extra = faults ? 3 : 0;
	struct mr_rib_route *extra = calloc(4, sizeof(*extra));
	for (size_t i = 0; i < sr->n_routes; i++) {
		const struct mr_rib_route *r = &sr->routes[i];
		struct mr_addr a = {0};
		a.family = MR_AF_INET;
		if (r->peer[0] &&
		    mr_addr_parse(&a, r->peer, strlen(r->peer)) != MR_OK) {
			fprintf(stderr, "bench_gen_mrt: peer '%s'\n", r->peer);
			return 2;
		}
		uint32_t asn = r->as_path_len ? r->as_path[0] : OWN_ASN;
		if (!r->peer[0])
			asn = 0;
		seed_peer[i] =
		    (uint32_t)peer_of(peers, &np, a.family, a.bytes, asn);
		if (r->peer[0] && asn != MS_ASN && isp4 == SIZE_MAX)
			isp4 = seed_peer[i];
	}
	if (isp4 == SIZE_MAX || np > 60) {
		fprintf(stderr, "bench_gen_mrt: the seed has no Internet "
		                "neighbour (or too many peers)\n");
		return 2;
	}
	uint8_t a6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	                  0,    0,    0,    0,    0, 0, 0, 1};
	size_t isp6 = peer_of(peers, &np, MR_AF_INET6, a6, peers[isp4].asn);
	uint8_t t4[4] = {198, 51, 100, 1};
	size_t tr4 = peer_of(peers, &np, MR_AF_INET, t4, TRANSIT_AS);
	a6[15] = 2;
	size_t tr6 = peer_of(peers, &np, MR_AF_INET6, a6, TRANSIT_AS);

	/* Items: synthetic prefixes, then one per seed route. */
	size_t cap = n4 + n6 + sr->n_routes + n_extra + 8;
	struct item *it = calloc(cap, sizeof(*it));
	if (it == NULL || seed_peer == NULL || extra == NULL) {
		fprintf(stderr, "bench_gen_mrt: out of memory\n");
		return 2;
	}
	size_t ni = 0;
	for (unsigned long i = 0; i < n4; i++) {
		rand4(&it[ni].p);
		it[ni].seed_first = UINT32_MAX;
		it[ni++].synth = 1;
	}
	for (unsigned long i = 0; i < n6; i++) {
		rand6(&it[ni].p);
		it[ni].seed_first = UINT32_MAX;
		it[ni++].synth = 1;
	}
	size_t n_ms = 0;
	for (size_t i = 0; i < sr->n_routes; i++) {
		const struct mr_rib_route *r = &sr->routes[i];
		bool ms = r->as_path_len && r->as_path[0] == MS_ASN;
		if (ms && faults && n_ms == 0) {
			n_ms++; /* dropped: not an item */
			continue;
		}
		it[ni].p = r->prefix;
		it[ni].seed_first = (uint32_t)i;
		it[ni].n_seed = 1;
		it[ni].synth = ms ? 2 : 0;
		if (ms && faults && n_ms == 1) {
			it[ni].fault_lp = 1;
		}
		n_ms += ms;
		ni++;
	}
	if (faults) {
		/* routes from Microsoft the filter does not admit */
		static const char *const bad[] = {"104.40.0.0/16", "0.0.0.0/0",
		                                  "10.99.0.0/16"};
		for (size_t k = 0; k < 3; k++) {
			mr_prefix_parse(&extra[k].prefix, bad[k],
			                strlen(bad[k]), NULL);
			it[ni].p = extra[k].prefix;
			it[ni].seed_first = UINT32_MAX - 1 - (uint32_t)k;
			it[ni].n_seed = 1;
			ni++;
		}
	}
	qsort(it, ni, sizeof(*it), cmp_item);

	FILE *f = fopen(argv[optind + 1], "wb");
	if (f == NULL) {
		perror(argv[optind + 1]);
		return 2;
	}
	static char fbuf[1 << 20];
	setvbuf(f, fbuf, _IOFBF, sizeof(fbuf));
	/* PEER_INDEX_TABLE */
	p32(0xb9705400u); /* collector BGP ID 185.112.84.0 */
	p16(0);           /* no view name */
	p16((unsigned)np);
	for (size_t i = 0; i < np; i++) {
		bool v6 = peers[i].fam == MR_AF_INET6;
		p8((v6 ? 1u : 0u) | 2u);
		p32(i + 1);
		pmem(peers[i].addr, v6 ? 16 : 4);
		p32(peers[i].asn);
	}
	flush(f, 1);
	uint32_t seq = 0, path[8], comm[4];
	size_t n_prefixes = 0, n_entries = 0;
	for (size_t i = 0; i < ni;) {
		/* all items of one prefix: one record */
		size_t j = i;
		while (j < ni && mr_prefix_cmp(&it[j].p, &it[i].p) == 0)
			j++;
		uint8_t fam = it[i].p.addr.family;
		p32(seq++);
		p8(it[i].p.len);
		pmem(it[i].p.addr.bytes, (it[i].p.len + 7u) / 8);
		size_t at = rn, cnt = 0;
		p16(0);
		bool synth_done = false;
		for (size_t k = i; k < j; k++) {
			const struct item *x = &it[k];
			if (x->n_seed && x->seed_first >= UINT32_MAX - 4) {
				/* a planted route from Microsoft */
				size_t ms = SIZE_MAX;
				for (size_t q = 0; q < np; q++)
					if (peers[q].asn == MS_ASN)
						ms = q;
				uint32_t mp[1] = {MS_ASN},
				         mc[1] = {(MS_ASN << 16) | 5010};
				entry((unsigned)ms, &peers[ms], 0, mp, 1, mc, 1,
				      150, true, false, fam);
				cnt++;
			} else if (x->n_seed) {
				const struct mr_rib_route *r =
				    &sr->routes[x->seed_first];
				uint32_t lp = x->fault_lp ? 100 : r->local_pref;
				size_t pi = seed_peer[x->seed_first];
				entry((unsigned)pi, &peers[pi], r->origin,
				      r->as_path, r->as_path_len,
				      r->communities, r->n_communities, lp,
				      r->has_local_pref, false, fam);
				cnt++;
			}
			if (x->synth && !synth_done) {
				/* the Internet's entries, once per prefix */
				synth_done = true;
				size_t pi = fam == MR_AF_INET ? isp4 : isp6;
				size_t pl;
				if (x->synth == 2) {
					path[0] = ISP_ASN;
					path[1] = 8075;
					pl = 2;
				} else {
					pl = inet_path(ISP_ASN, path);
				}
				size_t nc = below(5);
				for (size_t q = 0; q < nc; q++)
					comm[q] = (ISP_ASN << 16) | below(4000);
				entry((unsigned)pi, &peers[pi], 0, path, pl,
				      comm, nc, 100, true, below(10) < 3, fam);
				cnt++;
				if (below(100) < second) {
					pi = fam == MR_AF_INET ? tr4 : tr6;
					path[0] = TRANSIT_AS;
					entry((unsigned)pi, &peers[pi],
					      (uint8_t)below(3), path, pl, comm,
					      nc, 90, true, false, fam);
					cnt++;
				}
			}
		}
		rec[at] = (uint8_t)(cnt >> 8);
		rec[at + 1] = (uint8_t)cnt;
		flush(f, fam == MR_AF_INET ? 2 : 4);
		n_prefixes++;
		n_entries += cnt;
		i = j;
	}
	if (fclose(f) != 0) {
		perror(argv[optind + 1]);
		return 2;
	}
	fprintf(stderr,
	        "bench_gen_mrt: %zu prefixes, %zu routes, %zu peers%s\n",
	        n_prefixes, n_entries, np, faults ? ", faults planted" : "");
	free(it);
	free(extra);
	free(seed_peer);
	mr_rib_free(sr);
	return 0;
}
