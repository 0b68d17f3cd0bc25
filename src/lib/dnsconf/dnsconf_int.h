/*
 * dnsconf_int.h - the dnsconf room's own declarations: the zone list
 * behind the opaque struct mr_dnsconf_zones (zones.c), read by the
 * writers (dnsconf.c).
 */
#ifndef MR_DNSCONF_INT_H
#define MR_DNSCONF_INT_H

#include "m365route/dnsconf.h"

struct mr_dnsconf_zones {
	struct mr_dnsconf_zone *v; /* sorted by name, each once; owned */
	char **blk; /* blk[i]: zone i's name and example, one allocation */
	size_t n;
	enum mr_dnsconf_scope scope;
};

#endif
