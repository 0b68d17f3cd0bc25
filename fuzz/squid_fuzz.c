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

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *e = p + size, *line, *why;
	struct mr_log_rec r;
	uint64_t ok = 0, bad = 0, bytes = 0;
	size_t n;

	(void)fz_worldwide_matcher();
	if (size > FZ_LOG_MAX)
		return 0;
	while (fz_next_line(&p, e, &line, &n)) {
		if (!fz_blank(line, n)) {
			if (mr_squid_parse(&r, line, n, &why) == MR_OK) {
				fz_inside(line, n, r.client, r.client_len);
				fz_inside(line, n, r.method, r.method_len);
				fz_inside(line, n, r.target, r.target_len);
				fz_inside(r.target, r.target_len, r.host,
				          r.host_len);
				fz_plausible(&r, true);
				mri_sat_add(&bytes, r.bytes);
				ok++;
			} else {
				if (why == NULL)
					abort();
				bad++;
			}
		}
		(void)mr_log_detect(line, n);
	}
	fz_scan_agrees(data, size, MR_LOG_SQUID, ok, bad, bytes);
	return 0;
}
