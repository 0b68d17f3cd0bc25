/*
 * communities.h - the one table of BGP communities Microsoft attaches to
 * the routes it advertises over ExpressRoute Microsoft peering: names used
 * in designs (route_filter: [exchange, ...]) <-> 12076:value.
 */
#ifndef MR_COMMUNITIES_H
#define MR_COMMUNITIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Microsoft's ASN on ExpressRoute; every community in the table uses it. */
#define MR_MICROSOFT_ASN 12076

/**
 * Look up a community written as a name ("exchange", any case, aliases
 * such as "teams" included) or as "ASN:VALUE" with both parts decimal in
 * 0..65535 (any such pair is accepted, known or not). s need not be
 * NUL-terminated. Returns 0 and sets *asn, *value, or MR_ENOTFOUND.
 */
int mri_community_lookup(const char *name, size_t len, uint16_t *asn,
                         uint16_t *value);
/** The canonical name of asn:value, or NULL if it is not in the table. */
const char *mri_community_name(uint16_t asn, uint16_t value);
/**
 * Whether 12076:value is a Microsoft 365 service community (Exchange,
 * SharePoint, Skype/Teams, Other, and their US Government twins): the ones
 * that need the subscription's Microsoft 365 authorisation.
 */
bool mri_community_is_m365(uint16_t value);

/** Iteration over the table's canonical entries (aliases excluded). */
size_t mri_community_count(void);
/** Entry i: returns its name and sets *value and *what (a description). */
const char *mri_community_at(size_t i, uint16_t *value, const char **what);
/**
 * The table name (canonical or alias) closest to s[0..len) by edit
 * distance, if within 2 edits; else NULL. For "did you mean".
 */
const char *mri_community_suggest(const char *s, size_t len);

#endif
