/*
 * peering.c - the ExpressRoute peering locations (global commercial
 * Azure): name, metro, coordinates and geopolitical region, for the
 * simulation's latency estimates and for naming where a circuit meets
 * Microsoft.
 *
 * Data layout: one static table sorted by name as Microsoft lists it
 * (ASCII order of the names below); data/peering-locations.csv holds the
 * same rows with their provenance and tests/unit/test_sim.c checks that
 * the two agree.
 *
 * Sources: names and regions from shared/reference/expressroute-facts.md
 * section 3.4 (S14, azure-docs expressroute-locations-providers.md, ms.date
 * 04/28/2026; geopolitical regions from the S14b include, 04/05/2024).
 * Locations that include does not list ("n/l") carry the region of their
 * local Azure region and are flagged `inferred`. Coordinates are the metro
 * centre (2 decimals), not a Microsoft source: good to tens of km, which is
 * what a fibre round-trip estimate at 1 ms per 100 km can use.
 *
 * Complexity: lookup is a linear scan with a case-insensitive compare,
 * O(L) for L = 105 locations; callers resolve each circuit once.
 */
#include "m365route/peering.h"

#include <string.h>
#include <strings.h>

static const struct mr_peering_location table[] = {
    {"Abu Dhabi", "Abu Dhabi", 24.45, 54.38, "UAE", false},
    {"Amsterdam", "Amsterdam", 52.37, 4.90, "Europe", false},
    {"Amsterdam2", "Amsterdam", 52.37, 4.90, "Europe", false},
    {"Atlanta", "Atlanta", 33.75, -84.39, "North America", false},
    {"Atlanta2", "Atlanta", 33.75, -84.39, "North America", true},
    {"Auckland", "Auckland", -36.85, 174.76, "Oceania", false},
    {"Bangkok", "Bangkok", 13.76, 100.50, "Asia", false},
    {"Berlin", "Berlin", 52.52, 13.40, "Europe", false},
    {"Brussels", "Brussels", 50.85, 4.35, "Europe", true},
    {"Brussels2", "Brussels", 50.85, 4.35, "Europe", true},
    {"Busan", "Busan", 35.18, 129.08, "South Korea", false},
    {"Campinas", "Campinas", -22.91, -47.06, "South America", false},
    {"Canberra", "Canberra", -35.28, 149.13, "Australia Government", false},
    {"Canberra2", "Canberra", -35.28, 149.13, "Australia Government", false},
    {"Cape Town", "Cape Town", -33.92, 18.42, "South Africa", false},
    {"Chennai", "Chennai", 13.08, 80.27, "India", false},
    {"Chennai2", "Chennai", 13.08, 80.27, "India", false},
    {"Chicago", "Chicago", 41.88, -87.63, "North America", false},
    {"Chicago2", "Chicago", 41.88, -87.63, "North America", false},
    {"Copenhagen", "Copenhagen", 55.68, 12.57, "Europe", false},
    {"Dallas", "Dallas", 32.78, -96.80, "North America", false},
    {"Dallas2", "Dallas", 32.78, -96.80, "North America", true},
    {"Denver", "Denver", 39.74, -104.99, "North America", false},
    {"Doha", "Doha", 25.29, 51.53, "Qatar", false},
    {"Doha2", "Doha", 25.29, 51.53, "Qatar", false},
    {"Dubai", "Dubai", 25.20, 55.27, "UAE", false},
    {"Dubai2", "Dubai", 25.20, 55.27, "UAE", false},
    {"Dublin", "Dublin", 53.35, -6.26, "Europe", false},
    {"Dublin2", "Dublin", 53.35, -6.26, "Europe", false},
    {"Frankfurt", "Frankfurt", 50.11, 8.68, "Europe", false},
    {"Frankfurt2", "Frankfurt", 50.11, 8.68, "Europe", false},
    {"Geneva", "Geneva", 46.20, 6.14, "Europe", false},
    {"Hong Kong", "Hong Kong", 22.32, 114.17, "Asia", false},
    {"Hong Kong2", "Hong Kong", 22.32, 114.17, "Asia", false},
    {"Jakarta", "Jakarta", -6.21, 106.85, "Asia", false},
    {"Jakarta2", "Jakarta", -6.21, 106.85, "Asia", true},
    {"Johannesburg", "Johannesburg", -26.20, 28.05, "South Africa", false},
    {"Kuala Lumpur", "Kuala Lumpur", 3.14, 101.69, "Asia", false},
    {"Kuala Lumpur2", "Kuala Lumpur", 3.14, 101.69, "Asia", true},
    {"Las Vegas", "Las Vegas", 36.17, -115.14, "North America", false},
    {"London", "London", 51.51, -0.13, "Europe", false},
    {"London2", "London", 51.51, -0.13, "Europe", false},
    {"Los Angeles", "Los Angeles", 34.05, -118.24, "North America", false},
    {"Los Angeles2", "Los Angeles", 34.05, -118.24, "North America", false},
    {"Madrid", "Madrid", 40.42, -3.70, "Europe", false},
    {"Madrid2", "Madrid", 40.42, -3.70, "Europe", false},
    {"Marseille", "Marseille", 43.30, 5.37, "Europe", false},
    {"Melbourne", "Melbourne", -37.81, 144.96, "Oceania", false},
    {"Melbourne2", "Melbourne", -37.81, 144.96, "Oceania", true},
    {"Miami", "Miami", 25.76, -80.19, "North America", false},
    {"Milan", "Milan", 45.46, 9.19, "Europe", false},
    {"Milan2", "Milan", 45.46, 9.19, "Europe", false},
    {"Minneapolis", "Minneapolis", 44.98, -93.27, "North America", false},
    {"Montreal", "Montreal", 45.50, -73.57, "North America", false},
    {"Mumbai", "Mumbai", 19.08, 72.88, "India", false},
    {"Mumbai2", "Mumbai", 19.08, 72.88, "India", false},
    {"Munich", "Munich", 48.14, 11.58, "Europe", false},
    {"New York", "New York", 40.71, -74.01, "North America", false},
    {"Newport(Wales)", "Newport", 51.58, -3.00, "Europe", false},
    {"Osaka", "Osaka", 34.69, 135.50, "Japan", false},
    {"Oslo", "Oslo", 59.91, 10.75, "Europe", false},
    {"Paris", "Paris", 48.86, 2.35, "Europe", false},
    {"Paris2", "Paris", 48.86, 2.35, "Europe", false},
    {"Perth", "Perth", -31.95, 115.86, "Oceania", false},
    {"Phoenix", "Phoenix", 33.45, -112.07, "North America", false},
    {"Phoenix2", "Phoenix", 33.45, -112.07, "North America", true},
    {"Portland", "Portland", 45.52, -122.68, "North America", true},
    {"Pune", "Pune", 18.52, 73.86, "India", false},
    {"Quebec City", "Quebec City", 46.81, -71.21, "North America", false},
    {"Queretaro (Mexico)", "Queretaro", 20.59, -100.39, "North America", false},
    {"Quincy", "Quincy", 47.23, -119.85, "North America", false},
    {"Rio de Janeiro", "Rio de Janeiro", -22.91, -43.17, "South America",
     false},
    {"San Antonio", "San Antonio", 29.42, -98.49, "North America", false},
    {"Santiago", "Santiago", -33.45, -70.67, "South America", false},
    {"Sao Paulo", "Sao Paulo", -23.55, -46.63, "South America", false},
    {"Sao Paulo2", "Sao Paulo", -23.55, -46.63, "South America", false},
    {"Seattle", "Seattle", 47.61, -122.33, "North America", false},
    {"Seoul", "Seoul", 37.57, 126.98, "South Korea", false},
    {"Seoul2", "Seoul", 37.57, 126.98, "South Korea", false},
    {"Silicon Valley", "San Jose", 37.34, -121.89, "North America", false},
    {"Silicon Valley2", "San Jose", 37.34, -121.89, "North America", false},
    {"Singapore", "Singapore", 1.35, 103.82, "Asia", false},
    {"Singapore2", "Singapore", 1.35, 103.82, "Asia", false},
    {"Stavanger", "Stavanger", 58.97, 5.73, "Europe", false},
    {"Stockholm", "Stockholm", 59.33, 18.07, "Europe", false},
    {"Stockholm2", "Stockholm", 59.33, 18.07, "Europe", true},
    {"Sydney", "Sydney", -33.87, 151.21, "Oceania", false},
    {"Sydney2", "Sydney", -33.87, 151.21, "Oceania", false},
    {"Taipei", "Taipei", 25.03, 121.57, "Asia", false},
    {"Taipei2", "Taipei", 25.03, 121.57, "Asia", true},
    {"Tel Aviv", "Tel Aviv", 32.09, 34.78, "Israel", false},
    {"Tel Aviv2", "Tel Aviv", 32.09, 34.78, "Israel", false},
    {"Tokyo", "Tokyo", 35.68, 139.69, "Japan", false},
    {"Tokyo2", "Tokyo", 35.68, 139.69, "Japan", false},
    {"Tokyo3", "Tokyo", 35.68, 139.69, "Japan", false},
    {"Toronto", "Toronto", 43.65, -79.38, "North America", false},
    {"Toronto2", "Toronto", 43.65, -79.38, "North America", false},
    {"Vancouver", "Vancouver", 49.28, -123.12, "North America", false},
    {"Vienna", "Vienna", 48.21, 16.37, "Europe", true},
    {"Vienna2", "Vienna", 48.21, 16.37, "Europe", true},
    {"Warsaw", "Warsaw", 52.23, 21.01, "Europe", false},
    {"Washington DC", "Washington DC", 38.91, -77.04, "North America", false},
    {"Washington DC2", "Washington DC", 38.91, -77.04, "North America", false},
    {"Zurich", "Zurich", 47.38, 8.54, "Europe", false},
    {"Zurich2", "Zurich", 47.38, 8.54, "Europe", false},
};

size_t
mr_peering_count(void)
{
	return sizeof(table) / sizeof(table[0]);
}

const struct mr_peering_location *
mr_peering_at(size_t i)
{
	return i < mr_peering_count() ? &table[i] : NULL;
}

const struct mr_peering_location *
mr_peering_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < mr_peering_count(); i++)
		if (strcasecmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}
