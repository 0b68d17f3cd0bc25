/*
 * mrt_fuzz.c - fuzz target for the MRT (RFC 6396) reader (rib_mrt.c).
 *
 * Input: any bytes, read as that format (gzip too, when they start with
 * its magic). Checks the invariants of rib_check.h, and that the reader
 * over a file stream (mr_rib_load_filtered(): 1 MiB blocks, gzip inflated
 * as read) gives what the reader over memory (mr_rib_parse()) gives: the
 * same routes, errors and offsets, in the same order.
 */
#define _GNU_SOURCE
#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "rib_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
same_as_stream(const uint8_t *data, size_t size)
{
	int fd = memfd_create("mrt_fuzz", 0);
	if (fd < 0)
		return; /* no memfd: the memory reader alone */
	if (size > 0 && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	struct mr_rib *m = NULL, *s = NULL;
	if (mr_rib_parse(data, size, MR_RIB_MRT, &m) != MR_OK ||
	    mr_rib_load_filtered(path, MR_RIB_MRT, NULL, &s) != MR_OK)
		abort();
	if (m->n_routes != s->n_routes || m->gzip != s->gzip ||
	    m->updates != s->updates || m->n_errors != s->n_errors ||
	    m->n_errors_total != s->n_errors_total ||
	    s->n_read[0] + s->n_read[1] != s->n_routes)
		abort();
	for (size_t i = 0; i < m->n_routes; i++) {
		const struct mr_rib_route *a = &m->routes[i],
		                          *b = &s->routes[i];
		if (mr_prefix_cmp(&a->prefix, &b->prefix) != 0 ||
		    a->offset != b->offset || a->withdrawn != b->withdrawn ||
		    a->local_pref != b->local_pref ||
		    a->as_path_len != b->as_path_len ||
		    a->n_communities != b->n_communities ||
		    strcmp(a->peer, b->peer) != 0 ||
		    (a->as_path_len &&
		     memcmp(a->as_path, b->as_path,
		            a->as_path_len * sizeof(*a->as_path)) != 0))
			abort();
	}
	for (size_t i = 0; i < m->n_errors; i++)
		if (m->errors[i].offset != s->errors[i].offset ||
		    strcmp(m->errors[i].msg, s->errors[i].msg) != 0)
			abort();
	mr_rib_free(m);
	mr_rib_free(s);
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (1u << 20))
		return 0;
	fz_rib(data, size, MR_RIB_MRT);
	same_as_stream(data, size);
	return 0;
}
