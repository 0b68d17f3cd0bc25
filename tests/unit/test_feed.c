/*
 * test_feed.c - the endpoint store and its helpers (feed.h): SHA-256 on
 * the FIPS 180-4 examples, the catalog digest, the diff of the real pair
 * worldwide-2020092900 -> worldwide-2025-11-14 (54 sets removed, 5 added,
 * 43 changed), /changes parsing of both real samples, GUIDs and the
 * ClientRequestId file, /version parsing, the safety rules, the state file
 * and mr_feed_stored_path(), which catalog a verb opens
 * (mr_catalog_open()), plan digests, and option checks of update.
 * The HTTP paths are exercised by tests/scripts/test-feed-update.sh.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "feed_int.h"
#include "m365route/feed.h"
#include "m365route/m365route.h"
#include "sha256.h"
#include "testutil.h"

static char tmpdir[256];

static void
rm_rf(const char *path)
{
	struct stat st;
	struct dirent *e;
	char sub[1024];
	DIR *d;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			rm_rf(sub);
		}
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static int
setup_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_feed.XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown_tmp(void **state)
{
	(void)state;
	rm_rf(tmpdir);
	return 0;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static struct mr_catalog *
load_text(const char *text)
{
	struct mr_catalog *c = NULL;
	struct mr_diags *d;

	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(
	    mr_catalog_load_buffer(&c, "<test>", text, strlen(text), d), MR_OK);
	mr_diags_free(d);
	return c;
}

/* ---- SHA-256 ---- */

static void
test_sha256_vectors(void **state)
{
	char h[MR_DIGEST_LEN + 1];
	char *big;

	(void)state;
	mri_sha256_hex(h, "", 0);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb924"
	                       "27ae41e4649b934ca495991b7852b855");
	mri_sha256_hex(h, "abc", 3);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223"
	                       "b00361a396177a9cb410ff61f20015ad");
	mri_sha256_hex(
	    h, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039"
	                       "a33ce45964ff2167f6ecedd419db06c1");
	big = malloc(1000000);
	assert_non_null(big);
	memset(big, 'a', 1000000);
	mri_sha256_hex(h, big, 1000000);
	free(big);
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67"
	                       "f1809a48a497200e046d39ccc7112cd0");
	/* 55, 56, 63, 64, 65 bytes: the padding edges. */
	mri_sha256_hex(
	    h, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 55);
	assert_string_equal(h, "9f4390f8d30c2dd92ec9f095b65e2b9a"
	                       "e9b0a925a5258e241c9f1e910f734318");
	mri_sha256_hex(
	    h,
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaa",
	    64);
	assert_string_equal(h, "ffe054fe7ae0cb6dc65c3af9b61d5209"
	                       "f439851db43d0ba5997337df154668eb");
}

/* ---- digest ---- */

static const char small_a[] =
    "[{\"id\":2,\"serviceArea\":\"Exchange\",\"urls\":[\"b.example.com\","
    "\"a.example.com\"],\"ips\":[\"10.0.0.0/8\"],\"tcpPorts\":\"443\","
    "\"expressRoute\":true,\"category\":\"Allow\",\"required\":true,"
    "\"notes\":\"x\"},"
    "{\"id\":1,\"serviceArea\":\"Common\",\"urls\":[\"c.example.com\"],"
    "\"expressRoute\":false,\"category\":\"Default\",\"required\":true}]";
/* The same sets in another order, URLs reordered, other notes and ports. */
static const char small_b[] =
    "[{\"id\":1,\"serviceArea\":\"Common\",\"urls\":[\"c.example.com\"],"
    "\"tcpPorts\":\"80\",\"expressRoute\":false,\"category\":\"Default\","
    "\"required\":true},"
    "{\"id\":2,\"serviceArea\":\"Exchange\",\"urls\":[\"a.example.com\","
    "\"b.example.com\"],\"ips\":[\"10.0.0.0/8\"],\"tcpPorts\":\"443,80\","
    "\"expressRoute\":true,\"category\":\"Allow\",\"required\":true,"
    "\"notes\":\"other\"}]";
/* One routing difference: id 1 goes over ExpressRoute. */
static const char small_c[] =
    "[{\"id\":1,\"serviceArea\":\"Common\",\"urls\":[\"c.example.com\"],"
    "\"expressRoute\":true,\"category\":\"Allow\",\"required\":true},"
    "{\"id\":2,\"serviceArea\":\"Exchange\",\"urls\":[\"a.example.com\","
    "\"b.example.com\"],\"ips\":[\"10.0.0.0/8\"],\"tcpPorts\":\"443\","
    "\"expressRoute\":true,\"category\":\"Allow\",\"required\":true}]";

static void
test_digest(void **state)
{
	char da[MR_DIGEST_LEN + 1], db[MR_DIGEST_LEN + 1],
	    dc[MR_DIGEST_LEN + 1], d1[MR_DIGEST_LEN + 1], d2[MR_DIGEST_LEN + 1];
	struct mr_catalog *a = load_text(small_a), *b = load_text(small_b),
	                  *c = load_text(small_c);
	struct mr_catalog *w1 = tu_load_data("worldwide-2020092900.json");
	struct mr_catalog *w2 = tu_load_data("worldwide-2025-11-14.json");

	(void)state;
	assert_int_equal(mr_catalog_digest(da, a), MR_OK);
	assert_int_equal(mr_catalog_digest(db, b), MR_OK);
	assert_int_equal(mr_catalog_digest(dc, c), MR_OK);
	assert_int_equal(strlen(da), MR_DIGEST_LEN);
	assert_string_equal(da, db); /* order, notes, ports: no effect */
	assert_string_not_equal(da, dc);
	assert_int_equal(mr_catalog_digest(d1, w1), MR_OK);
	assert_int_equal(mr_catalog_digest(d2, w2), MR_OK);
	assert_string_not_equal(d1, d2);
	mr_catalog_free(w1);
	w1 = tu_load_data("worldwide-2025-11-14.json");
	assert_int_equal(mr_catalog_digest(d1, w1), MR_OK);
	assert_string_equal(d1, d2);
	mr_catalog_free(a);
	mr_catalog_free(b);
	mr_catalog_free(c);
	mr_catalog_free(w1);
	mr_catalog_free(w2);
}

