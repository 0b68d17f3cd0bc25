/*
 * test_verify.c - mr_verify_router() on the lab's real MRT update stream
 * (tests/verify/data/trey-r0.frr-updates.mrt) with withdrawals appended:
 * a withdrawal by Microsoft's peer removes the prefix (MR-VER-1 names
 * it); one by another peer does not. And a route with no local
 * preference in FRR's table (MR-VER-4 at the default).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

static struct mr_config *
trey(struct mr_net **n, struct mr_design **g)
{
	size_t len;
	const char *t = mr_example_text("trey-research", &len);
	struct mr_config *c = NULL;
	*g = tu_design_text("trey-research.yaml", t, len);
	assert_non_null(*g);
	assert_int_equal(mr_net_resolve(n, *g), MR_OK);
	assert_int_equal(mr_config_new(&c, *n, tu_catalog(), NULL), MR_OK);
	return c;
}

/* The findings of verify on rib as trey-research's er-seattle. */
static struct mr_diags *
verify_trey(const struct mr_rib *rib)
{
	struct mr_net *n;
	struct mr_design *g;
	struct mr_config *c = trey(&n, &g);
	struct mr_diags *d;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(
	    mr_verify_router(c, tu_catalog(), "er-seattle", rib, 0, d), MR_OK);
	mr_config_free(c);
	mr_net_free(n);
	mr_design_free(g);
	return d;
}

/* A BGP4MP_ET MESSAGE_AS4 record: peer withdraws 52.112.0.0/14. */
static size_t
withdrawal(uint8_t *b, const uint8_t peer[4])
{
	static const uint8_t head[] = {
	    0, 0, 0,    0,    0, 17, 0,    4,    0, 0,
	    0, 0,                                      /* header, length */
	    0, 0, 0,    0,                             /* microseconds */
	    0, 0, 0x2f, 0x2c, 0, 0,  0xfc, 0x6c, 0, 0, /* ASNs, ifindex */
	    0, 1};                                     /* AFI IPv4 */
	size_t n = 0;
	memcpy(b, head, sizeof(head));
	n = sizeof(head);
	memcpy(b + n, peer, 4);
	n += 4;
	memset(b + n, 0, 4); /* local address */
	n += 4;
	memset(b + n, 0xff, 16);
	n += 16;
	b[n++] = 0;
	b[n++] = 19 + 2 + 3 + 2; /* message length */
	b[n++] = 2;              /* UPDATE */
	b[n++] = 0;
	b[n++] = 3; /* withdrawn routes: 3 bytes */
	b[n++] = 14;
	b[n++] = 52;
	b[n++] = 112;
	b[n++] = 0;
	b[n++] = 0; /* no attributes */
	size_t body = n - 12;
	b[8] = (uint8_t)(body >> 24);
	b[9] = (uint8_t)(body >> 16);
	b[10] = (uint8_t)(body >> 8);
	b[11] = (uint8_t)body;
	return n;
}

static size_t
count(const struct mr_diags *d, const char *code, const char *text)
{
	size_t k = 0;
	for (size_t i = 0; i < mr_diags_count(d); i++) {
		const struct mr_diag *x = mr_diags_get(d, i);
		if (strcmp(x->code, code) == 0 &&
		    (text == NULL || strstr(x->msg, text) != NULL))
			k++;
	}
	return k;
}

static void
run(const uint8_t *extra, size_t n_extra, size_t *missing,
    size_t *missing_teams, size_t *errors)
{
	char path[1024];
	char *buf = NULL;
	size_t len = 0;
	snprintf(path, sizeof(path),
	         "%s/tests/verify/data/trey-r0.frr-updates.mrt", MR_SOURCE_DIR);
	assert_int_equal(mr_read_file(path, 1 << 24, "t", &buf, &len), MR_OK);
	buf = realloc(buf, len + n_extra);
	assert_non_null(buf);
	if (n_extra > 0)
		memcpy(buf + len, extra, n_extra);
	struct mr_rib *rib = NULL;
	assert_int_equal(mr_rib_parse(buf, len + n_extra, MR_RIB_AUTO, &rib),
	                 MR_OK);
	assert_true(rib->updates);
	struct mr_diags *d = verify_trey(rib);
	*missing = count(d, "MR-VER-1", NULL);
	*missing_teams = count(d, "MR-VER-1", "52.112.0.0/14");
	*errors = mr_diags_errors(d);
	assert_int_equal(count(d, "MR-VER-10", NULL), 1);
	mr_diags_free(d);
	mr_rib_free(rib);
	free(buf);
}

