/*
 * m365route/match.h - the routing decision of the seed document: which
 * hosts and addresses go over ExpressRoute and which over the Internet.
 *
 * Semantics (shared by every module; see docs/ARCHITECTURE.md):
 * - a host matches a pattern with shExpMatch semantics: '*' matches any run
 *   of characters, dots included, and the whole name must match;
 * - the most specific matching pattern decides: an exact name beats every
 *   wildcard; among wildcards, more literal (non-'*') characters wins;
 * - on a tie, the route is ExpressRoute if any tied pattern comes from a set
 *   with expressRoute true;
 * - an address takes the longest matching prefix over the sets' ips, with
 *   the same tie rule.
 *
 * Identical patterns (or prefixes) of several sets are merged into one rule
 * whose route is ExpressRoute if any of its sets is, and whose category is
 * the highest of its sets (Optimize > Allow > Default).
 */
#ifndef M365ROUTE_MATCH_H
#define M365ROUTE_MATCH_H

#include "common.h"
#include "endpoints.h"
#include "prefix.h"

enum mr_route {
	MR_ROUTE_UNKNOWN = 0, /* not in the catalog */
	MR_ROUTE_INTERNET =
	    1, /* Microsoft 365, advertised to the Internet only */
	MR_ROUTE_EXPRESSROUTE =
	    2 /* advertised over ExpressRoute and Internet */
};

#define MR_LITERAL_EXACT UINT32_MAX

/** A distinct pattern or prefix of the catalog, merged across its sets. */
struct mr_rule {
	const char *text; /* the pattern, or the canonical prefix */
	bool is_prefix;
	bool is_wildcard;
	uint32_t literal; /* literal characters, MR_LITERAL_EXACT for an exact
			     name; the prefix length for a prefix */
	bool express_route;
	enum mr_category category;
	size_t n_sets;
	const uint32_t *sets; /* indexes into the catalog, ascending */
};

struct mr_matcher;

/**
 * Build the indexes for catalog c, which must outlive the matcher.
 * Returns MR_OK or MR_ENOMEM.
 */
MR_API int mr_matcher_build(struct mr_matcher **out,
                            const struct mr_catalog *c);
MR_API void mr_matcher_free(struct mr_matcher *m);
MR_API const struct mr_catalog *mr_matcher_catalog(const struct mr_matcher *m);

/** Rules are numbered 0..count-1: host patterns first, then prefixes. */
MR_API size_t mr_matcher_rule_count(const struct mr_matcher *m);
MR_API const struct mr_rule *mr_matcher_rule(const struct mr_matcher *m,
                                             uint32_t id);

#define MR_MATCH_MAX_TIED 8

/** The decision: route and the deciding rule(s), tied ones included. */
struct mr_match {
	enum mr_route route;
	uint32_t n; /* 0 when unknown */
	uint32_t rules[MR_MATCH_MAX_TIED];
};

/**
 * Decide for a normalised host (lowercase, no trailing dot; see
 * mr_target_parse()). Does not scan patterns one by one: cost is a few hash
 * probes per label. Never fails.
 */
MR_API enum mr_route mr_match_host(const struct mr_matcher *m, const char *host,
                                   size_t len, struct mr_match *out);

/** Decide for an address: longest prefix match. Never fails. */
MR_API enum mr_route mr_match_addr(const struct mr_matcher *m,
                                   const struct mr_addr *a,
                                   struct mr_match *out);

/**
 * Every rule that matches (any specificity), for explanations: writes the
 * cap smallest matching ids, ascending, and returns how many match in all.
 * Hosts go through the same index as mr_match_host() (a few probes per
 * label plus a glob per wildcard reached); addresses scan the prefixes.
 */
MR_API size_t mr_match_host_all(const struct mr_matcher *m, const char *host,
                                size_t len, uint32_t *ids, size_t cap);

/**
 * mr_match_host() and mr_match_host_all() in one walk of the index: out
 * gets the decision, ids[] and the return value every match.
 */
MR_API size_t mr_match_host_explain(const struct mr_matcher *m,
                                    const char *host, size_t len,
                                    struct mr_match *out, uint32_t *ids,
                                    size_t cap);

/**
 * The same result as mr_match_host_all() by testing every host pattern with
 * mr_glob_match() in id order: the reference enumeration (the test oracle
 * of the index, and what `classify` used before it), O(patterns) per host.
 */
MR_API size_t mr_match_host_all_scan(const struct mr_matcher *m,
                                     const char *host, size_t len,
                                     uint32_t *ids, size_t cap);
/**
 * Every prefix rule containing address a, in id order, like
 * mr_match_host_all(): the ids (at most cap written) and their count.
 * O(matches): the longest match's precomputed list of covering prefixes.
 */
MR_API size_t mr_match_addr_all(const struct mr_matcher *m,
                                const struct mr_addr *a, uint32_t *ids,
                                size_t cap);
/**
 * The same result as mr_match_addr_all() by testing every prefix rule:
 * the reference enumeration (the test oracle), O(prefixes) per address.
 */
MR_API size_t mr_match_addr_all_scan(const struct mr_matcher *m,
                                     const struct mr_addr *a, uint32_t *ids,
                                     size_t cap);

/** shExpMatch: '*' matches any run of characters; whole string. */
MR_API bool mr_glob_match(const char *pat, size_t plen, const char *s,
                          size_t slen);

/**
 * Whether every name matched by pattern p is matched by pattern w ('*' in p
 * is treated as a symbol only a '*' of w can cover).
 */
MR_API bool mr_glob_covers(const char *w, size_t wlen, const char *p,
                           size_t plen);

MR_API const char *mr_route_name(enum mr_route r);

/* ---- targets ---- */

enum mr_target_kind {
	MR_TARGET_INVALID = 0,
	MR_TARGET_HOST = 1,
	MR_TARGET_ADDR = 2
};

#define MR_HOST_MAX 253

struct mr_target {
	enum mr_target_kind kind;
	char host[MR_HOST_MAX + 1]; /* normalised host, NUL-terminated */
	size_t host_len;
	struct mr_addr addr;
	const char *why; /* static reason when invalid */
};

/**
 * Parse a classification target: a hostname, a URL (scheme://[user@]host
 * [:port][/...]; "[v6]" literals), "host:port", or an IP address. Hosts are
 * lowercased and lose one trailing dot. Returns MR_OK or MR_EINVAL (with
 * out->why).
 */
MR_API int mr_target_parse(struct mr_target *out, const char *s, size_t len);

/* ---- the seed's exception tables ---- */

/** A row: a wildcard and the patterns under it that route the other way. */
struct mr_exception_row {
	uint32_t wildcard; /* rule id */
	size_t n;
	const uint32_t *subs; /* rule ids, in catalog text order */
};

struct mr_exceptions {
	/* wildcards advertised to ExpressRoute with Internet-only subs */
	size_t n_er;
	const struct mr_exception_row *er;
	/* Internet-only wildcards with subs advertised to ExpressRoute */
	size_t n_inet;
	const struct mr_exception_row *inet;
};

/**
 * Derive both tables from the matcher's rules. The result is owned by the
 * matcher and freed with it. Returns MR_OK or MR_ENOMEM.
 */
MR_API int mr_exceptions_compute(const struct mr_exceptions **out,
                                 struct mr_matcher *m);

#endif
