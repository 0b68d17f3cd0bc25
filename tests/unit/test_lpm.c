/*
 * test_lpm.c - longest-prefix-match tables (lpm.c): nesting, /0, full
 * lengths, adjacent prefixes, prefixes on and around stride boundaries,
 * and a randomised comparison with a linear scan for IPv4 and IPv6.
 * Prefixes are built from bytes here (no dependency on the text parser).
 */
/* cmocka wants these before it, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "lpm.h"
#include "m365route/common.h"
#include "testutil.h"

static struct mr_prefix
p4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint8_t len)
{
	struct mr_prefix p;

	memset(&p, 0, sizeof(p));
	p.addr.family = MR_AF_INET;
	p.addr.bytes[0] = a;
	p.addr.bytes[1] = b;
	p.addr.bytes[2] = c;
	p.addr.bytes[3] = d;
	p.len = len;
	return p;
}

/* IPv6 from 16-bit groups, the way it is written. */
static struct mr_prefix
p6(const uint16_t g[8], uint8_t len)
{
	struct mr_prefix p;
	int i;

	memset(&p, 0, sizeof(p));
	p.addr.family = MR_AF_INET6;
	for (i = 0; i < 8; i++) {
		p.addr.bytes[2 * i] = (uint8_t)(g[i] >> 8);
		p.addr.bytes[2 * i + 1] = (uint8_t)g[i];
	}
	p.len = len;
	return p;
}

