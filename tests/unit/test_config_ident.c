/*
 * test_config_ident.c - mri_cfg_ident_ok(), the last check before a name
 * reaches router configuration (config_int.h): 1 to MRI_CFG_NAME_MAX
 * characters of A-Z a-z 0-9 . _ -. Every character outside that set, at
 * the start, middle and end of a name, is refused, as is every length
 * past the limit; every allowed character is accepted alone and in a name
 * of the maximum length. What a hostile design or feed could smuggle into
 * FRR, BIRD, IOS-XE or Junos text (';', '{', '"', newline, '!', '#', a
 * space, '/', non-ASCII bytes) is among the refused.
 */
/* cmocka wants these before it, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <string.h>

#include "config_int.h"

static bool
allowed(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static void
test_every_byte(void **state)
{
	char s[8];
	int c, pos, accepted = 0;

	(void)state;
	for (c = 1; c < 256; c++) {
		for (pos = 0; pos < 3; pos++) {
			memcpy(s, "abc", 4);
			s[pos] = (char)c;
			assert_int_equal(mri_cfg_ident_ok(s), allowed(c));
		}
		s[0] = (char)c;
		s[1] = '\0';
		assert_int_equal(mri_cfg_ident_ok(s), allowed(c));
		accepted += allowed(c);
	}
	assert_int_equal(accepted, 26 + 26 + 10 + 3);
}

static void
test_lengths(void **state)
{
	char s[MRI_CFG_NAME_MAX + 8];
	size_t n;

	(void)state;
	assert_false(mri_cfg_ident_ok(NULL));
	assert_false(mri_cfg_ident_ok(""));
	for (n = 1; n < sizeof(s); n++) {
		memset(s, n % 2 ? 'r' : '-', n);
		s[n] = '\0';
		assert_int_equal(mri_cfg_ident_ok(s), n <= MRI_CFG_NAME_MAX);
	}
}

static void
test_hostile(void **state)
{
	static const char *const bad[] = {
	    "er-1;\nneighbor 6.6.6.6 remote-as 666",
	    "a b",
	    "r1\n",
	    "r1{",
	    "r1}",
	    "\"r1\"",
	    "r1!",
	    "#r1",
	    "r1/24",
	    "r\xc3\xa9",
	    "r1\\",
	    "r1'",
	    "r1*",
	    "r1:",
	    "r1,",
	    "r1\t",
	    "r1\r"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(mri_cfg_ident_ok(bad[i]));
	assert_true(mri_cfg_ident_ok("er-seattle.primary_1"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_byte),
	    cmocka_unit_test(test_lengths),
	    cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
