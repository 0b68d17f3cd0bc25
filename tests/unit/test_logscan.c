/*
 * test_logscan.c - the proxy log line parsers (logscan.c): Squid native and
 * W3C extended fields, hosts from URLs and CONNECT targets, timestamps, the
 * plausibility bounds (byte counts, durations, times), and that no parser
 * reads past its line: every line and every prefix of it is
 * parsed with its last byte against a PROT_NONE guard page (picohttpparser
 * test.c). The SIMD kernels (logscan_simd.c) against the scalar parsers,
 * which are their reference: the same record, reason and host for
 * generated and edge-case lines (CRLF, tabs, NUL bytes, quotes, fields
 * across 64-byte windows, long lines), whatever bytes follow the line. The
 * scanner's chunking (every input split at every offset) is in
 * test_usage.c.
 */
#define _DEFAULT_SOURCE 1 /* MAP_ANONYMOUS */
#include <sys/mman.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "logscan_int.h"
#include "m365route/logscan.h"

static const char *const squid_lines[] = {
    "1700000000.123    143 10.1.2.3 TCP_TUNNEL/200 5120 CONNECT "
    "outlook.office365.com:443 - HIER_DIRECT/52.96.1.2 -",
    "1700000001.5 20 10.1.2.4 TCP_MISS/200 1000 GET "
    "http://user:pw@WWW.Example.com:8080/a?b - HIER_DIRECT/1.2.3.4 text/html",
    "1700000002 7 2001:db8::1 TCP_TUNNEL/200 99 CONNECT [2603:1006::1]:443 - "
    "HIER_DIRECT/2603:1006::1 -",
    "1700000003.000 0 10.1.2.3 NONE/400 3893 NONE error:invalid-request - "
    "HIER_NONE/- text/html\r",
    "1700000004.000\t0\t10.1.2.3\tTCP_MISS/200\t1\tGET\thttps://a.b/\t-\t"
    "HIER_DIRECT/1.1.1.1\t-",
};

static const char *const w3c_fields =
    "#Fields: date time time-taken c-ip sc-status s-action sc-bytes "
    "cs-bytes cs-method cs-uri-scheme cs-host cs-uri-port cs-uri-path "
    "cs(User-Agent)";
static const char *const w3c_lines[] = {
    "2026-11-27 08:04:11.011 12 10.1.2.3 200 TCP_NC_MISS 5120 300 GET "
    "https outlook.office365.com 443 /owa/ \"Mozilla/5.0 (X11)\"",
    "2026-11-27 08:04:12 12 10.1.2.3 200 TCP_TUNNELED 99 300 CONNECT tcp "
    "contoso.sharepoint.com:443 443 - -",
    "2026-11-27 23:59:59 1 10.1.2.3 - - - - GET - - - - -",
};

/* ---- guard page ------------------------------------------------------------ */

static char *page;
static long psz;

