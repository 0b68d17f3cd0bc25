/*
 * m365route/m365route.h - umbrella header of libm365route.
 */
#ifndef M365ROUTE_H
#define M365ROUTE_H

#include "bgp.h"
#include "common.h"
#include "config.h"
#include "design.h"
#include "diag.h"
#include "dnsconf.h"
#include "endpoints.h"
#include "feed.h"
#include "geo.h"
#include "json.h"
#include "lint.h"
#include "logscan.h"
#include "match.h"
#include "pac.h"
#include "pacaudit.h"
#include "peering.h"
#include "prefix.h"
#include "resolve.h"
#include "rib.h"
#include "sim.h"
#include "usage.h"
#include "verify.h"

#endif
