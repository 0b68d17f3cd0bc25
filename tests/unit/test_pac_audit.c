/*
 * test_pac_audit.c - pac audit: PAC return strings, sample hosts, the ES5
 * scanner, the sandbox's PAC helper functions and its bounds (execution
 * budget, memory cap), load failures and the grouping of findings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "m365route/m365route.h"
#include "m365route/pacaudit.h"
#include "pacaudit_feed.h"
#include "pacaudit_int.h"

struct fx {
	struct mr_diags *d;
	struct mr_catalog *c;
	struct mr_matcher *m;
};

static int
setup(void **state)
{
	static struct fx f;

	assert_int_equal(mr_diags_new(&f.d), MR_OK);
	assert_int_equal(mr_catalog_load_buffer(&f.c, "feed", pacaudit_feed,
	                                        strlen(pacaudit_feed), f.d),
	                 MR_OK);
	assert_int_equal(mr_matcher_build(&f.m, f.c), MR_OK);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	mr_matcher_free(f->m);
	mr_catalog_free(f->c);
	mr_diags_free(f->d);
	return 0;
}

static int
run(struct fx *f, const char *js, const struct mr_pac_audit_opts *o,
    struct mr_pac_audit **a)
{
	return mr_pac_audit(a, "t.pac", js, strlen(js), f->m, o, f->d);
}

/* Evaluate a JS boolean expression inside FindProxyForURL for one host. */
static int
truthy(struct fx *f, const char *expr, const struct mr_pac_audit_opts *o)
{
	char js[2048];
	struct mr_pac_audit *a;
	struct mr_pac_audit_stats st;
	int r;

	snprintf(js, sizeof(js),
	         "function FindProxyForURL(url, host) {\n"
	         "  if (host != 'exact.er.example') return 'PROXY p:1';\n"
	         "  return (%s) ? 'DIRECT' : 'PROXY p:1';\n}\n",
	         expr);
	assert_int_equal(run(f, js, o, &a), MR_OK);
	mr_pac_audit_stats(a, &st);
	assert_int_equal(st.load, MR_AUDIT_LOAD_OK);
	assert_int_equal(mr_pac_audit_count(a, MR_AUDIT_BAD_RESULT), 0);
	r = st.first_direct == 1;
	mr_pac_audit_free(a);
	return r;
}

static void
test_return_strings(void **state)
{
	char buf[128];

	(void)state;
	assert_null(mr_pac_audit_check_return("DIRECT", 6));
	assert_null(mr_pac_audit_check_return("direct", 6));
	assert_null(
	    mr_pac_audit_check_return("PROXY p.example:8080; DIRECT", 28));
	assert_null(mr_pac_audit_check_return(" PROXY [2001:db8::1]:80 ;", 25));
	assert_null(mr_pac_audit_check_return("SOCKS5 10.0.0.1:1080", 20));
	assert_null(mr_pac_audit_check_return("PROXY host", 10));
	assert_non_null(mr_pac_audit_check_return("", 0));
	assert_non_null(mr_pac_audit_check_return(" ; ", 3));
	assert_non_null(mr_pac_audit_check_return("PROXY", 5));
	assert_non_null(mr_pac_audit_check_return("PROXY=h:1", 9));
	assert_non_null(mr_pac_audit_check_return("PROXY h:0", 9));
	assert_non_null(mr_pac_audit_check_return("PROXY h:65536", 13));
	assert_non_null(mr_pac_audit_check_return("PROXY h:1 x", 11));
	assert_non_null(mr_pac_audit_check_return("DIRECT x", 8));
	assert_non_null(mr_pac_audit_check_return("PROXY [::1:80", 13));
	assert_non_null(mr_pac_audit_check_return("PROXY a\"b:1", 11));
	assert_non_null(mr_pac_audit_check_return("DIRECT\0", 7));
	assert_int_equal(
	    mr_pac_audit_first_entry(" ; proxy P.Example:81; DIRECT", 29, buf,
	                             sizeof(buf)),
	    strlen("PROXY p.example:81"));
	assert_string_equal(buf, "PROXY p.example:81");
	assert_int_equal(mr_pac_audit_first_entry("Direct", 6, buf, 64), 6);
	assert_string_equal(buf, "DIRECT");
	assert_int_equal(mr_pac_audit_first_entry("bogus", 5, buf, 64), 0);
}

