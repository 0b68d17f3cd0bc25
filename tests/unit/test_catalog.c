/*
 * test_catalog.c - catalog.c (and jspan.c): loading the endpoint feed.
 *
 * The real snapshots in data/endpoints load with the documented set counts
 * and quirks (spaces in port lists, MEM, notes); the /changes samples are
 * refused. Broken feeds are checked finding by finding: code, the
 * file:line:col of the span start (mr_diags_locate), a piece of the
 * message, and that a failed load returns MR_EPARSE with no catalog.
 * Hostile inputs (deep nesting, NUL bytes, huge value counts, a 100 MB
 * file) must fail cleanly. The position index is tested on its own too.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "error.h"
#include "jspan.h"
#include "m365route/endpoints.h"

#define DATA MR_SOURCE_DIR "/data/endpoints/"

static void
dump(const struct mr_diags *d)
{
	size_t i;

	for (i = 0; i < mr_diags_count(d); i++) {
		const struct mr_diag *g = mr_diags_get(d, i);
		uint32_t line = 0, col = 0;
		mr_diags_locate(d, g->at.src, g->at.start, &line, &col);
		print_message("  %u:%u [%s] %s\n", line, col, g->code, g->msg);
	}
}

static size_t
count_code(const struct mr_diags *d, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < mr_diags_count(d); i++)
		if (strcmp(mr_diags_get(d, i)->code, code) == 0)
			n++;
	return n;
}

static size_t
count_sev(const struct mr_diags *d, enum mr_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < mr_diags_count(d); i++)
		if (mr_diags_get(d, i)->sev == sev)
			n++;
	return n;
}

/* A finding with this code at line:col whose message holds sub. */
static const struct mr_diag *
find(const struct mr_diags *d, const char *code, uint32_t line, uint32_t col,
     const char *sub)
{
	size_t i;

	for (i = 0; i < mr_diags_count(d); i++) {
		const struct mr_diag *g = mr_diags_get(d, i);
		uint32_t l = 0, c = 0;

		if (strcmp(g->code, code) != 0)
			continue;
		assert_int_equal(
		    mr_diags_locate(d, g->at.src, g->at.start, &l, &c), MR_OK);
		assert_true(g->at.start <= g->at.end);
		if (l == line && c == col &&
		    (sub == NULL || strstr(g->msg, sub) != NULL))
			return g;
	}
	print_message("no %s at %u:%u with \"%s\"; have:\n", code, line, col,
	              sub ? sub : "");
	dump(d);
	fail();
	return NULL;
}

static const struct mr_endpoint_set *
by_id(const struct mr_catalog *c, int64_t id)
{
	size_t i;

	for (i = 0; i < mr_catalog_count(c); i++)
		if (mr_catalog_set(c, i)->id == id)
			return mr_catalog_set(c, i);
	fail_msg("no set %lld", (long long)id);
	return NULL;
}

static struct mr_catalog *
load_ok(const char *file, size_t count, struct mr_diags **dout)
{
	struct mr_catalog *c = NULL;
	struct mr_diags *d;
	int rc;

	assert_int_equal(mr_diags_new(&d), MR_OK);
	rc = mr_catalog_load_file(&c, file, d);
	if (rc != MR_OK) {
		print_message("%s: %d %s\n", file, rc, mr_error_last());
		dump(d);
	}
	assert_int_equal(rc, MR_OK);
	assert_non_null(c);
	assert_int_equal(mr_catalog_count(c), count);
	assert_int_equal(mr_diags_errors(d), 0);
	assert_int_equal(count_sev(d, MR_SEV_WARNING), 0);
	assert_string_equal(mr_catalog_source(c), file);
	assert_null(mr_catalog_instance(c));
	assert_null(mr_catalog_date(c));
	*dout = d;
	return c;
}

/* Every set of a loaded catalog is sane. */
static void
check_sets(const struct mr_catalog *c)
{
	size_t i, k;
	char buf[MR_PREFIX_STRLEN];

	for (i = 0; i < mr_catalog_count(c); i++) {
		const struct mr_endpoint_set *s = mr_catalog_set(c, i);
		size_t bad;

		assert_non_null(s->service_area);
		assert_true(s->at.start < s->at.end);
		assert_true(s->category <= MR_CAT_OPTIMIZE);
		for (k = 0; k < s->n_urls; k++)
			assert_null(mr_pattern_check(s->urls[k],
			                             strlen(s->urls[k]), &bad));
		for (k = 0; k < s->n_ips; k++) {
			struct mr_prefix p;
			bool host;
			mr_prefix_format(&s->ips[k], buf, sizeof(buf));
			assert_int_equal(
			    mr_prefix_parse(&p, buf, strlen(buf), &host),
			    MR_OK);
			assert_false(host);
		}
		assert_true((s->tcp_ports == NULL) == (s->n_tcp == 0));
		assert_true((s->udp_ports == NULL) == (s->n_udp == 0));
		if (s->tcp_ports != NULL)
			assert_null(strchr(s->tcp_ports, ' '));
		for (k = 0; k < s->n_tcp; k++)
			assert_true(s->tcp[k].lo <= s->tcp[k].hi);
	}
	assert_null(mr_catalog_set(c, mr_catalog_count(c)));
}

