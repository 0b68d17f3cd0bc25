/*
 * m365route/logscan.h - proxy log lines: Squid's native access.log format
 * and W3C extended logs (fields named by a "#Fields:" directive).
 *
 * The parsers allocate nothing and copy nothing: a record's text fields are
 * (pointer, length) spans into the caller's line, which need not be
 * NUL-terminated and is never read past its length.
 *
 * Squid native (squid.conf "logformat squid"):
 *   time elapsed client code/status bytes method URL user hierarchy/peer type
 *   e.g. "1700000000.123    143 10.1.2.3 TCP_TUNNEL/200 5120 CONNECT
 *         outlook.office365.com:443 - HIER_DIRECT/52.96.1.2 -"
 * W3C extended (https://www.w3.org/TR/WD-logfile.html): directives start
 * with '#'; "#Fields: date time c-ip cs-method cs-uri sc-bytes ..." names
 * the space- (or tab-) separated columns of the lines that follow.
 */
#ifndef M365ROUTE_LOGSCAN_H
#define M365ROUTE_LOGSCAN_H

#include "common.h"

/*
 * Plausibility bounds. A line with a value beyond them is malformed
 * (counted and reported like any other, never measured): a single typo or
 * crafted line cannot wrap a sum or swamp a peak. docs/usage.md, "Bad
 * input", lists them.
 *
 * MR_LOG_MAX_BYTES: 2^40 bytes (1 TiB) sent to a client by one request:
 * a tunnel at 1 Gbit/s for 2.4 hours, more than a proxy passes in one
 * request; and 2^24 such requests still fit a 64-bit sum.
 */
#define MR_LOG_MAX_BYTES (UINT64_C(1) << 40)
/*
 * MR_LOG_MAX_ELAPSED_MS: a week (604,800,000 ms). Squid logs a tunnel when
 * it closes; its client_lifetime (default one day) ends older ones, so a
 * week leaves room for raised limits. W3C time-taken is milliseconds (IIS,
 * Blue Coat) or seconds (the W3C draft): it is checked as milliseconds,
 * the looser reading.
 */
#define MR_LOG_MAX_ELAPSED_MS INT64_C(604800000)
/*
 * Request times: from 1990-01-01T00:00:00Z (before the web; a clock reset
 * to 1970 lands below) to 2100-01-01T00:00:00Z exclusive. The upper bound
 * is a fixed date, not "now plus a margin", so a result never depends on
 * the day it is computed; it still refuses milliseconds logged as seconds
 * and 12-digit garbage. W3C lines without a date column carry a time of
 * day only (1970-01-01) and are not checked against these.
 */
#define MR_LOG_MIN_TIME_MS INT64_C(631152000000)
#define MR_LOG_MAX_TIME_MS INT64_C(4102444800000) /* exclusive */

enum mr_log_format {
	MR_LOG_AUTO = 0, /* decide from the input's first line */
	MR_LOG_SQUID = 1,
	MR_LOG_W3C = 2
};

/** One request. Spans point into the parsed line. */
struct mr_log_rec {
	int64_t time_ms; /* Unix time, milliseconds (UTC) */
	uint64_t bytes;  /* bytes sent to the client */
	uint16_t status; /* HTTP status, 0 if not logged */
	const char *client;
	size_t client_len;
	const char *method; /* empty if not logged */
	size_t method_len;
	const char *target; /* the URL, or host:port for CONNECT */
	size_t target_len;
	const char *host; /* inside target (or a host field): no scheme,
	                     user, port or brackets; not normalised */
	size_t host_len;
};

/** Column numbers of a W3C "#Fields:" line; -1 where absent. */
struct mr_w3c_layout {
	int n; /* columns */
	int8_t date, time, c_ip, sc_bytes, method, uri, uri_stem, host, status;
	int8_t time_taken;
};

/**
 * Parse one Squid native line (without its '\n'; a trailing '\r' is
 * ignored). A time, elapsed time or byte count beyond the bounds above is
 * MR_EPARSE (an elapsed time that is not a number, e.g. "-", is not
 * checked). Returns MR_OK, or MR_EPARSE with *why a static reason.
 */
MR_API int mr_squid_parse(struct mr_log_rec *out, const char *p, size_t len,
                          const char **why);

/**
 * Read a "#Fields:" directive into out. Fields are matched by name,
 * case-insensitively: date, time, c-ip, sc-bytes (or bytes), cs-method,
 * cs-uri (else cs-uri-stem), the host from cs-host, cs(host) or r-host,
 * sc-status, time-taken. time and c-ip and a byte count are required, a
 * host or a URL too. Returns MR_OK, or MR_EPARSE with *why.
 */
MR_API int mr_w3c_fields(struct mr_w3c_layout *out, const char *p, size_t len,
                         const char **why);

/**
 * Parse one W3C data line under layout l. "-" is an empty field. With no
 * date column the date part of time_ms is 0 (1970-01-01). A date and time
 * outside [MR_LOG_MIN_TIME_MS, MR_LOG_MAX_TIME_MS), a byte count above
 * MR_LOG_MAX_BYTES or a time-taken above MR_LOG_MAX_ELAPSED_MS is
 * MR_EPARSE. Returns MR_OK, or MR_EPARSE with *why.
 */
MR_API int mr_w3c_parse(struct mr_log_rec *out, const struct mr_w3c_layout *l,
                        const char *p, size_t len, const char **why);

/**
 * The host inside a logged URL: "scheme://[user@]host[:port][/...]",
 * "host:port", "[v6]:port" or a bare host. Sets *host and *hlen (a span of
 * url). Returns MR_OK or MR_EPARSE when no host can be found.
 */
MR_API int mr_log_url_host(const char *url, size_t len, const char **host,
                           size_t *hlen);

/**
 * Guess a log's format from its first bytes (decompressed): a line that
 * starts with '#' is W3C; a line that parses as Squid is Squid. Returns
 * MR_LOG_AUTO when it cannot tell (e.g. empty input).
 */
MR_API enum mr_log_format mr_log_detect(const char *p, size_t len);

MR_API const char *mr_log_format_name(enum mr_log_format f);

/*
 * How `usage` cuts lines into fields: the scalar parsers above, or SIMD
 * kernels (SSE2 on every x86-64, AVX2 where the CPU has it) with a cache
 * of host -> decision in front of the matcher. Results are identical;
 * the scalar path is the reference the tests compare the others with.
 */
enum mr_log_scanner {
	MR_LOG_SCAN_AUTO = 0, /* the fastest this CPU runs */
	MR_LOG_SCAN_SCALAR = 1,
	MR_LOG_SCAN_SSE2 = 2,
	MR_LOG_SCAN_AVX2 = 3
};

/**
 * Choose the scanner for the scans that start after this call (process
 * wide; not while a scan runs). A kernel this build or CPU lacks falls
 * back to the next one below it. Returns the one chosen.
 */
MR_API enum mr_log_scanner mr_log_scanner_set(enum mr_log_scanner want);

/** "scalar", "sse2", "avx2" (or "auto"). */
MR_API const char *mr_log_scanner_name(enum mr_log_scanner s);

#endif