static int
setup(void **state)
{
	(void)state;
	psz = sysconf(_SC_PAGESIZE);
	page = mmap(NULL, (size_t)psz * 2, PROT_READ | PROT_WRITE,
	            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return -1;
	return mprotect(page + psz, (size_t)psz, PROT_NONE);
}

static int
teardown(void **state)
{
	(void)state;
	munmap(page, (size_t)psz * 2);
	return 0;
}

/* s[0..n) copied so that its last byte is the last readable one. */
static const char *
at_guard(const char *s, size_t n)
{
	char *p = page + psz - n;

	memcpy(p, s, n);
	return p;
}

static void
test_guard_page(void **state)
{
	struct mr_log_rec r;
	struct mr_w3c_layout l;
	const char *why, *h, *p;
	size_t i, n, k, hl;

	(void)state;
	for (i = 0; i < sizeof(squid_lines) / sizeof(squid_lines[0]); i++) {
		n = strlen(squid_lines[i]);
		for (k = 0; k <= n; k++) {
			p = at_guard(squid_lines[i], k);
			(void)mr_squid_parse(&r, p, k, &why);
			(void)mr_log_detect(p, k);
			(void)mr_log_url_host(p, k, &h, &hl);
			(void)mr_w3c_fields(&l, p, k, &why);
		}
	}
	n = strlen(w3c_fields);
	for (k = 0; k <= n; k++)
		(void)mr_w3c_fields(&l, at_guard(w3c_fields, k), k, &why);
	assert_int_equal(mr_w3c_fields(&l, w3c_fields, n, &why), MR_OK);
	for (i = 0; i < sizeof(w3c_lines) / sizeof(w3c_lines[0]); i++) {
		n = strlen(w3c_lines[i]);
		for (k = 0; k <= n; k++) {
			p = at_guard(w3c_lines[i], k);
			(void)mr_w3c_parse(&r, &l, p, k, &why);
			(void)mr_log_detect(p, k);
		}
	}
}

/* ---- Squid ----------------------------------------------------------------- */

static void
span_is(const char *s, size_t n, const char *want)
{
	if (n != strlen(want) || memcmp(s, want, n) != 0)
		fail_msg("got '%.*s', want '%s'", (int)n, s, want);
}

static void
test_squid(void **state)
{
	struct mr_log_rec r;
	const char *why = NULL;
	const char *l;

	(void)state;
	l = squid_lines[0];
	assert_int_equal(mr_squid_parse(&r, l, strlen(l), &why), MR_OK);
	assert_int_equal(r.time_ms, 1700000000123LL);
	assert_int_equal(r.bytes, 5120);
	assert_int_equal(r.status, 200);
	span_is(r.client, r.client_len, "10.1.2.3");
	span_is(r.method, r.method_len, "CONNECT");
	span_is(r.target, r.target_len, "outlook.office365.com:443");
	span_is(r.host, r.host_len, "outlook.office365.com");

	l = squid_lines[1];
	assert_int_equal(mr_squid_parse(&r, l, strlen(l), &why), MR_OK);
	assert_int_equal(r.time_ms, 1700000001500LL);
	span_is(r.host, r.host_len, "WWW.Example.com");

	l = squid_lines[2];
	assert_int_equal(mr_squid_parse(&r, l, strlen(l), &why), MR_OK);
	assert_int_equal(r.time_ms, 1700000002000LL);
	span_is(r.client, r.client_len, "2001:db8::1");
	span_is(r.host, r.host_len, "2603:1006::1");

	/* a request with no destination is a record with no host */
	l = squid_lines[3];
	assert_int_equal(mr_squid_parse(&r, l, strlen(l), &why), MR_OK);
	assert_int_equal(r.host_len, 0);
	assert_int_equal(r.status, 400);

	l = squid_lines[4]; /* tabs */
	assert_int_equal(mr_squid_parse(&r, l, strlen(l), &why), MR_OK);
	span_is(r.host, r.host_len, "a.b");

	/* malformed */
	l = "1700000000.123 143 10.1.2.3 TCP_MISS/200 5120 GET http://a/";
	assert_int_equal(mr_squid_parse(&r, l, strlen(l), &why), MR_EPARSE);
	assert_string_equal(why, "fewer than 10 fields");
	l = "x 1 2 3 4 5 6 7 8 9";
	assert_int_equal(mr_squid_parse(&r, l, strlen(l), &why), MR_EPARSE);
	l = "1700000000 1 10.0.0.1 TCP_MISS 5 GET http://a/ - H/x -";
	assert_int_equal(mr_squid_parse(&r, l, strlen(l), &why), MR_EPARSE);
	l = "1700000000 1 10.0.0.1 TCP_MISS/200 5x GET http://a/ - H/x -";
	assert_int_equal(mr_squid_parse(&r, l, strlen(l), &why), MR_EPARSE);
	assert_string_equal(why, "no byte count");
	l = "1700000000 1 10.0.0.1 TCP_MISS/200 99999999999999999999 GET "
	    "http://a/ - H/x -";
	assert_int_equal(mr_squid_parse(&r, l, strlen(l), &why), MR_EPARSE);
	assert_int_equal(mr_squid_parse(&r, "", 0, &why), MR_EPARSE);
}

/* Values beyond the plausibility bounds of logscan.h: malformed lines. */
static void
test_squid_bounds(void **state)
{
	static const struct {
		const char *time, *elapsed, *bytes, *why; /* NULL: parses */
	} cases[] = {
	    {"1795424441.198", "10", "1099511627776", NULL}, /* 2^40 */
	    {"1795424441.198", "10", "1099511627777",
	     "byte count over 1 TiB (2^40)"},
	    {"1795424441.198", "10", "18446744073709551615",
	     "byte count over 1 TiB (2^40)"},
	    {"1795424441.198", "10", "9223372036854775808",
	     "byte count over 1 TiB (2^40)"},
	    {"1795424441.198", "10", "184467440737095516150000",
	     "byte count over 1 TiB (2^40)"},
	    {"1795424441.198", "10", "00000000000000000000001024", NULL},
	    {"1795424441.198", "604800000", "5", NULL}, /* a week */
	    {"1795424441.198", "604800001", "5", "elapsed time over a week"},
	    {"1795424441.198", "99999999999999999999999", "5",
	     "elapsed time over a week"},
	    {"1795424441.198", "-", "5", NULL}, /* not logged */
	    {"631152000", "1", "5", NULL},      /* 1990-01-01 */
	    {"631151999.999", "1", "5", "time before 1990 or after 2099"},
	    {"1", "1", "5", "time before 1990 or after 2099"},
	    {"4102444799.999", "1", "5", NULL}, /* 2099-12-31 23:59:59.999 */
	    {"4102444800", "1", "5", "time before 1990 or after 2099"},
	    {"999999999999", "1", "5", "time before 1990 or after 2099"},
	};
	struct mr_log_rec r;
	const char *why;
	char l[256];
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = snprintf(
		    l, sizeof(l),
		    "%s %s 10.1.2.3 TCP_TUNNEL/200 %s CONNECT "
		    "outlook.office365.com:443 - HIER_DIRECT/1.2.3.4 -",
		    cases[i].time, cases[i].elapsed, cases[i].bytes);
		why = NULL;
		if (cases[i].why == NULL) {
			if (mr_squid_parse(&r, l, (size_t)n, &why) != MR_OK)
				fail_msg("refused (%s): %s", why, l);
			continue;
		}
		if (mr_squid_parse(&r, l, (size_t)n, &why) != MR_EPARSE)
			fail_msg("accepted: %s", l);
		assert_string_equal(why, cases[i].why);
	}
	/* the bounds are the documented values */
	assert_true(MR_LOG_MAX_BYTES == 1099511627776ULL);
	assert_true(MR_LOG_MAX_ELAPSED_MS == 7LL * 86400 * 1000);
	assert_true(MR_LOG_MIN_TIME_MS == 631152000000LL);
	assert_true(MR_LOG_MAX_TIME_MS == 4102444800000LL);
}

