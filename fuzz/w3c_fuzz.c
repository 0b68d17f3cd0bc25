/*
 * w3c_fuzz.c - fuzz target for the W3C extended log parsers (logscan.c:
 * "#Fields:" and data lines) and the usage scanner in W3C mode.
 *
 * Input: any bytes, read as a W3C log (lines split at '\n'; directives
 * start with '#', the last "#Fields:" names the columns). Example
 * (fuzz/corpus/w3c/tmg.txt):
 *   #Fields: date time c-ip cs-method cs-uri sc-bytes
 *   2026-11-27 08:04:11.011 10.1.2.3 GET https://outlook.office365.com/ 5
 * Checks, abort() on failure: spans inside their line; a layout's columns
 * are below its field count; a record is within the plausibility bounds
 * (logscan.h); the scanner counts as many requests, malformed lines and
 * bytes as parsing line by line.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

static void
cols_ok(const struct mr_w3c_layout *l)
{
	const int8_t c[] = {l->date,   l->time,      l->c_ip,     l->sc_bytes,
	                    l->method, l->uri,       l->uri_stem, l->host,
	                    l->status, l->time_taken};
	size_t i;

	for (i = 0; i < sizeof(c); i++)
		if (c[i] >= l->n || c[i] < -1)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *e = p + size, *line, *why;
	struct mr_log_rec r;
	struct mr_w3c_layout l;
	uint64_t ok = 0, bad = 0, bytes = 0;
	bool have = false;
	size_t n;

	(void)fz_worldwide_matcher();
	if (size > FZ_LOG_MAX)
		return 0;
	while (fz_next_line(&p, e, &line, &n)) {
		if (fz_blank(line, n)) {
			/* blank */
		} else if (*line == '#') {
			if (n >= 8 && memcmp(line, "#Fields:", 8) == 0) {
				struct mr_w3c_layout t;
				if (mr_w3c_fields(&t, line, n, &why) == MR_OK) {
					cols_ok(&t);
					l = t;
					have = true;
				} else {
					bad++;
				}
			}
		} else if (!have) {
			bad++;
		} else if (mr_w3c_parse(&r, &l, line, n, &why) == MR_OK) {
			fz_inside(line, n, r.client, r.client_len);
			fz_inside(line, n, r.method, r.method_len);
			fz_inside(line, n, r.target, r.target_len);
			fz_inside(line, n, r.host, r.host_len);
			fz_plausible(&r, l.date >= 0);
			mri_sat_add(&bytes, r.bytes);
			ok++;
		} else {
			bad++;
		}
	}
	fz_scan_agrees(data, size, MR_LOG_W3C, ok, bad, bytes);
	return 0;
}