static void
test_real_worldwide_2025(void **state)
{
	struct mr_diags *d;
	struct mr_catalog *c =
	    load_ok(DATA "worldwide-2025-11-14.json", 64, &d);
	const struct mr_endpoint_set *s;
	char buf[MR_PREFIX_STRLEN];
	size_t i, urls = 0, ips = 0;

	(void)state;
	assert_int_equal(mr_diags_count(d), 0);
	check_sets(c);
	s = mr_catalog_set(c, 0);
	assert_int_equal(s->id, 1);
	assert_string_equal(s->service_area, "Exchange");
	assert_string_equal(s->service_area_display, "Exchange Online");
	assert_int_equal(s->category, MR_CAT_OPTIMIZE);
	assert_true(s->express_route);
	assert_true(s->required);
	assert_int_equal(s->n_urls, 3);
	assert_string_equal(s->urls[0], "outlook.cloud.microsoft");
	assert_string_equal(s->urls[2], "outlook.office365.com");
	mr_prefix_format(&s->ips[0], buf, sizeof(buf));
	assert_string_equal(buf, "13.107.6.152/31");
	mr_prefix_format(&s->ips[11], buf, sizeof(buf));
	assert_string_equal(buf, "2603:1006::/40");
	assert_null(s->notes);

	s = by_id(c, 2);
	assert_string_equal(s->tcp_ports, "143,587,993,995");
	assert_int_equal(s->n_tcp, 4);
	assert_int_equal(s->tcp[0].lo, 143);
	assert_int_equal(s->tcp[3].hi, 995);
	assert_false(s->required);
	assert_int_equal(s->category, MR_CAT_ALLOW);
	assert_null(s->udp_ports);
	assert_int_equal(s->n_udp, 0);

	s = by_id(c, 152);
	assert_non_null(s->notes);
	assert_int_equal(strlen(s->notes), 464);
	assert_int_equal(mr_catalog_set(c, 63)->id, 184);
	for (i = 0; i < mr_catalog_count(c); i++) {
		urls += mr_catalog_set(c, i)->n_urls;
		ips += mr_catalog_set(c, i)->n_ips;
	}
	assert_int_equal(urls, 204);
	assert_int_equal(ips, 129);
	mr_catalog_free(c);
	mr_diags_free(d);
}

static void
test_real_others(void **state)
{
	static const struct {
		const char *file;
		size_t n;
	} files[] = {
	    {DATA "worldwide-2020092900.json", 113},
	    {DATA "china-2025-11-14.json", 21},
	    {DATA "usgovdod-2025-11-14.json", 24},
	    {DATA "usgovgcchigh-2025-11-14.json", 26},
	};
	struct mr_diags *d;
	struct mr_catalog *c;
	const struct mr_endpoint_set *s;
	size_t i, k, ips = 0, urls = 0;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		c = load_ok(files[i].file, files[i].n, &d);
		assert_int_equal(mr_diags_count(d), 0);
		check_sets(c);
		if (i == 0) {
			for (k = 0; k < mr_catalog_count(c); k++) {
				ips += mr_catalog_set(c, k)->n_ips;
				urls += mr_catalog_set(c, k)->n_urls;
			}
			assert_int_equal(ips, 398);
			assert_int_equal(urls, 392);
			assert_int_equal(mr_catalog_set(c, 112)->id, 154);
		}
		if (i == 1) {
			s = by_id(c, 3);
			assert_string_equal(s->udp_ports,
			                    "3478,3479,3480,3481");
			assert_int_equal(s->n_udp, 4);
			assert_int_equal(s->udp[1].lo, 3479);
			assert_int_equal(s->n_urls, 0);
			assert_int_equal(s->n_ips, 8);
			assert_false(s->express_route);
			assert_int_equal(s->category, MR_CAT_OPTIMIZE);
		}
		if (i == 3)
			assert_string_equal(by_id(c, 31)->tcp_ports, "80,443");
		mr_catalog_free(c);
		mr_diags_free(d);
	}
}

static void
test_real_mem(void **state)
{
	struct mr_diags *d;
	struct mr_catalog *c =
	    load_ok(DATA "worldwide-2025-12-01-with-MEM.json", 79, &d);
	size_t i, mem = 0, notes = 0;
	const struct mr_diag *g;

	(void)state;
	check_sets(c);
	for (i = 0; i < mr_catalog_count(c); i++) {
		const struct mr_endpoint_set *s = mr_catalog_set(c, i);
		if (strcmp(s->service_area, "MEM") == 0)
			mem++;
		if (s->notes != NULL)
			notes++;
	}
	assert_int_equal(mem, 15);
	assert_int_equal(notes, 25);
	/* One note for the unknown area, at the first MEM set's value. */
	assert_int_equal(mr_diags_count(d), 1);
	g = find(d, "MR0111", 1070, 20,
	         "endpoint set 163: service area \"MEM\"");
	assert_int_equal(g->sev, MR_SEV_NOTE);
	assert_string_equal(by_id(c, 163)->service_area_display,
	                    "Microsoft Endpoint Manager");
	mr_catalog_free(c);
	mr_diags_free(d);
}

static void
test_changes_rejected(void **state)
{
	static const char *const files[] = {
	    DATA "changes-sample-2020012800.json",
	    DATA "changes-doc-example-2018031301.json",
	};
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct mr_catalog *c = (void *)&c;
		struct mr_diags *d;

		assert_int_equal(mr_diags_new(&d), MR_OK);
		assert_int_equal(mr_catalog_load_file(&c, files[i], d),
		                 MR_EPARSE);
		assert_null(c);
		assert_int_equal(mr_diags_count(d), 1);
		find(d, "MR0102", 2, 3, "/changes");
		assert_string_equal(
		    mr_diags_source_name(d, mr_diags_get(d, 0)->at.src),
		    files[i]);
		mr_diags_free(d);
	}
}

/*
 * Broken feeds. Each loads from a buffer named "t.json" and must fail.
 */
static struct mr_diags *
load_bad(const char *text, size_t len)
{
	struct mr_catalog *c = (void *)&c;
	struct mr_diags *d;

	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_catalog_load_buffer(&c, "t.json", text, len, d),
	                 MR_EPARSE);
	assert_null(c);
	assert_true(mr_diags_errors(d) > 0);
	assert_string_equal(mr_diags_source_name(d, 1), "t.json");
	return d;
}

#define BAD(text) load_bad(text, sizeof(text) - 1)

/* A finding a broken feed must have: code at line:col, message part. */
struct want {
	const char *code;
	uint32_t line, col;
	const char *sub;
};