static void
test_url_host(void **state)
{
	static const char *const cases[][2] = {
	    {"https://a.example/x", "a.example"},
	    {"http://u@b.example:80", "b.example"},
	    {"c.example:443", "c.example"},
	    {"d.example", "d.example"},
	    {"[::1]:443", "::1"},
	    {"http://[2001:db8::2]/", "2001:db8::2"},
	    {"ftp://e.example?q", "e.example"},
	};
	const char *h;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(
		    mr_log_url_host(cases[i][0], strlen(cases[i][0]), &h, &n),
		    MR_OK);
		span_is(h, n, cases[i][1]);
	}
	assert_int_equal(mr_log_url_host("error:x", 7, &h, &n), MR_EPARSE);
	assert_int_equal(mr_log_url_host("/path", 5, &h, &n), MR_EPARSE);
	assert_int_equal(mr_log_url_host("[::1", 4, &h, &n), MR_EPARSE);
	assert_int_equal(mr_log_url_host("", 0, &h, &n), MR_EPARSE);
}

/* ---- W3C ------------------------------------------------------------------- */

static void
test_w3c(void **state)
{
	struct mr_w3c_layout l;
	struct mr_log_rec r;
	const char *why = NULL, *s;

	(void)state;
	assert_int_equal(
	    mr_w3c_fields(&l, w3c_fields, strlen(w3c_fields), &why), MR_OK);
	assert_int_equal(l.n, 14);
	assert_int_equal(l.date, 0);
	assert_int_equal(l.c_ip, 3);
	assert_int_equal(l.host, 10);
	assert_int_equal(l.uri, -1);

	s = w3c_lines[0];
	assert_int_equal(mr_w3c_parse(&r, &l, s, strlen(s), &why), MR_OK);
	/* 2026-11-27 = day 20784 since 1970-01-01 */
	assert_int_equal(r.time_ms, 20784LL * 86400000 +
	                                (8 * 3600 + 4 * 60 + 11) * 1000 + 11);
	assert_int_equal(r.bytes, 5120);
	span_is(r.host, r.host_len, "outlook.office365.com");
	span_is(r.method, r.method_len, "GET");

	s = w3c_lines[1];
	assert_int_equal(mr_w3c_parse(&r, &l, s, strlen(s), &why), MR_OK);
	span_is(r.host, r.host_len, "contoso.sharepoint.com");
	span_is(r.method, r.method_len, "CONNECT");

	s = w3c_lines[2]; /* "-" everywhere: a record with no host */
	assert_int_equal(mr_w3c_parse(&r, &l, s, strlen(s), &why), MR_OK);
	assert_int_equal(r.host_len, 0);
	assert_int_equal(r.bytes, 0);

	/* cs-uri only, case-insensitive names, tabs */
	s = "#Fields:\tDATE\tTIME\tC-IP\tBYTES\tCS-URI";
	assert_int_equal(mr_w3c_fields(&l, s, strlen(s), &why), MR_OK);
	s = "2026-01-01\t00:00:00\t10.0.0.1\t7\thttps://x.example/y";
	assert_int_equal(mr_w3c_parse(&r, &l, s, strlen(s), &why), MR_OK);
	span_is(r.host, r.host_len, "x.example");
	assert_int_equal(r.bytes, 7);

	/* malformed lines */
	s = "2026-01-01\t00:00:00\t10.0.0.1\t7";
	assert_int_equal(mr_w3c_parse(&r, &l, s, strlen(s), &why), MR_EPARSE);
	assert_string_equal(why, "fewer fields than #Fields: names");
	s = "2026-01-01 00:00:00 10.0.0.1 7 http://x/ extra";
	assert_int_equal(mr_w3c_parse(&r, &l, s, strlen(s), &why), MR_EPARSE);
	s = "2026-13-01 00:00:00 10.0.0.1 7 http://x/";
	assert_int_equal(mr_w3c_parse(&r, &l, s, strlen(s), &why), MR_EPARSE);
	s = "2026-01-01 24:00:00 10.0.0.1 7 http://x/";
	assert_int_equal(mr_w3c_parse(&r, &l, s, strlen(s), &why), MR_EPARSE);
	s = "2026-01-01 00:00:00 10.0.0.1 x7 http://x/";
	assert_int_equal(mr_w3c_parse(&r, &l, s, strlen(s), &why), MR_EPARSE);

	/* bad #Fields */
	s = "#Fields: date c-ip sc-bytes cs-uri";
	assert_int_equal(mr_w3c_fields(&l, s, strlen(s), &why), MR_EPARSE);
	assert_string_equal(why, "#Fields: has no 'time'");
	s = "#Fields: time c-ip cs-uri";
	assert_int_equal(mr_w3c_fields(&l, s, strlen(s), &why), MR_EPARSE);
	s = "#Fields: time c-ip sc-bytes";
	assert_int_equal(mr_w3c_fields(&l, s, strlen(s), &why), MR_EPARSE);
	s = "#Software: x";
	assert_int_equal(mr_w3c_fields(&l, s, strlen(s), &why), MR_EPARSE);
	/* a layout that was refused is not trusted (fuzz/corpus/w3c/
	 * crash-bad-layout.txt) */
	s = "#Fields: bytes cs-host";
	assert_int_equal(mr_w3c_fields(&l, s, strlen(s), &why), MR_EPARSE);
	s = "08:00:00 10.0.0.1 5 a";
	assert_int_equal(mr_w3c_parse(&r, &l, s, strlen(s), &why), MR_EPARSE);
	assert_string_equal(why, "no valid #Fields: layout");
}