/* ---- diff ---- */

static void
test_diff_real_pair(void **state)
{
	static const int64_t added[] = {156, 158, 159, 160, 184};
	struct mr_catalog *o = tu_load_data("worldwide-2020092900.json");
	struct mr_catalog *n = tu_load_data("worldwide-2025-11-14.json");
	struct mr_matcher *om, *nm;
	struct mr_catalog_diff *df;
	size_t i, moved = 0, app = 0, dis = 0;
	bool seen2 = false;

	(void)state;
	assert_int_equal(mr_matcher_build(&om, o), MR_OK);
	assert_int_equal(mr_matcher_build(&nm, n), MR_OK);
	assert_int_equal(mr_catalog_diff(&df, om, nm), MR_OK);
	assert_int_equal(df->n_removed, 54);
	assert_int_equal(df->n_added, 5);
	assert_int_equal(df->n_changed, 43);
	for (i = 0; i < 5; i++) {
		assert_int_equal(df->added[i].id, added[i]);
		assert_null(df->added[i].old);
		assert_non_null(df->added[i].new);
	}
	for (i = 0; i < df->n_removed; i++) {
		assert_non_null(df->removed[i].old);
		assert_null(df->removed[i].new);
		if (i > 0)
			assert_true(df->removed[i - 1].id < df->removed[i].id);
	}
	for (i = 0; i < df->n_changed; i++) {
		const struct mr_diff_set *c = &df->changed[i];
		assert_int_not_equal(c->fields, 0);
		assert_int_equal(c->old->id, c->new->id);
		if (c->id == 2) {
			seen2 = true;
			assert_true(c->fields & MR_DIFF_REQUIRED);
			assert_true(c->old->required);
			assert_false(c->new->required);
		}
	}
	assert_true(seen2);
	for (i = 0; i < df->n_routes; i++) {
		const struct mr_diff_route *r = &df->routes[i];
		assert_int_not_equal(r->from, r->to);
		if (r->from == MR_ROUTE_UNKNOWN)
			app++;
		else if (r->to == MR_ROUTE_UNKNOWN)
			dis++;
		else
			moved++;
	}
	assert_int_equal(moved, df->n_moved);
	assert_int_equal(app, df->n_appeared);
	assert_int_equal(dis, df->n_disappeared);
	assert_true(df->n_appeared > 0);    /* e.g. *.cloud.microsoft */
	assert_true(df->n_disappeared > 0); /* 54 sets went away */
	assert_true(df->artefacts_stale);
	assert_string_not_equal(df->old_digest, df->new_digest);
	mr_catalog_diff_free(df);

	/* A catalog against itself: nothing. */
	assert_int_equal(mr_catalog_diff(&df, nm, nm), MR_OK);
	assert_int_equal(df->n_added + df->n_removed + df->n_changed, 0);
	assert_int_equal(df->n_routes, 0);
	assert_int_equal(df->n_exceptions, 0);
	assert_false(df->artefacts_stale);
	mr_catalog_diff_free(df);
	mr_matcher_free(om);
	mr_matcher_free(nm);
	mr_catalog_free(o);
	mr_catalog_free(n);
}