static void
test_samples(void **state)
{
	char buf[4][MR_HOST_MAX + 1];

	(void)state;
	assert_int_equal(mr_pac_audit_samples("a.example", buf, 4), 1);
	assert_string_equal(buf[0], "a.example");
	assert_int_equal(mr_pac_audit_samples("*.sharepoint.com", buf, 4), 3);
	assert_string_equal(buf[0], "contoso.sharepoint.com");
	assert_string_equal(buf[1], "x.sharepoint.com");
	assert_string_equal(buf[2], "a.b.sharepoint.com");
	assert_int_equal(
	    mr_pac_audit_samples("autodiscover.*.onmicrosoft.com", buf, 4), 3);
	assert_string_equal(buf[0], "autodiscover.contoso.onmicrosoft.com");
	assert_int_equal(mr_pac_audit_samples("*cdn.onenote.net", buf, 2), 2);
	assert_string_equal(buf[1], "xcdn.onenote.net");
}

static void
test_es5_scan(void **state)
{
	struct mr_es5_issue v[16];
	const char *clean =
	    "// let x = `y` => z\n/* const a = 1; class B {} */\n"
	    "var s = 'let x = 1; `' + \"=> ...\";\n"
	    "var r = /=>`let x/g, q = a / b / c;\n"
	    "var let = 1; let = 2; x.includes; y.endsWithX(1);\n";
	const char *bad = "let a = 1;\nconst b = 2;\nvar f = (x) => x;\n"
	                  "var t = `t`;\nclass C {}\nf(...args);\n"
	                  "var p = 2 ** 3;\nh.endsWith('x');\n"
	                  "Object.assign({}, o);\nvar n = o?.p ?? 1;\n";
	size_t n;

	(void)state;
	assert_int_equal(mri_pac_es5_scan(clean, strlen(clean), v, 16), 0);
	n = mri_pac_es5_scan(bad, strlen(bad), v, 16);
	assert_int_equal(n, 11);
	assert_string_equal(v[0].what, "'let' declaration (ES2015)");
	assert_int_equal(v[0].line, 1);
	assert_int_equal(v[0].col, 1);
	assert_string_equal(v[1].what, "'const' declaration (ES2015)");
	assert_int_equal(v[1].line, 2);
	assert_string_equal(v[2].what, "arrow function (ES2015)");
	assert_int_equal(v[2].line, 3);
	assert_int_equal(v[2].col, 13);
	assert_string_equal(v[3].what, "template literal (ES2015)");
	assert_string_equal(v[4].what, "'class' (ES2015)");
	assert_string_equal(v[5].what, "spread or rest '...' (ES2015)");
	assert_string_equal(v[6].what, "exponent operator '**' (ES2016)");
	assert_string_equal(v[7].what, "'.endsWith()' (ES2015)");
	assert_int_equal(v[7].line, 8);
	assert_string_equal(v[8].what, "'Object.assign()' (ES2015)");
	assert_string_equal(v[9].what, "optional chaining '?.' (ES2020)");
	assert_string_equal(v[10].what, "nullish coalescing '?\?' (ES2020)");
	/* Counting without storing. */
	assert_int_equal(mri_pac_es5_scan(bad, strlen(bad), NULL, 0), 11);
}

