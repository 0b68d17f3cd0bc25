/*
 * communities.c - the BGP communities of ExpressRoute Microsoft peering,
 * once (communities.h). Designs name them in route filters; the linter and
 * the generators ask this table whether a value is known and whether it is
 * a Microsoft 365 one.
 *
 * Spec: Microsoft Learn, "ExpressRoute routing requirements", section
 * "Support for BGP communities" (ms.date 03/12/2026; service table, US
 * Government table, regional table for Microsoft peering, 12076:510xx),
 * and "Using BGP communities in ExpressRoute for Office 365 scenarios"
 * (6/26/2018: the Office 365 set is 12076:5010, 5020, 5030, 5100; location
 * communities are not supported for Office 365).
 *
 * Layout: one static array of {name, value, canonical, description};
 * aliases ("teams", "azure-ad", ...) are rows with canonical = false that
 * follow no particular order. Every community uses ASN 12076.
 * Invariants: names are lowercase [a-z0-9-], unique; each value has exactly
 * one canonical row.
 * Complexity: lookups are linear scans of ~80 rows (route filters hold a
 * handful of entries; nothing here is on a hot path).
 */
#include "communities.h"

#include <string.h>
#include <strings.h>

#include "m365route/common.h"
#include "text.h"

struct community {
	const char *name;
	uint16_t value;
	bool canonical;
	const char *what;
};

static const struct community table[] = {
    /* services (Microsoft peering) */
    {"exchange", 5010, true, "Exchange Online (and EOP)"},
    {"sharepoint", 5020, true, "SharePoint Online"},
    {"skype", 5030, true, "Skype for Business Online and Microsoft Teams"},
    {"teams", 5030, false, NULL},
    {"crm", 5040, true, "CRM Online / Dynamics 365 (v8.2 and earlier)"},
    {"dynamics", 5040, false, NULL},
    {"azure-global", 5050, true, "Azure Global Services (Azure DevOps)"},
    {"entra-id", 5060, true, "Microsoft Entra ID"},
    {"azure-ad", 5060, false, NULL},
    {"arm", 5070, true, "Azure Resource Manager"},
    {"other", 5100, true, "Other Office 365 Online services"},
    {"other-office365", 5100, false, NULL},
    {"defender-identity", 5220, true, "Microsoft Defender for Identity"},
    {"pstn", 5250, true, "Microsoft PSTN services (Azure SIP Trunking)"},
    /* US Government services */
    {"usgov-exchange", 5110, true, "USGov Exchange Online"},
    {"usgov-sharepoint", 5120, true, "USGov SharePoint Online"},
    {"usgov-skype", 5130, true, "USGov Skype for Business Online"},
    {"usgov-entra-id", 5160, true, "USGov Microsoft Entra ID"},
    {"usgov-other", 5200, true, "USGov Other Office 365 Online services"},
    /* regional communities on Microsoft peering (12076:510xx) */
    {"west-europe", 51002, true, "West Europe"},
    {"north-europe", 51003, true, "North Europe"},
    {"east-us", 51004, true, "East US"},
    {"east-us-2", 51005, true, "East US 2"},
    {"west-us", 51006, true, "West US"},
    {"north-central-us", 51007, true, "North Central US"},
    {"south-central-us", 51008, true, "South Central US"},
    {"central-us", 51009, true, "Central US"},
    {"east-asia", 51010, true, "East Asia"},
    {"southeast-asia", 51011, true, "Southeast Asia"},
    {"japan-east", 51012, true, "Japan East"},
    {"japan-west", 51013, true, "Japan West"},
    {"brazil-south", 51014, true, "Brazil South"},
    {"australia-east", 51015, true, "Australia East"},
    {"australia-southeast", 51016, true, "Australia Southeast"},
    {"india-central", 51017, true, "India Central"},
    {"india-west", 51018, true, "India West"},
    {"india-south", 51019, true, "India South"},
    {"canada-central", 51020, true, "Canada Central"},
    {"canada-east", 51021, true, "Canada East"},
    {"uk-south", 51024, true, "UK South"},
    {"uk-west", 51025, true, "UK West"},
    {"west-us-2", 51026, true, "West US 2"},
    {"west-central-us", 51027, true, "West Central US"},
    {"korea-south", 51028, true, "Korea South"},
    {"korea-central", 51029, true, "Korea Central"},
    {"france-central", 51030, true, "France Central"},
    {"france-south", 51031, true, "France South"},
    {"australia-central", 51032, true, "Australia Central"},
    {"australia-central-2", 51033, true, "Australia Central 2"},
    {"south-africa-north", 51034, true, "South Africa North"},
    {"south-africa-west", 51035, true, "South Africa West"},
    {"uae-north", 51036, true, "UAE North"},
    {"uae-central", 51037, true, "UAE Central"},
    {"switzerland-north", 51038, true, "Switzerland North"},
    {"switzerland-west", 51039, true, "Switzerland West"},
    {"germany-north", 51040, true, "Germany North"},
    {"germany-west-central", 51041, true, "Germany West Central"},
    {"norway-east", 51042, true, "Norway East"},
    {"norway-west", 51043, true, "Norway West"},
    {"west-us-3", 51044, true, "West US 3"},
    {"new-zealand-north", 51059, true, "New Zealand North"},
    /* US Government and DoD regions, China (21Vianet) regions */
    {"usgov-virginia", 51105, true, "US Gov Virginia"},
    {"usgov-arizona", 51106, true, "US Gov Arizona"},
    {"usgov-texas", 51108, true, "US Gov Texas"},
    {"usgov-iowa", 51109, true, "US Gov Iowa"},
    {"usdod-east", 51205, true, "US DoD East"},
    {"usdod-central", 51209, true, "US DoD Central"},
    {"china-north", 51301, true, "China North"},
    {"china-east", 51302, true, "China East"},
    {"china-east-2", 51303, true, "China East 2"},
    {"china-north-2", 51304, true, "China North 2"},
    {"china-north-3", 51305, true, "China North 3"},
};

