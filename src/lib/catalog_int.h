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

#endif