static void
test_helpers(void **state)
{
	struct fx *f = *state;
	struct mr_pac_audit_opts o = MR_PAC_AUDIT_OPTS_INIT;
	struct mr_pac_audit_dns dns[] = {{"*.er.example", "203.0.113.7"},
	                                 {"v6.example", "2001:db8::5"}};

	assert_true(truthy(f, "isPlainHostName('www')", NULL));
	assert_false(truthy(f, "isPlainHostName('www.example')", NULL));
	assert_true(truthy(f, "dnsDomainIs(host, '.er.example')", NULL));
	assert_false(truthy(f, "dnsDomainIs(host, '.ER.example')", NULL));
	assert_true(truthy(f, "localHostOrDomainIs('www', 'www.a.b')", NULL));
	assert_false(
	    truthy(f, "localHostOrDomainIs('www.x', 'www.a.b')", NULL));
	assert_true(truthy(f, "dnsDomainLevels(host) === 2", NULL));
	assert_true(truthy(f, "shExpMatch(host, '*.er.example')", NULL));
	assert_true(truthy(f, "shExpMatch('a.b', 'a?b')", NULL));
	assert_false(truthy(f, "shExpMatch('axb', 'a.b')", NULL));
	assert_false(truthy(f, "shExpMatch('a+b', 'a(b')", NULL));
	assert_true(truthy(f, "shExpMatch('a(b)', 'a(*)')", NULL));
	/* No table: nothing resolves. */
	assert_true(truthy(f, "dnsResolve(host) === null", NULL));
	assert_false(truthy(f, "isResolvable(host)", NULL));
	assert_true(truthy(f, "myIpAddress() === '10.0.0.10'", NULL));
	assert_true(truthy(f,
	                   "isInNet(myIpAddress(), '10.0.0.0', "
	                   "'255.0.0.0')",
	                   NULL));
	assert_false(truthy(f,
	                    "isInNet(host, '203.0.113.0', "
	                    "'255.255.255.0')",
	                    NULL));
	o.dns = dns;
	o.n_dns = 2;
	o.my_ip = "192.0.2.1";
	assert_true(truthy(f, "dnsResolve(host) === '203.0.113.7'", &o));
	assert_true(truthy(f,
	                   "isInNet(host, '203.0.113.0', "
	                   "'255.255.255.0')",
	                   &o));
	assert_false(truthy(f,
	                    "isInNet(myIpAddress(), '10.0.0.0', "
	                    "'255.0.0.0')",
	                    &o));
	assert_true(
	    truthy(f, "dnsResolveEx('v6.example') === '2001:db8::5'", &o));
	assert_true(truthy(f,
	                   "isInNetEx(dnsResolveEx('v6.example'), "
	                   "'2001:db8::/32')",
	                   &o));
	assert_true(
	    truthy(f, "isInNetEx('198.51.100.9', '198.51.100.0/24')", &o));
	assert_true(truthy(f,
	                   "sortIpAddressList('10.0.0.2;2001:db8::1;"
	                   "10.0.0.1') === '2001:db8::1;10.0.0.1;10.0.0.2'",
	                   &o));
	assert_true(truthy(f, "myIpAddressEx() === '192.0.2.1'", &o));
	assert_true(truthy(f, "getClientVersion() === '1.0'", NULL));
	/* "now" defaults to Wednesday 2025-01-01 12:00:00 UTC. */
	assert_true(truthy(f, "weekdayRange('WED')", NULL));
	assert_true(truthy(f, "weekdayRange('MON', 'FRI', 'GMT')", NULL));
	assert_false(truthy(f, "weekdayRange('THU', 'TUE')", NULL));
	assert_false(truthy(f, "weekdayRange('SAT', 'SUN')", NULL));
	assert_true(truthy(f, "dateRange('JAN')", NULL));
	assert_true(truthy(f, "dateRange(2025)", NULL));
	assert_true(truthy(f, "dateRange('DEC', 'FEB')", NULL));
	assert_false(truthy(f, "dateRange('FEB', 'NOV')", NULL));
	assert_true(
	    truthy(f, "dateRange(1, 'JAN', 2025, 2, 'JAN', 2025)", NULL));
	assert_true(truthy(f, "timeRange(12)", NULL));
	assert_true(truthy(f, "timeRange(9, 17)", NULL));
	assert_false(truthy(f, "timeRange(13, 17)", NULL));
	assert_true(truthy(f, "timeRange(11, 59, 12, 1, 'GMT')", NULL));
	o.tz_minutes = 120;
	o.dns = NULL;
	o.n_dns = 0;
	assert_true(truthy(f, "timeRange(14)", &o));
	assert_true(truthy(f, "timeRange(12, 'GMT')", &o));
	/* The sandbox: no Duktape object, no module loader, no natives. */
	assert_true(truthy(f, "typeof Duktape === 'undefined'", NULL));
	assert_true(truthy(f, "typeof require === 'undefined'", NULL));
	assert_true(truthy(f, "typeof nat === 'undefined'", NULL));
}