static bool
contains(const struct mr_prefix *p, const uint8_t *a)
{
	unsigned full = p->len / 8, rest = p->len % 8;

	if (memcmp(p->addr.bytes, a, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((p->addr.bytes[full] ^ a[full]) & (0xff00u >> rest)) == 0;
}

static uint32_t
linear(const struct mr_prefix *p, const uint32_t *v, size_t n, const uint8_t *a)
{
	uint32_t best = MR_LPM_NONE;
	int blen = -1;
	size_t i;

	for (i = 0; i < n; i++) {
		if (contains(&p[i], a) && (int)p[i].len > blen) {
			blen = p[i].len;
			best = v[i];
		}
	}
	return best;
}

static uint32_t
look4(const struct mr_lpm *t, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	uint8_t x[4] = {a, b, c, d};

	return mri_lpm_lookup(t, x);
}

static void
test_v4_basic(void **state)
{
	struct mr_arena *ar;
	struct mr_lpm *t;
	struct mr_prefix p[] = {
	    p4(0, 0, 0, 0, 0),          /* 0 */
	    p4(10, 0, 0, 0, 8),         /* 1 */
	    p4(10, 1, 0, 0, 16),        /* 2 */
	    p4(10, 1, 128, 0, 17),      /* 3 */
	    p4(10, 1, 200, 0, 24),      /* 4 */
	    p4(10, 1, 200, 128, 25),    /* 5 */
	    p4(10, 1, 200, 7, 32),      /* 6 */
	    p4(52, 96, 0, 0, 14),       /* 7 */
	    p4(52, 100, 0, 0, 14),      /* 8: adjacent to 7 */
	    p4(192, 168, 0, 0, 23),     /* 9 */
	    p4(192, 168, 2, 0, 23),     /* 10: adjacent to 9 */
	    p4(255, 255, 255, 255, 32), /* 11 */
	};
	uint32_t v[12];
	size_t i;

	(void)state;
	for (i = 0; i < 12; i++)
		v[i] = (uint32_t)i;
	assert_int_equal(mri_arena_create(&ar), 0);
	assert_int_equal(mri_lpm_build(&t, ar, MR_AF_INET, p, v, 12), 0);
	assert_int_equal(look4(t, 1, 2, 3, 4), 0);
	assert_int_equal(look4(t, 10, 0, 0, 1), 1);
	assert_int_equal(look4(t, 10, 255, 255, 255), 1);
	assert_int_equal(look4(t, 10, 1, 0, 0), 2);
	assert_int_equal(look4(t, 10, 1, 127, 255), 2);
	assert_int_equal(look4(t, 10, 1, 128, 0), 3);
	assert_int_equal(look4(t, 10, 1, 199, 255), 3);
	assert_int_equal(look4(t, 10, 1, 200, 0), 4);
	assert_int_equal(look4(t, 10, 1, 200, 6), 4);
	assert_int_equal(look4(t, 10, 1, 200, 7), 6);
	assert_int_equal(look4(t, 10, 1, 200, 8), 4);
	assert_int_equal(look4(t, 10, 1, 200, 127), 4);
	assert_int_equal(look4(t, 10, 1, 200, 128), 5);
	assert_int_equal(look4(t, 10, 1, 200, 255), 5);
	assert_int_equal(look4(t, 10, 1, 201, 0), 3);
	assert_int_equal(look4(t, 10, 2, 0, 0), 1);
	assert_int_equal(look4(t, 52, 95, 255, 255), 0);
	assert_int_equal(look4(t, 52, 96, 0, 0), 7);
	assert_int_equal(look4(t, 52, 99, 255, 255), 7);
	assert_int_equal(look4(t, 52, 100, 0, 0), 8);
	assert_int_equal(look4(t, 52, 103, 255, 255), 8);
	assert_int_equal(look4(t, 52, 104, 0, 0), 0);
	assert_int_equal(look4(t, 192, 168, 1, 255), 9);
	assert_int_equal(look4(t, 192, 168, 2, 0), 10);
	assert_int_equal(look4(t, 192, 168, 3, 255), 10);
	assert_int_equal(look4(t, 192, 168, 4, 0), 0);
	assert_int_equal(look4(t, 255, 255, 255, 255), 11);
	assert_int_equal(look4(t, 255, 255, 255, 254), 0);
	mri_arena_destroy(ar);
}

static void
test_v4_no_default(void **state)
{
	struct mr_arena *ar;
	struct mr_lpm *t;
	struct mr_prefix p[] = {
	    p4(20, 0, 0, 0, 8),       /* 7 */
	    p4(20, 20, 20, 0, 24),    /* 9 */
	    p4(20, 20, 20, 20, 32),   /* 11 */
	    p4(40, 128, 0, 0, 9),     /* 13 */
	    p4(40, 128, 128, 0, 17),  /* 15 */
	    p4(40, 128, 128, 128, 25) /* 17 */
	};
	uint32_t v[] = {7, 9, 11, 13, 15, 17};

	(void)state;
	assert_int_equal(mri_arena_create(&ar), 0);
	assert_int_equal(mri_lpm_build(&t, ar, MR_AF_INET, p, v, 6), 0);
	assert_int_equal(look4(t, 0, 0, 0, 0), MR_LPM_NONE);
	assert_int_equal(look4(t, 19, 255, 255, 255), MR_LPM_NONE);
	assert_int_equal(look4(t, 20, 0, 0, 0), 7);
	assert_int_equal(look4(t, 20, 20, 20, 19), 9);
	assert_int_equal(look4(t, 20, 20, 20, 20), 11);
	assert_int_equal(look4(t, 20, 20, 21, 20), 7);
	assert_int_equal(look4(t, 40, 127, 255, 255), MR_LPM_NONE);
	assert_int_equal(look4(t, 40, 128, 0, 0), 13);
	assert_int_equal(look4(t, 40, 128, 128, 127), 15);
	assert_int_equal(look4(t, 40, 128, 128, 128), 17);
	assert_int_equal(look4(t, 40, 128, 255, 255), 15);
	assert_int_equal(look4(t, 40, 255, 255, 255), 13);
	assert_int_equal(look4(t, 41, 0, 0, 0), MR_LPM_NONE);
	/* empty table */
	assert_int_equal(mri_lpm_build(&t, ar, MR_AF_INET, p, v, 0), 0);
	assert_int_equal(look4(t, 20, 20, 20, 20), MR_LPM_NONE);
	mri_arena_destroy(ar);
}

/* Order of the input does not matter, host bits beyond len are ignored. */
static void
test_v4_order_and_host_bits(void **state)
{
	struct mr_arena *ar;
	struct mr_lpm *t;
	struct mr_prefix p[] = {p4(10, 1, 2, 3, 32), p4(10, 1, 2, 99, 24),
	                        p4(10, 77, 77, 77, 8)};
	uint32_t v[] = {3, 2, 1};

	(void)state;
	assert_int_equal(mri_arena_create(&ar), 0);
	assert_int_equal(mri_lpm_build(&t, ar, MR_AF_INET, p, v, 3), 0);
	assert_int_equal(look4(t, 10, 1, 2, 3), 3);
	assert_int_equal(look4(t, 10, 1, 2, 4), 2);
	assert_int_equal(look4(t, 10, 9, 9, 9), 1);
	mri_arena_destroy(ar);
}

static void
test_bad_input(void **state)
{
	struct mr_arena *ar;
	struct mr_lpm *t;
	struct mr_prefix p[] = {p4(10, 0, 0, 0, 8)};
	uint32_t v[] = {0x7fffffffu};
	uint32_t ok[] = {0x7ffffffeu};

	(void)state;
	assert_int_equal(mri_arena_create(&ar), 0);
	assert_int_equal(mri_lpm_build(&t, ar, MR_AF_INET6, p, ok, 1),
	                 MR_EINVAL);
	assert_null(t);
	assert_int_equal(mri_lpm_build(&t, ar, MR_AF_INET, p, v, 1), MR_EINVAL);
	p[0].len = 33;
	assert_int_equal(mri_lpm_build(&t, ar, MR_AF_INET, p, ok, 1),
	                 MR_EINVAL);
	p[0].len = 8;
	assert_int_equal(mri_lpm_build(&t, ar, MR_AF_INET, p, ok, 1), 0);
	assert_int_equal(look4(t, 10, 0, 0, 0), 0x7ffffffeu);
	mri_arena_destroy(ar);
}

static void
test_v6_basic(void **state)
{
	static const uint16_t doc[8] = {0x2001, 0x0db8};
	static const uint16_t ms[8] = {0x2603, 0x1006};
	static const uint16_t ms2[8] = {0x2603, 0x1006, 0x1400};
	static const uint16_t h1[8] = {0x2603, 0x1006, 0x1400, 0, 0, 0, 0, 1};
	static const uint16_t h2[8] = {0x2603, 0x1006, 0x1400, 0, 0, 0, 0, 0};
	static const uint16_t s120[8] = {0x2603, 0x1006, 0x1400, 0,
	                                 0,      0,      0,      0x0100};
	static const uint16_t a16[8] = {0x2a01};
	static const uint16_t a17[8] = {0x2a01, 0x8000};
	struct mr_prefix p[] = {
	    p6(doc, 0),    /* 0: ::/0 */
	    p6(doc, 32),   /* 1 */
	    p6(ms, 32),    /* 2 */
	    p6(ms2, 40),   /* 3 */
	    p6(ms2, 48),   /* 4 */
	    p6(ms2, 64),   /* 5 */
	    p6(h1, 128),   /* 6 */
	    p6(h2, 127),   /* 7 */
	    p6(s120, 120), /* 8 */
	    p6(a16, 16),   /* 9 */
	    p6(a17, 17),   /* 10 */
	};
	struct mr_arena *ar;
	struct mr_lpm *t;
	uint32_t v[11];
	size_t i;
	struct mr_prefix q;

	(void)state;
	p[0].addr.bytes[0] = 0; /* ::/0 */
	p[0].addr.bytes[1] = 0;
	p[0].addr.bytes[2] = 0;
	p[0].addr.bytes[3] = 0;
	for (i = 0; i < 11; i++)
		v[i] = (uint32_t)(100 + i);
	assert_int_equal(mri_arena_create(&ar), 0);
	assert_int_equal(mri_lpm_build(&t, ar, MR_AF_INET6, p, v, 11), 0);
	/* each prefix's own address: itself or something longer */
	assert_int_equal(mri_lpm_lookup(t, p[1].addr.bytes), 101);
	assert_int_equal(mri_lpm_lookup(t, p[6].addr.bytes), 106);
	assert_int_equal(mri_lpm_lookup(t, p[7].addr.bytes), 107);
	assert_int_equal(mri_lpm_lookup(t, p[8].addr.bytes), 108);
	assert_int_equal(mri_lpm_lookup(t, p[9].addr.bytes), 109);
	assert_int_equal(mri_lpm_lookup(t, p[10].addr.bytes), 110);
	q = p[8];
	q.addr.bytes[15] = 0xff;
	assert_int_equal(mri_lpm_lookup(t, q.addr.bytes), 108);
	q.addr.bytes[14] = 0x02;
	assert_int_equal(mri_lpm_lookup(t, q.addr.bytes), 105);
	q.addr.bytes[7] = 0x01;
	assert_int_equal(mri_lpm_lookup(t, q.addr.bytes), 104);
	q.addr.bytes[5] = 0x01;
	assert_int_equal(mri_lpm_lookup(t, q.addr.bytes), 103);
	q.addr.bytes[4] = 0x15;
	assert_int_equal(mri_lpm_lookup(t, q.addr.bytes), 102);
	q.addr.bytes[3] = 0x07;
	assert_int_equal(mri_lpm_lookup(t, q.addr.bytes), 100);
	q = p[9];
	q.addr.bytes[2] = 0x7f;
	assert_int_equal(mri_lpm_lookup(t, q.addr.bytes), 109);
	q.addr.bytes[2] = 0xff;
	assert_int_equal(mri_lpm_lookup(t, q.addr.bytes), 110);
	mri_arena_destroy(ar);
}

static uint64_t rng = 0x13198a2e03707344ULL;

static uint32_t
rnd(uint32_t n)
{
	return tu_rnd(&rng, n);
}

static void
clear_host_bits(struct mr_prefix *p, unsigned nbytes)
{
	unsigned i;

	for (i = 0; i < nbytes; i++) {
		unsigned lo = i * 8;
		if (p->len <= lo)
			p->addr.bytes[i] = 0;
		else if (p->len < lo + 8)
			p->addr.bytes[i] &= (uint8_t)(0xff00u >> (p->len - lo));
	}
}

/*
 * Random prefixes that share leading bits (drawn from a few seeds and
 * mutated past some point), random addresses mostly inside them.
 */
static void
random_family(enum mr_family fam, size_t nprefix, size_t naddr)
{
	unsigned nbytes = fam == MR_AF_INET ? 4 : 16, maxlen = nbytes * 8;
	struct mr_prefix *p = calloc(nprefix, sizeof(*p));
	uint32_t *v = calloc(nprefix, sizeof(*v));
	uint8_t seeds[4][16];
	struct mr_arena *ar;
	struct mr_lpm *t;
	size_t i, n = 0, hits = 0;
	unsigned j;

	assert_non_null(p);
	assert_non_null(v);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 16; j++)
			seeds[i][j] = (uint8_t)rnd(256);
	while (n < nprefix) {
		struct mr_prefix q;
		unsigned from;
		size_t k;
		bool dup = false;

		memset(&q, 0, sizeof(q));
		q.addr.family = (uint8_t)fam;
		memcpy(q.addr.bytes, seeds[rnd(4)], nbytes);
		/* lengths cluster around stride boundaries */
		switch (rnd(4)) {
		case 0:
			q.len = (uint8_t)rnd(maxlen + 1);
			break;
		case 1:
			q.len = (uint8_t)(16 + 8 * rnd((maxlen - 16) / 8 + 1));
			break;
		case 2:
			q.len = (uint8_t)(8 + rnd(maxlen - 7));
			break;
		default:
			q.len = (uint8_t)(maxlen - rnd(12));
			break;
		}
		if (q.len > maxlen)
			q.len = (uint8_t)maxlen;
		/* mutate from a random bit on */
		from = q.len != 0 ? rnd(q.len) + 1 : 0;
		for (j = from; j < maxlen; j++)
			if (rnd(2))
				q.addr.bytes[j / 8] ^=
				    (uint8_t)(0x80u >> j % 8);
		clear_host_bits(&q, nbytes);
		for (k = 0; k < n && !dup; k++)
			dup = p[k].len == q.len &&
			      memcmp(p[k].addr.bytes, q.addr.bytes, 16) == 0;
		if (dup)
			continue;
		p[n] = q;
		v[n] = rnd(1000000);
		n++;
	}
	assert_int_equal(mri_arena_create(&ar), 0);
	assert_int_equal(mri_lpm_build(&t, ar, fam, p, v, n), 0);
	for (i = 0; i < naddr; i++) {
		uint8_t a[16];
		uint32_t got, want;

		if (rnd(8) == 0) {
			for (j = 0; j < nbytes; j++)
				a[j] = (uint8_t)rnd(256);
		} else {
			/* inside a prefix, with a few bits flipped near it */
			const struct mr_prefix *q = &p[rnd((uint32_t)n)];
			memcpy(a, q->addr.bytes, nbytes);
			for (j = q->len; j < maxlen; j++)
				if (rnd(2))
					a[j / 8] ^= (uint8_t)(0x80u >> j % 8);
			if (rnd(4) == 0 && q->len != 0) {
				j = q->len - 1 - rnd(q->len < 4 ? q->len : 4);
				a[j / 8] ^= (uint8_t)(0x80u >> j % 8);
			}
		}
		got = mri_lpm_lookup(t, a);
		want = linear(p, v, n, a);
		if (got != want)
			fail_msg("family %d address %zu: got %u want %u",
			         (int)fam, i, got, want);
		hits += want != MR_LPM_NONE;
	}
	assert_true(hits > naddr / 2);
	mri_arena_destroy(ar);
	free(p);
	free(v);
}

static void
test_random_v4(void **state)
{
	(void)state;
	random_family(MR_AF_INET, 300, 100000);
	random_family(MR_AF_INET, 40, 100000);
}

static void
test_random_v6(void **state)
{
	(void)state;
	random_family(MR_AF_INET6, 300, 100000);
	random_family(MR_AF_INET6, 40, 100000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_v4_basic),
	    cmocka_unit_test(test_v4_no_default),
	    cmocka_unit_test(test_v4_order_and_host_bits),
	    cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_v6_basic),
	    cmocka_unit_test(test_random_v4),
	    cmocka_unit_test(test_random_v6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