static void
test_w3c_bounds(void **state)
{
	static const struct {
		const char *line, *why; /* why NULL: parses */
	} cases[] = {
	    {"2026-11-23 09:00:00 10.1.2.3 1099511627776 12 http://a.b/", NULL},
	    {"2026-11-23 09:00:00 10.1.2.3 1099511627777 12 http://a.b/",
	     "byte count over 1 TiB (2^40)"},
	    {"2026-11-23 09:00:00 10.1.2.3 18446744073709551615 12 "
	     "http://a.b/",
	     "byte count over 1 TiB (2^40)"},
	    {"2026-11-23 09:00:00 10.1.2.3 5x 12 http://a.b/",
	     "byte count is not a number"},
	    {"2026-11-23 09:00:00 10.1.2.3 5 604800000 http://a.b/", NULL},
	    {"2026-11-23 09:00:00 10.1.2.3 5 604800001 http://a.b/",
	     "time-taken over a week"},
	    {"2026-11-23 09:00:00 10.1.2.3 5 1.5 http://a.b/", NULL},
	    {"2026-11-23 09:00:00 10.1.2.3 5 - http://a.b/", NULL},
	    {"1990-01-01 00:00:00 10.1.2.3 5 1 http://a.b/", NULL},
	    {"1989-12-31 23:59:59.999 10.1.2.3 5 1 http://a.b/",
	     "date before 1990 or after 2099"},
	    {"0000-01-01 00:00:00 10.1.2.3 5 1 http://a.b/",
	     "date before 1990 or after 2099"},
	    {"2099-12-31 23:59:59.999 10.1.2.3 5 1 http://a.b/", NULL},
	    {"2100-01-01 00:00:00 10.1.2.3 5 1 http://a.b/",
	     "date before 1990 or after 2099"},
	    {"9999-12-31 23:59:59 10.1.2.3 5 1 http://a.b/",
	     "date before 1990 or after 2099"},
	};
	const char *f = "#Fields: date time c-ip sc-bytes time-taken cs-uri";
	struct mr_w3c_layout l;
	struct mr_log_rec r;
	const char *why, *s;
	size_t i;

	(void)state;
	assert_int_equal(mr_w3c_fields(&l, f, strlen(f), &why), MR_OK);
	assert_int_equal(l.time_taken, 4);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = cases[i].line;
		why = NULL;
		if (cases[i].why == NULL) {
			if (mr_w3c_parse(&r, &l, s, strlen(s), &why) != MR_OK)
				fail_msg("refused (%s): %s", why, s);
			continue;
		}
		if (mr_w3c_parse(&r, &l, s, strlen(s), &why) != MR_EPARSE)
			fail_msg("accepted: %s", s);
		assert_string_equal(why, cases[i].why);
	}
	/* no date column: a time of day, not checked against the bounds */
	f = "#Fields: time c-ip sc-bytes cs-uri";
	assert_int_equal(mr_w3c_fields(&l, f, strlen(f), &why), MR_OK);
	assert_int_equal(l.time_taken, -1);
	s = "23:59:59 10.1.2.3 5 http://a.b/";
	assert_int_equal(mr_w3c_parse(&r, &l, s, strlen(s), &why), MR_OK);
	assert_int_equal(r.time_ms, 86399000);
	/* a layout whose time-taken column is past its field count */
	l.time_taken = (int8_t)l.n;
	assert_int_equal(mr_w3c_parse(&r, &l, s, strlen(s), &why), MR_EPARSE);
	assert_string_equal(why, "no valid #Fields: layout");
}

