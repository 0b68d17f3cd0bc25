/*
 * m365route/pacaudit.h - audit an existing PAC file against the endpoint
 * catalog: evaluate FindProxyForURL() in a sandboxed JavaScript engine for
 * every catalog host and compare its answer with the seed's routing
 * decision (see match.h).
 *
 * The file runs in an embedded Duktape 2.7 heap that holds the ECMAScript
 * built-ins and the standard PAC helper functions (Netscape's and
 * Microsoft's "Ex" set) and nothing else: no file, network or process
 * access. DNS helpers answer from a table the caller passes in. Every
 * call has an execution budget and the heap a memory cap, so a PAC with
 * an endless loop or a runaway allocation cannot hang or exhaust the
 * caller. The library never prints.
 *
 * Findings come in four groups:
 * - MR_AUDIT_ER_NOT_DIRECT: a host the catalog advertises over ExpressRoute
 *   whose first PAC entry is not the ExpressRoute path (opts->direct,
 *   "DIRECT" by default), e.g. it goes to the Internet proxy;
 * - MR_AUDIT_INET_DIRECT: a host advertised to the Internet only whose first
 *   entry is the ExpressRoute path (the asymmetry the seed warns about);
 * - MR_AUDIT_BAD_RESULT: FindProxyForURL threw, ran out of budget, or
 *   returned something that is not a PAC return string (undefined, a
 *   number, "PROXY" without a host, ...);
 * - MR_AUDIT_NOT_ES5: syntax or library calls newer than ES5 (let, const,
 *   arrow functions, template literals, class, endsWith, ...), which
 *   pacparser (SpiderMonkey 1.7) and libproxy (Duktape) reject.
 */
#ifndef M365ROUTE_PACAUDIT_H
#define M365ROUTE_PACAUDIT_H

#include "common.h"
#include "diag.h"
#include "match.h"

/** One name of the fixed DNS table: an exact name or a shExpMatch pattern
 * ("*" matches every name); addr is an IPv4 or IPv6 address. */
struct mr_pac_audit_dns {
	const char *name;
	const char *addr;
};

struct mr_pac_audit_opts {
	unsigned version;
	/* The PAC entry that means "the ExpressRoute path": NULL = "DIRECT".
	 * Checked with mr_pac_audit_check_return(); only its first entry is
	 * compared. */
	const char *direct;
	/* What myIpAddress() returns: NULL = "10.0.0.10" (a typical
	 * corporate client). */
	const char *my_ip;
	/* The DNS table, first match wins; names that match no entry do not
	 * resolve (dnsResolve() returns null). */
	const struct mr_pac_audit_dns *dns;
	size_t n_dns;
	/* "Now" for weekdayRange/dateRange/timeRange, in seconds since the
	 * epoch (0 = 2025-01-01T12:00:00Z, so results are reproducible), and
	 * the offset of the sandbox's local time from UTC, in minutes. */
	int64_t now;
	int32_t tz_minutes;
	/* Execution budget per FindProxyForURL call and for loading the file,
	 * in units of 262144 bytecode instructions (0 = 8 and 32), plus a
	 * CPU-time cap per call in milliseconds (0 = 2000) as a backstop.
	 * After max_timeouts calls ran out of budget (0 = 3) the remaining
	 * hosts are not evaluated (counted as skipped). */
	uint32_t call_budget;
	uint32_t load_budget;
	uint32_t wall_ms;
	uint32_t max_timeouts;
	/* Heap cap in bytes (0 = 64 MiB) and largest file (0 = 8 MiB). */
	size_t mem_limit;
	size_t max_size;
};

#define MR_PAC_AUDIT_OPTS_VERSION 1
#define MR_PAC_AUDIT_OPTS_INIT                                                 \
	{                                                                      \
		MR_PAC_AUDIT_OPTS_VERSION, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, \
		    0, 0, 0                                                    \
	}

enum mr_pac_audit_group {
	MR_AUDIT_ER_NOT_DIRECT = 0,
	MR_AUDIT_INET_DIRECT = 1,
	MR_AUDIT_BAD_RESULT = 2,
	MR_AUDIT_NOT_ES5 = 3,
	MR_AUDIT_GROUP_COUNT = 4
};

/** Whether the file could be evaluated at all. */
enum mr_pac_audit_load {
	MR_AUDIT_LOAD_OK = 0,    /* FindProxyForURL was called for every host */
	MR_AUDIT_LOAD_NOT_ES5,   /* does not compile; non-ES5 syntax explains
	                          it (findings in MR_AUDIT_NOT_ES5) */
	MR_AUDIT_LOAD_NOT_JS,    /* does not compile as JavaScript */
	MR_AUDIT_LOAD_THREW,     /* the top-level code threw */
	MR_AUDIT_LOAD_TIMEOUT,   /* the top-level code ran out of budget */
	MR_AUDIT_LOAD_NO_FUNC,   /* defines neither FindProxyForURL nor
	                          FindProxyForURLEx */
	MR_AUDIT_LOAD_TOO_LARGE, /* larger than opts->max_size */
	MR_AUDIT_LOAD_NO_MEMORY  /* the heap cap was hit while loading */
};