#define N_TABLE (sizeof(table) / sizeof(table[0]))

/* Decimal 0..65535 from s[0..n), no sign, no leading '+'. */
static bool
parse_u16(const char *s, size_t n, uint16_t *out)
{
	uint64_t v;

	if (n > 5 || !mri_dec_u64(s, n, &v) || v > 65535)
		return false;
	*out = (uint16_t)v;
	return true;
}

int
mri_community_lookup(const char *name, size_t len, uint16_t *asn,
                     uint16_t *value)
{
	const char *colon;
	size_t i;

	if (name == NULL)
		return MR_ENOTFOUND;
	colon = memchr(name, ':', len);
	if (colon != NULL) {
		uint16_t a, v;
		if (!parse_u16(name, (size_t)(colon - name), &a) ||
		    !parse_u16(colon + 1, len - (size_t)(colon - name) - 1, &v))
			return MR_ENOTFOUND;
		*asn = a;
		*value = v;
		return MR_OK;
	}
	for (i = 0; i < N_TABLE; i++)
		if (strlen(table[i].name) == len &&
		    strncasecmp(table[i].name, name, len) == 0) {
			*asn = MR_MICROSOFT_ASN;
			*value = table[i].value;
			return MR_OK;
		}
	return MR_ENOTFOUND;
}

const char *
mri_community_name(uint16_t asn, uint16_t value)
{
	size_t i;

	if (asn != MR_MICROSOFT_ASN)
		return NULL;
	for (i = 0; i < N_TABLE; i++)
		if (table[i].canonical && table[i].value == value)
			return table[i].name;
	return NULL;
}

bool
mri_community_is_m365(uint16_t value)
{
	switch (value) {
	case 5010:
	case 5020:
	case 5030:
	case 5100:
	case 5110:
	case 5120:
	case 5130:
	case 5200:
		return true;
	default:
		return false;
	}
}

size_t
mri_community_count(void)
{
	size_t i, n = 0;

	for (i = 0; i < N_TABLE; i++)
		n += table[i].canonical;
	return n;
}

const char *
mri_community_at(size_t k, uint16_t *value, const char **what)
{
	size_t i;

	for (i = 0; i < N_TABLE; i++) {
		if (!table[i].canonical)
			continue;
		if (k-- == 0) {
			*value = table[i].value;
			*what = table[i].what;
			return table[i].name;
		}
	}
	return NULL;
}

const char *
mri_community_suggest(const char *s, size_t len)
{
	const char *best = NULL;
	size_t i, bd = 3;

	for (i = 0; i < N_TABLE; i++) {
		size_t d = mri_edit_distance(s, len, table[i].name,
		                             strlen(table[i].name), bd);
		if (d < bd) {
			bd = d;
			best = table[i].name;
		}
	}
	return best;
}
