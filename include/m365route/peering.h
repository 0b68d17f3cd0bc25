/*
 * m365route/peering.h - the ExpressRoute peering locations Microsoft lists
 * (data/peering-locations.csv, with its provenance): where a circuit meets
 * Microsoft, for the designs that name them, check and simulate.
 */
#ifndef M365ROUTE_PEERING_H
#define M365ROUTE_PEERING_H

#include <stdbool.h>
#include <stddef.h>

#include "common.h"

struct mr_peering_location {
	const char *name;       /* as Microsoft lists it: "Chicago2" */
	const char *metro;      /* "Chicago" */
	double lat, lon;        /* metro centre, degrees */
	const char *geo_region; /* "North America" */
	bool region_inferred;   /* not in Microsoft's list; from the region */
};

MR_API size_t mr_peering_count(void);
MR_API const struct mr_peering_location *mr_peering_at(size_t i);
/** Case-insensitive lookup by name; NULL when unknown. */
MR_API const struct mr_peering_location *mr_peering_find(const char *name);

#endif
