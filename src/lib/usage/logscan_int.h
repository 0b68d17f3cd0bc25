/*
 * logscan_int.h - the log scanner's fast paths (logscan_simd.c) and the
 * parsers built on them (logscan.c), for usage.c's chunk loop.
 *
 * The fast functions may read up to MRI_SCAN_PAD bytes past the end of the
 * line they are given (whole 32- or 64-byte loads; what lies there never
 * changes a result): callers hand them lines inside a buffer with that
 * much readable slack after its last byte (usage_scan.c's slots). The
 * public parsers of logscan.h never read past their line and are the
 * scalar path and the oracle the tests compare the fast one against.
 */
#ifndef MR_LOGSCAN_INT_H
#define MR_LOGSCAN_INT_H

#include "m365route/logscan.h"

#define MRI_SCAN_PAD 64

/* A blank-separated field: a span of the line. */
struct mri_tok {
	const char *p;
	size_t n;
};

struct mri_scanops {
	enum mr_log_scanner kind;
	/* The first max fields of [p, p + n) as logscan.c's field() cuts
	 * them (blanks are ' ' and '\t'; a field that starts with '"' runs
	 * to the next '"' inclusive). Returns how many. */
	int (*tokens)(struct mri_tok *t, int max, const char *p, size_t n);
	/* mr_log_url_host() */
	int (*url_host)(const char *url, size_t len, const char **host,
	                size_t *hlen);
};

/* The implementation in use (mr_log_scanner_set()); never NULL. */
const struct mri_scanops *mri_scanops(void);

/* mr_squid_parse() and mr_w3c_parse() over ops (readable slack needed). */
int mri_squid_parse_fast(const struct mri_scanops *ops, struct mr_log_rec *out,
                         const char *p, size_t len, const char **why);
int mri_w3c_parse_fast(const struct mri_scanops *ops, struct mr_log_rec *out,
                       const struct mr_w3c_layout *l, const char *p, size_t len,
                       const char **why);

/* logscan_simd.c: kernel k (SSE2 or AVX2), or NULL when this build or
 * this CPU has none. */
const struct mri_scanops *mri_scan_kernel(enum mr_log_scanner k);

#endif