static void
test_stream_clean(void **state)
{
	(void)state;
	size_t m, t, e;
	run(NULL, 0, &m, &t, &e);
	assert_int_equal(m, 0);
	assert_int_equal(e, 0);
}

static void
test_stream_withdrawn_by_microsoft(void **state)
{
	(void)state;
	static const uint8_t ms[4] = {185, 112, 86, 6};
	uint8_t b[128];
	size_t n = withdrawal(b, ms), m, t, e;
	run(b, n, &m, &t, &e);
	assert_int_equal(m, 1);
	assert_int_equal(t, 1);
}

static void
test_stream_withdrawn_by_another(void **state)
{
	(void)state;
	static const uint8_t other[4] = {192, 0, 2, 9};
	uint8_t b[128];
	size_t n = withdrawal(b, other), m, t, e;
	run(b, n, &m, &t, &e);
	assert_int_equal(m, 0);
}

/* The lab's FRR table (trey-r0.frr.json), Microsoft's routes at the
 * plan's 150; with "locPrf" taken off one path, as FRR writes a route no
 * policy set a local preference on (the import policy without its `set
 * local-preference`), that route is named at the default, 100. */
static size_t
lp_findings(bool drop, const char *text)
{
	char path[1024];
	char *buf = NULL;
	size_t len = 0;
	snprintf(path, sizeof(path), "%s/tests/verify/data/trey-r0.frr.json",
	         MR_SOURCE_DIR);
	assert_int_equal(mr_read_file(path, 1 << 24, "t", &buf, &len), MR_OK);
	if (drop) {
		char *k = strstr(buf, "\"13.107.6.152/31\"");
		assert_non_null(k);
		char *lp = strstr(k, "\"locPrf\":150,");
		assert_non_null(lp);
		size_t cut = strlen("\"locPrf\":150,");
		memmove(lp, lp + cut, len - (size_t)(lp + cut - buf));
		len -= cut;
	}
	struct mr_rib *rib = NULL;
	assert_int_equal(mr_rib_parse(buf, len, MR_RIB_AUTO, &rib), MR_OK);
	assert_int_equal(rib->n_errors_total, 0);
	struct mr_diags *d = verify_trey(rib);
	size_t k = count(d, "MR-VER-4", text);
	mr_diags_free(d);
	mr_rib_free(rib);
	free(buf);
	return k;
}

static void
test_local_pref_absent(void **state)
{
	(void)state;
	assert_int_equal(lp_findings(false, NULL), 0);
	assert_int_equal(lp_findings(true, NULL), 1);
	assert_int_equal(lp_findings(true, "13.107.6.152/31"), 1);
	assert_int_equal(lp_findings(true, "local preference 100 (none set"),
	                 1);
}

/* An unknown router is refused, with a message. */
static void
test_unknown_router(void **state)
{
	(void)state;
	struct mr_net *n;
	struct mr_design *g;
	struct mr_config *c = trey(&n, &g);
	struct mr_rib *rib;
	assert_int_equal(mr_rib_parse("{\"routes\":{}}", 13, MR_RIB_AUTO, &rib),
	                 MR_OK);
	struct mr_diags *d;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_verify_router(c, tu_catalog(), "er-x", rib, 0, d),
	                 MR_EINVAL);
	assert_non_null(strstr(mr_error_last(), "er-x"));
	mr_diags_free(d);
	mr_rib_free(rib);
	mr_config_free(c);
	mr_net_free(n);
	mr_design_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stream_clean),
	    cmocka_unit_test(test_stream_withdrawn_by_microsoft),
	    cmocka_unit_test(test_stream_withdrawn_by_another),
	    cmocka_unit_test(test_local_pref_absent),
	    cmocka_unit_test(test_unknown_router),
	};
	return cmocka_run_group_tests(tests, tu_world_setup, tu_world_teardown);
}
