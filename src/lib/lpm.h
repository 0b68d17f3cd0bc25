/*
 * lpm.h - longest-prefix-match tables for IPv4 and IPv6.
 */
#ifndef MR_LPM_H
#define MR_LPM_H

#include "arena.h"
#include "m365route/prefix.h"

#define MR_LPM_NONE UINT32_MAX

struct mr_lpm;

/**
 * Build a table for one family from n distinct prefixes pfx[i] (all of
 * family fam, host bits clear), prefix i carrying the value vals[i].
 * Memory comes from a. Returns 0 or MR_ENOMEM.
 */
int mr_lpm_build(struct mr_lpm **out, struct mr_arena *a, enum mr_family fam,
                 const struct mr_prefix *pfx, const uint32_t *vals, size_t n);

/** The value of the longest prefix holding addr (4 or 16 bytes, network
 * order), or MR_LPM_NONE. */
uint32_t mr_lpm_lookup(const struct mr_lpm *t, const uint8_t *addr);

#endif
