/*
 * match_int.h - the matcher's private layout (match.c, exceptions.c).
 */
#ifndef MR_MATCHER_INT_H
#define MR_MATCHER_INT_H

#include "arena.h"
#include "m365route/match.h"

struct mr_hostidx;
struct mr_lpm;

struct mr_matcher {
	struct mr_arena *arena;
	const struct mr_catalog *cat;
	struct mr_rule *rules; /* [0, n_host) patterns, then prefixes */
	size_t n_host;
	size_t n_rules;
	struct mr_prefix *pfx; /* pfx[i] belongs to rule n_host + i */
	uint32_t *first;       /* build scratch: first appearance per rule */
	struct mr_hostidx *hidx;
	uint8_t *route_by_k; /* [0] unknown, [id + 1] route of rule id */
	struct mr_lpm *lpm4;
	struct mr_lpm *lpm6;
	/* Every prefix rule covering pfx[i] (itself included), ascending:
	 * cover_ids[cover_off[i] .. cover_off[i + 1]). */
	uint32_t *cover_off;
	uint32_t *cover_ids;
	struct mr_exceptions *exc; /* computed on demand */
};

const struct mr_prefix *mri_matcher_prefix(const struct mr_matcher *m,
                                           uint32_t id);

#endif
