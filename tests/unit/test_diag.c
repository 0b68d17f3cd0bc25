/*
 * test_diag.c - the diagnostics collection (records, caps per load, order,
 * the unreadable and out-of-memory flags), line maps and the arena.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "arena.h"
#include "diag_int.h"
#include "m365route/common.h"

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

/* How many records of d have severity sev; how many carry note. */
static size_t
count_sev(const struct mr_diags *d, enum mr_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < mr_diags_count(d); i++)
		n += mr_diags_get(d, i)->sev == sev;
	return n;
}

static size_t
count_note(const struct mr_diags *d, const char *note)
{
	size_t i, n = 0;

	for (i = 0; i < mr_diags_count(d); i++) {
		const char *s = mr_diags_get(d, i)->note;
		n += s != NULL && strcmp(s, note) == 0;
	}
	return n;
}

/* Errors and warnings are capped separately, per load. */
static void
test_caps(void **state)
{
	struct mr_diags *d;
	struct mr_span at = {0, 0, 0};
	int i, rc;

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_diags_set_limits(NULL, 1, 1), MR_EINVAL);
	assert_int_equal(mr_diags_set_limits(d, 3, 2), MR_OK);
	mri_diag_begin(d, true);
	for (i = 0; i < 4; i++) {
		rc = mri_diag_add(d, MR_D_PREFIX_HOST_BITS, at, "w%d", i);
		assert_int_equal(rc, i < 2 ? MRI_DIAG_KEPT : 0);
	}
	assert_int_equal(count_sev(d, MR_SEV_WARNING), 2);
	assert_false(mri_diag_stopped(d));
	/* The warning cap does not stop the load: errors still count. */
	for (i = 0; i < 5; i++) {
		rc = mri_diag_add(d, MR_D_PATTERN_INVALID, at, "e%d", i);
		if (i < 2)
			assert_int_equal(rc, MRI_DIAG_KEPT);
		else if (i == 2)
			assert_int_equal(rc, MRI_DIAG_KEPT | MRI_DIAG_STOP);
		else
			assert_int_equal(rc, MRI_DIAG_STOP);
		/* a note for a dropped record goes nowhere */
		assert_int_equal(mri_diag_hint(d, "h%d", i), i < 3 ? 0 : -1);
	}
	assert_true(mri_diag_stopped(d));
	assert_int_equal(mri_diag_load_errors(d), 3);
	assert_int_equal(mr_diags_errors(d), 3);
	assert_int_equal(mr_diags_count(d), 5);
	assert_int_equal(count_note(d, "too many errors: stopped after 3"), 1);
	assert_string_equal(mr_diags_get(d, 4)->msg, "e2");
	assert_string_equal(mr_diags_get(d, 4)->hint, "h2");
	assert_string_equal(mr_diags_get(d, 3)->hint, "h1");
	/* Stopped: warnings and notes are dropped too. */
	assert_int_equal(mri_diag_add(d, MR_D_SERVICE_AREA_UNKNOWN, at, "n"),
	                 MRI_DIAG_STOP);

	/* A new load counts anew: the stop note once per load. */
	mri_diag_begin(d, true);
	assert_false(mri_diag_stopped(d));
	assert_int_equal(mri_diag_load_errors(d), 0);
	for (i = 0; i < 4; i++)
		mri_diag_add(d, MR_D_PATTERN_INVALID, at, "f%d", i);
	assert_int_equal(mri_diag_load_errors(d), 3);
	assert_int_equal(mr_diags_errors(d), 6);
	assert_int_equal(count_note(d, "too many errors: stopped after 3"), 2);

	/* A reporter's own note for the capped error takes the cap's
	 * place (the loaders have always written theirs over it); a second
	 * note of its own joins the first. */
	mri_diag_begin(d, true);
	for (i = 0; i < 3; i++)
		mri_diag_add(d, MR_D_PATTERN_INVALID, at, "g%d", i);
	mri_diag_note(d, "mine");
	mri_diag_note(d, "more");
	assert_string_equal(mr_diags_get(d, mr_diags_count(d) - 1)->note,
	                    "mine; more");
	assert_int_equal(count_note(d, "too many errors: stopped after 3"), 2);

	/* Uncapped (lint), and 0 for "no cap". */
	mri_diag_begin(d, false);
	for (i = 0; i < 10; i++)
		mri_diag_add(d, MR_D_PATTERN_INVALID, at, "u%d", i);
	for (i = 0; i < 300; i++)
		mri_diag_add(d, MR_D_FIELD_UNKNOWN, at, "v%d", i);
	assert_int_equal(mri_diag_load_errors(d), 10);
	assert_false(mri_diag_stopped(d));
	assert_int_equal(mr_diags_set_limits(d, 0, 0), MR_OK);
	mri_diag_begin(d, true);
	for (i = 0; i < 60; i++)
		mri_diag_add(d, MR_D_PATTERN_INVALID, at, "z%d", i);
	assert_int_equal(mri_diag_load_errors(d), 60);
	assert_false(mri_diag_stopped(d));
	/* A loader's own stop (a limit) drops warnings, never errors. */
	mri_diag_stop(d);
	assert_int_equal(mri_diag_add(d, MR_D_FIELD_UNKNOWN, at, "x"),
	                 MRI_DIAG_STOP);
	assert_int_equal(mri_diag_add(d, MR_D_PATTERN_INVALID, at, "y"),
	                 MRI_DIAG_KEPT | MRI_DIAG_STOP);
	assert_false(mr_diags_oom(d));
	mr_diags_free(d);
}

