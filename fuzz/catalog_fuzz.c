/*
 * catalog_fuzz.c - fuzz target for the endpoint feed loader: any bytes go
 * to mr_catalog_load_buffer(); a success must yield a catalog whose sets
 * are consistent, a failure no catalog and at least one error (or an
 * operational error code). Everything is freed each round.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "m365route/endpoints.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mr_catalog *c = NULL;
	struct mr_diags *d = NULL;
	size_t i, k, bad;
	int rc;

	if (mr_diags_new(&d) != MR_OK)
		return 0;
	rc = mr_catalog_load_buffer(&c, "fuzz.json", (const char *)data, size,
	                            d);
	if (rc == MR_OK) {
		if (c == NULL || mr_diags_errors(d) != 0 ||
		    mr_catalog_count(c) == 0)
			abort();
		for (i = 0; i < mr_catalog_count(c); i++) {
			const struct mr_endpoint_set *s = mr_catalog_set(c, i);
			if (s->service_area == NULL || s->at.end > size)
				abort();
			for (k = 0; k < s->n_urls; k++)
				if (mr_pattern_check(s->urls[k],
				                     strlen(s->urls[k]),
				                     &bad) != NULL)
					abort();
			for (k = 0; k < s->n_tcp; k++)
				if (s->tcp[k].lo > s->tcp[k].hi)
					abort();
		}
	} else if (c != NULL || (rc == MR_EPARSE && mr_diags_errors(d) == 0)) {
		abort();
	}
	for (i = 0; i < mr_diags_count(d); i++) {
		const struct mr_diag *g = mr_diags_get(d, i);
		uint32_t line, col;
		if (g->at.start > g->at.end || g->at.end > size ||
		    mr_diags_locate(d, g->at.src, g->at.start, &line, &col) !=
		        MR_OK)
			abort();
	}
	mr_catalog_free(c);
	mr_diags_free(d);
	return 0;
}
