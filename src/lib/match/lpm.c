/*
 * lpm.c - longest-prefix-match tables for IPv4 and IPv6: a multibit trie
 * with controlled prefix expansion (Srinivasan and Varghese, "Fast Address
 * Lookups Using Controlled Prefix Expansion", ACM TOCS 17(1), 1999), the
 * layout of DIR-24-8 (Gupta, Lin, McKeown, INFOCOM 1998) with a 16-bit
 * first stride and 8-bit strides after it. Addresses are in network order
 * (RFC 791 section 3.1, RFC 4291 section 2).
 *
 * Data layout: one array of uint32_t entries. Entries [0, 65536) are the
 * root, indexed by the first two address bytes; a child table is 256
 * entries at some offset o (o >= 65536, a multiple of 256), indexed by the
 * next address byte. IPv4 uses at most two child levels (bytes 2 and 3),
 * IPv6 at most fourteen. An entry is
 *   0                  no prefix covers this range,
 *   v + 1              the longest prefix covering it has value v,
 *   CHILD | o          the range is split further in the table at o.
 * Values must be below 0x7fffffff, so v + 1 never sets the CHILD bit, and
 * a lookup returns entry - 1, which is MR_LPM_NONE for 0.
 *
 * Build: prefixes are painted in ascending length order. A prefix of
 * length L lives at the level whose stride holds bit L - 1 (the root for
 * L <= 16, the level of byte 2 for 17..24, and so on); it overwrites the
 * 2^(level end - L) entries it expands to. Walking down to that level
 * turns any value entry on the way into a child table filled with that
 * value, so shorter prefixes stay visible below longer ones.
 * Invariant: when a prefix of length L is painted, every prefix painted
 * before is no longer than L, so the entries it expands to hold values,
 * never child pointers (a child at that level is made only by a prefix
 * longer than the level's end, hence longer than L); equal lengths are
 * distinct prefixes and touch disjoint entries. So the painted value is
 * the longest match of every address in the range.
 * Complexity: build O(n log n + entries written), memory 256 KiB for the
 * root plus 1 KiB per child table; lookup one root load plus one load per
 * child level crossed (at most 2 for IPv4, 14 for IPv6).
 */
#include "lpm.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "m365route/common.h"

#define ROOT_SIZE 65536u
#define CHILD     MR_LPM_CHILD
#define VAL_MAX   0x7ffffffeu /* largest value the encoding holds */

/* Growable build-time table; copied into the arena when done. */
struct build {
	uint32_t *tbl;
	size_t n, cap;
};

struct item {
	const struct mr_prefix *p;
	uint32_t val;
};

static int
cmp_len(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->p->len != y->p->len)
		return x->p->len < y->p->len ? -1 : 1;
	/* Distinct prefixes of one length are disjoint: order is free. */
	return memcmp(x->p->addr.bytes, y->p->addr.bytes, 16);
}

/* A child table filled with fill; returns its offset, or 0 on failure. */
static uint32_t
child_new(struct build *b, uint32_t fill)
{
	size_t i, o = b->n;

	if (b->n + 256 > b->cap) {
		size_t cap = b->cap * 2;
		uint32_t *t;
		if (cap > (size_t)CHILD)
			return 0;
		t = realloc(b->tbl, cap * sizeof(*t));
		if (t == NULL)
			return 0;
		b->tbl = t;
		b->cap = cap;
	}
	for (i = 0; i < 256; i++)
		b->tbl[o + i] = fill;
	b->n += 256;
	return (uint32_t)o;
}

/* Paint prefix p with entry e (a value + 1). Returns 0 or MR_ENOMEM. */
static int
paint(struct build *b, const struct mr_prefix *p, uint32_t e)
{
	const uint8_t *a = p->addr.bytes;
	unsigned len = p->len, bit, byte, span;
	size_t base, i, start;

	if (len <= 16) {
		span = 1u << (16 - len);
		start = ((size_t)a[0] << 8 | a[1]) & ~(size_t)(span - 1);
		for (i = 0; i < span; i++)
			b->tbl[start + i] = e;
		return 0;
	}
	base = 0;
	start = (size_t)a[0] << 8 | a[1];
	for (bit = 16, byte = 2;; bit += 8, byte++) {
		/* Descend through entry base + start, splitting it if needed. */
		uint32_t cur = b->tbl[base + start];
		if (!(cur & CHILD)) {
			uint32_t o = child_new(b, cur);
			if (o == 0)
				return MR_ENOMEM;
			b->tbl[base + start] = CHILD | o;
			cur = CHILD | o;
		}
		base = cur & ~CHILD;
		if (len - bit <= 8) {
			span = 1u << (8 - (len - bit));
			start = a[byte] & ~(span - 1) & 0xffu;
			for (i = 0; i < span; i++)
				b->tbl[base + start + i] = e;
			return 0;
		}
		start = a[byte];
	}
}

int
mri_lpm_build(struct mr_lpm **out, struct mr_arena *a, enum mr_family fam,
              const struct mr_prefix *pfx, const uint32_t *vals, size_t n)
{
	struct build b = {NULL, 0, 0};
	struct item *items = NULL;
	struct mr_lpm *t;
	uint32_t *tbl;
	unsigned maxlen = fam == MR_AF_INET ? 32 : 128;
	size_t i;

	*out = NULL;
	if (fam != MR_AF_INET && fam != MR_AF_INET6)
		return mri_error_set(MR_EINVAL, "lpm: bad address family");
	for (i = 0; i < n; i++) {
		if (pfx[i].addr.family != fam || pfx[i].len > maxlen)
			return mri_error_set(MR_EINVAL, "lpm: bad prefix %zu",
			                     i);
		if (vals[i] > VAL_MAX)
			return mri_error_set(MR_EINVAL, "lpm: value too large");
	}
	if (n != 0 && (items = calloc(n, sizeof(*items))) == NULL)
		goto nomem;
	b.cap = ROOT_SIZE + 16 * 256;
	if ((b.tbl = calloc(b.cap, sizeof(*b.tbl))) == NULL)
		goto nomem;
	b.n = ROOT_SIZE;
	for (i = 0; i < n; i++) {
		items[i].p = &pfx[i];
		items[i].val = vals[i];
	}
	if (n > 1)
		qsort(items, n, sizeof(*items), cmp_len);
	for (i = 0; i < n; i++)
		if (paint(&b, items[i].p, items[i].val + 1) != 0)
			goto nomem;
	t = mri_arena_alloc(a, sizeof(*t));
	tbl = mri_arena_calloc(a, b.n, sizeof(*tbl));
	if (t == NULL || tbl == NULL)
		goto nomem;
	memcpy(tbl, b.tbl, b.n * sizeof(*tbl));
	t->tbl = tbl;
	t->n_entries = b.n;
	t->fam = fam;
	free(b.tbl);
	free(items);
	*out = t;
	return 0;
nomem:
	free(b.tbl);
	free(items);
	return mri_error_set(MR_ENOMEM, "lpm: out of memory");
}