static void
test_detect(void **state)
{
	const char *s;

	(void)state;
	s = "\n#Software: Microsoft Internet Information Services 10.0\n";
	assert_int_equal(mr_log_detect(s, strlen(s)), MR_LOG_W3C);
	s = squid_lines[0];
	assert_int_equal(mr_log_detect(s, strlen(s)), MR_LOG_SQUID);
	s = "hello world\n";
	assert_int_equal(mr_log_detect(s, strlen(s)), MR_LOG_AUTO);
	assert_int_equal(mr_log_detect("", 0), MR_LOG_AUTO);
	assert_string_equal(mr_log_format_name(MR_LOG_W3C), "w3c");
}

/* ---- SIMD kernels against the scalar parsers -------------------------------- */

static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The kernels this machine runs (SSE2 and AVX2 where present). */
static size_t
kernels(const struct mri_scanops **k)
{
	size_t n = 0;

	if ((k[n] = mri_scan_kernel(MR_LOG_SCAN_SSE2)) != NULL)
		n++;
	if ((k[n] = mri_scan_kernel(MR_LOG_SCAN_AVX2)) != NULL)
		n++;
	return n;
}

static void
same_rec(const struct mr_log_rec *a, const struct mr_log_rec *b,
         const char *line)
{
	if (a->time_ms != b->time_ms || a->bytes != b->bytes ||
	    a->status != b->status || a->client != b->client ||
	    a->client_len != b->client_len || a->method != b->method ||
	    a->method_len != b->method_len || a->target != b->target ||
	    a->target_len != b->target_len || a->host != b->host ||
	    a->host_len != b->host_len)
		fail_msg("records differ for '%s'", line);
}

