/*
 * fuzz_common.h - what the log fuzz targets (squid_fuzz.c, w3c_fuzz.c)
 * share: the matcher they scan with, the line splitting, the span and
 * plausibility checks on a parsed record, and the final comparison with
 * the usage scanner (scalar, then each SIMD kernel against it). Every
 * check abort()s on failure.
 */
#ifndef MR_FUZZ_COMMON_H
#define MR_FUZZ_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "m365route/m365route.h"
#include "m365route/usage.h"
#include "usage_int.h"

/* The largest input the log targets read: below one scanner chunk. */
#define FZ_LOG_MAX 4096

/* The embedded worldwide catalog's matcher, built on the first call and
 * kept for the life of the process. */
static inline struct mr_matcher *
fz_worldwide_matcher(void)
{
	static struct mr_matcher *m;

	if (m == NULL) {
		struct mr_diags *d;
		struct mr_catalog *c;
		if (mr_diags_new(&d) != MR_OK ||
		    mr_catalog_load_embedded(&c, "worldwide", d) != MR_OK ||
		    mr_matcher_build(&m, c) != MR_OK)
			abort();
		mr_diags_free(d);
	}
	return m;
}

/* The line at *p (up to '\n' or e) in *line and *n; *p moves past it.
 * False when nothing is left. */
static inline bool
fz_next_line(const char **p, const char *e, const char **line, size_t *n)
{
	const char *nl;

	if (*p >= e)
		return false;
	nl = memchr(*p, '\n', (size_t)(e - *p));
	if (nl == NULL)
		nl = e;
	*line = *p;
	*n = (size_t)(nl - *p);
	*p = nl + 1;
	return true;
}

/* An empty line, or one of a lone '\r'. */
static inline bool
fz_blank(const char *line, size_t n)
{
	return n == 0 || (n == 1 && *line == '\r');
}

/* A span [p, p + n) lies inside [line, line + len), or is empty. */
static inline void
fz_inside(const char *line, size_t len, const char *p, size_t n)
{
	if (n == 0)
		return;
	if (p < line || p + n > line + len)
		abort();
}

/* A parsed record is within the plausibility bounds (logscan.h); its time
 * only when the log has one (timed). */
static inline void
fz_plausible(const struct mr_log_rec *r, bool timed)
{
	if (r->bytes > MR_LOG_MAX_BYTES ||
	    (timed && (r->time_ms < MR_LOG_MIN_TIME_MS ||
	               r->time_ms >= MR_LOG_MAX_TIME_MS)))
		abort();
}

/* The usage scanner, with chunks so small that lines straddle them, counts
 * the requests, malformed lines and bytes that parsing line by line
 * counted. Gzip-compressed input is not scanned (the scanner would inflate
 * it; zlib is fuzzed upstream). */
/* The partial of data scanned with scanner sc (NULL: no such kernel). */
static inline char *
fz_scan_partial(const uint8_t *data, size_t size, enum mr_log_format fmt,
                unsigned threads, enum mr_log_scanner sc,
                struct mr_usage_summary *sm)
{
	struct mr_usage *u;
	struct mr_usage_opts o = MR_USAGE_OPTS_INIT;
	char *p;
	size_t n;

	if (mr_log_scanner_set(sc) != sc && sc != MR_LOG_SCAN_AUTO)
		return NULL;
	o.format = fmt;
	o.threads = threads;
	if (mr_usage_new(&u, fz_worldwide_matcher(), NULL, &o) != MR_OK)
		abort();
	if (mr_usage_scan_buffer(u, "fuzz", data, size) != MR_OK)
		abort();
	mr_usage_summary(u, sm);
	if (mr_usage_partial_write(u, &p, &n) != MR_OK)
		abort();
	mr_usage_free(u);
	return p;
}

/* The scanner counts what line-by-line parsing counted, and its SIMD
 * kernels give the scalar one's partial byte for byte. */
static inline void
fz_scan_agrees(const uint8_t *data, size_t size, enum mr_log_format fmt,
               uint64_t ok, uint64_t bad, uint64_t bytes)
{
	static const enum mr_log_scanner k[] = {MR_LOG_SCAN_SSE2,
	                                        MR_LOG_SCAN_AVX2};
	struct mr_usage_summary sm;
	size_t saved = mr_usage_chunk, i;
	unsigned th = size % 3 == 0 ? 2 : 1;
	char *ref, *p;

	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
		return;
	mr_usage_chunk = FZ_LOG_MAX + 1;
	ref = fz_scan_partial(data, size, fmt, th, MR_LOG_SCAN_SCALAR, &sm);
	if (ref == NULL || sm.requests != ok || sm.bad != bad ||
	    sm.bytes != bytes)
		abort();
	for (i = 0; i < 2; i++) {
		p = fz_scan_partial(data, size, fmt, th, k[i], &sm);
		if (p != NULL && strcmp(p, ref) != 0)
			abort();
		free(p);
	}
	free(ref);
	(void)mr_log_scanner_set(MR_LOG_SCAN_AUTO);
	mr_usage_chunk = saved;
}

#endif