static void
test_grouping(void **state)
{
	struct fx *f = *state;
	struct mr_pac_audit *a;
	struct mr_pac_audit_stats st;
	const struct mr_pac_audit_finding *x;
	/* The Internet-only exception after the direct wildcard. */
	const char *js = "function FindProxyForURL(url, host) {\n"
	                 "  if (shExpMatch(host, '*.er.example')) return "
	                 "'DIRECT';\n"
	                 "  if (host == 'cdn.er.example') return 'PROXY p:1';\n"
	                 "  if (host == 'www.inet.example') return 7;\n"
	                 "  return 'PROXY p:1';\n}\n";

	assert_int_equal(run(f, js, NULL, &a), MR_OK);
	mr_pac_audit_stats(a, &st);
	/* exact.er.example, cdn.er.example, www.inet.example, and the three
	 * samples of *.er.example. */
	assert_int_equal(st.hosts, 6);
	assert_int_equal(st.evaluated, 6);
	assert_int_equal(mr_pac_audit_count(a, MR_AUDIT_INET_DIRECT), 1);
	x = mr_pac_audit_get(a, MR_AUDIT_INET_DIRECT, 0);
	assert_string_equal(x->host, "cdn.er.example");
	assert_int_equal(x->route, MR_ROUTE_INTERNET);
	assert_int_equal(mr_pac_audit_count(a, MR_AUDIT_BAD_RESULT), 1);
	x = mr_pac_audit_get(a, MR_AUDIT_BAD_RESULT, 0);
	assert_string_equal(x->host, "www.inet.example");
	assert_string_equal(x->result, "number 7");
	assert_int_equal(mr_pac_audit_count(a, MR_AUDIT_ER_NOT_DIRECT), 0);
	assert_int_equal(st.findings, 2);
	assert_null(mr_pac_audit_get(a, MR_AUDIT_BAD_RESULT, 1));
	mr_pac_audit_free(a);
}

static void
test_direct_option(void **state)
{
	struct fx *f = *state;
	struct mr_pac_audit *a;
	struct mr_pac_audit_opts o = MR_PAC_AUDIT_OPTS_INIT;
	const char *js = "function FindProxyForURL(url, host) {\n"
	                 "  if (host == 'cdn.er.example') return 'DIRECT';\n"
	                 "  if (dnsDomainIs(host, '.er.example'))\n"
	                 "    return 'PROXY ER.example:8080; DIRECT';\n"
	                 "  return 'DIRECT';\n}\n";

	o.direct = "proxy er.example:8080";
	assert_int_equal(run(f, js, &o, &a), MR_OK);
	/* Internet hosts sent DIRECT are fine when the ER path is a proxy. */
	assert_int_equal(mr_pac_audit_count(a, MR_AUDIT_INET_DIRECT), 0);
	assert_int_equal(mr_pac_audit_count(a, MR_AUDIT_ER_NOT_DIRECT), 0);
	mr_pac_audit_free(a);
	o.direct = "PROXY";
	assert_int_equal(run(f, js, &o, &a), MR_EINVAL);
	assert_null(a);
	o.direct = NULL;
	o.my_ip = "not-an-address";
	assert_int_equal(run(f, js, &o, &a), MR_EINVAL);
	o.version = 99;
	assert_int_equal(run(f, js, &o, &a), MR_EINVAL);
}

static void
expect_load(struct fx *f, const char *js, int rc, enum mr_pac_audit_load l,
            uint32_t line)
{
	struct mr_pac_audit *a;
	struct mr_pac_audit_stats st;

	assert_int_equal(run(f, js, NULL, &a), rc);
	assert_non_null(a);
	mr_pac_audit_stats(a, &st);
	assert_int_equal(st.load, l);
	assert_int_equal(st.load_line, line);
	assert_int_equal(st.skipped, st.hosts);
	mr_pac_audit_free(a);
}