/** One finding. Strings are owned by the audit. */
struct mr_pac_audit_finding {
	enum mr_pac_audit_group group;
	const char *host;    /* the host evaluated; NULL for NOT_ES5 */
	const char *pattern; /* the catalog pattern it was made from */
	enum mr_route route; /* the catalog's decision for host */
	/* What FindProxyForURL returned (the string, or "undefined",
	 * "number 3", ...), or the error message; for NOT_ES5 what was
	 * found ("'let' declaration"). */
	const char *result;
	const char *why; /* for BAD_RESULT: why it is not valid; or NULL */
	uint32_t line;   /* 1-based line in the PAC file, 0 when unknown */
	uint32_t col;    /* 1-based byte column, 0 when unknown */
};

struct mr_pac_audit_stats {
	enum mr_pac_audit_load load;
	const char *load_error; /* engine message when load != LOADED */
	uint32_t load_line;     /* its line, 0 when unknown */
	const char *function;   /* "FindProxyForURL" or "FindProxyForURLEx" */
	size_t hosts;           /* hosts derived from the catalog */
	size_t evaluated;       /* hosts FindProxyForURL was called for */
	size_t first_direct;    /* ... whose first entry is the ER path */
	size_t first_other;     /* ... whose valid result is anything else */
	size_t timeouts;        /* calls that ran out of budget */
	size_t skipped;         /* hosts not evaluated */
	size_t findings;        /* all groups */
	uint32_t src;           /* the file's source id in d, 0 if none */
};

struct mr_pac_audit;

/**
 * Audit the PAC text js (len bytes; name is used in messages and as the
 * source name registered in d, which may be NULL) against matcher m.
 * opts may be NULL for the defaults.
 *
 * Returns MR_OK when the file was audited (there may be findings; a file
 * whose only problem is non-ES5 syntax counts as audited), MR_EPARSE when
 * it cannot be evaluated (not JavaScript, throws or loops while loading,
 * no FindProxyForURL, too large: see the stats' load and load_error),
 * MR_EINVAL for invalid opts (message in mr_error_last()), MR_ENOMEM.
 * On MR_OK and MR_EPARSE *out is set and must be freed with
 * mr_pac_audit_free(); otherwise it is NULL.
 */
MR_API int mr_pac_audit(struct mr_pac_audit **out, const char *name,
                        const char *js, size_t len, const struct mr_matcher *m,
                        const struct mr_pac_audit_opts *opts,
                        struct mr_diags *d);

MR_API void mr_pac_audit_free(struct mr_pac_audit *a);

MR_API void mr_pac_audit_stats(const struct mr_pac_audit *a,
                               struct mr_pac_audit_stats *out);

/** Findings of one group, in host order (NOT_ES5: in file order). */
MR_API size_t mr_pac_audit_count(const struct mr_pac_audit *a,
                                 enum mr_pac_audit_group g);
MR_API const struct mr_pac_audit_finding *
mr_pac_audit_get(const struct mr_pac_audit *a, enum mr_pac_audit_group g,
                 size_t i);

/** "expressroute-not-direct", "internet-direct", "bad-result",
 * "not-es5". */
MR_API const char *mr_pac_audit_group_name(enum mr_pac_audit_group g);

/**
 * Check a PAC return string: entries separated by ';', each DIRECT or
 * PROXY|HTTP|HTTPS|SOCKS|SOCKS4|SOCKS5 host[:port] (keywords in any case,
 * host a name, an IPv4 address or a bracketed IPv6 address, port 1-65535).
 * Empty entries are ignored but at least one entry is needed. Returns NULL
 * when valid, else a static reason.
 */
MR_API const char *mr_pac_audit_check_return(const char *s, size_t len);

/**
 * The first entry of a valid return string, normalised ("PROXY
 * proxy.example:8080": keyword upper case, one space, host lower case)
 * into buf. Returns its length, 0 when s is not valid.
 */
MR_API size_t mr_pac_audit_first_entry(const char *s, size_t len, char *buf,
                                       size_t cap);

/**
 * The hosts the audit evaluates for a catalog pattern: the pattern itself
 * when it is an exact name, else the pattern with every '*' replaced by
 * each of the sample labels "contoso", "x" and "a.b". Writes at most cap
 * NUL-terminated names of at most MR_HOST_MAX characters into
 * buf[i][MR_HOST_MAX + 1]; returns how many there are.
 */
MR_API size_t mr_pac_audit_samples(const char *pattern,
                                   char (*buf)[MR_HOST_MAX + 1], size_t cap);

#endif