/* A broken feed, how many findings it has in all (0: not checked) and
 * the findings it must have (up to four). */
struct bad_case {
	const char *text;
	size_t len;
	size_t count;
	struct want w[4];
};

#define BAD_CASE(s, count, ...)                                                \
	{                                                                      \
		s, sizeof(s) - 1, count,                                       \
		{                                                              \
			__VA_ARGS__                                            \
		}                                                              \
	}

/* Each of the n wanted findings is in d. */
static void
find_all(const struct mr_diags *d, const struct want *w, size_t n)
{
	size_t i;

	for (i = 0; i < n && w[i].code != NULL; i++)
		find(d, w[i].code, w[i].line, w[i].col, w[i].sub);
}

static void
check_bad(const struct bad_case *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct mr_diags *d = load_bad(t[i].text, t[i].len);

		find_all(d, t[i].w, sizeof(t[i].w) / sizeof(t[i].w[0]));
		if (t[i].count > 0)
			assert_int_equal(mr_diags_count(d), t[i].count);
		mr_diags_free(d);
	}
}

/* A feed text that loads, as "t.json"; its findings in *dout. */
static struct mr_catalog *
load_good(const char *text, size_t len, struct mr_diags **dout)
{
	struct mr_catalog *c = NULL;

	assert_int_equal(mr_diags_new(dout), MR_OK);
	assert_int_equal(mr_catalog_load_buffer(&c, "t.json", text, len, *dout),
	                 MR_OK);
	return c;
}

static void
test_syntax(void **state)
{
	static const struct bad_case t[] = {
	    /* Truncated: the caret lands right after the last token. */
	    BAD_CASE("[{\"id\": 1,", 0, {"MR0101", 1, 11, "end of file"}),
	    BAD_CASE("[\n  {\n    \"id\": 1,\n\n", 0,
	             {"MR0101", 3, 13, "end of file"}),
	    /* Trailing garbage: on the garbage. */
	    BAD_CASE("[{\"id\":1,\"serviceArea\":\"Common\",\"category\":"
	             "\"Allow\"}]\n  xyz\n",
	             1, {"MR0101", 2, 3, "near 'xyz'"}),
	    BAD_CASE("[1] xyz", 0, {"MR0101", 1, 5, "near 'xyz'"}),
	    /* Truncated inside a string: on the string. */
	    BAD_CASE("[\"abc", 0, {"MR0101", 1, 2, "premature end of input"}),
	    /* Bad tokens. */
	    BAD_CASE("[1 2]", 0, {"MR0101", 1, 4, "']' expected"}),
	    BAD_CASE("[\n tru\n]", 0,
	             {"MR0101", 2, 2, "invalid token near 'tru'"}),
	    BAD_CASE("[\"a\nb\"]", 0, {"MR0101", 1, 4, "unexpected newline"}),
	    BAD_CASE("", 0, {"MR0101", 1, 1, NULL}),
	    /* Duplicate keys are a syntax error (JSON_REJECT_DUPLICATES). */
	    BAD_CASE("[{\"id\":1,\"id\":2}]", 0,
	             {"MR0101", 1, 10, "duplicate object key"}),
	    /* NUL: escaped, and raw inside a string. */
	    BAD_CASE("[{\"id\":1,\"serviceArea\":\"Common\",\"category\":"
	             "\"Allow\",\"notes\":\"a\\u0000\"}]",
	             0, {"MR0101", 1, 60, "NUL"}),
	    BAD_CASE("[{\"id\":1,\"serviceArea\":\"Com\0mon\"}]", 0,
	             {"MR0101", 1, 28, "control character"}),
	    /* Invalid UTF-8. */
	    BAD_CASE("[\"a\xff\"]", 0, {"MR0101", 1, 4, "decode byte 0xff"}),
	};

	(void)state;
	check_bad(t, sizeof(t) / sizeof(t[0]));
}

static void
test_shape(void **state)
{
	static const struct bad_case t[] = {
	    BAD_CASE("{\"id\": 1}\n", 0,
	             {"MR0102", 1, 1, "the feed is an object"}),
	    BAD_CASE("\"text\"", 0, {"MR0102", 1, 1, "a string"}),
	    BAD_CASE(" [ ]\n", 0, {"MR0103", 1, 2, "empty"}),
	    BAD_CASE("[\n 1,\n [],\n {\"id\":1,\"serviceArea\":\"Common\","
	             "\"category\":\"Allow\"}\n]",
	             2, {"MR0102", 2, 2, "element 0 of the feed is an integer"},
	             {"MR0102", 3, 2, "element 1 of the feed is an array"}),
	};

	(void)state;
	check_bad(t, sizeof(t) / sizeof(t[0]));
}

static void
test_required_and_ids(void **state)
{
	static const struct bad_case t[] = {
	    BAD_CASE("[\n {\"serviceArea\":\"Common\",\"category\":"
	             "\"Allow\"}\n]\n",
	             0,
	             {"MR0109", 2, 2,
	              "endpoint set at index 0: required key \"id\" is "
	              "missing"}),
	    BAD_CASE(
	        "[\n {\"id\":7}\n]\n", 0,
	        {"MR0109", 2, 2,
	         "endpoint set 7: required key \"serviceArea\""},
	        {"MR0109", 2, 2, "endpoint set 7: required key \"category\""}),
	};

	struct mr_diags *d;
	const struct mr_diag *g;

	(void)state;
	check_bad(t, sizeof(t) / sizeof(t[0]));
	d = BAD(
	    "[\n {\"id\":1,\"serviceArea\":\"Common\",\"category\":\"Allow\"},"
	    "\n {\"id\":2,\"serviceArea\":\"Common\",\"category\":\"Allow\"},"
	    "\n {\"id\":1,\"serviceArea\":\"Common\",\"category\":\"Allow\"}"
	    "\n]\n");
	g = find(d, "MR0112", 4, 8, "endpoint set 1: duplicate id");
	assert_non_null(g->note);
	assert_string_equal(g->note, "first used at line 2, column 8");
	assert_int_equal(mr_diags_count(d), 1);
	mr_diags_free(d);
}

