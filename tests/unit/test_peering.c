/*
 * test_peering.c - the peering locations table that the build generates
 * from data/peering-locations.csv (cmake/peering.cmake): its size, a few
 * known rows, its order, and lookups by name in any case.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "m365route/peering.h"

static void
test_count(void **state)
{
	(void)state;
	assert_int_equal(mr_peering_count(), 105);
	assert_non_null(mr_peering_at(mr_peering_count() - 1));
	assert_null(mr_peering_at(mr_peering_count()));
	assert_null(mr_peering_at(SIZE_MAX));
}

static void
test_known_rows(void **state)
{
	static const struct mr_peering_location want[] = {
	    {"Abu Dhabi", "Abu Dhabi", 24.45, 54.38, "UAE", false},
	    {"Atlanta2", "Atlanta", 33.75, -84.39, "North America", true},
	    {"Newport(Wales)", "Newport", 51.58, -3.00, "Europe", false},
	    {"Queretaro (Mexico)", "Queretaro", 20.59, -100.39, "North America",
	     false},
	    {"Sao Paulo2", "Sao Paulo", -23.55, -46.63, "South America", false},
	    {"Silicon Valley", "San Jose", 37.34, -121.89, "North America",
	     false},
	    {"Zurich2", "Zurich", 47.38, 8.54, "Europe", false},
	};
	size_t i;

	(void)state;
	assert_string_equal(mr_peering_at(0)->name, "Abu Dhabi");
	assert_string_equal(mr_peering_at(mr_peering_count() - 1)->name,
	                    "Zurich2");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct mr_peering_location *p =
		    mr_peering_find(want[i].name);

		assert_non_null(p);
		assert_string_equal(p->name, want[i].name);
		assert_string_equal(p->metro, want[i].metro);
		assert_true(p->lat == want[i].lat && p->lon == want[i].lon);
		assert_string_equal(p->geo_region, want[i].geo_region);
		assert_int_equal(p->region_inferred, want[i].region_inferred);
	}
}

/* The order mr_peering_find() bisects by; every row is found by name. */
static void
test_order_and_find_all(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < mr_peering_count(); i++) {
		const struct mr_peering_location *p = mr_peering_at(i);

		if (i > 0)
			assert_true(strcasecmp(mr_peering_at(i - 1)->name,
			                       p->name) < 0);
		assert_ptr_equal(mr_peering_find(p->name), p);
		assert_true(p->lat >= -90 && p->lat <= 90);
		assert_true(p->lon >= -180 && p->lon <= 180);
	}
}

static void
test_find_any_case(void **state)
{
	const struct mr_peering_location *p;
	char up[64];
	size_t i, k;

	(void)state;
	p = mr_peering_find("Silicon Valley2");
	assert_non_null(p);
	assert_ptr_equal(mr_peering_find("silicon valley2"), p);
	assert_ptr_equal(mr_peering_find("SILICON VALLEY2"), p);
	assert_ptr_equal(mr_peering_find("washington dc"),
	                 mr_peering_find("Washington DC"));
	for (i = 0; i < mr_peering_count(); i++) {
		const char *name = mr_peering_at(i)->name;

		assert_true(strlen(name) < sizeof(up));
		for (k = 0; name[k] != '\0'; k++)
			up[k] = (char)toupper((unsigned char)name[k]);
		up[k] = '\0';
		assert_ptr_equal(mr_peering_find(up), mr_peering_at(i));
	}
}

static void
test_find_unknown(void **state)
{
	(void)state;
	assert_null(mr_peering_find(NULL));
	assert_null(mr_peering_find(""));
	assert_null(mr_peering_find("Atlantis"));
	assert_null(mr_peering_find("Amsterdam3"));
	assert_null(mr_peering_find("Amsterda"));
	assert_null(mr_peering_find("Zurich "));
	assert_null(mr_peering_find(" Abu Dhabi"));
	assert_null(mr_peering_find("Newport"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_count),
	    cmocka_unit_test(test_known_rows),
	    cmocka_unit_test(test_order_and_find_all),
	    cmocka_unit_test(test_find_any_case),
	    cmocka_unit_test(test_find_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
