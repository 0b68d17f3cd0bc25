/*
 * m365route/verify.h - the running network against the plan (issue #15,
 * section 1): a router's exported routing table (m365route/rib.h) judged
 * against what the plan's router representation (m365route/config.h,
 * built from the resolved network) says it should hold. Findings go to
 * the diagnostics sink with the MR-VER-* rules (docs/rules.md) and the
 * reader's errors as MR0301.
 */
#ifndef M365ROUTE_VERIFY_H
#define M365ROUTE_VERIFY_H

#include "common.h"
#include "config.h"
#include "diag.h"
#include "endpoints.h"
#include "rib.h"

/**
 * Check rib, the table router `router` exported (one of the plan's
 * routers: mr_config_router_find()), against the plan. src: the source
 * the rib was read from in d (mr_diags_add_source(); 0 when it has none:
 * binary MRT or gzip input, then messages say the byte offset).
 * An ExpressRoute circuit's router: every prefix its route filter admits
 * from Microsoft is there (MR-VER-1), nothing else from Microsoft
 * (MR-VER-2), no default or special-purpose route from Microsoft
 * (MR-VER-3), Microsoft's routes at the plan's local preference
 * (MR-VER-4) and, when the format says which path is best, Microsoft's
 * path best for each of them (MR-VER-5); a family the table lacks is
 * a note (MR-VER-6). With rib->advertised (what the router sends its
 * peer): to Microsoft exactly the plan's prefixes (MR-VER-7 an extra one,
 * MR-VER-8 a missing one); from an Internet edge, nothing advertised to
 * Microsoft or a circuit's NAT pool (MR-VER-9). MR_OK, MR_EINVAL (no
 * such router: message set), MR_ENOMEM.
 */
MR_API int mr_verify_router(const struct mr_config *cfg,
                            const struct mr_catalog *cat, const char *router,
                            const struct mr_rib *rib, uint32_t src,
                            struct mr_diags *d);

/**
 * Read router `router`'s table from path, as mr_rib_load_filtered() does,
 * keeping only the routes mr_verify_router() looks at for this router
 * (the findings on the result are those on the whole table): an MRT file
 * is streamed, so a full Internet table takes memory for the routes from
 * Microsoft and of the circuit's prefixes only. advertised: the table is
 * what the router advertises (sets rib->advertised). *out is freed with
 * mr_rib_free(). MR_OK, MR_EINVAL (no such router), mr_rib_load()'s
 * errors (MR_EIO, MR_EPARSE, MR_ENOMEM).
 */
MR_API int mr_verify_load(const struct mr_config *cfg,
                          const struct mr_catalog *cat, const char *router,
                          bool advertised, const char *path,
                          enum mr_rib_format fmt, struct mr_rib **out);

#endif
