/*
 * rib_check.h - the invariants the routing table fuzz targets
 * (mrt_fuzz.c, frrjson_fuzz.c, birdtext_fuzz.c, gobgpjson_fuzz.c) check
 * on any input, abort() on failure:
 * - the reader returns MR_OK (errors in the input are findings, never a
 *   failure) with a rib of the format asked for;
 * - every route's prefix is a valid prefix of its family with its host
 *   bits clear, its arrays are there when their lengths say so, its
 *   origin one of the four values and its peer a string;
 * - at most MR_RIB_MAX_ERRORS errors are kept, no more than counted, and
 *   each error's offset lies inside the input (plain input only: a
 *   gzip stream's offsets are in the inflated bytes).
 */
#ifndef MR_RIB_CHECK_H
#define MR_RIB_CHECK_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "m365route/m365route.h"

static inline void
fz_rib(const uint8_t *data, size_t size, enum mr_rib_format fmt)
{
	struct mr_rib *rib = NULL;
	if (mr_rib_parse(data, size, fmt, &rib) != MR_OK || rib == NULL ||
	    rib->format != fmt)
		abort();
	for (size_t i = 0; i < rib->n_routes; i++) {
		const struct mr_rib_route *r = &rib->routes[i];
		const struct mr_prefix *p = &r->prefix;
		unsigned max = p->addr.family == MR_AF_INET    ? 32
		               : p->addr.family == MR_AF_INET6 ? 128
		                                               : 0;
		if (max == 0 || p->len > max)
			abort();
		for (unsigned b = p->len; b < max; b++)
			if (p->addr.bytes[b / 8] & (0x80 >> (b % 8)))
				abort();
		if ((r->as_path_len && r->as_path == NULL) ||
		    (r->n_communities && r->communities == NULL) ||
		    r->peer == NULL || strlen(r->peer) > 256)
			abort();
		if (r->origin > MR_ORIGIN_INCOMPLETE &&
		    r->origin != MR_ORIGIN_UNKNOWN)
			abort();
	}
	if (rib->n_errors > MR_RIB_MAX_ERRORS ||
	    rib->n_errors > rib->n_errors_total)
		abort();
	for (size_t i = 0; i < rib->n_errors; i++)
		if ((!rib->gzip && rib->errors[i].offset > size) ||
		    memchr(rib->errors[i].msg, 0, sizeof(rib->errors[i].msg)) ==
		        NULL)
			abort();
	mr_rib_free(rib);
}

#endif
