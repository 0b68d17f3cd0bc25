/*
 * test_exceptions.c - the seed's two exception tables, derived from both
 * worldwide snapshots; every row is checked against the rule it states.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "m365route/m365route.h"

struct fx {
	struct mr_catalog *cat;
	struct mr_matcher *m;
	const struct mr_exceptions *e;
};

static struct fx fx;

static int
load(const char *name)
{
	struct mr_diags *d;
	char path[1024];

	snprintf(path, sizeof(path), "%s/data/endpoints/%s", MR_SOURCE_DIR,
	         name);
	if (mr_diags_new(&d) != MR_OK ||
	    mr_catalog_load_file(&fx.cat, path, d) != MR_OK)
		return -1;
	mr_diags_free(d);
	if (mr_matcher_build(&fx.m, fx.cat) != MR_OK ||
	    mr_exceptions_compute(&fx.e, fx.m) != MR_OK)
		return -1;
	return 0;
}

static int
setup_2020(void **state)
{
	(void)state;
	return load("worldwide-2020092900.json");
}

static int
setup_2025(void **state)
{
	(void)state;
	return load("worldwide-2025-11-14.json");
}

static int
teardown(void **state)
{
	(void)state;
	mr_matcher_free(fx.m);
	mr_catalog_free(fx.cat);
	return 0;
}

static const struct mr_exception_row *
row(const struct mr_exception_row *rows, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(mr_matcher_rule(fx.m, rows[i].wildcard)->text, w) ==
		    0)
			return &rows[i];
	return NULL;
}

/* Row w of the table lists every name in want (and maybe others). */
static void
has(const struct mr_exception_row *rows, size_t n, const char *w,
    const char *const *want)
{
	const struct mr_exception_row *r = row(rows, n, w);

	if (r == NULL)
		fail_msg("no row for %s", w);
	for (; *want; want++) {
		size_t k;
		for (k = 0; k < r->n; k++)
			if (strcmp(mr_matcher_rule(fx.m, r->subs[k])->text,
			           *want) == 0)
				break;
		if (k == r->n)
			fail_msg("row %s lacks %s", w, *want);
	}
}

/* Every row states a truth: the wildcard covers each sub, and their
 * routes differ the way the table says. */
static void
rows_are_true(const struct mr_exception_row *rows, size_t n, bool er)
{
	for (size_t i = 0; i < n; i++) {
		const struct mr_rule *w =
		    mr_matcher_rule(fx.m, rows[i].wildcard);
		assert_true(w->is_wildcard);
		assert_int_equal(w->express_route, er);
		assert_true(rows[i].n > 0);
		for (size_t k = 0; k < rows[i].n; k++) {
			const struct mr_rule *p =
			    mr_matcher_rule(fx.m, rows[i].subs[k]);
			assert_int_not_equal(p->express_route, er);
			assert_true(mr_glob_covers(w->text, strlen(w->text),
			                           p->text, strlen(p->text)));
			assert_string_not_equal(p->text, w->text);
		}
	}
}

static void
test_2020(void **state)
{
	static const char *const office[] = {
	    "*.outlook.office.com", "home.office.com", "outlook.office.com",
	    "portal.office.com",    "www.office.com",  NULL};
	static const char *const o365[] = {"outlook.office365.com",
	                                   "smtp.office365.com", NULL};
	static const char *const outlook[] = {
	    "*.protection.outlook.com", "*.mail.protection.outlook.com", NULL};
	static const char *const sp[] = {"*-files.sharepoint.com",
	                                 "*-myfiles.sharepoint.com", NULL};

	(void)state;
	has(fx.e->inet, fx.e->n_inet, "*.office.com", office);
	has(fx.e->inet, fx.e->n_inet, "*.office365.com", o365);
	has(fx.e->inet, fx.e->n_inet, "*.outlook.com", outlook);
	has(fx.e->er, fx.e->n_er, "*.sharepoint.com", sp);
	rows_are_true(fx.e->er, fx.e->n_er, true);
	rows_are_true(fx.e->inet, fx.e->n_inet, false);
	/* *-files.sharepoint.com is Internet-only, so it is no ER row */
	assert_null(row(fx.e->er, fx.e->n_er, "*-files.sharepoint.com"));
}

static void
test_2025(void **state)
{
	static const char *const apps[] = {"cdn.odc.officeapps.live.com",
	                                   "cdn.uci.officeapps.live.com", NULL};

	(void)state;
	has(fx.e->er, fx.e->n_er, "*.officeapps.live.com", apps);
	rows_are_true(fx.e->er, fx.e->n_er, true);
	rows_are_true(fx.e->inet, fx.e->n_inet, false);
	/* In 2025 *-files.sharepoint.com is gone from the feed. */
	assert_null(row(fx.e->er, fx.e->n_er, "*.sharepoint.com"));
}

int
main(void)
{
	const struct CMUnitTest t2020[] = {cmocka_unit_test(test_2020)};
	const struct CMUnitTest t2025[] = {cmocka_unit_test(test_2025)};
	int rc;

	rc = cmocka_run_group_tests_name("worldwide 2020092900", t2020,
	                                 setup_2020, teardown);
	rc |= cmocka_run_group_tests_name("worldwide 2025-11-14", t2025,
	                                  setup_2025, teardown);
	return rc;
}
