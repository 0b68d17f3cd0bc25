/*
 * geo.c - great-circle distance between two sites and the round trip that
 * backhauling Microsoft 365 traffic over it adds.
 *
 * Data layout: none; pure functions of their arguments.
 *
 * Distance: the haversine formula on a sphere of the mean Earth radius
 * (IUGG, 6371.0 km). Its error against the WGS 84 ellipsoid stays below
 * about 0.5 %, far below what the estimate is used for. Inputs are
 * degrees; longitudes may be given in any turn (-180..180 or 0..360).
 * Invariants: the result is in [0, pi * 6371.0] for finite input.
 *
 * Round trip: light in fibre travels at about 2/3 c, i.e. 200 km per ms;
 * real cable routes are longer than the great circle, by a path factor of
 * 1.5 here. A round trip crosses the distance twice:
 *	rtt_ms = 2 * km * 1.5 / 200
 * (New York-London, 5570 km: 83.6 ms; measured RTTs are 70-80 ms.)
 *
 * Complexity: O(1).
 *
 * Used by the multi-location rules that follow Microsoft, "Routing with
 * ExpressRoute for Office 365", "Routing ExpressRoute for Office 365 with
 * multiple locations" (Humongous Insurance), and the latency targets of
 * "Media Quality and Network Connectivity Performance in Skype for Business
 * Online" (01/22/2018) and "Prepare your organization's network for
 * Microsoft Teams".
 */
#include "m365route/geo.h"

#include <math.h>

#define EARTH_RADIUS_KM   6371.0
#define FIBRE_KM_PER_MS   200.0
#define FIBRE_PATH_FACTOR 1.5
#define GEO_PI            3.14159265358979323846

static double
rad(double deg)
{
	return deg * (GEO_PI / 180.0);
}

double
mr_geo_km(double lat1, double lon1, double lat2, double lon2)
{
	double dlat = rad(lat2 - lat1), dlon = rad(lon2 - lon1);
	double s1 = sin(dlat / 2), s2 = sin(dlon / 2);
	double h = s1 * s1 + cos(rad(lat1)) * cos(rad(lat2)) * s2 * s2;

	if (h > 1.0) /* rounding at antipodes */
		h = 1.0;
	if (h < 0.0)
		h = 0.0;
	return 2.0 * EARTH_RADIUS_KM * asin(sqrt(h));
}

double
mr_geo_rtt_ms(double km)
{
	if (!(km > 0.0))
		return 0.0;
	return 2.0 * km * FIBRE_PATH_FACTOR / FIBRE_KM_PER_MS;
}
