/*
 * peering.c - the ExpressRoute peering locations (global commercial
 * Azure): name, metro, coordinates and geopolitical region, for the
 * simulation's latency estimates and for naming where a circuit meets
 * Microsoft.
 *
 * Data layout: data/peering-locations.csv, with its provenance, is the
 * table; the build checks it and turns it into mri_peering_table[]
 * (cmake/peering.cmake, generated peering_data.c) in the file's order,
 * Microsoft's: names unique and increasing, ignoring case (strcasecmp()'s
 * order, which mr_peering_find() relies on).
 *
 * Sources: names from Microsoft Learn, "Locations and connectivity
 * providers for Azure ExpressRoute" (ms.date 04/28/2026); geopolitical
 * regions from that article's table of Azure regions by geopolitical
 * region (the version of 04/05/2024). Locations that table does not list
 * carry the region of their local Azure region and are flagged
 * `region_inferred`. Coordinates are the metro centre (2 decimals), not a
 * Microsoft source: good to tens of km, which is what a fibre round-trip
 * estimate at 1 ms per 100 km can use.
 *
 * Complexity: lookup is a binary search with a case-insensitive compare,
 * O(log L) for L = 105 locations.
 */
#include "m365route/peering.h"

#include <stdlib.h>
#include <strings.h>

/* peering_data.c, generated from data/peering-locations.csv */
extern const struct mr_peering_location mri_peering_table[];
extern const size_t mri_peering_count;

static int
cmp_name(const void *key, const void *elem)
{
	const struct mr_peering_location *p = elem;

	return strcasecmp(key, p->name);
}

size_t
mr_peering_count(void)
{
	return mri_peering_count;
}

const struct mr_peering_location *
mr_peering_at(size_t i)
{
	return i < mri_peering_count ? &mri_peering_table[i] : NULL;
}

const struct mr_peering_location *
mr_peering_find(const char *name)
{
	if (name == NULL)
		return NULL;
	return bsearch(name, mri_peering_table, mri_peering_count,
	               sizeof(mri_peering_table[0]), cmp_name);
}
