/*
 * test_geo.c - geo.c: haversine distances between known city pairs
 * (within 1% of published great-circle distances on the 6371 km sphere),
 * symmetry, zero and antipodal cases, longitude wrap, and the fibre round
 * trip (2 * km * 1.5 / 200 ms).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "m365route/geo.h"

struct city_pair {
	const char *name;
	double lat1, lon1, lat2, lon2;
	double km; /* great circle, mean-radius sphere */
};

static const struct city_pair pairs[] = {
    {"New York-London", 40.7128, -74.0060, 51.5074, -0.1278, 5570},
    {"London-Paris", 51.5074, -0.1278, 48.8566, 2.3522, 344},
    {"Sydney-Los Angeles", -33.8688, 151.2093, 34.0522, -118.2437, 12051},
    {"Tokyo-Singapore", 35.6762, 139.6503, 1.3521, 103.8198, 5320},
    {"Boston-Washington DC", 42.3601, -71.0589, 38.9072, -77.0369, 634},
    {"Amsterdam-Dublin", 52.3676, 4.9041, 53.3498, -6.2603, 757},
};

static void
test_known_distances(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const struct city_pair *p = &pairs[i];
		double km = mr_geo_km(p->lat1, p->lon1, p->lat2, p->lon2);
		double back = mr_geo_km(p->lat2, p->lon2, p->lat1, p->lon1);
		if (fabs(km - p->km) > p->km * 0.01)
			fail_msg("%s: %.1f km, expected %.0f +-1%%", p->name,
			         km, p->km);
		assert_true(fabs(km - back) < 1e-6);
	}
}

static void
test_edges(void **state)
{
	(void)state;
	assert_true(mr_geo_km(10, 20, 10, 20) == 0.0);
	/* antipodes: half the circumference */
	assert_true(fabs(mr_geo_km(0, 0, 0, 180) -
	                 3.14159265358979323846 * 6371.0) < 1e-6);
	assert_true(fabs(mr_geo_km(90, 0, -90, 0) -
	                 3.14159265358979323846 * 6371.0) < 1e-6);
	/* longitudes in any turn */
	assert_true(fabs(mr_geo_km(0, -179, 0, 179) -
	                 mr_geo_km(0, 181, 0, 179)) < 1e-6);
	assert_true(fabs(mr_geo_km(0, -179, 0, 179) - 222.39) < 0.1);
	/* one degree of latitude */
	assert_true(fabs(mr_geo_km(0, 0, 1, 0) - 111.195) < 0.01);
}

static void
test_rtt(void **state)
{
	(void)state;
	assert_true(mr_geo_rtt_ms(0) == 0.0);
	assert_true(mr_geo_rtt_ms(-5) == 0.0);
	assert_true(fabs(mr_geo_rtt_ms(200) - 3.0) < 1e-9);
	assert_true(fabs(mr_geo_rtt_ms(1000) - 15.0) < 1e-9);
	/* New York-London: about 84 ms */
	assert_true(fabs(mr_geo_rtt_ms(5570) - 83.55) < 1e-9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_distances),
	    cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_rtt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
