/*
 * erfacts.c - Microsoft's ExpressRoute numbers shared by check (lint),
 * simulate (sim) and usage: ASN classes and circuit bandwidth tiers, in
 * one place so the rooms cannot drift apart.
 *
 * Sources: RFC 6996 (private-use ASNs), RFC 5398 (documentation ASNs,
 * 64496-64511 and 65536-65551), RFC 6793 (AS_TRANS), RFC 7300 (65535 and
 * 4294967295), IANA's AS number registry (0 and 65552-131071 reserved); Microsoft Learn, "ExpressRoute FAQ" (bandwidths
 * offered through providers and on ExpressRoute Direct) and "Network
 * planning and optimization with ExpressRoute" (20-50 % headroom).
 * Complexity: O(number of tiers) per lookup (at most eight).
 */
#include "erfacts.h"

static const uint32_t provider[] = {50, 100, 200, 500, 1000, 2000, 5000, 10000};
static const uint32_t direct_ports[] = {1000, 2000, 5000, 10000, 40000, 100000};

bool
mri_asn_private(uint32_t asn)
{
	return (asn >= 64512 && asn <= 65534) ||
	       (asn >= 4200000000u && asn <= 4294967294u);
}

bool
mri_asn_reserved(uint32_t asn)
{
	return asn == 0 || asn == 12076 || asn == 23456 ||
	       (asn >= 64496 && asn <= 64511) || /* documentation */
	       (asn >= 65515 && asn <= 65520) || /* Microsoft internal */
	       asn == 65535 ||
	       (asn >= 65536 && asn <= 65551) ||  /* documentation, 32-bit */
	       (asn >= 65552 && asn <= 131071) || /* IANA reserved */
	       asn == 4294967295u;
}

const uint32_t *
mri_er_tiers(bool direct, size_t *count)
{
	if (direct) {
		*count = sizeof(direct_ports) / sizeof(direct_ports[0]);
		return direct_ports;
	}
	*count = sizeof(provider) / sizeof(provider[0]);
	return provider;
}

bool
mri_er_tier_offered(uint32_t mbps, bool direct)
{
	size_t i, n;
	const uint32_t *t = mri_er_tiers(direct, &n);

	for (i = 0; i < n; i++)
		if (t[i] == mbps)
			return true;
	return false;
}
