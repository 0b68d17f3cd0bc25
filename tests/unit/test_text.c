/*
 * test_text.c - util/text.c: mr_utf8_len(), the one UTF-8 validator JSON
 * and terminal escaping share, at each edge of RFC 3629's table, and the
 * edit distance behind "did you mean".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "m365route/common.h"
#include "text.h"

static size_t
u8(const char *s, size_t n)
{
	return mr_utf8_len((const unsigned char *)s, n);
}

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_int_equal(u8("\xc3\xa9", 2), 2);         /* é */
	assert_int_equal(u8("\xc2\x80", 2), 2);         /* U+0080 */
	assert_int_equal(u8("\xe0\xa0\x80", 3), 3);     /* U+0800 */
	assert_int_equal(u8("\xed\x9f\xbf", 3), 3);     /* U+D7FF */
	assert_int_equal(u8("\xef\xbf\xbf", 3), 3);     /* U+FFFF */
	assert_int_equal(u8("\xf0\x90\x80\x80", 4), 4); /* U+10000 */
	assert_int_equal(u8("\xf4\x8f\xbf\xbf", 4), 4); /* U+10FFFF */
	assert_int_equal(u8("\xc3\xa9xyz", 5), 2);      /* stops there */
}

static void
test_utf8_invalid(void **state)
{
	(void)state;
	assert_int_equal(u8("a", 1), 0);                /* ASCII: no sequence */
	assert_int_equal(u8("\x80", 1), 0);             /* continuation */
	assert_int_equal(u8("\xc0\xaf", 2), 0);         /* overlong */
	assert_int_equal(u8("\xc1\xbf", 2), 0);         /* overlong */
	assert_int_equal(u8("\xe0\x9f\xbf", 3), 0);     /* overlong */
	assert_int_equal(u8("\xed\xa0\x80", 3), 0);     /* surrogate */
	assert_int_equal(u8("\xf0\x8f\xbf\xbf", 4), 0); /* overlong */
	assert_int_equal(u8("\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
	assert_int_equal(u8("\xf5\x80\x80\x80", 4), 0);
	assert_int_equal(u8("\xc3", 1), 0); /* cut short */
	assert_int_equal(u8("\xe2\x82", 2), 0);
	assert_int_equal(u8("\xe2\x28\xa1", 3), 0); /* bad second byte */
	assert_int_equal(u8("\xe2\x82\x28", 3), 0); /* bad third byte */
}

static void
test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(mri_edit_distance("sites", 5, "sites", 5, 3), 0);
	assert_int_equal(mri_edit_distance("Sites", 5, "sites", 5, 3), 0);
	assert_int_equal(mri_edit_distance("site", 4, "sites", 5, 3), 1);
	assert_int_equal(mri_edit_distance("stie", 4, "site", 4, 3), 2);
	/* capped: any value >= cap */
	assert_true(mri_edit_distance("abcdef", 6, "uvwxyz", 6, 3) >= 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_valid),
	    cmocka_unit_test(test_utf8_invalid),
	    cmocka_unit_test(test_edit_distance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