/* Set ids are positive and fit in 32 bits: -1, 0 and 2^32+1 were
 * accepted and shown as "set -1". */
static void
test_id_range(void **state)
{
	static const char ok[] =
	    "[{\"id\":1,\"serviceArea\":\"Common\",\"category\":\"Allow\"},"
	    "{\"id\":4294967295,\"serviceArea\":\"Common\",\"category\":"
	    "\"Allow\"}]";
	struct mr_catalog *c = NULL;
	struct mr_diags *d;

	(void)state;
	d = BAD("[\n {\"id\":-1,\"serviceArea\":\"Common\",\"category\":"
	        "\"Allow\"},"
	        "\n {\"id\":0,\"serviceArea\":\"Common\",\"category\":"
	        "\"Allow\"},"
	        "\n {\"id\":4294967297,\"serviceArea\":\"Common\","
	        "\"category\":\"Allow\"},"
	        "\n {\"id\":4294967296,\"serviceArea\":\"Common\","
	        "\"category\":\"Allow\"}"
	        "\n]\n");
	/* Named by index, not by an id that is not one. */
	find(d, "MR0117", 2, 8,
	     "endpoint set at index 0: \"id\" must be an integer from 1 to "
	     "4294967295, not -1");
	find(d, "MR0117", 3, 8, "endpoint set at index 1: \"id\" must be");
	find(d, "MR0117", 4, 8,
	     "at index 2: \"id\" must be an integer from 1 "
	     "to 4294967295, not 4294967297");
	find(d, "MR0117", 5, 8, "not 4294967296");
	assert_int_equal(mr_diags_errors(d), 4);
	mr_diags_free(d);
	/* An id out of range is not also a duplicate of another. */
	d = BAD("[{\"id\":0,\"serviceArea\":\"Common\",\"category\":"
	        "\"Allow\"},{\"id\":0,\"serviceArea\":\"Common\","
	        "\"category\":\"Allow\"}]");
	assert_int_equal(mr_diags_errors(d), 2);
	find(d, "MR0117", 1, 8, NULL);
	find(d, "MR0117", 1, 59, NULL);
	mr_diags_free(d);
	/* Both ends of the range load. */
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(
	    mr_catalog_load_buffer(&c, "<ok>", ok, sizeof(ok) - 1, d), MR_OK);
	assert_int_equal(mr_catalog_count(c), 2);
	assert_int_equal(mr_catalog_set(c, 1)->id, 4294967295LL);
	mr_catalog_free(c);
	mr_diags_free(d);
}

static const char urls_feed[] =
    "[\n"
    " {\"id\":46,\"serviceArea\":\"Common\",\"category\":\"Allow\",\n"
    "  \"urls\": [\"foo\\\"bar.com\", \"a\\\\b.com\", \"foo bar.com\",\n"
    "   \"<x>.com\", \"Outlook.com\", \"ok.com\", \"x\\u001b.com\", 7,\n"
    "   \"a..b\", \"\", \"*.*\", \"a?.com\"]}\n"
    "]\n";

static void
test_urls(void **state)
{
	struct mr_diags *d = load_bad(urls_feed, sizeof(urls_feed) - 1);
	const struct mr_diag *g;

	(void)state;
	/* Escapes in the JSON string: the string's start. */
	g = find(d, "MR0104", 3, 12,
	         "endpoint set 46: url \"foo\\\"bar.com\": character not "
	         "allowed in a hostname pattern");
	find(d, "MR0104", 3, 28, "url \"a\\\\b.com\"");
	/* Otherwise the offending byte itself. */
	g = find(d, "MR0104", 3, 44, "url \"foo bar.com\": character");
	assert_int_equal(g->at.end - g->at.start, 1);
	find(d, "MR0104", 4, 5, "url \"<x>.com\"");
	find(d, "MR0104", 4, 16, "uppercase");
	/* Control characters are never printed raw. */
	g = find(d, "MR0104", 4, 40, "url \"x\\x1b.com\"");
	assert_null(strchr(g->msg, '\x1b'));
	find(d, "MR0108", 4, 55, "\"urls\" must hold strings; element 7");
	find(d, "MR0104", 5, 7, "empty label");
	find(d, "MR0104", 5, 12, "empty pattern");
	find(d, "MR0104", 5, 17, "no label without a wildcard");
	find(d, "MR0104", 5, 25, "'?'");
	assert_int_equal(mr_diags_count(d), 11);
	mr_diags_free(d);
}

static const char ips_feed[] =
    "[\n"
    " {\"id\":5,\"serviceArea\":\"Common\",\"category\":\"Allow\",\n"
    "  \"ips\": [\"1.2.3.4/33\", \"1.2.3.4\", \"::1/129\", \"x/8\",\n"
    "   \"1.2.3.0/024\", \"2001:db8::1/32\", \"10.0.0.0/8\"]}\n"
    "]\n";

static void
test_ips(void **state)
{
	struct mr_diags *d = load_bad(ips_feed, sizeof(ips_feed) - 1);
	const struct mr_diag *g;

	(void)state;
	find(d, "MR0105", 3, 11,
	     "endpoint set 5: ip \"1.2.3.4/33\": prefix length out of range");
	g = find(d, "MR0105", 3, 25, "missing \"/length\"");
	assert_string_equal(g->hint, "write a single address as 1.2.3.4/32");
	find(d, "MR0105", 3, 36, "(0-128 for IPv6)");
	find(d, "MR0105", 3, 47, "not a valid IPv4 or IPv6 address");
	find(d, "MR0105", 4, 4, "leading zero");
	g = find(d, "MR0106", 4, 19,
	         "ip \"2001:db8::1/32\" has host bits set; read as "
	         "2001:db8::/32");
	assert_int_equal(g->sev, MR_SEV_WARNING);
	assert_int_equal(mr_diags_count(d), 6);
	mr_diags_free(d);
}