/* The defaults are today's: 50 errors, 200 warnings and notes. */
static void
test_default_caps(void **state)
{
	struct mr_diags *d;
	struct mr_span at = {0, 0, 0};
	int i;

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	mri_diag_begin(d, true);
	for (i = 0; i < 250; i++)
		mri_diag_add(d, MR_D_FIELD_UNKNOWN, at, "w%d", i);
	for (i = 0; i < 70; i++)
		mri_diag_add(d, MR_D_PATTERN_INVALID, at, "e%d", i);
	assert_int_equal(count_sev(d, MR_SEV_WARNING), 200);
	assert_int_equal(mr_diags_errors(d), 50);
	assert_int_equal(count_note(d, "too many errors: stopped after 50"), 1);
	assert_string_equal(mr_diags_get(d, mr_diags_count(d) - 1)->note,
	                    "too many errors: stopped after 50");
	mr_diags_free(d);
}

/* Report order is kept; mr_diags_sort() orders by source, offset, code,
 * then report order. */
static void
test_order(void **state)
{
	static const char text[] = "0123456789";
	struct mr_diags *d;
	struct mr_span a = {1, 5, 6}, b = {1, 2, 3}, c = {2, 0, 1};
	const char *want[] = {"b-pattern", "b-host-1", "b-host-2", "a", "c"};
	size_t i;

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_diags_add_source(d, "one", text, 10), 1);
	assert_int_equal(mr_diags_add_source(d, "two", text, 10), 2);
	mri_diag_add(d, MR_D_PATTERN_INVALID, c, "c");
	mri_diag_add(d, MR_D_PREFIX_HOST_BITS, b, "b-host-1");
	mri_diag_note(d, "n1");
	mri_diag_add(d, MR_D_PATTERN_INVALID, a, "a");
	mri_diag_add(d, MR_D_PREFIX_HOST_BITS, b, "b-host-2");
	mri_diag_add(d, MR_D_PATTERN_INVALID, b, "b-pattern");
	assert_string_equal(mr_diags_get(d, 0)->msg, "c");
	assert_string_equal(mr_diags_get(d, 4)->msg, "b-pattern");
	/* sorting a tail leaves the head alone */
	mri_diags_sort_from(d, 3);
	assert_string_equal(mr_diags_get(d, 0)->msg, "c");
	assert_string_equal(mr_diags_get(d, 3)->msg, "b-pattern");
	assert_string_equal(mr_diags_get(d, 4)->msg, "b-host-2");
	/* no note lands on whatever record is last after a sort */
	assert_int_equal(mri_diag_note(d, "late"), -1);
	mr_diags_sort(d);
	for (i = 0; i < 5; i++)
		assert_string_equal(mr_diags_get(d, i)->msg, want[i]);
	assert_string_equal(mr_diags_get(d, 1)->note, "n1");
	mr_diags_sort(d); /* idempotent */
	for (i = 0; i < 5; i++)
		assert_string_equal(mr_diags_get(d, i)->msg, want[i]);
	assert_int_equal(mr_diags_errors(d), 3);
	mri_diags_truncate(d, 2);
	assert_int_equal(mr_diags_count(d), 2);
	assert_int_equal(mr_diags_errors(d), 1);
	mr_diags_free(d);
}

