/*
 * erfacts.c - Microsoft's ExpressRoute numbers shared by check (lint),
 * the resolved network, simulate (sim) and usage: ASN classes, the
 * special-purpose address space Microsoft refuses, and circuit bandwidth
 * tiers, in one place so the rooms cannot drift apart.
 *
 * Sources: RFC 6996 (private-use ASNs), RFC 5398 (documentation ASNs,
 * 64496-64511 and 65536-65551), RFC 6793 (AS_TRANS), RFC 7300 (65535 and
 * 4294967295), IANA's AS number registry (0 and 65552-131071 reserved); Microsoft Learn, "ExpressRoute FAQ" (bandwidths
 * offered through providers and on ExpressRoute Direct) and "Network
 * planning and optimization with ExpressRoute" (20-50 % headroom).
 * Complexity: O(number of tiers) per lookup (at most eight).
 */
#include "erfacts.h"

#include <string.h>

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

bool
mri_prefix_within(const struct mr_prefix *b, const struct mr_prefix *a)
{
	unsigned full, rest, i;

	if (a->addr.family != b->addr.family || a->len > b->len)
		return false;
	full = a->len / 8;
	rest = a->len % 8;
	for (i = 0; i < full; i++)
		if (a->addr.bytes[i] != b->addr.bytes[i])
			return false;
	if (rest != 0) {
		unsigned char m = (unsigned char)(0xffu << (8 - rest));
		if ((a->addr.bytes[full] & m) != (b->addr.bytes[full] & m))
			return false;
	}
	return true;
}

/* IANA IPv4/IPv6 special-purpose registries: the ranges Microsoft names
 * (RFC 1918, 100.64.0.0/10) and the ones it would never route. */
static const struct {
	uint8_t family, len;
	uint8_t bytes[16];
	const char *what;
} specials[] = {
    {MR_AF_INET, 8, {0}, "\"this network\" space (RFC 791)"},
    {MR_AF_INET, 8, {10}, "private space (RFC 1918)"},
    {MR_AF_INET, 10, {100, 64}, "shared CGNAT space (RFC 6598)"},
    {MR_AF_INET, 8, {127}, "loopback space"},
    {MR_AF_INET, 16, {169, 254}, "link-local space"},
    {MR_AF_INET, 12, {172, 16}, "private space (RFC 1918)"},
    {MR_AF_INET, 24, {192, 0, 0}, "IETF protocol assignment space"},
    {MR_AF_INET, 24, {192, 0, 2}, "documentation space (RFC 5737)"},
    {MR_AF_INET, 16, {192, 168}, "private space (RFC 1918)"},
    {MR_AF_INET, 15, {198, 18}, "benchmarking space (RFC 2544)"},
    {MR_AF_INET, 24, {198, 51, 100}, "documentation space (RFC 5737)"},
    {MR_AF_INET, 24, {203, 0, 113}, "documentation space (RFC 5737)"},
    {MR_AF_INET, 4, {224}, "multicast space"},
    {MR_AF_INET, 4, {240}, "reserved space (RFC 1112)"},
    {MR_AF_INET6, 128, {0}, "the unspecified address"},
    {MR_AF_INET6, 128, {[15] = 1}, "loopback"},
    {MR_AF_INET6, 96, {[10] = 0xff, [11] = 0xff}, "IPv4-mapped space"},
    {MR_AF_INET6, 64, {0x01, 0x00}, "discard-only space (RFC 6666)"},
    {MR_AF_INET6,
     32,
     {0x20, 0x01, 0x0d, 0xb8},
     "documentation space (RFC 3849)"},
    {MR_AF_INET6, 20, {0x3f, 0xff}, "documentation space (RFC 9637)"},
    {MR_AF_INET6, 7, {0xfc}, "unique local space (RFC 4193)"},
    {MR_AF_INET6, 10, {0xfe, 0x80}, "link-local space"},
    {MR_AF_INET6, 8, {0xff}, "multicast space"},
};

#define N_SPECIAL (sizeof(specials) / sizeof(specials[0]))

size_t
mri_special_count(void)
{
	return N_SPECIAL;
}

const char *
mri_special_at(size_t i, struct mr_prefix *out)
{
	if (i >= N_SPECIAL)
		return NULL;
	memset(out, 0, sizeof(*out));
	out->addr.family = specials[i].family;
	memcpy(out->addr.bytes, specials[i].bytes, 16);
	out->len = specials[i].len;
	return specials[i].what;
}

/* What special-purpose space p lies in, or NULL for public space and for
 * the default route (reported by its own rule). */
const char *
mri_prefix_special(const struct mr_prefix *p)
{
	size_t i;

	if (p->len == 0)
		return NULL;
	for (i = 0; i < N_SPECIAL; i++) {
		struct mr_prefix sp;
		const char *what = mri_special_at(i, &sp);
		if (mri_prefix_within(p, &sp))
			return what;
	}
	return NULL;
}
