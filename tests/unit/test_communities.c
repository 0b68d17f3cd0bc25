/*
 * test_communities.c - the BGP community table: names, aliases, values,
 * the Microsoft 365 set, unknowns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "communities.h"
#include "m365route/common.h"

static void
expect(const char *name, uint16_t asn, uint16_t value)
{
	uint16_t a = 0, v = 0;

	assert_int_equal(mri_community_lookup(name, strlen(name), &a, &v),
	                 MR_OK);
	assert_int_equal(a, asn);
	assert_int_equal(v, value);
}

static void
unknown(const char *name)
{
	uint16_t a = 7, v = 7;

	assert_int_equal(mri_community_lookup(name, strlen(name), &a, &v),
	                 MR_ENOTFOUND);
	assert_int_equal(a, 7);
	assert_int_equal(v, 7);
}

static void
test_names(void **state)
{
	(void)state;
	expect("exchange", 12076, 5010);
	expect("sharepoint", 12076, 5020);
	expect("skype", 12076, 5030);
	expect("crm", 12076, 5040);
	expect("azure-global", 12076, 5050);
	expect("entra-id", 12076, 5060);
	expect("arm", 12076, 5070);
	expect("other", 12076, 5100);
	expect("defender-identity", 12076, 5220);
	expect("pstn", 12076, 5250);
	expect("usgov-exchange", 12076, 5110);
	expect("usgov-sharepoint", 12076, 5120);
	expect("usgov-skype", 12076, 5130);
	expect("usgov-entra-id", 12076, 5160);
	expect("usgov-other", 12076, 5200);
	expect("west-europe", 12076, 51002);
	expect("east-us", 12076, 51004);
	expect("west-us-2", 12076, 51026);
	expect("new-zealand-north", 12076, 51059);
	expect("usgov-virginia", 12076, 51105);
	/* any case */
	expect("Exchange", 12076, 5010);
	expect("SHAREPOINT", 12076, 5020);
	/* not NUL-terminated: only len bytes count */
	{
		uint16_t a, v;
		assert_int_equal(mri_community_lookup("skypeXYZ", 5, &a, &v),
		                 MR_OK);
		assert_int_equal(v, 5030);
	}
}

static void
test_aliases(void **state)
{
	(void)state;
	expect("teams", 12076, 5030);
	expect("dynamics", 12076, 5040);
	expect("azure-ad", 12076, 5060);
	expect("other-office365", 12076, 5100);
	/* aliases are not canonical names */
	assert_string_equal(mri_community_name(12076, 5030), "skype");
	assert_string_equal(mri_community_name(12076, 5060), "entra-id");
}

static void
test_values(void **state)
{
	(void)state;
	expect("12076:5010", 12076, 5010);
	expect("12076:51002", 12076, 51002);
	expect("65000:1", 65000, 1);
	expect("0:0", 0, 0);
	expect("12076:65535", 12076, 65535);
	unknown("12076:65536");
	unknown("70000:1");
	unknown("12076:");
	unknown(":5010");
	unknown("12076:50x0");
	unknown("12076:-1");
	unknown("12076:5010:1");
	unknown("12076 :5010");
	assert_string_equal(mri_community_name(12076, 5010), "exchange");
	assert_string_equal(mri_community_name(12076, 5100), "other");
	assert_string_equal(mri_community_name(12076, 51002), "west-europe");
	assert_null(mri_community_name(12076, 5011));
	assert_null(mri_community_name(12076, 51001));
	assert_null(mri_community_name(65000, 5010));
}

static void
test_unknown(void **state)
{
	(void)state;
	unknown("");
	unknown("exchnge");
	unknown("exchange ");
	unknown("office365");
	unknown("teams\n");
	assert_int_equal(mri_community_lookup(NULL, 0, NULL, NULL),
	                 MR_ENOTFOUND);
	assert_string_equal(mri_community_suggest("exchnge", 7), "exchange");
	assert_string_equal(mri_community_suggest("sharepont", 9),
	                    "sharepoint");
	assert_string_equal(mri_community_suggest("Team", 4), "teams");
	assert_null(mri_community_suggest("zzzzzzzzzz", 10));
}

static void
test_m365(void **state)
{
	static const uint16_t yes[] = {5010, 5020, 5030, 5100,
	                               5110, 5120, 5130, 5200};
	static const uint16_t no[] = {0,    5040, 5050, 5060,  5070,
	                              5160, 5220, 5250, 51002, 65535};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(mri_community_is_m365(yes[i]));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(mri_community_is_m365(no[i]));
}

/* The table: canonical names unique, lowercase, found by lookup. */
static void
test_table(void **state)
{
	size_t n = mri_community_count(), i, k;

	(void)state;
	assert_true(n >= 60);
	for (i = 0; i < n; i++) {
		uint16_t v = 0, a, w;
		const char *what = NULL, *name = mri_community_at(i, &v, &what);
		const char *p;
		assert_non_null(name);
		assert_non_null(what);
		for (p = name; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') ||
			            (*p >= '0' && *p <= '9') || *p == '-');
		assert_int_equal(
		    mri_community_lookup(name, strlen(name), &a, &w), MR_OK);
		assert_int_equal(w, v);
		assert_string_equal(mri_community_name(12076, v), name);
		for (k = 0; k < i; k++) {
			uint16_t v2;
			const char *w2;
			assert_string_not_equal(mri_community_at(k, &v2, &w2),
			                        name);
			assert_int_not_equal(v2, v);
		}
	}
	assert_null(mri_community_at(n, &(uint16_t){0}, &(const char *){0}));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),  cmocka_unit_test(test_aliases),
	    cmocka_unit_test(test_values), cmocka_unit_test(test_unknown),
	    cmocka_unit_test(test_m365),   cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
