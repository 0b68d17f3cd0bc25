/*
 * squid_fuzz.c - fuzz target for the Squid native log line parser and the
 * usage scanner (logscan.c, usage*.c).
 *
 * Input: any bytes, read as a Squid access.log (lines split at '\n').
 * Checks, abort() on failure:
 * - every span of a parsed record lies inside its line, and the host span
 *   inside the target (or is empty);
 * - a parsed record is within the plausibility bounds (logscan.h);
 * - the scanner, with tiny chunks so lines straddle them, counts as many
 *   requests, malformed lines and bytes as parsing line by line does
 *   (lines longer than a chunk excepted: the input is kept below one
 *   chunk); sums saturate, so the bytes compare even at UINT64_MAX.
 * The same bytes gzip-compressed are not tried: zlib is fuzzed upstream.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "m365route/m365route.h"
#include "m365route/usage.h"
#include "usage_int.h"

static struct mr_matcher *m;

static void
inside(const char *line, size_t len, const char *p, size_t n)
{
	if (n == 0)
		return;
	if (p < line || p + n > line + len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *e = s + size, *p = s, *nl, *why;
	struct mr_log_rec r;
	struct mr_usage *u;
	struct mr_usage_opts o = MR_USAGE_OPTS_INIT;
	struct mr_usage_summary sm;
	uint64_t ok = 0, bad = 0, bytes = 0;
	size_t saved = mr_usage_chunk;

	if (m == NULL) {
		struct mr_diags *d;
		struct mr_catalog *c;
		if (mr_diags_new(&d) != MR_OK ||
		    mr_catalog_load_embedded(&c, "worldwide", d) != MR_OK ||
		    mr_matcher_build(&m, c) != MR_OK)
			abort();
		mr_diags_free(d);
	}
	if (size > 4096)
		return 0;
	while (p < e) {
		size_t n;
		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL)
			nl = e;
		n = (size_t)(nl - p);
		if (n > 0 && !(n == 1 && *p == '\r')) {
			if (mr_squid_parse(&r, p, n, &why) == MR_OK) {
				inside(p, n, r.client, r.client_len);
				inside(p, n, r.method, r.method_len);
				inside(p, n, r.target, r.target_len);
				inside(r.target, r.target_len, r.host,
				       r.host_len);
				if (r.bytes > MR_LOG_MAX_BYTES ||
				    r.time_ms < MR_LOG_MIN_TIME_MS ||
				    r.time_ms >= MR_LOG_MAX_TIME_MS)
					abort();
				mri_sat_add(&bytes, r.bytes);
				ok++;
			} else {
				if (why == NULL)
					abort();
				bad++;
			}
		}
		(void)mr_log_detect(p, n);
		p = nl + 1;
	}
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
		return 0; /* the scanner would inflate it */
	o.format = MR_LOG_SQUID;
	o.threads = size % 3 == 0 ? 2 : 1;
	mr_usage_chunk = 4096 + 1;
	if (mr_usage_new(&u, m, NULL, &o) != MR_OK)
		abort();
	if (mr_usage_scan_buffer(u, "fuzz", data, size) != MR_OK)
		abort();
	mr_usage_summary(u, &sm);
	if (sm.requests != ok || sm.bad != bad || sm.bytes != bytes)
		abort();
	mr_usage_free(u);
	mr_usage_chunk = saved;
	return 0;
}