static void
test_host_bits_normalised(void **state)
{
	static const char feed[] =
	    "[{\"id\":5,\"serviceArea\":\"Common\",\"category\":\"Optimize\","
	    "\"ips\":[\"13.107.6.153/31\",\"2603:1006::1/40\",\"1.2.3.0/24\"]"
	    "}]";
	struct mr_catalog *c;
	struct mr_diags *d;
	char buf[MR_PREFIX_STRLEN];
	const struct mr_endpoint_set *s;

	(void)state;
	c = load_good(feed, sizeof(feed) - 1, &d);
	assert_int_equal(mr_diags_count(d), 2);
	find(d, "MR0106", 1, 62, "read as 13.107.6.152/31");
	find(d, "MR0106", 1, 80, "read as 2603:1006::/40");
	s = mr_catalog_set(c, 0);
	assert_int_equal(s->n_ips, 3);
	mr_prefix_format(&s->ips[0], buf, sizeof(buf));
	assert_string_equal(buf, "13.107.6.152/31");
	mr_prefix_format(&s->ips[1], buf, sizeof(buf));
	assert_string_equal(buf, "2603:1006::/40");
	mr_prefix_format(&s->ips[2], buf, sizeof(buf));
	assert_string_equal(buf, "1.2.3.0/24");
	assert_string_equal(mr_catalog_source(c), "t.json");
	mr_catalog_free(c);
	mr_diags_free(d);
}

static const char ports_feed[] =
    "[\n"
    " {\"id\":2,\"serviceArea\":\"Common\",\"category\":\"Allow\","
    "\"tcpPorts\":\"80,,443\",\"udpPorts\":\"70000\"},\n"
    " {\"id\":3,\"serviceArea\":\"Common\",\"category\":\"Allow\","
    "\"tcpPorts\":\" 90-80\",\"udpPorts\":\"80;443\"},\n"
    " {\"id\":6,\"serviceArea\":\"Common\",\"category\":\"Allow\","
    "\"tcpPorts\":\"80,\",\"udpPorts\":\"8 0\"},\n"
    " {\"id\":7,\"serviceArea\":\"Common\",\"category\":\"Allow\","
    "\"tcpPorts\":\"-1\",\"udpPorts\":\"1-\"}\n"
    "]\n";

static void
test_ports_bad(void **state)
{
	struct mr_diags *d = load_bad(ports_feed, sizeof(ports_feed) - 1);

	(void)state;
	find(d, "MR0107", 2, 67, "endpoint set 2: tcpPorts \"80,,443\": empty");
	find(d, "MR0107", 2, 85, "item \"70000\": port out of range");
	find(d, "MR0107", 3, 65, "item \"90-80\": range with its low end");
	find(d, "MR0107", 3, 84, "item \"80;443\": not a port");
	find(d, "MR0107", 4, 66, "tcpPorts \"80,\": empty item");
	find(d, "MR0107", 4, 81, "item \"8 0\"");
	find(d, "MR0107", 5, 64, "item \"-1\"");
	find(d, "MR0107", 5, 80, "item \"1-\"");
	assert_int_equal(mr_diags_count(d), 8);
	mr_diags_free(d);
}

static void
test_ports_good(void **state)
{
	static const char feed[] =
	    "[{\"id\":4,\"serviceArea\":\"Common\",\"category\":\"Allow\","
	    "\"tcpPorts\":\"143, 587, 993, 995 \","
	    "\"udpPorts\":\"1000-2000 , 0,65535, 080,7-7\"},"
	    "{\"id\":5,\"serviceArea\":\"Common\",\"category\":\"Allow\","
	    "\"tcpPorts\":\"\",\"udpPorts\":\"  \"}]";
	struct mr_catalog *c;
	struct mr_diags *d;
	const struct mr_endpoint_set *s;

	(void)state;
	c = load_good(feed, sizeof(feed) - 1, &d);
	assert_int_equal(mr_diags_count(d), 0);
	s = mr_catalog_set(c, 0);
	assert_string_equal(s->tcp_ports, "143,587,993,995");
	assert_string_equal(s->udp_ports, "1000-2000,0,65535,80,7");
	assert_int_equal(s->n_udp, 5);
	assert_int_equal(s->udp[0].lo, 1000);
	assert_int_equal(s->udp[0].hi, 2000);
	assert_int_equal(s->udp[2].lo, 65535);
	assert_int_equal(s->udp[4].lo, 7);
	assert_int_equal(s->udp[4].hi, 7);
	/* Blank lists read as absent. */
	s = mr_catalog_set(c, 1);
	assert_null(s->tcp_ports);
	assert_null(s->udp_ports);
	assert_int_equal(s->n_tcp + s->n_udp, 0);
	mr_catalog_free(c);
	mr_diags_free(d);
}

