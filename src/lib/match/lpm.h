/*
 * lpm.h - longest-prefix-match tables for IPv4 and IPv6.
 */
#ifndef MR_LPM_H
#define MR_LPM_H

#include "arena.h"
#include "m365route/prefix.h"

#define MR_LPM_NONE UINT32_MAX

#define MR_LPM_CHILD 0x80000000u

/* Visible so that the lookup inlines into its callers (match.c). */
struct mr_lpm {
	const uint32_t *tbl; /* root of 65536 entries, then child tables */
	size_t n_entries;
	enum mr_family fam;
};

/**
 * Build a table for one family from n distinct prefixes pfx[i] (all of
 * family fam, host bits clear), prefix i carrying the value vals[i].
 * Memory comes from a. Returns 0 or MR_ENOMEM.
 */
int mri_lpm_build(struct mr_lpm **out, struct mr_arena *a, enum mr_family fam,
                  const struct mr_prefix *pfx, const uint32_t *vals, size_t n);

/** The value of the longest prefix holding addr (4 or 16 bytes, network
 * order), or MR_LPM_NONE. An entry is 0 (no prefix), value + 1, or
 * MR_LPM_CHILD | offset of a 256-entry child table indexed by the next byte;
 * the deepest level (byte 3 or 15) holds no child, so the loop ends. */
static inline uint32_t
mri_lpm_lookup(const struct mr_lpm *t, const uint8_t *addr)
{
	const uint32_t *tbl = t->tbl;
	uint32_t e = tbl[(size_t)addr[0] << 8 | addr[1]];
	size_t i = 2;

	while (e & MR_LPM_CHILD)
		e = tbl[(e & ~MR_LPM_CHILD) + addr[i++]];
	return e - 1;
}

#endif