static void
test_load_failures(void **state)
{
	struct fx *f = *state;

	expect_load(f, "<html>\n<body>", MR_EPARSE, MR_AUDIT_LOAD_NOT_JS, 1);
	expect_load(f, "\n\nfunction f( {", MR_EPARSE, MR_AUDIT_LOAD_NOT_JS, 3);
	expect_load(f, "var a = 1;\nlet b = 2;\n", MR_OK, MR_AUDIT_LOAD_NOT_ES5,
	            2);
	expect_load(f, "function findProxyForURL(u, h) { return 'DIRECT'; }",
	            MR_EPARSE, MR_AUDIT_LOAD_NO_FUNC, 0);
	expect_load(f, "var FindProxyForURL = 'DIRECT';", MR_EPARSE,
	            MR_AUDIT_LOAD_NO_FUNC, 0);
	expect_load(f, "", MR_EPARSE, MR_AUDIT_LOAD_NO_FUNC, 0);
	expect_load(f, "var x = 1;\nundefinedThing();\n", MR_EPARSE,
	            MR_AUDIT_LOAD_THREW, 2);
	expect_load(f, "for (;;) {}\n", MR_EPARSE, MR_AUDIT_LOAD_TIMEOUT, 1);
	expect_load(f, "var s = 'x';\nwhile (true) s = s + s;\n", MR_EPARSE,
	            MR_AUDIT_LOAD_NO_MEMORY, 2);
}

static void
test_budget(void **state)
{
	struct fx *f = *state;
	struct mr_pac_audit *a;
	struct mr_pac_audit_stats st;
	const struct mr_pac_audit_finding *x;
	/* Loops for every host, and catches the timeout to try again. */
	const char *js = "function FindProxyForURL(url, host) {\n"
	                 "  for (;;) { try { while (true) {} } catch (e) {} }\n"
	                 "}\n";
	/* Fails only for one host; the others are fine. */
	const char *js2 = "function FindProxyForURL(url, host) {\n"
	                  "  if (host == 'cdn.er.example') {\n"
	                  "    var a = [];\n"
	                  "    for (;;) a.push('xxxxxxxxxxxxxxxxxxxxxxxx');\n"
	                  "  }\n"
	                  "  return dnsDomainIs(host, '.er.example') ? 'DIRECT'"
	                  " : 'PROXY p:1';\n}\n";
	struct mr_pac_audit_opts o = MR_PAC_AUDIT_OPTS_INIT;

	o.max_timeouts = 2;
	o.call_budget = 2;
	assert_int_equal(run(f, js, &o, &a), MR_OK);
	mr_pac_audit_stats(a, &st);
	assert_int_equal(st.evaluated, 2);
	assert_int_equal(st.timeouts, 2);
	assert_int_equal(st.skipped, st.hosts - 2);
	x = mr_pac_audit_get(a, MR_AUDIT_BAD_RESULT, 0);
	assert_non_null(strstr(x->result, "execution budget"));
	assert_int_equal(x->line, 2);
	mr_pac_audit_free(a);

	o.mem_limit = 4u << 20;
	o.call_budget = 64;
	assert_int_equal(run(f, js2, &o, &a), MR_OK);
	mr_pac_audit_stats(a, &st);
	assert_int_equal(st.evaluated, st.hosts);
	assert_int_equal(mr_pac_audit_count(a, MR_AUDIT_BAD_RESULT), 1);
	x = mr_pac_audit_get(a, MR_AUDIT_BAD_RESULT, 0);
	assert_string_equal(x->host, "cdn.er.example");
	assert_non_null(strstr(x->result, "memory cap"));
	/* ... and the heap recovered for the hosts after it. */
	assert_int_equal(st.first_direct, 4);
	mr_pac_audit_free(a);
}

static void
test_too_large(void **state)
{
	struct fx *f = *state;
	struct mr_pac_audit *a;
	struct mr_pac_audit_stats st;
	struct mr_pac_audit_opts o = MR_PAC_AUDIT_OPTS_INIT;
	const char *js = "function FindProxyForURL(u, h) { return 'DIRECT'; }";

	o.max_size = 10;
	assert_int_equal(run(f, js, &o, &a), MR_EPARSE);
	mr_pac_audit_stats(a, &st);
	assert_int_equal(st.load, MR_AUDIT_LOAD_TOO_LARGE);
	mr_pac_audit_free(a);
	assert_string_equal(mr_pac_audit_group_name(MR_AUDIT_NOT_ES5),
	                    "not-es5");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_return_strings),
	    cmocka_unit_test(test_samples),
	    cmocka_unit_test(test_es5_scan),
	    cmocka_unit_test_setup_teardown(test_helpers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_grouping, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_direct_option, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_load_failures, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_budget, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_too_large, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
