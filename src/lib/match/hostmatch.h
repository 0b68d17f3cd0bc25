/*
 * hostmatch.h - the host pattern index: most-specific-pattern lookup
 * without scanning patterns one by one.
 */
#ifndef MR_HOSTMATCH_H
#define MR_HOSTMATCH_H

#include "arena.h"
#include "m365route/match.h"

struct mr_hostidx;

/**
 * Build an index over the host-pattern rules rules[0..n) (is_prefix false,
 * text a validated pattern, literal filled in). Memory comes from a.
 * Returns 0 or MR_ENOMEM.
 */
int mri_hostidx_build(struct mr_hostidx **out, struct mr_arena *a,
                      const struct mr_rule *rules, size_t n);

/**
 * Fill out with the most specific matching rule(s) for a normalised host
 * (lowercase, no trailing dot) and the route by the tie rule (ExpressRoute
 * if any tied rule is). out->n counts the tied rules kept (at most
 * MR_MATCH_MAX_TIED); the route takes every tied rule into account.
 */
void mri_hostidx_lookup(const struct mr_hostidx *ix,
                        const struct mr_rule *rules, const char *host,
                        size_t len, struct mr_match *out);

/**
 * Every rule of the index that matches host[0..len) (normalised as for
 * mri_hostidx_lookup()), whatever its specificity: writes the cap smallest
 * ids to ids[], ascending, and returns how many match in all. The same
 * result as testing every pattern with mr_glob_match() in id order (the
 * linear enumeration, mr_match_host_all_scan()), through the same probes
 * as the lookup. When dec is not NULL, it receives what
 * mri_hostidx_lookup() would give. No allocation.
 */
size_t mri_hostidx_all(const struct mr_hostidx *ix, const struct mr_rule *rules,
                       const char *host, size_t len, uint32_t *ids, size_t cap,
                       struct mr_match *dec);

/** Literal (non-'*') characters of a pattern; MR_LITERAL_EXACT if none is
 * a '*'. */
uint32_t mri_glob_literal(const char *pat, size_t len);

/**
 * The order a PAC file checks patterns pats[0..n) in: most specific first
 * (mri_glob_literal(), so an exact name before any wildcard), then as
 * given; the first that matches decides. order[0..n) receives indexes into
 * pats. The one order of the design's overrides, for PAC generation
 * (pac_gen.c) and the resolved network (resolve.c). MR_OK or MR_ENOMEM.
 */
int mri_glob_order(const char *const *pats, size_t n, uint32_t *order);

/**
 * Whether pats[order[k]] decides no host when checked after
 * pats[order[0..k)], the first match deciding: returns the position j < k
 * of the first of those that matches every host it matches, or SIZE_MAX
 * when some host it matches is matched by none of them. Exact for hosts
 * that may hold a character no pattern holds (validated patterns: any
 * host name; see glob.c): then the earlier patterns together match all of
 * its hosts only when one of them does.
 */
size_t mri_glob_shadowed(const char *const *pats, const uint32_t *order,
                         size_t k);

#endif
