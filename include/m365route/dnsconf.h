/*
 * m365route/dnsconf.h - conditional forwarders for the Microsoft 365 zones
 * (`m365route dns`, and plan's dns/ directory): the seed's "DNS forwarding
 * ... to allow remote offices to discover the appropriate endpoint", as
 * BIND 9, Unbound, dnsmasq or Windows DNS Server configuration.
 *
 * The zones are derived from the catalog (the registrable domains of its
 * URL patterns, mr_dnsconf_zones()); which sites forward, and to whom,
 * from the resolved network (mr_net_site()->dns_site, mr_net_dns()):
 * nothing here decides DNS forwarding again. docs/dns.md explains both.
 */
#ifndef M365ROUTE_DNSCONF_H
#define M365ROUTE_DNSCONF_H

#include "common.h"
#include "diag.h"
#include "endpoints.h"
#include "resolve.h"

/** The resolver software a configuration is written for. */
enum mr_dnsconf_format {
	MR_DNSCONF_BIND = 0, /* BIND 9 zone statements (named.conf include) */
	MR_DNSCONF_UNBOUND,  /* Unbound forward-zone: clauses */
	MR_DNSCONF_DNSMASQ,  /* dnsmasq server=/zone/addr lines */
	MR_DNSCONF_WINDOWS   /* Windows DNS Server PowerShell */
};

/** Which of the catalog's zones are forwarded. */
enum mr_dnsconf_scope {
	/* The zones holding at least one ExpressRoute URL pattern: the
	 * names whose traffic leaves by the circuit near the forwarder
	 * (the default; docs/dns.md says why). */
	MR_DNSCONF_ZONES_ER = 0,
	/* Every zone of the catalog's URL patterns. */
	MR_DNSCONF_ZONES_ALL
};

/** One zone: a registrable domain of the catalog's URL patterns. */
struct mr_dnsconf_zone {
	const char *name;    /* lowercase, a valid DNS name, no final dot */
	bool er;             /* one of its patterns is ExpressRoute */
	size_t n_patterns;   /* the distinct URL patterns in it */
	const char *example; /* its first pattern (ExpressRoute first) */
	int64_t set_id;      /* the endpoint set of that pattern */
};

struct mr_dnsconf_zones;

/**
 * The zones of cat's URL patterns in scope, sorted by name, each once. A
 * pattern's zone is the registrable domain of its labels right of the
 * last wildcard (`*.sharepoint.com`, `*-files.sharepoint.com` and
 * `contoso.sharepoint.com` -> sharepoint.com), by our public-suffix
 * table (docs/dns.md). A pattern that yields no valid zone (it covers a
 * public suffix, or is no DNS name) is refused: MR_EINVAL, naming it in
 * mr_error_last(); nothing of a hostile feed reaches a configuration.
 * Returns MR_OK and *out (free with mr_dnsconf_zones_free()), MR_EINVAL
 * or MR_ENOMEM. The zones borrow nothing from cat.
 */
MR_API int mr_dnsconf_zones(struct mr_dnsconf_zones **out,
                            const struct mr_catalog *cat,
                            enum mr_dnsconf_scope scope);
MR_API void mr_dnsconf_zones_free(struct mr_dnsconf_zones *z);
MR_API size_t mr_dnsconf_zones_count(const struct mr_dnsconf_zones *z);
/** Zone i (< count), else NULL. */
MR_API const struct mr_dnsconf_zone *
mr_dnsconf_zone(const struct mr_dnsconf_zones *z, size_t i);

/**
 * The registrable domain of host-name pattern pat (lowercase, as the
 * catalog holds it) into buf (cap bytes): its labels right of the last
 * label holding a '*', cut to one label more than their public suffix.
 * Returns its length, or 0 when there is none (the rest is a public
 * suffix or empty, a label is no DNS label, or it does not fit).
 */
MR_API size_t mr_dnsconf_registrable(const char *pat, char *buf, size_t cap);

/** Whether s[0..len) is a DNS name we print: 2..127 labels of 1..63
 * letters, digits and inner hyphens, 253 bytes at most, no final dot. */
MR_API bool mr_dnsconf_name_ok(const char *s, size_t len);

/**
 * The site site's resolvers forward their Microsoft 365 names to (the
 * next site of its chain, mr_net_dns()), or MR_NONE when site resolves
 * them itself (dns: microsoft365: local) or is out of range.
 */
MR_API uint32_t mr_dnsconf_upstream(const struct mr_net *n, uint32_t site);

/** What a generated file's opening comment names. */
struct mr_dnsconf_opts {
	enum mr_dnsconf_format format;
	/* Locates the design's lines (the diagnostics the design was loaded
	 * with); NULL: the comment names the file without lines. */
	const struct mr_diags *diags;
	const char *catalog_name;   /* "worldwide 2025-11-14", a file name */
	const char *catalog_digest; /* mr_catalog_digest(), or NULL */
};

#define MR_DNSCONF_OPTS_INIT                                                   \
	{                                                                      \
		MR_DNSCONF_BIND, NULL, NULL, NULL                              \
	}

/**
 * Site site's conditional forwarders for every zone of z, in o->format:
 * to the resolvers of mr_dnsconf_upstream(), `forward only` or `first`
 * as its dns: fallback says. The text opens with comments naming the
 * design file and lines, the catalog and the scope. *out is malloc'd,
 * NUL-terminated (free()). Returns MR_OK; MR_EINVAL when the site
 * forwards nothing, its upstream has no resolvers, z is empty, or the
 * format cannot express the design (dnsmasq and fallback: local), with
 * the reason in mr_error_last() and *out NULL; MR_ENOMEM.
 */
MR_API int mr_dnsconf_write(char **out, size_t *len, const struct mr_net *n,
                            const struct mr_dnsconf_zones *z, uint32_t site,
                            const struct mr_dnsconf_opts *o);

/** "bind", "unbound", "dnsmasq", "windows"; NULL when out of range. */
MR_API const char *mr_dnsconf_format_name(enum mr_dnsconf_format f);
/** The file name suffix plan and `dns -o DIR` give a site's file:
 * ".named.conf", ".unbound.conf", ".dnsmasq.conf", ".ps1". */
MR_API const char *mr_dnsconf_format_ext(enum mr_dnsconf_format f);

#endif