static void
test_diff_small(void **state)
{
	struct mr_catalog *a = load_text(small_a), *c = load_text(small_c);
	struct mr_matcher *am, *cm;
	struct mr_catalog_diff *df;

	(void)state;
	assert_int_equal(mr_matcher_build(&am, a), MR_OK);
	assert_int_equal(mr_matcher_build(&cm, c), MR_OK);
	assert_int_equal(mr_catalog_diff(&df, am, cm), MR_OK);
	assert_int_equal(df->n_added + df->n_removed, 0);
	assert_int_equal(df->n_changed, 2);
	assert_int_equal(df->changed[0].id, 1);
	assert_int_equal(df->changed[0].fields, MR_DIFF_CATEGORY | MR_DIFF_ER);
	assert_int_equal(df->changed[1].id, 2);
	assert_int_equal(df->changed[1].fields, MR_DIFF_NOTES);
	assert_int_equal(df->n_routes, 1);
	assert_string_equal(df->routes[0].text, "c.example.com");
	assert_int_equal(df->routes[0].from, MR_ROUTE_INTERNET);
	assert_int_equal(df->routes[0].to, MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(df->n_moved, 1);
	assert_true(df->artefacts_stale);
	mr_catalog_diff_free(df);
	mr_matcher_free(am);
	mr_matcher_free(cm);
	mr_catalog_free(a);
	mr_catalog_free(c);
}

/* A prefix split into a more specific one keeps its route: not a move. */
static void
test_diff_prefix_containment(void **state)
{
	struct mr_catalog *a = load_text(
	    "[{\"id\":1,\"serviceArea\":\"Common\",\"ips\":[\"10.0.0.0/8\"],"
	    "\"expressRoute\":true,\"category\":\"Allow\"}]");
	struct mr_catalog *b = load_text(
	    "[{\"id\":1,\"serviceArea\":\"Common\",\"ips\":[\"10.0.0.0/8\"],"
	    "\"expressRoute\":true,\"category\":\"Allow\"},"
	    "{\"id\":2,\"serviceArea\":\"Common\",\"ips\":[\"10.1.0.0/16\","
	    "\"192.0.2.0/24\"],\"expressRoute\":false,\"category\":"
	    "\"Default\"}]");
	struct mr_matcher *am, *bm;
	struct mr_catalog_diff *df;

	(void)state;
	assert_int_equal(mr_matcher_build(&am, a), MR_OK);
	assert_int_equal(mr_matcher_build(&bm, b), MR_OK);
	assert_int_equal(mr_catalog_diff(&df, am, bm), MR_OK);
	assert_int_equal(df->n_added, 1);
	assert_int_equal(df->n_routes, 2);
	/* 10.1.0.0/16 was inside an ExpressRoute /8, now Internet-only. */
	assert_string_equal(df->routes[0].text, "10.1.0.0/16");
	assert_int_equal(df->routes[0].from, MR_ROUTE_EXPRESSROUTE);
	assert_int_equal(df->routes[0].to, MR_ROUTE_INTERNET);
	assert_string_equal(df->routes[1].text, "192.0.2.0/24");
	assert_int_equal(df->routes[1].from, MR_ROUTE_UNKNOWN);
	assert_int_equal(df->n_moved, 1);
	assert_int_equal(df->n_appeared, 1);
	mr_catalog_diff_free(df);
	mr_matcher_free(am);
	mr_matcher_free(bm);
	mr_catalog_free(a);
	mr_catalog_free(b);
}

/* ---- /changes ---- */

static struct mr_changes *
changes_file(const char *name, struct mr_diags *d)
{
	struct mr_changes *c = NULL;
	char path[1024];

	snprintf(path, sizeof(path), "%s/data/endpoints/%s", MR_SOURCE_DIR,
	         name);
	assert_int_equal(mr_changes_load_file(&c, path, d), MR_OK);
	return c;
}

static void
test_changes_doc_example(void **state)
{
	struct mr_diags *d;
	struct mr_changes *c;
	const struct mr_change *r;

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	c = changes_file("changes-doc-example-2018031301.json", d);
	assert_int_equal(mr_diags_count(d), 0);
	assert_int_equal(mr_changes_count(c), 2);
	r = mr_changes_get(c, 0);
	assert_int_equal(r->id, 3);
	assert_int_equal(r->endpoint_set_id, 33);
	assert_string_equal(r->disposition, "Change");
	assert_string_equal(r->version, "2018031301");
	assert_string_equal(r->description, "Removing old IP prefixes");
	assert_null(r->impact);
	assert_false(r->previous.present);
	assert_false(r->add.present);
	assert_true(r->remove.present);
	assert_int_equal(r->remove.n_ips, 6);
	assert_string_equal(r->remove.ips[0], "65.55.127.0/24");
	r = mr_changes_get(c, 1);
	assert_int_equal(r->id, 4);
	assert_int_equal(r->endpoint_set_id, 45);
	assert_string_equal(r->remove.ips[5], "104.208.31.113/32");
	assert_null(mr_changes_get(c, 2));
	mr_changes_free(c);
	mr_diags_free(d);
}

static void
test_changes_string_booleans(void **state)
{
	struct mr_diags *d;
	struct mr_changes *c;
	const struct mr_change *r;
	size_t i, notes = 0;

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	c = changes_file("changes-sample-2020012800.json", d);
	assert_int_equal(mr_changes_count(c), 1);
	r = mr_changes_get(c, 0);
	assert_int_equal(r->id, 500);
	assert_int_equal(r->endpoint_set_id, 149);
	assert_string_equal(r->disposition, "Add");
	assert_string_equal(r->impact, "AddedUrl");
	assert_true(r->current.present);
	assert_true(r->current.has_express_route);
	assert_false(r->current.express_route);
	assert_true(r->current.has_required);
	assert_true(r->current.required);
	assert_string_equal(r->current.category, "Default");
	assert_string_equal(r->current.tcp_ports, "80,443");
	assert_string_equal(r->add.effective_date, "20191125");
	assert_int_equal(r->add.n_urls, 2);
	assert_string_equal(r->add.urls[1], "workplaceanalytics.office.com");
	assert_int_equal(mr_diags_errors(d), 0);
	for (i = 0; i < mr_diags_count(d); i++)
		if (strcmp(mr_diags_get(d, i)->code, "MR0114") == 0)
			notes++;
	assert_int_equal(notes, 2); /* expressRoute and required */
	mr_changes_free(c);
	mr_diags_free(d);
}

static int
changes_rc(const char *text)
{
	struct mr_changes *c = NULL;
	struct mr_diags *d;
	int rc;

	assert_int_equal(mr_diags_new(&d), MR_OK);
	rc = mr_changes_load_buffer(&c, "<t>", text, strlen(text), d);
	if (rc == MR_OK)
		assert_int_equal(mr_diags_errors(d), 0);
	else
		assert_true(mr_diags_errors(d) > 0);
	mr_changes_free(c);
	mr_diags_free(d);
	return rc;
}

/* A malformed /changes response says why in mr_error_last(). */
static void
test_changes_error_last(void **state)
{
	static const char text[] = "[{\"id\": 1,, }]";
	struct mr_changes *c = NULL;
	struct mr_diags *d;

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(
	    mr_changes_load_buffer(&c, "ch.json", text, sizeof(text) - 1, d),
	    MR_EPARSE);
	assert_null(c);
	assert_non_null(strstr(mr_error_last(), "'ch.json': the /changes "
	                                        "response has 1 error"));
	assert_non_null(strstr(mr_error_last(), "invalid JSON"));
	assert_int_equal(mr_diags_unreadable(d), 1);
	mr_diags_free(d);
}

static void
test_changes_bad(void **state)
{
	struct mr_changes *c = NULL;
	struct mr_diags *d;
	char path[1024];

	(void)state;
	assert_int_equal(changes_rc("[]"), MR_OK);
	assert_int_equal(changes_rc("not json"), MR_EPARSE);
	assert_int_equal(changes_rc("{\"id\":1}"), MR_EPARSE);
	assert_int_equal(changes_rc("[1]"), MR_EPARSE);
	assert_int_equal(
	    changes_rc("[{\"id\":1,\"endpointSetId\":2,\"disposition\":"
	               "\"Add\",\"version\":\"2020\"}]"),
	    MR_EPARSE);
	assert_int_equal(
	    changes_rc("[{\"id\":1,\"endpointSetId\":2,\"disposition\":"
	               "\"Add\",\"version\":\"2020012800\",\"current\":"
	               "{\"expressRoute\":\"yes\"}}]"),
	    MR_EPARSE);
	assert_int_equal(changes_rc("[{\"endpointSetId\":2,\"disposition\":"
	                            "\"Add\",\"version\":\"2020012800\"}]"),
	                 MR_EPARSE);
	/* Set ids are 1..2^32-1, as in an /endpoints feed. */
	assert_int_equal(changes_rc("[{\"id\":1,\"endpointSetId\":-1,"
	                            "\"disposition\":\"Add\",\"version\":"
	                            "\"2020012800\"}]"),
	                 MR_EPARSE);
	assert_int_equal(changes_rc("[{\"id\":1,\"endpointSetId\":0,"
	                            "\"disposition\":\"Add\",\"version\":"
	                            "\"2020012800\"}]"),
	                 MR_EPARSE);
	assert_int_equal(changes_rc("[{\"id\":1,\"endpointSetId\":4294967297,"
	                            "\"disposition\":\"Add\",\"version\":"
	                            "\"2020012800\"}]"),
	                 MR_EPARSE);
	assert_int_equal(changes_rc("[{\"id\":1,\"endpointSetId\":4294967295,"
	                            "\"disposition\":\"Add\",\"version\":"
	                            "\"2020012800\"}]"),
	                 MR_OK);
	/* Unknown keys are ignored. */
	assert_int_equal(
	    changes_rc("[{\"id\":1,\"endpointSetId\":2,\"disposition\":"
	               "\"Add\",\"version\":\"2020012800\",\"future\":[1]}]"),
	    MR_OK);
	/* An /endpoints feed is not a /changes response. */
	snprintf(path, sizeof(path),
	         "%s/data/endpoints/worldwide-2025-11-14.json", MR_SOURCE_DIR);
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_changes_load_file(&c, path, d), MR_EPARSE);
	assert_null(c);
	assert_string_equal(mr_diags_get(d, 0)->code, "MR0102");
	mr_diags_free(d);
}

