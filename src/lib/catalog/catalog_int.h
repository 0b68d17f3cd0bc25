/*
 * catalog_int.h - the catalog's private layout, shared by catalog.c (the
 * loader) and embedded.c.
 */
#ifndef MR_CATALOG_INT_H
#define MR_CATALOG_INT_H

#include "arena.h"
#include "m365route/endpoints.h"

struct mr_catalog {
	struct mr_arena *arena; /* owns everything below */
	const char *source;     /* name used in diagnostics */
	const char *instance;   /* NULL unless embedded */
	const char *date;       /* NULL unless embedded */
	size_t n;
	struct mr_endpoint_set *sets;
};

/* ---- digest.c: sorted views, shared with the catalog diff ---- */

/** Sets of c by ascending id (malloc'd, the caller frees). */
const struct mr_endpoint_set **mri_catalog_by_id(const struct mr_catalog *c);
/** The URLs of s, sorted, duplicates dropped (malloc'd). */
const char **mri_set_sorted_urls(const struct mr_endpoint_set *s, size_t *n);
/** The canonical prefixes of s as text, sorted, unique (one malloc). */
char **mri_set_sorted_ips(const struct mr_endpoint_set *s, size_t *n);

#endif
