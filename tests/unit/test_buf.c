/*
 * test_buf.c - the growable buffer every room builds text in (util/buf.c):
 * long formatted text is neither cut nor an error (the two hand-written
 * copies it replaced disagreed: one called 512 bytes "out of memory", the
 * other cut them silently), a maximum is honoured, out-of-memory is sticky;
 * and the growth rule of the library's arrays (mri_vec_grow()).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

static void
test_empty(void **state)
{
	struct mri_buf b = MRI_BUF_INIT;

	(void)state;
	assert_null(b.p);
	mri_buf_put(&b, "", 0);
	assert_non_null(b.p);
	assert_int_equal(b.n, 0);
	assert_string_equal(b.p, "");
	mri_buf_free(&b);
	assert_null(b.p);
}

static void
test_put_and_grow(void **state)
{
	struct mri_buf b = MRI_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < 10000; i++)
		mri_buf_putc(&b, (char)('a' + i % 26));
	mri_buf_puts(&b, "<end>");
	assert_false(b.oom);
	assert_int_equal(b.n, 10005);
	assert_int_equal(b.p[b.n], '\0');
	assert_int_equal(b.p[0], 'a');
	assert_int_equal(b.p[9999], (char)('a' + 9999 % 26));
	assert_memory_equal(b.p + 10000, "<end>", 5);
	assert_true(b.cap > b.n);
	mri_buf_free(&b);
}

/* Formatted text longer than any stack buffer: whole, not cut, no error. */
static void
test_printf_long(void **state)
{
	struct mri_buf b = MRI_BUF_INIT;
	char *big = malloc(5001);
	size_t i;

	(void)state;
	assert_non_null(big);
	for (i = 0; i < 5000; i++)
		big[i] = (char)('0' + i % 10);
	big[5000] = '\0';
	mri_buf_puts(&b, "[");
	mri_buf_printf(&b, "%s|%d|%s", big, 42, big);
	mri_buf_puts(&b, "]");
	assert_false(b.oom);
	assert_int_equal(b.n, 1 + 5000 + 4 + 5000 + 1);
	assert_memory_equal(b.p + 1, big, 5000);
	assert_memory_equal(b.p + 5001, "|42|", 4);
	assert_memory_equal(b.p + 5005, big, 5000);
	assert_int_equal(b.p[b.n - 1], ']');
	/* exactly at the stack buffer's edge */
	mri_buf_free(&b);
	big[511] = '\0';
	mri_buf_printf(&b, "%s", big);
	assert_int_equal(b.n, 511);
	big[511] = '1';
	big[512] = '\0';
	mri_buf_printf(&b, "%s", big);
	assert_int_equal(b.n, 511 + 512);
	assert_false(b.oom);
	mri_buf_free(&b);
	free(big);
}

/* A maximum: the write that would pass it fails, sets oom, and nothing
 * written later changes the buffer. */
static void
test_max_and_sticky_oom(void **state)
{
	struct mri_buf b = MRI_BUF_INIT;

	(void)state;
	b.max = 8;
	mri_buf_puts(&b, "12345678");
	assert_false(b.oom);
	assert_int_equal(b.n, 8);
	mri_buf_putc(&b, '9');
	assert_true(b.oom);
	assert_int_equal(b.n, 8);
	mri_buf_printf(&b, "%d", 1);
	mri_buf_puts(&b, "x");
	assert_int_equal(b.n, 8);
	assert_string_equal(b.p, "12345678");
	mri_buf_free(&b);
	assert_false(b.oom);
}

/* A size that cannot be represented is an error, not a wrap-around. */
static void
test_overflow(void **state)
{
	struct mri_buf b = MRI_BUF_INIT;

	(void)state;
	mri_buf_puts(&b, "abc");
	mri_buf_put(&b, "x", SIZE_MAX - 1);
	assert_true(b.oom);
	assert_int_equal(b.n, 3);
	assert_string_equal(b.p, "abc");
	mri_buf_free(&b);
}

/* mri_vec_grow(): the growth rule of every array in the library. */
static void
test_vec_grow(void **state)
{
	uint32_t *v = NULL, *t;
	size_t cap = 0, n;

	(void)state;
	for (n = 0; n < 1000; n++) {
		if (n == cap) {
			t = mri_vec_grow(v, &cap, n + 1, sizeof(*v), 16);
			assert_non_null(t);
			v = t;
		}
		v[n] = (uint32_t)n;
	}
	assert_int_equal(cap, 1024); /* 16 doubled six times */
	for (n = 0; n < 1000; n++)
		assert_int_equal(v[n], n);
	/* Room enough already: the same array, the same capacity. */
	assert_ptr_equal(mri_vec_grow(v, &cap, 1000, sizeof(*v), 16), v);
	assert_int_equal(cap, 1024);
	/* A need far past the capacity is met in one call. */
	t = mri_vec_grow(v, &cap, 5000, sizeof(*v), 16);
	assert_non_null(t);
	v = t;
	assert_int_equal(cap, 8192);
	assert_int_equal(v[999], 999);
	/* Overflowing sizes fail and leave the array and capacity as they
	 * were. */
	assert_null(mri_vec_grow(v, &cap, SIZE_MAX, sizeof(*v), 16));
	assert_int_equal(cap, 8192);
	assert_null(mri_vec_grow(v, &cap, SIZE_MAX / 2, sizeof(*v), 16));
	assert_int_equal(cap, 8192);
	assert_int_equal(v[999], 999);
	free(v);
	/* first = 0 starts from one element. */
	v = NULL;
	cap = 0;
	v = mri_vec_grow(v, &cap, 1, sizeof(*v), 0);
	assert_non_null(v);
	assert_int_equal(cap, 1);
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_put_and_grow),
	    cmocka_unit_test(test_printf_long),
	    cmocka_unit_test(test_max_and_sticky_oom),
	    cmocka_unit_test(test_overflow),
	    cmocka_unit_test(test_vec_grow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
