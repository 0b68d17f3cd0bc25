/*
 * test_text.c - util/text.c: mr_utf8_len(), the one UTF-8 validator JSON
 * and terminal escaping share, at each edge of RFC 3629's table, the
 * edit distance behind "did you mean", the message escaper, the GUID check
 * and the decimal parser; and mr_read_file()'s refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static void
test_esc_text(void **state)
{
	char b[64];

	(void)state;
	/* Control bytes and DEL as \xHH; non-ASCII too, unless kept. */
	assert_string_equal(mri_esc_text(b, sizeof(b), "a\tb\x7f", 4, 99, 0),
	                    "a\\x09b\\x7f");
	assert_string_equal(mri_esc_text(b, sizeof(b), "\xc3\xa9", 2, 99, 0),
	                    "\\xc3\\xa9");
	assert_string_equal(
	    mri_esc_text(b, sizeof(b), "\xc3\xa9", 2, 99, MRI_ESC_UTF8),
	    "\xc3\xa9");
	/* Quotes as each syntax wants them. */
	assert_string_equal(
	    mri_esc_text(b, sizeof(b), "\"'\\", 3, 99, MRI_ESC_DQ),
	    "\\\"'\\\\");
	assert_string_equal(
	    mri_esc_text(b, sizeof(b), "\"'\\", 3, 99, MRI_ESC_SQ),
	    "\"\\x27\\x5c");
	/* Cut at show bytes, or where the buffer ends: "...". */
	assert_string_equal(mri_esc_text(b, sizeof(b), "abcdef", 6, 3, 0),
	                    "abc...");
	/* (room is kept for one escape, \\xHH, and the NUL) */
	assert_string_equal(mri_esc_text(b, 12, "abcdefghijkl", 12, 99, 0),
	                    "abcd...");
	b[0] = 'x';
	assert_ptr_equal(mri_esc_text(b, 0, "a", 1, 99, 0), b);
	assert_int_equal(b[0], 'x');
}

static void
test_guid_and_decimal(void **state)
{
	static const char g[] = "3c1f8e52-7a4d-4b9e-a1C6-5d2e8f0b7a91";
	uint64_t v;

	(void)state;
	assert_true(mri_guid_ok(g, 36));
	assert_false(mri_guid_ok(g, 35));
	assert_false(mri_guid_ok("3c1f8e52x7a4d-4b9e-a1c6-5d2e8f0b7a91", 36));
	assert_false(mri_guid_ok("3c1f8e52-7a4d-4b9e-a1c6-5d2e8f0b7a9g", 36));
	assert_true(mri_dec_u64("18446744073709551615", 20, &v));
	assert_true(v == UINT64_MAX);
	assert_false(mri_dec_u64("18446744073709551616", 20, &v));
	assert_false(mri_dec_u64("", 0, &v));
	assert_false(mri_dec_u64("+1", 2, &v));
	assert_false(mri_dec_u64("1 ", 2, &v));
	assert_true(mri_dec_u64("007", 3, &v));
	assert_int_equal(v, 7);
}

/* mr_read_file(): the size limit, said in bytes below 1 MiB; a directory
 * and a missing file refused; a file read whole. */
static void
test_read_file(void **state)
{
	char path[] = "/tmp/test_text.XXXXXX", *buf = (char *)1;
	char big[300];
	size_t len = 1;
	int fd;

	(void)state;
	memset(big, 'x', sizeof(big));
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, big, sizeof(big)), (ssize_t)sizeof(big));
	close(fd);
	assert_int_equal(mr_read_file(path, 256, "a thing", &buf, &len),
	                 MR_EIO);
	assert_null(buf);
	assert_non_null(strstr(mr_error_last(), "too large for a thing"));
	assert_non_null(strstr(mr_error_last(), "the limit is 256 bytes"));
	assert_int_equal(mr_read_file(path, 300, "a thing", &buf, &len), MR_OK);
	assert_int_equal(len, 300);
	assert_int_equal(buf[300], '\0');
	free(buf);
	unlink(path);
	assert_int_equal(mr_read_file(path, 300, "a thing", &buf, &len),
	                 MR_EIO);
	assert_non_null(strstr(mr_error_last(), "cannot open"));
	assert_int_equal(mr_read_file("/", 300, "a thing", &buf, &len), MR_EIO);
	assert_non_null(strstr(mr_error_last(), "Is a directory"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_valid),
	    cmocka_unit_test(test_utf8_invalid),
	    cmocka_unit_test(test_edit_distance),
	    cmocka_unit_test(test_esc_text),
	    cmocka_unit_test(test_guid_and_decimal),
	    cmocka_unit_test(test_read_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
