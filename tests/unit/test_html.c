/*
 * test_html.c - src/cli/html.c: the report's escaping. A hostile string
 * (markup, a closing attribute quote, a script element, control bytes,
 * ill-formed UTF-8) comes out as text that can neither open nor close an
 * element or an attribute, and well-formed UTF-8 stays as written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html.h"

static char *
esc(const char *s, size_t n)
{
	static char buf[1024];
	struct html h;

	html_init(&h);
	html_textn(&h, s, n);
	assert_false(h.failed);
	snprintf(buf, sizeof(buf), "%s", h.p ? h.p : "");
	html_free(&h);
	return buf;
}

#define E(s) esc(s, sizeof(s) - 1)

static void
test_markup(void **state)
{
	(void)state;
	assert_string_equal(E("hq"), "hq");
	assert_string_equal(E("<script>alert(1)</script>"),
	                    "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_string_equal(E("a\" onload=\"x"), "a&quot; onload=&quot;x");
	assert_string_equal(E("it's"), "it&#39;s");
	assert_string_equal(E("&amp;"), "&amp;amp;");
	assert_string_equal(E("]]><svg>"), "]]&gt;&lt;svg&gt;");
}

static void
test_bytes(void **state)
{
	(void)state;
	assert_string_equal(E("a\tb\nc"), "a\tb\nc");
	assert_string_equal(E("a\x01z"), "a\xef\xbf\xbdz");
	assert_string_equal(E("a\x7fz"), "a\xef\xbf\xbdz");
	assert_string_equal(E("\xc3\xa9t\xc3\xa9"), "\xc3\xa9t\xc3\xa9");
	assert_string_equal(E("\xe2\x82\xac"), "\xe2\x82\xac"); /* euro */
	assert_string_equal(E("\xc2\x85"), "\xef\xbf\xbd");     /* C1 NEL */
	assert_string_equal(E("\xc0\xbc"), "\xef\xbf\xbd\xef\xbf\xbd");
	assert_string_equal(E("\xed\xa0\x80"),
	                    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	assert_string_equal(E("x\xe2\x82"), "x\xef\xbf\xbd\xef\xbf\xbd");
	/* a NUL inside the length is a control character too */
	assert_string_equal(esc("a\0b", 3), "a\xef\xbf\xbd"
	                                    "b");
}

static void
test_writer(void **state)
{
	struct html h;
	int i;

	(void)state;
	html_init(&h);
	html_raw(&h, "<p>");
	html_textf(&h, "%s & %d", "<b>", 7);
	html_raw(&h, "</p>");
	assert_string_equal(h.p, "<p>&lt;b&gt; &amp; 7</p>");
	html_free(&h);

	html_init(&h);
	for (i = 0; i < 100000; i++)
		html_raw(&h, "0123456789");
	assert_int_equal(h.n, 1000000);
	assert_int_equal(strlen(h.p), 1000000);
	html_free(&h);

	html_init(&h);
	html_num(&h, 12.34);
	html_raw(&h, " ");
	html_num(&h, -0.04);
	html_raw(&h, " ");
	html_num(&h, -3.25);
	html_raw(&h, " ");
	html_num(&h, 40);
	assert_string_equal(h.p, "12.3 0 -3.3 40");
	html_free(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_markup),
	    cmocka_unit_test(test_bytes),
	    cmocka_unit_test(test_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