/* ---- GUIDs and the ClientRequestId ---- */

static void
test_guid(void **state)
{
	char a[MR_GUID_LEN + 1], b[MR_GUID_LEN + 1];
	int i;

	(void)state;
	for (i = 0; i < 100; i++) {
		assert_int_equal(mr_guid_new(a), MR_OK);
		assert_int_equal(mr_guid_new(b), MR_OK);
		assert_true(mr_guid_valid(a));
		assert_string_not_equal(a, b);
		assert_int_equal(a[14], '4');
		assert_non_null(strchr("89ab", a[19]));
	}
	assert_true(mr_guid_valid("b10c5ed1-bad1-445f-b386-b919946339a7"));
	assert_true(mr_guid_valid("B10C5ED1-BAD1-445F-B386-B919946339A7"));
	assert_false(mr_guid_valid("b10c5ed1-bad1-445f-b386-b919946339a"));
	assert_false(mr_guid_valid("b10c5ed1-bad1-445f-b386-b919946339a77"));
	assert_false(mr_guid_valid("b10c5ed1bad1-445f-b386-b919946339a77"));
	assert_false(mr_guid_valid("g10c5ed1-bad1-445f-b386-b919946339a7"));
	assert_false(mr_guid_valid(""));
	assert_false(mr_guid_valid(NULL));
}

