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
	const char *s = (const char *)data, *e = s + size, *p = s, *nl, *why;
	struct mr_log_rec r;
	struct mr_w3c_layout l;
	struct mr_usage *u;
	struct mr_usage_opts o = MR_USAGE_OPTS_INIT;
	struct mr_usage_summary sm;
	uint64_t ok = 0, bad = 0, bytes = 0;
	bool have = false;
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
		if (n == 0 || (n == 1 && *p == '\r')) {
			/* blank */
		} else if (*p == '#') {
			if (n >= 8 && memcmp(p, "#Fields:", 8) == 0) {
				struct mr_w3c_layout t;
				if (mr_w3c_fields(&t, p, n, &why) == MR_OK) {
					cols_ok(&t);
					l = t;
					have = true;
				} else {
					bad++;
				}
			}
		} else if (!have) {
			bad++;
		} else if (mr_w3c_parse(&r, &l, p, n, &why) == MR_OK) {
			inside(p, n, r.client, r.client_len);
			inside(p, n, r.method, r.method_len);
			inside(p, n, r.target, r.target_len);
			inside(p, n, r.host, r.host_len);
			if (r.bytes > MR_LOG_MAX_BYTES ||
			    (l.date >= 0 && (r.time_ms < MR_LOG_MIN_TIME_MS ||
			                     r.time_ms >= MR_LOG_MAX_TIME_MS)))
				abort();
			mri_sat_add(&bytes, r.bytes);
			ok++;
		} else {
			bad++;
		}
		p = nl + 1;
	}
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
		return 0;
	o.format = MR_LOG_W3C;
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
