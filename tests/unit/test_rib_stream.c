/*
 * test_rib_stream.c - mr_rib_load_filtered(), the MRT reader over a
 * stream (src/lib/verify/rib.c: a file read in 1 MiB blocks, inflated as
 * it is read), against mr_rib_load() (the whole file in memory) on the
 * lab's dumps made awkward: a record larger than a block, concatenated
 * gzip members, a truncated end; and the filter's bookkeeping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "testutil.h"

static void
same_u32(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	assert_int_equal(na, nb);
	if (na)
		assert_memory_equal(a, b, na * sizeof(*a));
}

static void
same_route(const struct mr_rib_route *a, const struct mr_rib_route *b)
{
	assert_int_equal(mr_prefix_cmp(&a->prefix, &b->prefix), 0);
	assert_string_equal(a->peer, b->peer);
	assert_int_equal(a->offset, b->offset);
	assert_int_equal(a->withdrawn, b->withdrawn);
	assert_int_equal(a->origin, b->origin);
	assert_int_equal(a->local_pref, b->local_pref);
	assert_int_equal(a->has_local_pref, b->has_local_pref);
	assert_memory_equal(&a->next_hop, &b->next_hop, sizeof(a->next_hop));
	same_u32(a->as_path, a->as_path_len, b->as_path, b->as_path_len);
	same_u32(a->communities, a->n_communities, b->communities,
	         b->n_communities);
}

static bool
every_other(void *ctx, const struct mr_rib *rib, const struct mr_rib_route *r)
{
	size_t *n = ctx;
	(void)rib;
	(void)r;
	return (*n)++ % 2 == 0;
}

/* Both ways on path: the same routes, errors, flags; with every_other,
 * every other route of the same. */
static void
compare(const char *path, bool gz)
{
	struct mr_rib *a = NULL, *b = NULL, *c = NULL;
	assert_int_equal(mr_rib_load(path, MR_RIB_AUTO, &a), MR_OK);
	assert_int_equal(mr_rib_load_filtered(path, MR_RIB_AUTO, NULL, &b),
	                 MR_OK);
	assert_int_equal(a->gzip, gz);
	assert_int_equal(b->gzip, gz);
	assert_int_equal(a->format, b->format);
	assert_int_equal(a->updates, b->updates);
	assert_null(b->text); /* binary */
	assert_int_equal(a->n_routes, b->n_routes);
	assert_int_equal(b->n_read[0] + b->n_read[1], b->n_routes);
	for (size_t i = 0; i < a->n_routes; i++)
		same_route(&a->routes[i], &b->routes[i]);
	assert_int_equal(a->n_errors_total, b->n_errors_total);
	assert_int_equal(a->n_errors, b->n_errors);
	for (size_t i = 0; i < a->n_errors; i++) {
		assert_int_equal(a->errors[i].offset, b->errors[i].offset);
		assert_string_equal(a->errors[i].msg, b->errors[i].msg);
	}
	size_t n = 0;
	struct mr_rib_filter f = {every_other, &n};
	assert_int_equal(mr_rib_load_filtered(path, MR_RIB_AUTO, &f, &c),
	                 MR_OK);
	assert_int_equal(c->n_read[0] + c->n_read[1], a->n_routes);
	assert_int_equal(c->n_routes, (a->n_routes + 1) / 2);
	for (size_t i = 0; i < c->n_routes; i++)
		same_route(&a->routes[2 * i], &c->routes[i]);
	mr_rib_free(a);
	mr_rib_free(b);
	mr_rib_free(c);
}

/* A 3 MiB record of a subtype nobody reads, the lab's dump, a truncated
 * header: plain, and gzip in two members split inside a record. */
static void
test_big_record_and_members(void **state)
{
	(void)state;
	size_t n = 0, big = (size_t)3 << 20;
	char *rib = tu_verify_data("trey-r0.frr-rib.mrt", &n);
	size_t len = 12 + big + n + 5;
	uint8_t *buf = calloc(1, len);
	assert_non_null(buf);
	buf[5] = 13; /* TABLE_DUMP_V2 subtype 99: not read */
	buf[7] = 99;
	buf[8] = (uint8_t)(big >> 24);
	buf[9] = (uint8_t)(big >> 16);
	buf[10] = (uint8_t)(big >> 8);
	buf[11] = (uint8_t)big;
	memcpy(buf + 12 + big, rib, n);
	char path[] = "/tmp/mr-test-rib-stream.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
	compare(path, false);

	gzFile g = gzopen(path, "wb");
	assert_non_null(g);
	size_t half = 12 + big + n / 2;
	assert_int_equal(gzwrite(g, buf, (unsigned)half), (int)half);
	gzclose(g);
	g = gzopen(path, "ab");
	assert_int_equal(gzwrite(g, buf + half, (unsigned)(len - half)),
	                 (int)(len - half));
	gzclose(g);
	compare(path, true);
	unlink(path);
	free(buf);
	free(rib);
}

/* The update stream: peers formatted per record, withdrawals. */
static void
test_updates(void **state)
{
	(void)state;
	char path[1024];
	snprintf(path, sizeof(path), "%s/tests/verify/data/%s", MR_SOURCE_DIR,
	         "trey-r0.frr-updates.mrt");
	compare(path, false);
	snprintf(path, sizeof(path), "%s/tests/verify/data/%s", MR_SOURCE_DIR,
	         "trey-r0.frr-rib-truncated.mrt");
	compare(path, false);
	snprintf(path, sizeof(path), "%s/tests/verify/data/%s", MR_SOURCE_DIR,
	         "trey-r0.frr-rib.mrt.gz");
	compare(path, true);
}

/* Text is read whole and kept for findings to point into; a missing
 * file is mr_rib_load()'s error. */
static void
test_text_and_errors(void **state)
{
	(void)state;
	char path[1024];
	size_t n = 0;
	char *want = tu_verify_data("trey-r0.frr.json", &n);
	snprintf(path, sizeof(path), "%s/tests/verify/data/%s", MR_SOURCE_DIR,
	         "trey-r0.frr.json");
	struct mr_rib *r = NULL;
	assert_int_equal(mr_rib_load_filtered(path, MR_RIB_AUTO, NULL, &r),
	                 MR_OK);
	assert_int_equal(r->format, MR_RIB_FRR_JSON);
	assert_int_equal(r->text_len, n);
	assert_memory_equal(r->text, want, n);
	assert_int_equal(r->n_read[0], r->n_routes);
	mr_rib_free(r);
	free(want);
	assert_int_equal(
	    mr_rib_load_filtered("/nonexistent/rib.mrt", MR_RIB_MRT, NULL, &r),
	    MR_EIO);
	assert_null(r);
	assert_non_null(strstr(mr_error_last(), "cannot open"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_big_record_and_members),
	    cmocka_unit_test(test_updates),
	    cmocka_unit_test(test_text_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