/* Line l (n bytes) at buf, then MRI_SCAN_PAD bytes of junk the kernels
 * may load and must ignore; scalar and kernel k agree on it. */
static void
check_line(const struct mri_scanops *k, char *buf, const char *l, size_t n,
           const struct mr_w3c_layout *lay, uint64_t *seed)
{
	static const char junk[] = " \t\"\n\r:/@?#[]0a";
	struct mr_log_rec a, b;
	const char *wa = NULL, *wb = NULL, *ha = NULL, *hb = NULL;
	size_t i, hna = 0, hnb = 0;
	int ra, rb;

	memmove(buf, l, n);
	for (i = 0; i < MRI_SCAN_PAD; i++)
		buf[n + i] = junk[rnd(seed) % (sizeof(junk) - 1)];
	if (lay == NULL) {
		ra = mr_squid_parse(&a, buf, n, &wa);
		rb = mri_squid_parse_fast(k, &b, buf, n, &wb);
	} else {
		ra = mr_w3c_parse(&a, lay, buf, n, &wa);
		rb = mri_w3c_parse_fast(k, &b, lay, buf, n, &wb);
	}
	if (ra != rb || (ra != MR_OK && wa != wb)) {
		for (i = 0; i < n + MRI_SCAN_PAD; i++)
			fprintf(stderr, "%s%02x", i == n ? " | " : " ",
			        (unsigned char)buf[i]);
		fprintf(stderr, "\n");
		fail_msg("%s: '%.*s': %d (%s) vs %d (%s)",
		         mr_log_scanner_name(k->kind), (int)n, buf, ra,
		         ra ? wa : "", rb, rb ? wb : "");
	}
	if (ra == MR_OK)
		same_rec(&a, &b, buf);
	ra = mr_log_url_host(buf, n, &ha, &hna);
	rb = k->url_host(buf, n, &hb, &hnb);
	if (ra != rb || (ra == MR_OK && (ha != hb || hna != hnb)))
		fail_msg("%s: url host of '%.*s' differs",
		         mr_log_scanner_name(k->kind), (int)n, buf);
}

/* A random line: Squid-shaped fields, bytes that matter to the scanner. */
static size_t
gen_line(char *o, size_t cap, uint64_t *seed, bool w3c)
{
	static const char *const piece[] = {
	    " ",
	    "\t",
	    "  ",
	    "\"",
	    "\r",
	    ":",
	    "/",
	    "@",
	    "[",
	    "]",
	    "?",
	    "#",
	    "-",
	    "x",
	    "Ab",
	    "1700000000.123",
	    "443",
	    "CONNECT",
	    "http://",
	    "https://u@",
	    "outlook.office365.com",
	    "[2001:db8::1]",
	    "TCP_MISS/200",
	    "\0",
	    "2026-11-27",
	    "08:04:11",
	    ("a-very-long-host-name-that-crosses-64-"
	     "byte-windows.example.com")};
	size_t n = 0, i, np = 1 + rnd(seed) % (w3c ? 40 : 30);

	for (i = 0; i < np; i++) {
		size_t k = rnd(seed) % (sizeof(piece) / sizeof(piece[0]));
		size_t m = k == 23 ? 1 : strlen(piece[k]);
		if (n + m >= cap)
			break;
		memcpy(o + n, piece[k], m);
		n += m;
	}
	return n;
}

