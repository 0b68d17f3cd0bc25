/*
 * test_diag.c - the diagnostics collection, line maps and the arena.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "diag_int.h"

static void
test_locate(void **state)
{
	static const char text[] = "[\n  {\"id\": 1},\r\n  x\n";
	struct mr_diags *d;
	uint32_t src, line, col;
	const char *p;
	size_t n;

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	src = mr_diags_add_source(d, "f.json", text, sizeof(text) - 1);
	assert_int_equal(src, 1);
	assert_string_equal(mr_diags_source_name(d, src), "f.json");
	assert_null(mr_diags_source_name(d, 2));
	assert_int_equal(mr_diags_locate(d, src, 0, &line, &col), MR_OK);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	/* the '{' of line 2 */
	assert_int_equal(mr_diags_locate(d, src, 4, &line, &col), MR_OK);
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	/* the 'x' of line 3, after a CRLF */
	assert_int_equal(mr_diags_locate(d, src,
	                                 (uint32_t)(strchr(text, 'x') - text),
	                                 &line, &col),
	                 MR_OK);
	assert_int_equal(line, 3);
	assert_int_equal(col, 3);
	/* an offset past the end lands at the end */
	assert_int_equal(mr_diags_locate(d, src, 9999, &line, &col), MR_OK);
	assert_int_equal(line, 4);
	assert_int_equal(col, 1);
	/* line text drops the CR */
	assert_int_equal(mr_diags_line_text(d, src, 2, &p, &n), MR_OK);
	assert_int_equal(n, strlen("  {\"id\": 1},"));
	assert_memory_equal(p, "  {\"id\": 1},", n);
	assert_int_equal(mr_diags_line_text(d, src, 5, &p, &n), MR_EINVAL);
	assert_int_equal(mr_diags_locate(d, 7, 0, &line, &col), MR_EINVAL);
	mr_diags_free(d);
}

static void
test_records(void **state)
{
	struct mr_diags *d;
	const struct mr_diag *r;
	struct mr_span at = {0, 0, 0};

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_diags_count(d), 0);
	mri_diag_add(d, MR_D_PREFIX_HOST_BITS, at, "set %d: %s", 7, "x");
	mri_diag_hint(d, "write %s", "y");
	mri_diag_add(d, MR_D_PATTERN_INVALID, at, "bad");
	mri_diag_note(d, "because");
	assert_int_equal(mr_diags_count(d), 2);
	assert_int_equal(mr_diags_errors(d), 1);
	r = mr_diags_get(d, 0);
	assert_int_equal(r->sev, MR_SEV_WARNING);
	assert_string_equal(r->code, "MR0106");
	assert_string_equal(r->slug, "prefix-host-bits");
	assert_string_equal(r->msg, "set 7: x");
	assert_string_equal(r->hint, "write y");
	assert_null(r->note);
	r = mr_diags_get(d, 1);
	assert_int_equal(r->sev, MR_SEV_ERROR);
	assert_string_equal(r->note, "because");
	assert_null(mr_diags_get(d, 2));
	mr_diags_free(d);
}

static void
test_codes_unique(void **state)
{
	size_t n = mr_diag_code_count(), i, j;

	(void)state;
	assert_true(n >= 15);
	assert_int_equal(mr_diag_code_find("MR-SYM-1"),
	                 mr_diag_code_find("prefix-both-ways"));
	assert_int_equal(mr_diag_code_find("mr0101"), 0);
	assert_int_equal(mr_diag_code_find("no-such-code"), SIZE_MAX);
	for (i = 0; i < n; i++) {
		const char *c = mr_diag_code_name(i);
		/* MR0101 (loaders) or MR-SYM-1 (lint rules) */
		assert_true((strlen(c) == 6 && c[2] >= '0' && c[2] <= '9') ||
		            strncmp(c, "MR-", 3) == 0);
		assert_non_null(mr_diag_code_summary(i));
		for (j = 0; j < i; j++) {
			assert_string_not_equal(mr_diag_code_name(i),
			                        mr_diag_code_name(j));
			assert_string_not_equal(mr_diag_code_slug(i),
			                        mr_diag_code_slug(j));
		}
	}
}

static void
test_arena(void **state)
{
	struct mr_arena *a;
	unsigned char *p, *q, *big;
	char *s;

	(void)state;
	assert_int_equal(mri_arena_create(&a), 0);
	p = mri_arena_alloc(a, 3);
	q = mri_arena_alloc(a, 5);
	assert_non_null(p);
	assert_non_null(q);
	assert_int_equal((uintptr_t)p % 16, 0);
	assert_int_equal((uintptr_t)q % 16, 0);
	assert_true(p != q);
	big = mri_arena_alloc(a, 1 << 20);
	assert_non_null(big);
	big[(1 << 20) - 1] = 1;
	assert_int_equal(big[0], 0);
	for (int i = 0; i < 10000; i++)
		assert_non_null(mri_arena_alloc(a, 100));
	assert_null(mri_arena_calloc(a, SIZE_MAX / 2, 4));
	s = mri_arena_strndup(a, "hello world", 5);
	assert_string_equal(s, "hello");
	assert_true(mri_arena_used(a) > (1 << 20));
	mri_arena_destroy(a);
	mri_arena_destroy(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_locate),
	    cmocka_unit_test(test_records),
	    cmocka_unit_test(test_codes_unique),
	    cmocka_unit_test(test_arena),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
