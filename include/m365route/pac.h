/*
 * m365route/pac.h - proxy auto-config (PAC) files generated from the
 * endpoint catalog, and the PAC return-string grammar.
 *
 * Three types decide which hosts go DIRECT:
 * - MR_PAC_EXPRESSROUTE: the matcher's decision (match.h: the most specific
 *   pattern wins, ties go to ExpressRoute), i.e. exactly what
 *   mr_match_host() says for the lowercased host without its trailing dot;
 * - MR_PAC_TYPE1 / MR_PAC_TYPE2: Microsoft's Get-PacFile.ps1 v1.0.4
 *   algorithm (Optimize / Optimize + Allow endpoint sets direct; URLs of the
 *   other sets nested under a direct pattern first, to the proxy; first
 *   match wins; see docs/pac.md).
 * Two styles write them: MR_PAC_FAST, a table lookup walked label by label
 * from the right, and MR_PAC_COMPAT, shExpMatch() chains in the layout of
 * Microsoft's files. Both are ES5 only and decide alike for every host.
 *
 * Every string that enters a file is either a validated catalog pattern or
 * a return string accepted by mr_pac_return_check(), and is escaped as a
 * JavaScript string literal; comments carry printable ASCII only.
 */
#ifndef M365ROUTE_PAC_H
#define M365ROUTE_PAC_H

#include "common.h"
#include "design.h"
#include "match.h"

enum mr_pac_type {
	MR_PAC_EXPRESSROUTE =
	    0,            /* the seed's order, by the expressRoute flag */
	MR_PAC_TYPE1 = 1, /* Get-PacFile -Type 1: Optimize direct */
	MR_PAC_TYPE2 = 2  /* Get-PacFile -Type 2: Optimize + Allow */
};

enum mr_pac_style {
	MR_PAC_FAST = 0,  /* suffix table, cost grows with the host's labels */
	MR_PAC_COMPAT = 1 /* shExpMatch chains, Microsoft's layout, CRLF */
};

#define MR_PAC_OPTS_VERSION 1

/** A host pattern the organisation forces one way, before the catalog. */
struct mr_pac_override {
	const char *pattern; /* validated like feed patterns */
	bool direct;         /* "DIRECT", else the proxy string */
};

struct mr_pac_opts {
	unsigned version; /* MR_PAC_OPTS_VERSION */
	enum mr_pac_type type;
	enum mr_pac_style style;
	const char *direct; /* return string for direct hosts; NULL: "DIRECT" */
	const char *proxy;  /* for the rest; NULL: "PROXY 10.10.10.10:8080",
	                       Get-PacFile's default */
	bool lowercase;     /* types 1/2: add host = host.toLowerCase() (the
	                       -Lowercase switch); MR_PAC_EXPRESSROUTE always
	                       lowercases */
	int64_t generated;  /* seconds since the epoch for the header's
	                       "generated" line; negative: no such line */
	/* checked first, most specific first (exact names, then more
	 * literal characters; ties in the order given) */
	const struct mr_pac_override *overrides;
	size_t n_overrides;
	const char *label; /* e.g. "PAC group hq-clients", for the header */
};

#define MR_PAC_OPTS_INIT                                                       \
	{                                                                      \
		MR_PAC_OPTS_VERSION, MR_PAC_EXPRESSROUTE, MR_PAC_FAST, NULL,   \
		    NULL, false, -1, NULL, 0, NULL                             \
	}

/** What a generated file holds (for messages and tests). */
struct mr_pac_info {
	size_t n_direct;     /* distinct patterns that send hosts direct */
	size_t n_exceptions; /* patterns sent to the proxy before them */
	size_t n_blocks;     /* compat: if-blocks before the catch-all */
	size_t n_exact;      /* fast: entries of the exact-name table */
	size_t n_suffix;     /* fast: keys of the suffix table */
	size_t n_fallback;   /* fast: patterns left to shExpMatch() */
};

/**
 * Generate a PAC file for the catalog of matcher m. On MR_OK, *out is a
 * NUL-terminated malloc'd buffer of *len bytes (free it with
 * mr_pac_free()) and info (may be NULL) is filled. A catalog with no
 * pattern for the chosen type still gives a valid file that sends
 * everything to the proxy (info->n_direct == 0 tells the caller).
 * Returns MR_OK, MR_EINVAL (bad options; a bad return string is named in
 * mr_error_last()) or MR_ENOMEM. On failure *out is NULL.
 */
MR_API int mr_pac_generate(char **out, size_t *len, const struct mr_matcher *m,
                           const struct mr_pac_opts *o,
                           struct mr_pac_info *info);

/** Free a buffer returned by mr_pac_generate(). NULL is fine. */
MR_API void mr_pac_free(char *buf);

/** "expressroute", "1", "2"; NULL for an unknown value. */
MR_API const char *mr_pac_type_name(enum mr_pac_type t);

/**
 * Check a PAC return string: one or more items separated by ';' (spaces
 * allowed after the ';'), each "DIRECT" or one of "PROXY", "HTTPS",
 * "SOCKS", "SOCKS5" followed by one space and host:port. host is a DNS
 * name (labels of 1..63 letters, digits, '-', not starting or ending with
 * '-'; 253 characters at most), a dotted-quad IPv4 address or a bracketed
 * IPv6 address; port is 1..65535 without leading zeros. Keywords are upper
 * case. Returns NULL when s is valid, else a static reason and *bad (may be
 * NULL) the offending byte offset.
 */
MR_API const char *mr_pac_return_check(const char *s, size_t len, size_t *bad);

/**
 * Escape s[0..n) for the inside of a JavaScript string literal in either
 * quote: '"', '\'' and '\\' get a backslash; bytes outside 0x20..0x7e, and
 * '<' and '>', become \xNN. Writes at most cap bytes including a NUL (when
 * cap > 0; dst may be NULL when cap is 0) and returns the length the
 * escaped text needs, without the NUL; the output is complete only when
 * that is < cap.
 */
MR_API size_t mr_pac_js_escape(char *dst, size_t cap, const char *s, size_t n);

/** PAC options for one PAC group (or one site's proxies) of a design. */
struct mr_pac_design_opts {
	struct mr_pac_opts po; /* ready for mr_pac_generate() */
	char proxy[1024]; /* "PROXY 10.1.1.10:8080; PROXY 10.1.1.11:8080" */
	char label[160];  /* "PAC group hq-clients (site hq)" */
	struct mr_pac_override *ovr; /* the design's overrides (owned) */
};

struct mr_net;

/**
 * Fill o for PAC group `group` of the resolved network net, or, when group
 * is MR_NONE, for site `site` with the policy net resolved for it (its PAC
 * group, else its first proxy; m365route/resolve.h).
 * Non-ExpressRoute hosts go to the group's proxies in failover order
 * ("PROXY addr:port; PROXY addr:port", mr_net_failover());
 * ExpressRoute hosts go DIRECT when the group says so (expressroute: true),
 * else to the proxy too; the design's overrides are checked first. o->po
 * starts from MR_PAC_OPTS_INIT (type expressroute, style fast); the caller
 * may change style and timestamp. Release with mr_pac_design_opts_release().
 * Returns MR_OK, MR_ENOTFOUND (no group or proxy serves the site; message
 * in mr_error_last()), MR_EINVAL, MR_ENOMEM.
 */
MR_API int mr_pac_design_opts_init(struct mr_pac_design_opts *o,
                                   const struct mr_net *net, uint32_t group,
                                   uint32_t site);
MR_API void mr_pac_design_opts_release(struct mr_pac_design_opts *o);

#endif