static void
test_kernels_same(void **state)
{
	const struct mri_scanops *k[2];
	size_t nk = kernels(k), i, j, c, n;
	char line[2048], *buf = malloc(sizeof(line) + MRI_SCAN_PAD);
	uint64_t seed = 42;
	struct mr_w3c_layout lay;
	const char *why;

	(void)state;
	assert_non_null(buf);
	assert_int_equal(
	    mr_w3c_fields(&lay, w3c_fields, strlen(w3c_fields), &why), MR_OK);
	for (c = 0; c < nk; c++) {
		for (i = 0; i < sizeof(squid_lines) / sizeof(squid_lines[0]);
		     i++)
			for (j = 0; j <= strlen(squid_lines[i]); j++)
				check_line(k[c], buf, squid_lines[i], j, NULL,
				           &seed);
		for (i = 0; i < sizeof(w3c_lines) / sizeof(w3c_lines[0]); i++)
			for (j = 0; j <= strlen(w3c_lines[i]); j++)
				check_line(k[c], buf, w3c_lines[i], j, &lay,
				           &seed);
		for (i = 0; i < 200000; i++) {
			bool w3c = i % 3 == 0;
			n = gen_line(line, sizeof(line), &seed, w3c);
			check_line(k[c], buf, line, n, w3c ? &lay : NULL,
			           &seed);
		}
		/* a line of 1,500 fields, one of 1,900 blanks */
		for (n = 0; n + 2 < sizeof(line) - 100; n += 2) {
			line[n] = 'a';
			line[n + 1] = ' ';
		}
		check_line(k[c], buf, line, n, NULL, &seed);
		check_line(k[c], buf, line, n, &lay, &seed);
		memset(line, ' ', 1900);
		check_line(k[c], buf, line, 1900, NULL, &seed);
	}
	free(buf);
}

/* Squid times of the usual shape, against a parse of the test's own. */
static void
test_epoch_shape(void **state)
{
	static const char rest[] = " 1 10.1.2.3 TCP/200 5 GET a.b - H/- -";
	char l[128];
	int rc;
	uint64_t seed = 7;
	size_t i, j;
	struct mr_log_rec r;
	const char *why;

	(void)state;
	for (i = 0; i < 100000; i++) {
		int64_t want = 0;
		bool ok = true;
		for (j = 0; j < 14; j++) {
			l[j] = (char)('0' + rnd(&seed) % 10);
			if (rnd(&seed) % 200 == 0)
				l[j] = "/:.a-\x7f\xfa"[rnd(&seed) % 7];
		}
		l[10] = rnd(&seed) % 100 == 0 ? '5' : '.';
		for (j = 0; j < 14 && ok; j++) {
			if (j == 10) {
				ok = l[j] == '.';
				continue;
			}
			ok = l[j] >= '0' && l[j] <= '9';
			want = want * 10 + (l[j] - '0');
		}
		memcpy(l + 14, rest, strlen(rest));
		rc = mr_squid_parse(&r, l, 14 + strlen(rest), &why);
		if (l[10] != '.')
			continue; /* another shape: the loop's, tested above */
		if (!ok || want < MR_LOG_MIN_TIME_MS ||
		    want >= MR_LOG_MAX_TIME_MS) {
			if (rc == MR_OK)
				fail_msg("'%.14s' parsed", l);
			continue;
		}
		assert_int_equal(rc, MR_OK);
		assert_int_equal(r.time_ms, want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_squid),
	    cmocka_unit_test(test_squid_bounds),
	    cmocka_unit_test(test_url_host),
	    cmocka_unit_test(test_w3c),
	    cmocka_unit_test(test_w3c_bounds),
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_kernels_same),
	    cmocka_unit_test(test_epoch_shape),
	    cmocka_unit_test_setup_teardown(test_guard_page, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