static void
test_bools_and_defaults(void **state)
{
	static const char feed[] =
	    "[\n"
	    " {\"id\":1,\"serviceArea\":\"Common\",\"category\":\"optimize\","
	    "\"expressRoute\":\"true\",\"required\":\"false\"},\n"
	    " {\"id\":2,\"serviceArea\":\"Skype\",\"category\":\"ALLOW\"},\n"
	    " {\"id\":3,\"serviceArea\":\"Exchange\",\"category\":\"Default\","
	    "\"expressRoute\":true,\"required\":false,\"notes\":null,"
	    "\"urls\":null,\"serviceAreaDisplayName\":null}\n"
	    "]\n";
	struct mr_catalog *c;
	struct mr_diags *d;
	const struct mr_endpoint_set *s;

	(void)state;
	c = load_good(feed, sizeof(feed) - 1, &d);
	find(d, "MR0114", 2, 70, "\"expressRoute\" is the string \"true\"");
	find(d, "MR0114", 2, 88, "\"required\" is the string \"false\"");
	assert_int_equal(mr_diags_count(d), 2);
	assert_int_equal(count_sev(d, MR_SEV_NOTE), 2);
	s = mr_catalog_set(c, 0);
	assert_int_equal(s->category, MR_CAT_OPTIMIZE);
	assert_true(s->express_route);
	assert_false(s->required);
	/* Missing: expressRoute false, required true. */
	s = mr_catalog_set(c, 1);
	assert_int_equal(s->category, MR_CAT_ALLOW);
	assert_false(s->express_route);
	assert_true(s->required);
	assert_null(s->service_area_display);
	s = mr_catalog_set(c, 2);
	assert_int_equal(s->category, MR_CAT_DEFAULT);
	assert_true(s->express_route);
	assert_false(s->required);
	assert_null(s->notes);
	assert_int_equal(s->n_urls, 0);
	assert_string_equal(mr_category_name(MR_CAT_OPTIMIZE), "Optimize");
	assert_string_equal(mr_category_name(MR_CAT_ALLOW), "Allow");
	assert_string_equal(mr_category_name(MR_CAT_DEFAULT), "Default");
	mr_catalog_free(c);
	mr_diags_free(d);
}

static const char types_feed[] =
    "[\n"
    " {\"id\":2,\"serviceArea\":\"Common\",\"category\":\"Allow\","
    "\"expressRoute\":\"yes\",\"required\":1,\"extra\":{\"a\":[1]},"
    "\"notes\":\"a\\u0001b\"},\n"
    " {\"id\":\"3\",\"serviceArea\":7,\"category\":\"Bogus\","
    "\"urls\":\"a.com\",\"ips\":[1],\"tcpPorts\":80,\"notes\":[]},\n"
    " {\"id\":1.5,\"serviceArea\":\"\",\"category\":null,"
    "\"serviceAreaDisplayName\":\"x\\ny\",\"udpPorts\":true}\n"
    "]\n";

static void
test_types(void **state)
{
	struct mr_diags *d = load_bad(types_feed, sizeof(types_feed) - 1);
	const struct mr_diag *g;

	(void)state;
	find(d, "MR0108", 2, 67,
	     "endpoint set 2: \"expressRoute\" must be a boolean, not the "
	     "string \"yes\"");
	find(d, "MR0108", 2, 84, "\"required\" must be a boolean, not an int");
	g = find(d, "MR0113", 2, 86, "endpoint set 2: unknown key \"extra\"");
	assert_int_equal(g->sev, MR_SEV_WARNING);
	assert_int_equal(g->at.end - g->at.start, 7);
	find(d, "MR0115", 2, 112,
	     "\"notes\" holds a control character: "
	     "\"a\\x01b\"");
	find(d, "MR0108", 3, 8,
	     "endpoint set at index 1: \"id\" must be an integer, not a "
	     "string");
	find(d, "MR0108", 3, 26,
	     "\"serviceArea\" must be a string, not an "
	     "integer");
	find(d, "MR0110", 3, 39, "category \"Bogus\" is not Optimize");
	find(d, "MR0108", 3, 54,
	     "\"urls\" must be an array of strings, not "
	     "a string");
	find(d, "MR0108", 3, 69, "\"ips\" must hold strings; element 0");
	find(d, "MR0108", 3, 83, "\"tcpPorts\" must be a string");
	find(d, "MR0108", 3, 94, "\"notes\" must be a string, not an array");
	find(d, "MR0108", 4, 8, "\"id\" must be an integer, not a real");
	find(d, "MR0115", 4, 26, "\"serviceArea\" is empty");
	find(d, "MR0108", 4, 40, "\"category\" must be a string, not null");
	find(d, "MR0115", 4, 70, "\"serviceAreaDisplayName\" holds a control");
	find(d, "MR0108", 4, 88, "\"udpPorts\" must be a string, not true");
	assert_int_equal(mr_diags_count(d), 16);
	mr_diags_free(d);
}

static void
test_text_limits(void **state)
{
	char *feed = malloc(8192);
	struct mr_diags *d;
	int n;

	(void)state;
	assert_non_null(feed);
	n = snprintf(feed, 8192,
	             "[{\"id\":1,\"serviceArea\":\"%0100d\","
	             "\"category\":\"Allow\",\"notes\":\"%05000d\"}]",
	             0, 0);
	d = load_bad(feed, (size_t)n);
	find(d, "MR0115", 1, 89, "\"serviceArea\" is longer than 64 bytes");
	find(d, "MR0115", 1, 4251, "\"notes\" is longer than 4096 bytes");
	mr_diags_free(d);
	free(feed);
}

static void
test_error_cap(void **state)
{
	char *feed = malloc(100 * 64 + 16), *p = feed;
	struct mr_diags *d;
	int i;

	(void)state;
	assert_non_null(feed);
	*p++ = '[';
	for (i = 0; i < 100; i++)
		p += snprintf(p, 64,
		              "%s{\"id\":%d,\"serviceArea\":\"x\","
		              "\"category\":\"No\"}",
		              i ? "," : "", i);
	*p++ = ']';
	d = load_bad(feed, (size_t)(p - feed));
	assert_int_equal(mr_diags_errors(d), 50);
	assert_non_null(mr_diags_get(d, mr_diags_count(d) - 1)->note);
	mr_diags_free(d);
	free(feed);
}

/*
 * Every failing load says why in mr_error_last() (it used to stay unset
 * for a feed rejected on its findings), and a text that is not JSON at
 * all marks its source unreadable while a wrong but readable feed does
 * not.
 */
