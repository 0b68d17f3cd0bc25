/*
 * m365route/geo.h - distances on the Earth and what they cost in round
 * trips: used by check (backhaul rules) and simulate (latency).
 */
#ifndef M365ROUTE_GEO_H
#define M365ROUTE_GEO_H

#include "common.h"

/**
 * Great-circle distance in km between two points (degrees), and the round
 * trip in ms that light in fibre needs over it (2/3 c, with a path factor
 * of 1.5 for real routes): what backhauling over that distance adds.
 */
MR_API double mr_geo_km(double lat1, double lon1, double lat2, double lon2);
MR_API double mr_geo_rtt_ms(double km);

#endif