/* A record that cannot be stored is dropped and the collection says it
 * is incomplete. The message is made to fail: a wide character that the
 * C locale cannot write makes vsnprintf() fail, the path an allocation
 * failure takes. */
static void
test_oom_flag(void **state)
{
	static const wchar_t wide[] = {0xe9, 0};
	struct mr_diags *d;
	struct mr_span at = {0, 0, 0};

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	mri_diag_begin(d, true);
	mri_diag_add(d, MR_D_PATTERN_INVALID, at, "kept");
	assert_false(mr_diags_oom(d));
	assert_false(mri_diag_load_oom(d));
	assert_int_equal(mri_diag_add(d, MR_D_PATTERN_INVALID, at, "%ls", wide),
	                 MRI_DIAG_OOM | MRI_DIAG_STOP);
	assert_true(mr_diags_oom(d));
	assert_true(mri_diag_load_oom(d));
	assert_true(mri_diag_stopped(d));
	assert_int_equal(mr_diags_count(d), 1);
	assert_int_equal(mri_diag_note(d, "not on 'kept'"), -1);
	assert_null(mr_diags_get(d, 0)->note);
	/* the next load starts clean; the collection stays incomplete */
	mri_diag_begin(d, true);
	assert_false(mri_diag_load_oom(d));
	assert_true(mr_diags_oom(d));
	mr_diags_free(d);
}

/* Unreadable sources; the message of a failed load. */
static void
test_unreadable_and_failed(void **state)
{
	struct mr_diags *d;
	struct mr_span at = {2, 0, 0};

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_diags_add_source(d, "a", "x", 1), 1);
	assert_int_equal(mr_diags_add_source(d, "b", "y", 1), 2);
	assert_int_equal(mr_diags_unreadable(d), 0);
	mri_diags_set_unreadable(d, 7); /* unknown: ignored */
	mri_diags_set_unreadable(d, 0);
	assert_int_equal(mr_diags_unreadable(d), 0);
	mri_diags_set_unreadable(d, 2);
	assert_int_equal(mr_diags_unreadable(d), 2);

	mri_diag_add(d, MR_D_PATTERN_INVALID, at, "before");
	mri_diag_begin(d, true);
	assert_int_equal(mri_diag_failed(d, "'%s': the thing", "b"), MR_EPARSE);
	assert_string_equal(mr_error_last(), "'b': the thing has errors");
	mri_diag_add(d, MR_D_FIELD_UNKNOWN, at, "a warning");
	mri_diag_add(d, MR_D_JSON_SYNTAX, at, "invalid JSON: oops");
	mri_diag_add(d, MR_D_PATTERN_INVALID, at, "second");
	assert_int_equal(mri_diag_failed(d, "'%s': the thing", "b"), MR_EPARSE);
	assert_string_equal(mr_error_last(),
	                    "'b': the thing has 2 errors; the first: invalid "
	                    "JSON: oops [MR0101]");
	mr_diags_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_locate),
	    cmocka_unit_test(test_records),
	    cmocka_unit_test(test_codes_unique),
	    cmocka_unit_test(test_arena),
	    cmocka_unit_test(test_caps),
	    cmocka_unit_test(test_default_caps),
	    cmocka_unit_test(test_order),
	    cmocka_unit_test(test_oom_flag),
	    cmocka_unit_test(test_unreadable_and_failed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
