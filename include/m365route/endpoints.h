/*
 * m365route/endpoints.h - the Microsoft 365 endpoint catalog: the array of
 * endpoint sets returned by https://endpoints.office.com/endpoints/<instance>
 * (Microsoft 365 IP Address and URL web service, ms.date 2025-01-08).
 *
 * A loaded catalog is immutable and owns all of its memory (one arena).
 * Loading is tolerant of what the real feed does (unknown keys, missing
 * urls/ips/ports/notes, "143, 587" port lists, unknown service areas such as
 * MEM, booleans written as "true"/"false") and strict about what could hurt
 * a generated PAC file or router configuration: every URL must be a valid
 * lowercase hostname pattern and every IP a valid CIDR. Any error-level
 * finding rejects the whole feed: no partial catalog is ever returned.
 */
#ifndef M365ROUTE_ENDPOINTS_H
#define M365ROUTE_ENDPOINTS_H

#include "common.h"
#include "diag.h"
#include "prefix.h"

/** Categories in priority order: a higher value wins on overlap. */
enum mr_category { MR_CAT_DEFAULT = 0, MR_CAT_ALLOW = 1, MR_CAT_OPTIMIZE = 2 };

struct mr_port_range {
	uint16_t lo;
	uint16_t hi;
};

/** One endpoint set, as published. Read-only; owned by the catalog. */
struct mr_endpoint_set {
	int64_t id;
	const char *service_area;         /* as published: "Exchange", "MEM" */
	const char *service_area_display; /* NULL if absent */
	enum mr_category category;
	bool express_route;
	bool required;
	const char *notes;     /* NULL if absent */
	const char *tcp_ports; /* normalised "80,443", NULL if absent */
	const char *udp_ports;
	size_t n_tcp;
	const struct mr_port_range *tcp;
	size_t n_udp;
	const struct mr_port_range *udp;
	size_t n_urls;
	const char *const *urls; /* validated, lowercase hostname patterns */
	size_t n_ips;
	const struct mr_prefix *ips; /* normalised (host bits cleared) */
	struct mr_span at;           /* the set's object in the source */
};

struct mr_catalog;

/**
 * Load a catalog from a buffer holding the JSON array. name is used in
 * diagnostics (e.g. the file name). Findings go to d (required).
 * Returns MR_OK and *out, or MR_EPARSE (error-level findings in d),
 * MR_ENOMEM. On failure *out is NULL.
 */
MR_API int mr_catalog_load_buffer(struct mr_catalog **out, const char *name,
                                  const char *text, size_t len,
                                  struct mr_diags *d);

/** Same from a file; path "-" reads standard input. MR_EIO if unreadable. */
MR_API int mr_catalog_load_file(struct mr_catalog **out, const char *path,
                                struct mr_diags *d);

/**
 * Load one of the snapshots compiled into the library. instance is matched
 * case-insensitively: "worldwide", "china", "usgovdod", "usgovgcchigh".
 * MR_ENOTFOUND for another name.
 */
MR_API int mr_catalog_load_embedded(struct mr_catalog **out,
                                    const char *instance, struct mr_diags *d);

/** The embedded instances: count, canonical name ("Worldwide"), date. */
MR_API size_t mr_embedded_count(void);
MR_API const char *mr_embedded_name(size_t i);
MR_API const char *mr_embedded_date(size_t i);

MR_API void mr_catalog_free(struct mr_catalog *c);

MR_API size_t mr_catalog_count(const struct mr_catalog *c);
MR_API const struct mr_endpoint_set *mr_catalog_set(const struct mr_catalog *c,
                                                    size_t i);
/** "Worldwide", ... for embedded catalogs; NULL when loaded from a file. */
MR_API const char *mr_catalog_instance(const struct mr_catalog *c);
/** The source name: a file name, "<stdin>" or "<embedded:Worldwide>". */
MR_API const char *mr_catalog_source(const struct mr_catalog *c);
/** The snapshot date of an embedded catalog ("YYYY-MM-DD"), else NULL. */
MR_API const char *mr_catalog_date(const struct mr_catalog *c);

MR_API const char *mr_category_name(enum mr_category c);

/**
 * Check a hostname pattern as the feed may carry it: [a-z0-9.*-], labels of
 * 1..63 characters, at most 253 in all, no empty label, no literal label
 * starting or ending with '-', at least one literal label. Returns NULL when
 * valid, else a static reason, with *bad set to the offending offset.
 */
MR_API const char *mr_pattern_check(const char *s, size_t len, size_t *bad);

/* ---- the catalog digest (catalog/digest.c) ---- */

#define MR_DIGEST_LEN 64 /* SHA-256, lowercase hex */

/**
 * SHA-256 of a catalog's routing content, as 64 lowercase hex digits. The
 * canonical text hashed is, after the line "m365route-catalog-digest v1":
 * for each set in ascending id order one line
 *   "set <id> <serviceArea> <category> er=<0|1> required=<0|1>"
 * then "url <pattern>" per URL (sorted, duplicates dropped) and
 * "ip <canonical prefix>" per prefix (sorted, duplicates dropped), each
 * line ending in "\n". Ports, notes and display names are not part of it:
 * they change neither PAC files nor router prefix lists. Two catalogs with
 * the same digest produce the same artefacts. MR_ENOMEM or MR_OK.
 */
MR_API int mr_catalog_digest(char out[MR_DIGEST_LEN + 1],
                             const struct mr_catalog *c);

#endif