static void
test_error_last(void **state)
{
	static const char bad[] = "[{\"id\": 1,}]";
	static const char wrong[] =
	    "[{\"id\": 1, \"serviceArea\": \"Exchange\","
	    " \"category\": \"Sometimes\"}]";
	struct mr_catalog *c = (void *)&c;
	struct mr_diags *d;

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	mri_error_set(MR_OK, "%s", "");
	assert_int_equal(
	    mr_catalog_load_buffer(&c, "bad.json", bad, sizeof(bad) - 1, d),
	    MR_EPARSE);
	assert_null(c);
	assert_true(strlen(mr_error_last()) > 0);
	assert_non_null(strstr(mr_error_last(), "'bad.json'"));
	assert_non_null(strstr(mr_error_last(), "invalid JSON"));
	assert_non_null(strstr(mr_error_last(), "[MR0101]"));
	assert_int_equal(mr_diags_unreadable(d), 1);
	mr_diags_free(d);

	assert_int_equal(mr_diags_new(&d), MR_OK);
	mri_error_set(MR_OK, "%s", "");
	assert_int_equal(mr_catalog_load_buffer(&c, "wrong.json", wrong,
	                                        sizeof(wrong) - 1, d),
	                 MR_EPARSE);
	assert_non_null(strstr(mr_error_last(),
	                       "'wrong.json': the endpoint "
	                       "feed has 1 error; the first: "));
	assert_non_null(strstr(mr_error_last(), "Sometimes"));
	assert_int_equal(mr_diags_unreadable(d), 0);
	mr_diags_free(d);
}

/* The caps are the collection's: a caller may lower them. */
static void
test_error_cap_set(void **state)
{
	char feed[1024], *p = feed;
	struct mr_catalog *c = NULL;
	struct mr_diags *d;
	size_t i, notes = 0;

	(void)state;
	*p++ = '[';
	for (i = 0; i < 10; i++)
		p += snprintf(p, 64,
		              "%s{\"id\":%zu,\"serviceArea\":\"x\","
		              "\"category\":\"No\"}",
		              i ? "," : "", i + 1);
	*p++ = ']';
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_diags_set_limits(d, 4, 200), MR_OK);
	assert_int_equal(
	    mr_catalog_load_buffer(&c, "t.json", feed, (size_t)(p - feed), d),
	    MR_EPARSE);
	assert_int_equal(mr_diags_errors(d), 4);
	for (i = 0; i < mr_diags_count(d); i++) {
		const char *n = mr_diags_get(d, i)->note;
		notes += n != NULL &&
		         strcmp(n, "too many errors: stopped after 4") == 0;
	}
	assert_int_equal(notes, 1);
	mr_diags_free(d);
}

static void
test_hostile(void **state)
{
	size_t n = 100000, i, len;
	char *buf = malloc(3 * n + 128);
	struct mr_catalog *c;
	struct mr_diags *d;

	(void)state;
	assert_non_null(buf);
	/* Deeper than jansson allows: a syntax error, no crash. */
	memset(buf, '[', n);
	d = load_bad(buf, n);
	find(d, "MR0101", 1, 2049, "maximum parsing depth");
	mr_diags_free(d);
	/* Deep but allowed, under an unknown key: a warning only. */
	len = (size_t)snprintf(buf, 128,
	                       "[{\"id\":1,\"serviceArea\":\"Common\","
	                       "\"category\":\"Allow\",\"x\":");
	memset(buf + len, '[', 2000);
	memset(buf + len + 2000, ']', 2000);
	len += 4000;
	len += (size_t)snprintf(buf + len, 16, ",\"y\":1}]");
	c = load_good(buf, len, &d);
	find(d, "MR0113", 1, 52, "\"x\"");
	find(d, "MR0113", 1, 4057, "\"y\"");
	mr_catalog_free(c);
	mr_diags_free(d);
	/* Garbage bytes. */
	for (i = 0; i < 4096; i++)
		buf[i] = (char)(i * 7 + 3);
	d = load_bad(buf, 4096);
	assert_int_equal(count_code(d, "MR0101"), 1);
	mr_diags_free(d);
	/* NULL text with length 0. */
	d = load_bad(NULL, 0);
	mr_diags_free(d);
	free(buf);
}

static void
test_too_many_values(void **state)
{
	size_t n = 1100000, i;
	char *buf = malloc(2 * n + 2);
	struct mr_diags *d;

	(void)state;
	assert_non_null(buf);
	buf[0] = '[';
	for (i = 0; i < n; i++) {
		buf[1 + 2 * i] = '1';
		buf[2 + 2 * i] = i + 1 < n ? ',' : ']';
	}
	d = load_bad(buf, 2 * n + 1);
	find(d, "MR0116", 1, 1, "more than");
	mr_diags_free(d);
	free(buf);
}

static void
test_files(void **state)
{
	char path[] = "/tmp/test_catalog_XXXXXX";
	struct mr_catalog *c = (void *)&c;
	struct mr_diags *d;
	int fd;

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_catalog_load_file(&c, "/nonexistent/x.json", d),
	                 MR_EIO);
	assert_null(c);
	assert_string_equal(mr_error_last(), "cannot open '/nonexistent/x.json'"
	                                     ": No such file or directory");
	assert_int_equal(mr_catalog_load_file(&c, "/", d), MR_EIO);
	assert_string_equal(mr_error_last(), "cannot read '/': Is a directory");
	/* A 100 MB file is refused without reading it. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 100 * 1000 * 1000), 0);
	close(fd);
	assert_int_equal(mr_catalog_load_file(&c, path, d), MR_EIO);
	assert_null(c);
	assert_non_null(strstr(mr_error_last(), "too large"));
	assert_null(strchr(mr_error_last(), '\n'));
	unlink(path);
	assert_int_equal(mr_diags_count(d), 0);
	assert_int_equal(mr_catalog_load_file(&c, NULL, d), MR_EINVAL);
	assert_int_equal(mr_catalog_load_buffer(&c, "x", "[]", 2, NULL),
	                 MR_EINVAL);
	mr_diags_free(d);

	/* "-" reads standard input. */
	assert_non_null(freopen(DATA "china-2025-11-14.json", "rb", stdin));
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_catalog_load_file(&c, "-", d), MR_OK);
	assert_int_equal(mr_catalog_count(c), 21);
	assert_string_equal(mr_catalog_source(c), "<stdin>");
	assert_string_equal(mr_diags_source_name(d, 1), "<stdin>");
	mr_catalog_free(c);
	mr_diags_free(d);
	mr_catalog_free(NULL);
	assert_int_equal(mr_catalog_count(NULL), 0);
}