static void
test_client_id(void **state)
{
	char a[MR_GUID_LEN + 1], b[MR_GUID_LEN + 1], dir[512], path[600];
	FILE *f;
	char line[64];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/cid/sub", tmpdir);
	assert_int_equal(mr_feed_client_id(a, dir), MR_OK); /* mkdir -p */
	assert_true(mr_guid_valid(a));
	assert_int_equal(mr_feed_client_id(b, dir), MR_OK);
	assert_string_equal(a, b); /* created once */
	snprintf(path, sizeof(path), "%s/client-request-id", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	assert_int_equal(strlen(line), MR_GUID_LEN + 1);
	assert_memory_equal(line, a, MR_GUID_LEN);
	write_file(path, "not a guid\n");
	assert_int_equal(mr_feed_client_id(a, dir), MR_EIO);
	assert_non_null(strstr(mr_error_last(), "does not hold a GUID"));
	assert_int_equal(mr_feed_client_id(a, ""), MR_EINVAL);
}

/* ---- versions ---- */

static void
test_version(void **state)
{
	char v[MR_FEED_VERSION_LEN + 1];

	(void)state;
	assert_true(mr_feed_version_valid("2025110100"));
	assert_true(mr_feed_version_valid("0000000000"));
	assert_false(mr_feed_version_valid("202511010"));
	assert_false(mr_feed_version_valid("20251101000"));
	assert_false(mr_feed_version_valid("2025-11-01"));
	assert_false(mr_feed_version_valid("202511010x"));
	assert_false(mr_feed_version_valid(""));
	assert_false(mr_feed_version_valid(NULL));

#define PV(body) mr_feed_parse_version(v, "worldwide", body, strlen(body))
	assert_int_equal(PV("{\"instance\":\"Worldwide\",\"latest\":"
	                    "\"2025110100\"}"),
	                 MR_OK);
	assert_string_equal(v, "2025110100");
	assert_int_equal(
	    PV("[{\"instance\":\"China\",\"latest\":\"2025010100\"},"
	       "{\"instance\":\"Worldwide\",\"latest\":"
	       "\"2025110200\"}]"),
	    MR_OK);
	assert_string_equal(v, "2025110200");
	/* Extra fields (AllVersions=true) are fine. */
	assert_int_equal(PV("{\"instance\":\"Worldwide\",\"latest\":"
	                    "\"2018063000\",\"versions\":[\"2018063000\","
	                    "\"2018062000\"]}"),
	                 MR_OK);
	assert_int_equal(PV("{\"instance\":\"China\",\"latest\":"
	                    "\"2025110100\"}"),
	                 MR_EPARSE);
	assert_int_equal(PV("[{\"instance\":\"China\",\"latest\":"
	                    "\"2025110100\"}]"),
	                 MR_EPARSE);
	assert_int_equal(PV("{\"instance\":\"Worldwide\",\"latest\":"
	                    "\"202511010\"}"),
	                 MR_EPARSE);
	assert_non_null(strstr(mr_error_last(), "not a version of 10 digits"));
	assert_int_equal(PV("{\"instance\":\"Worldwide\",\"latest\":"
	                    "\"20251101000\"}"),
	                 MR_EPARSE);
	assert_int_equal(PV("{\"instance\":\"Worldwide\",\"latest\":"
	                    "2025110100}"),
	                 MR_EPARSE);
	assert_int_equal(PV("{\"instance\":\"Worldwide\"}"), MR_EPARSE);
	assert_int_equal(PV("<html>rate limited</html>"), MR_EPARSE);
	assert_non_null(strstr(mr_error_last(), "not JSON"));
	assert_int_equal(PV("instance,latest\nWorldwide,2018063000"),
	                 MR_EPARSE);
	assert_int_equal(PV("{\"instance\":\"Worldwide\",\"latest\":"
	                    "\"2025\\u00001100\"}"),
	                 MR_EPARSE);
	assert_int_equal(mr_feed_parse_version(v, "worldwide", "", 0),
	                 MR_EPARSE);
	assert_int_equal(mr_feed_parse_version(v, "mars", "{}", 2), MR_EINVAL);
#undef PV
	assert_string_equal(mr_feed_instance_name("USGOVDOD"), "USGovDoD");
	assert_null(mr_feed_instance_name("Germany"));
}

/* ---- Retry-After ---- */

static void
test_retry_after(void **state)
{
	/* Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date. */
	const time_t t0 = 784111777;

	(void)state;
	assert_int_equal(mri_feed_retry_after("120", t0), 120);
	assert_int_equal(mri_feed_retry_after(" 3600\t", t0), 3600);
	assert_int_equal(mri_feed_retry_after("0", t0), 0);
	assert_int_equal(mri_feed_retry_after("007", t0), 7);
	/* Leading zeros are not an overflow. */
	assert_int_equal(
	    mri_feed_retry_after("000000000000000000000000000042", t0), 42);
	/* Too large for any integer: "too long", not "absent" (it was
	 * taken for no header, and the client retried after 1 s). */
	assert_int_equal(mri_feed_retry_after("99999999999999999999999", t0),
	                 MR_FEED_RETRY_AFTER_MAX);
	assert_int_equal(mri_feed_retry_after("9223372036854775808", t0),
	                 MR_FEED_RETRY_AFTER_MAX);
	assert_int_equal(mri_feed_retry_after("2147483647", t0), 2147483647);
	assert_int_equal(mri_feed_retry_after("2147483648", t0),
	                 MR_FEED_RETRY_AFTER_MAX);
	/* HTTP-dates, relative to now. */
	assert_int_equal(
	    mri_feed_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", t0), 60);
	assert_int_equal(
	    mri_feed_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", t0), 0);
	assert_int_equal(
	    mri_feed_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", t0), 0);
	assert_int_equal(
	    mri_feed_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", t0),
	    MR_FEED_RETRY_AFTER_MAX);
	/* Absent or unreadable: the back-off applies. */
	assert_int_equal(mri_feed_retry_after(NULL, t0), -1);
	assert_int_equal(mri_feed_retry_after("", t0), -1);
	assert_int_equal(mri_feed_retry_after("  ", t0), -1);
	assert_int_equal(mri_feed_retry_after("soon", t0), -1);
}

/* ---- safety ---- */

/* A catalog of n sets, er of them ExpressRoute. */
static struct mr_catalog *
synth(size_t n, size_t er)
{
	size_t i, cap = n * 128 + 8, k = 0;
	char *t = malloc(cap);
	struct mr_catalog *c;

	assert_non_null(t);
	t[k++] = '[';
	for (i = 0; i < n; i++)
		k += (size_t)snprintf(
		    t + k, cap - k,
		    "%s{\"id\":%zu,\"serviceArea\":\"Common\","
		    "\"urls\":[\"h%zu.example.com\"],"
		    "\"expressRoute\":%s,\"category\":"
		    "\"Allow\"}",
		    i ? "," : "", i + 1, i, i < er ? "true" : "false");
	t[k++] = ']';
	t[k] = '\0';
	c = load_text(t);
	free(t);
	return c;
}

/*
 * A catalog of n sets, the first er of them ExpressRoute: urls distinct
 * URL patterns dealt round the sets, er_ips distinct prefixes round the
 * ExpressRoute sets and ips others round the other sets.
 */
static struct mr_catalog *
synth_feed(size_t n, size_t er, size_t urls, size_t ips, size_t er_ips)
{
	size_t i, j, cap = (n + urls + ips + er_ips) * 128 + 8, k = 0;
	char *t = malloc(cap);
	struct mr_catalog *c;

	assert_non_null(t);
	assert_true(er_ips == 0 || er > 0);
	assert_true(ips == 0 || n > er);
	t[k++] = '[';
	for (i = 0; i < n; i++) {
		const char *sep = "";
		k += (size_t)snprintf(
		    t + k, cap - k,
		    "%s{\"id\":%zu,\"serviceArea\":\"Common\","
		    "\"expressRoute\":%s,\"category\":"
		    "\"Allow\",\"urls\":[",
		    i ? "," : "", i + 1, i < er ? "true" : "false");
		for (j = i; j < urls; j += n, sep = ",")
			k += (size_t)snprintf(t + k, cap - k,
			                      "%s\"u%zu.example.com\"", sep, j);
		k += (size_t)snprintf(t + k, cap - k, "],\"ips\":[");
		sep = "";
		if (i < er)
			for (j = i; j < er_ips; j += er, sep = ",")
				k += (size_t)snprintf(t + k, cap - k,
				                      "%s\"10.%zu.%zu.0/24\"",
				                      sep, j >> 8, j & 255);
		else
			for (j = i - er; j < ips; j += n - er, sep = ",")
				k += (size_t)snprintf(t + k, cap - k,
				                      "%s\"11.%zu.%zu.0/24\"",
				                      sep, j >> 8, j & 255);
		k += (size_t)snprintf(t + k, cap - k, "]}");
		assert_true(k < cap);
	}
	t[k++] = ']';
	t[k] = '\0';
	c = load_text(t);
	free(t);
	return c;
}

/* c's sets as they are, but with no URL and no prefix. */
static struct mr_catalog *
emptied(const struct mr_catalog *c)
{
	size_t i, n = mr_catalog_count(c), cap = n * 160 + 8, k = 0;
	char *t = malloc(cap);
	struct mr_catalog *e;

	assert_non_null(t);
	t[k++] = '[';
	for (i = 0; i < n; i++) {
		const struct mr_endpoint_set *s = mr_catalog_set(c, i);
		k += (size_t)snprintf(
		    t + k, cap - k,
		    "%s{\"id\":%lld,\"serviceArea\":\"%s\",\"category\":"
		    "\"%s\",\"expressRoute\":%s,\"required\":%s}",
		    i ? "," : "", (long long)s->id, s->service_area,
		    mr_category_name(s->category),
		    s->express_route ? "true" : "false",
		    s->required ? "true" : "false");
		assert_true(k < cap);
	}
	t[k++] = ']';
	t[k] = '\0';
	e = load_text(t);
	free(t);
	return e;
}

/* The two feeds of the issue that passed when only sets were counted. */
static void
test_safety_contents(void **state)
{
	struct mr_catalog *w25 = tu_load_data("worldwide-2025-11-14.json");
	struct mr_catalog *bare = emptied(w25), *odd, *b, *c;

	(void)state;
	/* Every set kept, every URL and prefix gone. */
	assert_int_equal(mr_catalog_count(bare), mr_catalog_count(w25));
	assert_int_equal(mr_feed_check_safety(w25, bare),
	                 MR_FEED_FEWER_URLS | MR_FEED_FEWER_IPS |
	                     MR_FEED_FEWER_ER_IPS);
	/* 64 unrelated sets, well filled, and one ExpressRoute set with one
	 * prefix: only the ExpressRoute prefixes give it away. */
	odd = synth_feed(65, 1, 400, 200, 1);
	assert_int_equal(mr_feed_check_safety(w25, odd), MR_FEED_FEWER_ER_IPS);
	mr_catalog_free(odd);
	mr_catalog_free(bare);
	/* The 25% boundary of each count. */
	b = synth_feed(100, 10, 100, 100, 100);
	c = synth_feed(100, 10, 75, 175, 75);
	assert_int_equal(mr_feed_check_safety(b, c), 0);
	mr_catalog_free(c);
	c = synth_feed(100, 10, 74, 200, 100);
	assert_int_equal(mr_feed_check_safety(b, c), MR_FEED_FEWER_URLS);
	mr_catalog_free(c);
	/* 200 prefixes, 100 of them ExpressRoute: 149 of which 100 ER. */
	c = synth_feed(100, 10, 100, 49, 100);
	assert_int_equal(mr_feed_check_safety(b, c), MR_FEED_FEWER_IPS);
	mr_catalog_free(c);
	c = synth_feed(100, 10, 100, 126, 74);
	assert_int_equal(mr_feed_check_safety(b, c), MR_FEED_FEWER_ER_IPS);
	mr_catalog_free(c);
	mr_catalog_free(b);
	mr_catalog_free(w25);
}

/* Patterns and prefixes count once however many sets list them. */
static void
test_safety_distinct(void **state)
{
	static const char four[] =
	    "[{\"id\":1,\"serviceArea\":\"Common\",\"category\":\"Allow\","
	    "\"expressRoute\":true,\"urls\":[\"a.example.com\","
	    "\"b.example.com\"],\"ips\":[\"10.0.0.0/24\",\"10.0.1.0/24\"]},"
	    "{\"id\":2,\"serviceArea\":\"Common\",\"category\":\"Allow\","
	    "\"expressRoute\":true,\"urls\":[\"a.example.com\","
	    "\"b.example.com\"],\"ips\":[\"10.0.0.0/24\",\"10.0.1.0/24\"]},"
	    "{\"id\":3,\"serviceArea\":\"Common\",\"category\":\"Allow\","
	    "\"expressRoute\":true,\"urls\":[\"a.example.com\","
	    "\"b.example.com\"],\"ips\":[\"10.0.0.0/24\",\"10.0.1.0/24\"]}]";
	static const char once[] =
	    "[{\"id\":1,\"serviceArea\":\"Common\",\"category\":\"Allow\","
	    "\"expressRoute\":true,\"urls\":[\"a.example.com\","
	    "\"b.example.com\"],\"ips\":[\"10.0.0.0/24\",\"10.0.1.0/24\"]},"
	    "{\"id\":2,\"serviceArea\":\"Common\",\"category\":\"Allow\","
	    "\"expressRoute\":true},"
	    "{\"id\":3,\"serviceArea\":\"Common\",\"category\":\"Allow\","
	    "\"expressRoute\":true,\"ips\":[\"10.0.1.7/24\"]}]";
	struct mr_catalog *a = load_text(four), *b = load_text(once);

	(void)state;
	/* 6 URLs and 6 prefixes listed, 2 and 2 distinct, in both. */
	assert_int_equal(mr_feed_check_safety(a, b), 0);
	assert_int_equal(mr_feed_check_safety(b, a), 0);
	mr_catalog_free(a);
	mr_catalog_free(b);
}

static void
test_safety(void **state)
{
	struct mr_catalog *w20 = tu_load_data("worldwide-2020092900.json");
	struct mr_catalog *w25 = tu_load_data("worldwide-2025-11-14.json");
	struct mr_catalog *cn = tu_load_data("china-2025-11-14.json");
	struct mr_catalog *c100 = synth(100, 10), *c75 = synth(75, 1),
	                  *c74 = synth(74, 1), *c75n = synth(75, 0);

	(void)state;
	/* 113 -> 64 sets: 43% fewer; 338 -> 195 distinct URL patterns,
	 * 164 -> 93 distinct prefixes, all of them in ExpressRoute sets. */
	assert_int_equal(mr_feed_check_safety(w20, w25),
	                 MR_FEED_SHRINKS | MR_FEED_FEWER_URLS |
	                     MR_FEED_FEWER_IPS | MR_FEED_FEWER_ER_IPS);
	assert_int_equal(mr_feed_check_safety(w25, w20), 0);
	assert_int_equal(mr_feed_check_safety(w25, w25), 0);
	/* China has no ExpressRoute set at all (and 47 URL patterns; its 75
	 * prefixes are within 25% of the 93). */
	assert_int_equal(mr_feed_check_safety(w25, cn),
	                 MR_FEED_SHRINKS | MR_FEED_LOSES_ER |
	                     MR_FEED_FEWER_URLS | MR_FEED_FEWER_ER_IPS);
	assert_int_equal(mr_feed_check_safety(cn, cn), 0);
	/* The 25% boundary. */
	assert_int_equal(mr_feed_check_safety(c100, c75), 0);
	assert_int_equal(mr_feed_check_safety(c100, c74),
	                 MR_FEED_SHRINKS | MR_FEED_FEWER_URLS);
	assert_int_equal(mr_feed_check_safety(c100, c75n), MR_FEED_LOSES_ER);
	mr_catalog_free(w20);
	mr_catalog_free(w25);
	mr_catalog_free(cn);
	mr_catalog_free(c100);
	mr_catalog_free(c75);
	mr_catalog_free(c74);
	mr_catalog_free(c75n);
}

/* ---- the store ---- */

/* Which catalog a verb runs on: a file, else the store, else the
 * embedded snapshot; embedded forces the snapshot; an unreadable store is
 * an error, not a fallback. */
static void
test_catalog_open(void **state)
{
	struct mr_catalog_choice c = {NULL, NULL, NULL, false};
	struct mr_catalog_used u;
	struct mr_catalog *cat;
	struct mr_diags *d;
	char dir[512], p[700];

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	/* no data directory, or nothing stored: the snapshot */
	assert_int_equal(mr_catalog_open(&cat, &u, &c, d), MR_OK);
	assert_int_equal(u.source, MR_CATALOG_FROM_EMBEDDED);
	assert_string_equal(u.instance, "Worldwide");
	assert_string_equal(mr_catalog_instance(cat), "Worldwide");
	mr_catalog_free(cat);
	snprintf(dir, sizeof(dir), "%s/open", tmpdir);
	c.data_dir = dir;
	c.instance = "china";
	assert_int_equal(mr_catalog_open(&cat, &u, &c, d), MR_OK);
	assert_int_equal(u.source, MR_CATALOG_FROM_EMBEDDED);
	assert_string_equal(u.instance, "China");
	mr_catalog_free(cat);
	/* a store whose state is unreadable: an error, nothing chosen */
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(p, sizeof(p), "%s/china", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/china/state", dir);
	write_file(p, "garbage\n");
	assert_int_equal(mr_catalog_open(&cat, &u, &c, d), MR_EIO);
	assert_int_equal(u.source, MR_CATALOG_FROM_NONE);
	assert_null(cat);
	/* ... which embedded skips */
	c.embedded = true;
	assert_int_equal(mr_catalog_open(&cat, &u, &c, d), MR_OK);
	assert_int_equal(u.source, MR_CATALOG_FROM_EMBEDDED);
	mr_catalog_free(cat);
	/* a stored catalog */
	c.embedded = false;
	write_file(p, "instance China\nversion 2025110100\nprevious \n"
	              "held \n");
	snprintf(p, sizeof(p), "%s/china/endpoints-2025110100.json", dir);
	write_file(p, "[]");
	mr_catalog_open(&cat, &u, &c, d);
	assert_int_equal(u.source, MR_CATALOG_FROM_STORED);
	assert_string_equal(u.path, p);
	assert_string_equal(u.version, "2025110100");
	mr_catalog_free(cat);
	/* a file, alone */
	c.file = p;
	assert_int_equal(mr_catalog_open(&cat, &u, &c, d), MR_EINVAL);
	c.instance = NULL;
	c.data_dir = NULL;
	mr_catalog_open(&cat, &u, &c, d);
	assert_int_equal(u.source, MR_CATALOG_FROM_FILE);
	mr_catalog_free(cat);
	c.embedded = true;
	assert_int_equal(mr_catalog_open(&cat, &u, &c, d), MR_EINVAL);
	assert_null(cat);
	mr_diags_free(d);
}

static void
test_stored_path(void **state)
{
	char buf[4096], v[MR_FEED_VERSION_LEN + 1], dir[512], p[700],
	    h[MR_DIGEST_LEN + 1], st[1024];
	struct mr_feed_state s;
	static const char body[] = "[]";

	(void)state;
	snprintf(dir, sizeof(dir), "%s/store", tmpdir);
	assert_int_equal(
	    mr_feed_stored_path(buf, sizeof(buf), v, dir, "worldwide"),
	    MR_ENOTFOUND);
	assert_string_equal(buf, "");
	assert_int_equal(mr_feed_stored_path(buf, sizeof(buf), v, dir, "mars"),
	                 MR_EINVAL);
	snprintf(p, sizeof(p), "%s/worldwide", dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/worldwide/state", dir);
	write_file(p, "garbage\n");
	assert_int_equal(
	    mr_feed_stored_path(buf, sizeof(buf), v, dir, "Worldwide"), MR_EIO);
	write_file(p, "instance Worldwide\nversion 2025110100\nprevious \n"
	              "held \n");
	/* the file it names is missing */
	assert_int_equal(
	    mr_feed_stored_path(buf, sizeof(buf), v, dir, "worldwide"), MR_EIO);
	snprintf(p, sizeof(p), "%s/worldwide/endpoints-2025110100.json", dir);
	write_file(p, body);
	assert_int_equal(
	    mr_feed_stored_path(buf, sizeof(buf), v, dir, "worldwide"), MR_OK);
	assert_string_equal(buf, p);
	assert_string_equal(v, "2025110100");
	/* With a checksum: checked. */
	mri_sha256_hex(h, body, 2);
	snprintf(st, sizeof(st),
	         "version 2025110100\nprevious 2025100100\nsha256 %s\n", h);
	snprintf(p, sizeof(p), "%s/worldwide/state", dir);
	write_file(p, st);
	assert_int_equal(mr_feed_state_read(&s, dir, "worldwide"), MR_OK);
	assert_string_equal(s.previous, "2025100100");
	assert_non_null(strstr(s.previous_path, "endpoints-2025100100.json"));
	snprintf(st, sizeof(st), "version 2025110100\nsha256 %064d\n", 0);
	write_file(p, st);
	assert_int_equal(mr_feed_state_read(&s, dir, "worldwide"), MR_EIO);
	assert_non_null(strstr(mr_error_last(), "SHA-256"));
	/* Other instances are separate. */
	assert_int_equal(
	    mr_feed_stored_path(buf, sizeof(buf), NULL, dir, "china"),
	    MR_ENOTFOUND);
}

static void
test_plan_digest(void **state)
{
	char d[MR_DIGEST_LEN + 1], dir[512], p[600], txt[256];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/plan", tmpdir);
	assert_int_equal(mr_feed_plan_digest(d, dir), MR_EIO);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(p, sizeof(p), "%s/summary.txt", dir);
	write_file(p, "design:   x\nverdict:  pass\n");
	assert_int_equal(mr_feed_plan_digest(d, dir), MR_ENOTFOUND);
	snprintf(txt, sizeof(txt), "design:   x\ncatalog-digest: %s\n",
	         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f2"
	         "0015ad");
	write_file(p, txt);
	assert_int_equal(mr_feed_plan_digest(d, dir), MR_OK);
	assert_string_equal(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a"
	                       "9cb410ff61f20015ad");
}

/* ---- update: what fails before any request ---- */

static void
test_update_options(void **state)
{
	struct mr_feed_opts o = MR_FEED_OPTS_INIT;
	struct mr_feed_result r;
	struct mr_diags *d;
	char dir[512], buf[4096];

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	snprintf(dir, sizeof(dir), "%s/upd", tmpdir);
	o.data_dir = dir;
	o.base_url = "http://example.com";
	assert_int_equal(mr_feed_update(&r, &o, d), MR_EINVAL);
	assert_non_null(strstr(mr_error_last(), "plain http"));
	o.base_url = "ftp://127.0.0.1/";
	assert_int_equal(mr_feed_update(&r, &o, d), MR_EINVAL);
	o.base_url = "https://endpoints.office.com?x=1";
	assert_int_equal(mr_feed_update(&r, &o, d), MR_EINVAL);
	o.base_url = NULL;
	o.instance = "germany";
	assert_int_equal(mr_feed_update(&r, &o, d), MR_EINVAL);
	o.instance = NULL;
	o.data_dir = NULL;
	assert_int_equal(mr_feed_update(&r, &o, d), MR_EINVAL);
	/* Nothing listens on port 1: a network error, nothing stored. */
	o.data_dir = dir;
	o.base_url = "http://127.0.0.1:1";
	o.retries = 0;
	assert_int_equal(mr_feed_update(&r, &o, d), MR_EIO);
	assert_non_null(strstr(mr_error_last(), "/version/Worldwide"));
	assert_int_equal(r.requests, 1);
	assert_int_equal(
	    mr_feed_stored_path(buf, sizeof(buf), NULL, dir, "worldwide"),
	    MR_ENOTFOUND);
	/* Rollback with nothing stored. */
	assert_int_equal(mr_feed_rollback(&r, &o, d), MR_ENOTFOUND);
	mr_diags_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sha256_vectors),
	    cmocka_unit_test(test_digest),
	    cmocka_unit_test(test_diff_real_pair),
	    cmocka_unit_test(test_diff_small),
	    cmocka_unit_test(test_diff_prefix_containment),
	    cmocka_unit_test(test_changes_doc_example),
	    cmocka_unit_test(test_changes_string_booleans),
	    cmocka_unit_test(test_changes_bad),
	    cmocka_unit_test(test_changes_error_last),
	    cmocka_unit_test(test_guid),
	    cmocka_unit_test(test_client_id),
	    cmocka_unit_test(test_version),
	    cmocka_unit_test(test_retry_after),
	    cmocka_unit_test(test_safety),
	    cmocka_unit_test(test_safety_contents),
	    cmocka_unit_test(test_safety_distinct),
	    cmocka_unit_test(test_stored_path),
	    cmocka_unit_test(test_catalog_open),
	    cmocka_unit_test(test_plan_digest),
	    cmocka_unit_test(test_update_options),
	};

	return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
