/*
 * m365route/config.h - router configuration from the resolved network
 * (docs/config.md): one router per ExpressRoute circuit with a Microsoft
 * peering (it terminates the circuit's primary and secondary links) and
 * one per Internet circuit (the Internet edge), each rendered in one of
 * the formats (frr, bird, nftables, ios-xe, junos).
 *
 * The configuration is read from the resolved network (m365route/
 * resolve.h) and the design it borrows; nothing here decides routing
 * again. A struct mr_config borrows the network, which must outlive it.
 */
#ifndef M365ROUTE_CONFIG_H
#define M365ROUTE_CONFIG_H

#include "common.h"
#include "diag.h"
#include "endpoints.h"
#include "resolve.h"

struct mr_config;

/**
 * The routers of network n. cat: the catalog whose ExpressRoute prefixes
 * size each circuit's maximum-prefix limit (docs/config.md). d: the
 * diagnostics the design was loaded with, whose sources give every block
 * its design line (NULL: lines are 0). Refuses (MR_EINVAL, message in
 * mr_error_last()) a design whose names could inject configuration.
 * MR_OK, MR_EINVAL or MR_ENOMEM. Free with mr_config_free().
 */
MR_API int mr_config_new(struct mr_config **out, const struct mr_net *n,
                         const struct mr_catalog *cat,
                         const struct mr_diags *d);
MR_API void mr_config_free(struct mr_config *c);

/** How many routers, and router i's name (NULL when out of range). */
MR_API size_t mr_config_router_count(const struct mr_config *c);
MR_API const char *mr_config_router_name(const struct mr_config *c, size_t i);
/** The router named name, or SIZE_MAX. */
MR_API size_t mr_config_router_find(const struct mr_config *c,
                                    const char *name);

/** The formats, in the order of --format's help: "frr", "bird", ... */
MR_API size_t mr_config_format_count(void);
MR_API const char *mr_config_format_name(size_t i);
/** Format i's file name suffix ("frr.conf", "nft"), NULL out of range. */
MR_API const char *mr_config_format_ext(size_t i);
/** The format named name, or SIZE_MAX. */
MR_API size_t mr_config_format_find(const char *name);

/**
 * Router i in format f into *text (NUL-terminated, *len bytes; free with
 * free()). MR_EINVAL, with a message naming what, when the format cannot
 * express something the design uses (or is not written yet): then *text
 * is NULL. MR_OK, MR_EINVAL or MR_ENOMEM.
 */
MR_API int mr_config_render(const struct mr_config *c, size_t i, size_t f,
                            char **text, size_t *len);

#endif
