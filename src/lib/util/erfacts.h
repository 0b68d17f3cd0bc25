/*
 * erfacts.h - Microsoft's ExpressRoute numbers that several rooms use,
 * defined once (erfacts.c): which ASNs can be validated against a routing
 * registry, the circuit bandwidths Microsoft offers, and the headroom its
 * planning guide asks for.
 */
#ifndef MR_ERFACTS_H
#define MR_ERFACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "m365route/prefix.h"

/** Private-use ASNs (RFC 6996): 64512-65534, 4200000000-4294967294.
 * Microsoft strips them from the AS path it keeps. */
bool mri_asn_private(uint32_t asn);
/** ASNs no one may peer with publicly, none of which a routing registry
 * can validate: 0, Microsoft's 12076, AS_TRANS 23456, the documentation
 * ranges 64496-64511 and 65536-65551, Microsoft's internal 65515-65520,
 * 65535, IANA's reserved 65552-131071 and 4294967295. */
bool mri_asn_reserved(uint32_t asn);

/**
 * The special-purpose space (IANA's IPv4 and IPv6 registries: private,
 * shared, loopback, link-local, documentation, benchmarking, multicast,
 * reserved, ...) that p lies in, as a phrase ("private space (RFC 1918)"),
 * or NULL for public space and for the default route. Microsoft accepts
 * no such prefix over Microsoft peering.
 */
const char *mri_prefix_special(const struct mr_prefix *p);
/** The special-purpose table itself, for the router configuration's
 * bogon filter: its size, and entry i into *out with its phrase (NULL
 * when i is out of range). */
size_t mri_special_count(void);
const char *mri_special_at(size_t i, struct mr_prefix *out);
/** Whether prefix b lies within prefix a (same family, a no longer). */
bool mri_prefix_within(const struct mr_prefix *b, const struct mr_prefix *a);

/** Most prefixes one Microsoft peering session accepts per address
 * family; past it Microsoft drops the session. */
#define MRI_ER_MAX_PREFIXES 200

/** Circuit bandwidths in Mbps, ascending: through a provider (50 Mbps to
 * 10 Gbps) or on ExpressRoute Direct ports (1 to 100 Gbps). */
const uint32_t *mri_er_tiers(bool direct, size_t *count);
/** Whether mbps is a bandwidth Microsoft offers (provider or Direct). */
bool mri_er_tier_offered(uint32_t mbps, bool direct);

/** The share of a circuit that planned demand may use: Microsoft's
 * planning guide asks for 20-50 % headroom, so at most 0.8 of it. */
#define MRI_ER_MAX_USE 0.8

#endif