/*
 * The position index alone.
 */
static void
test_jspan(void **state)
{
	static const char t[] =
	    " {\"a\": [1, \"x\\\"]\", {}], \"b\\\"\": {\"c\""
	    ": null}, \"d\": []} ";
	struct mr_jspan j;
	uint32_t a, b, c, d, e;

	(void)state;
	assert_int_equal(mri_jspan_build(&j, t, sizeof(t) - 1), MR_OK);
	assert_int_equal(j.n, 8);
	assert_int_equal(j.v[0].start, 1);
	assert_int_equal(j.v[0].end, sizeof(t) - 2);
	assert_int_equal(j.v[0].key, MR_JSPAN_NONE);
	assert_int_equal(mri_jspan_count(&j, 0), 3);
	a = mri_jspan_first(&j, 0);
	assert_int_equal(a, 1);
	assert_int_equal(t[j.v[a].key], '"');
	assert_int_equal(t[j.v[a].key + 1], 'a');
	assert_int_equal(t[j.v[a].start], '[');
	assert_int_equal(mri_jspan_count(&j, a), 3);
	c = mri_jspan_child(&j, a, 1);
	assert_int_equal(j.v[c].end - j.v[c].start, 6); /* "x\"]" */
	c = mri_jspan_child(&j, a, 2);
	assert_int_equal(t[j.v[c].start], '{');
	assert_int_equal(mri_jspan_first(&j, c), MR_JSPAN_NONE);
	assert_int_equal(mri_jspan_child(&j, a, 3), MR_JSPAN_NONE);
	b = mri_jspan_next(&j, 0, a);
	assert_int_equal(t[j.v[b].key + 2], '\\');
	d = mri_jspan_first(&j, b);
	assert_int_equal(t[j.v[d].start], 'n');
	assert_int_equal(j.v[d].end - j.v[d].start, 4);
	assert_int_equal(mri_jspan_next(&j, b, d), MR_JSPAN_NONE);
	e = mri_jspan_next(&j, 0, b);
	assert_int_equal(t[j.v[e].key + 1], 'd');
	assert_int_equal(mri_jspan_next(&j, 0, e), MR_JSPAN_NONE);
	assert_int_equal(mri_jspan_first(&j, MR_JSPAN_NONE), MR_JSPAN_NONE);
	assert_int_equal(mri_jspan_count(&j, 99), 0);
	mri_jspan_free(&j);
	mri_jspan_free(&j);

	/* Not JSON: refused, nothing leaked. */
	assert_int_equal(mri_jspan_build(&j, "[1,", 3), MR_EINVAL);
	assert_int_equal(mri_jspan_build(&j, "[1] 2", 5), MR_EINVAL);
	assert_int_equal(mri_jspan_build(&j, "{\"a\" 1}", 7), MR_EINVAL);
	assert_int_equal(mri_jspan_build(&j, "\"abc", 4), MR_EINVAL);
	assert_int_equal(mri_jspan_build(&j, "", 0), MR_EINVAL);
	assert_int_equal(mri_jspan_build(&j, "[}", 2), MR_EINVAL);
	assert_null(j.v);
	assert_int_equal(mri_jspan_build(&j, "7", 1), MR_OK);
	assert_int_equal(j.n, 1);
	mri_jspan_free(&j);
}

static void
test_jspan_deep(void **state)
{
	size_t n = MR_JSPAN_MAX_DEPTH, i;
	char *t = malloc(2 * n + 2);
	struct mr_jspan j;

	(void)state;
	assert_non_null(t);
	memset(t, '[', n);
	memset(t + n, ']', n);
	assert_int_equal(mri_jspan_build(&j, t, 2 * n), MR_OK);
	assert_int_equal(j.n, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(j.v[i].start, i);
		assert_int_equal(j.v[i].end, 2 * n - i);
		assert_int_equal(j.v[i].next, n);
	}
	mri_jspan_free(&j);
	t[n] = '[';
	memset(t + n + 1, ']', n + 1);
	assert_int_equal(mri_jspan_build(&j, t, 2 * n + 2), MR_EINVAL);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_real_worldwide_2025),
	    cmocka_unit_test(test_real_others),
	    cmocka_unit_test(test_real_mem),
	    cmocka_unit_test(test_changes_rejected),
	    cmocka_unit_test(test_syntax),
	    cmocka_unit_test(test_shape),
	    cmocka_unit_test(test_required_and_ids),
	    cmocka_unit_test(test_id_range),
	    cmocka_unit_test(test_urls),
	    cmocka_unit_test(test_ips),
	    cmocka_unit_test(test_host_bits_normalised),
	    cmocka_unit_test(test_ports_bad),
	    cmocka_unit_test(test_ports_good),
	    cmocka_unit_test(test_bools_and_defaults),
	    cmocka_unit_test(test_types),
	    cmocka_unit_test(test_text_limits),
	    cmocka_unit_test(test_error_cap),
	    cmocka_unit_test(test_error_last),
	    cmocka_unit_test(test_error_cap_set),
	    cmocka_unit_test(test_hostile),
	    cmocka_unit_test(test_too_many_values),
	    cmocka_unit_test(test_files),
	    cmocka_unit_test(test_jspan),
	    cmocka_unit_test(test_jspan_deep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
