/*
 * test_rib.c - the routing table readers (src/lib/verify/rib*.c) on real
 * exports captured from the lab's daemons (tests/verify/data/README.md)
 * and on hand-built and damaged input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "testutil.h"

static struct mr_rib *
load(const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/tests/verify/data/%s", MR_SOURCE_DIR,
	         name);
	struct mr_rib *rib = NULL;
	int rc = mr_rib_load(path, MR_RIB_AUTO, &rib);
	if (rc != MR_OK)
		fail_msg("%s: %s", name, mr_error_last());
	return rib;
}

static const struct mr_rib_route *
find(const struct mr_rib *rib, const char *pfx, const char *peer)
{
	struct mr_prefix p;
	assert_int_equal(mr_prefix_parse(&p, pfx, strlen(pfx), NULL), MR_OK);
	for (size_t i = 0; i < rib->n_routes; i++)
		if (mr_prefix_cmp(&rib->routes[i].prefix, &p) == 0 &&
		    (peer == NULL || strcmp(rib->routes[i].peer, peer) == 0))
			return &rib->routes[i];
	return NULL;
}

static bool
has_comm(const struct mr_rib_route *r, unsigned a, unsigned b)
{
	for (size_t i = 0; i < r->n_communities; i++)
		if (r->communities[i] == ((uint32_t)a << 16 | b))
			return true;
	return false;
}

/* FRR 8.4 `show bgp ipv4 unicast json` of trey-research's ExpressRoute
 * edge: one best path per prefix, Microsoft's at local preference 150. */
static void
test_frr_json_real(void **state)
{
	(void)state;
	struct mr_rib *rib = load("trey-r0.frr.json");
	assert_int_equal(rib->format, MR_RIB_FRR_JSON);
	assert_int_equal(rib->n_errors_total, 0);
	assert_int_equal(rib->n_routes, 37);
	const struct mr_rib_route *r = find(rib, "13.107.6.152/31", NULL);
	assert_non_null(r);
	assert_true(r->best);
	assert_true(r->has_local_pref);
	assert_int_equal(r->local_pref, 150);
	assert_int_equal(r->as_path_len, 1);
	assert_int_equal(r->as_path[0], 12076);
	assert_string_equal(r->peer, "185.112.86.6");
	assert_int_equal(r->origin, MR_ORIGIN_IGP);
	r = find(rib, "0.0.0.0/0", NULL);
	assert_non_null(r);
	assert_int_equal(r->as_path[0], 64500);
	assert_int_equal(r->local_pref, 100);
	size_t best = 0;
	for (size_t i = 0; i < rib->n_routes; i++)
		best += rib->routes[i].best;
	assert_int_equal(best, 37);
	mr_rib_free(rib);
}

/* The same router's RIB, as FRR's JSON and as its own MRT table dump:
 * the same prefixes, paths and local preferences; the MRT also carries
 * the communities (12076:5010 on Exchange's 13.107.6.152/31). */
static void
agree(const char *a_name, const char *b_name)
{
	struct mr_rib *a = load(a_name), *b = load(b_name);
	assert_int_equal(a->n_errors_total, 0);
	assert_int_equal(b->n_errors_total, 0);
	assert_true(a->n_routes > 0);
	for (size_t i = 0; i < a->n_routes; i++) {
		const struct mr_rib_route *x = &a->routes[i], *y = NULL;
		for (size_t j = 0; j < b->n_routes && y == NULL; j++)
			if (mr_prefix_cmp(&b->routes[j].prefix, &x->prefix) ==
			        0 &&
			    strcmp(b->routes[j].peer, x->peer) == 0)
				y = &b->routes[j];
		char s[MR_PREFIX_STRLEN];
		mr_prefix_format(&x->prefix, s, sizeof(s));
		if (y == NULL)
			fail_msg("%s: %s from %s not in %s", a_name, s, x->peer,
			         b_name);
		assert_int_equal(x->local_pref, y->local_pref);
		assert_int_equal(x->as_path_len, y->as_path_len);
		for (size_t k = 0; k < x->as_path_len; k++)
			assert_int_equal(x->as_path[k], y->as_path[k]);
		assert_memory_equal(&x->next_hop, &y->next_hop,
		                    sizeof(x->next_hop));
	}
	for (size_t j = 0; j < b->n_routes; j++) {
		bool found = false;
		for (size_t i = 0; i < a->n_routes && !found; i++)
			found = mr_prefix_cmp(&b->routes[j].prefix,
			                      &a->routes[i].prefix) == 0;
		assert_true(found);
	}
	mr_rib_free(a);
	mr_rib_free(b);
}

static void
test_frr_json_vs_mrt(void **state)
{
	(void)state;
	agree("trey-r0.frr.json", "trey-r0.frr-rib.mrt");
	agree("humongous-r0.frr.json", "humongous-r0.frr-rib.mrt");
	struct mr_rib *rib = load("trey-r0.frr-rib.mrt");
	assert_int_equal(rib->format, MR_RIB_MRT);
	assert_false(rib->best_known);
	const struct mr_rib_route *r = find(rib, "13.107.6.152/31", NULL);
	assert_non_null(r);
	assert_true(has_comm(r, 12076, 5010));
	mr_rib_free(rib);
}

/* BIRD 2.0.12's `show route all` and its `protocol mrt` dump of the same
 * edge (BIRD customer edges): the same routes. */
static void
test_bird_text_vs_mrt(void **state)
{
	(void)state;
	struct mr_rib *rib = load("trey-r0.bird.txt");
	assert_int_equal(rib->format, MR_RIB_BIRD);
	assert_int_equal(rib->n_errors_total, 0);
	assert_int_equal(rib->n_routes, 37);
	const struct mr_rib_route *r = find(rib, "132.245.0.0/16", NULL);
	assert_non_null(r);
	assert_string_equal(r->peer, "msee_secondary");
	assert_true(r->best);
	assert_int_equal(r->local_pref, 150);
	assert_true(has_comm(r, 12076, 5010));
	char nh[MR_ADDR_STRLEN];
	mr_addr_format(&r->next_hop, nh, sizeof(nh));
	assert_string_equal(nh, "185.112.86.6");
	mr_rib_free(rib);

	struct mr_rib *t = load("trey-r0.bird.txt");
	struct mr_rib *m = load("trey-r0.bird-rib.mrt");
	assert_int_equal(m->n_errors_total, 0);
	for (size_t i = 0; i < t->n_routes; i++) {
		const struct mr_rib_route *x = &t->routes[i];
		char s[MR_PREFIX_STRLEN];
		mr_prefix_format(&x->prefix, s, sizeof(s));
		const struct mr_rib_route *y = find(m, s, NULL);
		assert_non_null(y);
		assert_int_equal(x->local_pref, y->local_pref);
		assert_int_equal(x->n_communities, y->n_communities);
		for (size_t k = 0; k < x->n_communities; k++)
			assert_true(has_comm(y, x->communities[k] >> 16,
			                     x->communities[k] & 0xffff));
	}
	mr_rib_free(t);
	mr_rib_free(m);

	/* Microsoft's edge: static routes, no BGP attributes. */
	rib = load("trey-ms0p.bird.txt");
	assert_int_equal(rib->n_errors_total, 0);
	r = find(rib, "0.0.0.0/0", "ms_routes");
	assert_non_null(r);
	assert_false(r->has_local_pref);
	mr_rib_free(rib);
}

/* GoBGP 3.10's MRT, peering with the lab's Microsoft edge (ms0p) with no
 * import policy: its table dump (TABLE_DUMP_V2) and its update dump
 * (BGP4MP). Both hold every route Microsoft's edge sends, the refused
 * ones too; each agrees with what the FRR and BIRD customer edges took
 * of the same routes (AS path 12076, the same communities) and with the
 * Microsoft edge's own table (the same prefixes). */
static void
gobgp_agrees(const struct mr_rib *g, const char *edge_name)
{
	struct mr_rib *e = load(edge_name);
	size_t n = 0;
	for (size_t i = 0; i < e->n_routes; i++) {
		const struct mr_rib_route *x = &e->routes[i];
		if (x->as_path_len == 0 || x->as_path[0] != 12076)
			continue;
		char s[MR_PREFIX_STRLEN];
		mr_prefix_format(&x->prefix, s, sizeof(s));
		const struct mr_rib_route *y = find(g, s, NULL);
		if (y == NULL)
			fail_msg("%s: %s not in GoBGP's dump", edge_name, s);
		assert_int_equal(y->as_path_len, 1);
		assert_int_equal(y->as_path[0], 12076);
		assert_true(x->n_communities > 0);
		assert_int_equal(x->n_communities, y->n_communities);
		for (size_t k = 0; k < x->n_communities; k++)
			assert_true(has_comm(y, x->communities[k] >> 16,
			                     x->communities[k] & 0xffff));
		n++;
	}
	assert_int_equal(n, 34); /* the route filter's prefixes */
	mr_rib_free(e);
}

static void
test_gobgp_mrt(void **state)
{
	(void)state;
	struct mr_rib *ms = load("trey-ms0p.bird.txt");
	const char *files[] = {"trey-gobgp-rib.mrt", "trey-gobgp-updates.mrt"};
	for (size_t f = 0; f < 2; f++) {
		struct mr_rib *g = load(files[f]);
		assert_int_equal(g->format, MR_RIB_MRT);
		assert_int_equal(g->n_errors_total, 0);
		assert_int_equal(g->updates, f == 1);
		assert_int_equal(g->n_routes, 37);
		/* FRR's table JSON has no communities: its MRT dump. */
		gobgp_agrees(g, "trey-r0.frr-rib.mrt");
		gobgp_agrees(g, "trey-r0.bird.txt");
		size_t n_ms = 0;
		for (size_t i = 0; i < ms->n_routes; i++) {
			if (strcmp(ms->routes[i].peer, "ms_routes") != 0)
				continue;
			char s[MR_PREFIX_STRLEN];
			mr_prefix_format(&ms->routes[i].prefix, s, sizeof(s));
			assert_non_null(find(g, s, NULL));
			n_ms++;
		}
		assert_int_equal(n_ms, g->n_routes);
		/* What the customer edges refuse, as Microsoft's edge sent
		 * it: an Azure regional prefix, the default route. */
		const struct mr_rib_route *r = find(g, "104.40.0.0/16", NULL);
		assert_non_null(r);
		assert_true(has_comm(r, 12076, 51004));
		assert_false(r->has_local_pref); /* eBGP: none sent */
		assert_false(r->withdrawn);
		char nh[MR_ADDR_STRLEN];
		mr_addr_format(&r->next_hop, nh, sizeof(nh));
		assert_string_equal(nh, "198.18.99.1");
		assert_non_null(find(g, "0.0.0.0/0", NULL));
		mr_rib_free(g);
	}
	mr_rib_free(ms);
}

/* GoBGP's JSON (`gobgp global rib -j`, `gobgp neighbor X adj-in -j`) of
 * the same session as its MRT dumps: the same routes, attributes and
 * neighbor; best known in the global RIB. A prefix key of GoBGP's tells
 * it from FRR's JSON. */
static void
test_gobgp_json(void **state)
{
	(void)state;
	struct mr_rib *m = load("trey-gobgp-rib.mrt");
	const char *files[] = {"trey-gobgp-rib.json", "trey-gobgp-adj-in.json"};
	for (size_t f = 0; f < 2; f++) {
		struct mr_rib *g = load(files[f]);
		assert_int_equal(g->format, MR_RIB_GOBGP_JSON);
		assert_string_equal(mr_rib_format_name(g->format), "gobgp");
		assert_int_equal(g->n_errors_total, 0);
		assert_int_equal(g->n_routes, m->n_routes);
		size_t best = 0;
		for (size_t i = 0; i < g->n_routes; i++) {
			const struct mr_rib_route *x = &g->routes[i];
			char s[MR_PREFIX_STRLEN];
			mr_prefix_format(&x->prefix, s, sizeof(s));
			const struct mr_rib_route *y = find(m, s, NULL);
			if (y == NULL)
				fail_msg("%s: %s not in the MRT", files[f], s);
			assert_string_equal(x->peer, "198.18.99.1");
			assert_int_equal(x->origin, y->origin);
			assert_int_equal(x->has_local_pref, y->has_local_pref);
			assert_int_equal(x->as_path_len, y->as_path_len);
			for (size_t k = 0; k < x->as_path_len; k++)
				assert_int_equal(x->as_path[k], y->as_path[k]);
			assert_int_equal(x->n_communities, y->n_communities);
			for (size_t k = 0; k < x->n_communities; k++)
				assert_int_equal(x->communities[k],
				                 y->communities[k]);
			assert_memory_equal(&x->next_hop, &y->next_hop,
			                    sizeof(x->next_hop));
			best += x->best;
		}
		/* adj-in is before the decision: no path is best there. */
		assert_int_equal(best, f == 0 ? g->n_routes : 0);
		mr_rib_free(g);
	}
	mr_rib_free(m);

	/* Garbage: errors with their offset and line, never a failure. */
	const char *bad[] = {"{\"1.2.3.0/24\":[{\"attrs\":[", "[1,2]",
	                     "{\"1.2.3.0/24\":7,\"x/y\":[{\"attrs\":[]}]}"};
	for (size_t i = 0; i < 3; i++) {
		struct mr_rib *r = NULL;
		assert_int_equal(
		    mr_rib_parse(bad[i], strlen(bad[i]), MR_RIB_GOBGP_JSON, &r),
		    MR_OK);
		assert_true(r->n_errors > 0);
		assert_int_equal(r->n_routes, 0);
		assert_true(r->errors[0].offset <= strlen(bad[i]));
		mr_rib_free(r);
	}
}

/* FRR's bgpd `dump bgp updates-et`: BGP4MP_ET MESSAGE_AS4 updates as
 * received, before the import policy: the default route Microsoft's lab
 * edge sends (which the edge refuses) is there with its community. */
static void
test_frr_updates(void **state)
{
	(void)state;
	struct mr_rib *rib = load("trey-r0.frr-updates.mrt");
	assert_int_equal(rib->n_errors_total, 0);
	const struct mr_rib_route *r = find(rib, "0.0.0.0/0", "185.112.86.6");
	assert_non_null(r);
	assert_int_equal(r->as_path[0], 12076);
	assert_non_null(find(rib, "10.99.0.0/16", "185.112.86.6"));
	mr_rib_free(rib);
}

static void
test_frr_advertised_and_warning(void **state)
{
	(void)state;
	struct mr_rib *rib = load("trey-r0.frr-advertised-ms.json");
	assert_int_equal(rib->n_errors_total, 0);
	assert_int_equal(rib->n_routes, 1);
	assert_non_null(find(rib, "185.112.87.0/24", NULL));
	mr_rib_free(rib);
	rib = load("trey-r0.frr-received-nosoftreconf.json");
	assert_int_equal(rib->n_routes, 0);
	assert_int_equal(rib->n_errors, 1);
	assert_non_null(strstr(rib->errors[0].msg,
	                       "Inbound soft reconfiguration not enabled"));
	mr_rib_free(rib);
}

/* gzip: the same routes; a truncated stream keeps what inflated and
 * says so. */
static void
test_gzip(void **state)
{
	(void)state;
	size_t len;
	char *raw = tu_verify_data("trey-r0.frr-rib.mrt", &len);
	uLongf zl = compressBound(len) + 64;
	unsigned char *z = malloc(zl);
	z_stream s;
	memset(&s, 0, sizeof(s));
	assert_int_equal(
	    deflateInit2(&s, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
	    Z_OK);
	s.next_in = (Bytef *)raw;
	s.avail_in = (uInt)len;
	s.next_out = z;
	s.avail_out = (uInt)zl;
	assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
	size_t n = s.total_out;
	deflateEnd(&s);
	struct mr_rib *a, *b;
	assert_int_equal(mr_rib_parse(raw, len, MR_RIB_AUTO, &a), MR_OK);
	assert_int_equal(mr_rib_parse(z, n, MR_RIB_AUTO, &b), MR_OK);
	assert_true(b->gzip);
	assert_int_equal(b->n_errors_total, 0);
	assert_int_equal(a->n_routes, b->n_routes);
	mr_rib_free(b);
	assert_int_equal(mr_rib_parse(z, n / 2, MR_RIB_AUTO, &b), MR_OK);
	assert_true(b->n_errors_total >= 1);
	assert_true(b->n_routes < a->n_routes);
	mr_rib_free(a);
	mr_rib_free(b);
	free(z);
	free(raw);
}

/* Every prefix of a real MRT dump cut short: no crash, an error whose
 * offset is inside the input, and never more routes than the whole. */
static void
test_mrt_truncated_everywhere(void **state)
{
	(void)state;
	const char *files[] = {"trey-r0.frr-rib.mrt", "trey-r0.frr-updates.mrt",
	                       "trey-r0.bird-rib.mrt"};
	for (size_t f = 0; f < 3; f++) {
		size_t len;
		char *raw = tu_verify_data(files[f], &len);
		struct mr_rib *whole;
		assert_int_equal(mr_rib_parse(raw, len, MR_RIB_MRT, &whole),
		                 MR_OK);
		for (size_t cut = 1; cut < len; cut++) {
			char *c = malloc(cut);
			memcpy(c, raw, cut);
			struct mr_rib *rib;
			assert_int_equal(mr_rib_parse(c, cut, MR_RIB_MRT, &rib),
			                 MR_OK);
			assert_true(rib->n_routes <= whole->n_routes);
			for (size_t e = 0; e < rib->n_errors; e++)
				assert_true(rib->errors[e].offset <= cut);
			mr_rib_free(rib);
			free(c);
		}
		mr_rib_free(whole);
		free(raw);
	}
}

/* A byte builder for hand-made MRT records. */
struct bb {
	uint8_t b[4096];
	size_t n;
};
static void
put8(struct bb *b, unsigned v)
{
	b->b[b->n++] = (uint8_t)v;
}
static void
put16(struct bb *b, unsigned v)
{
	put8(b, v >> 8);
	put8(b, v);
}
static void
put32(struct bb *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b, v & 0xffff);
}
static void
putn(struct bb *b, const void *p, size_t n)
{
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

/* One BGP4MP record (subtype MESSAGE or MESSAGE_AS4) holding an UPDATE
 * with attrs and one IPv4 NLRI 203.0.113.0/24. */
static void
bgp4mp(struct bb *out, unsigned sub, const struct bb *attrs)
{
	struct bb msg = {.n = 0};
	uint8_t marker[16];
	memset(marker, 0xff, sizeof(marker));
	putn(&msg, marker, 16);
	size_t lenat = msg.n;
	put16(&msg, 0);
	put8(&msg, 2);  /* UPDATE */
	put16(&msg, 0); /* no withdrawn */
	put16(&msg, (unsigned)attrs->n);
	putn(&msg, attrs->b, attrs->n);
	put8(&msg, 24);
	put8(&msg, 203);
	put8(&msg, 0);
	put8(&msg, 113);
	msg.b[lenat] = (uint8_t)(msg.n >> 8);
	msg.b[lenat + 1] = (uint8_t)msg.n;
	struct bb body = {.n = 0};
	size_t asz = sub == 4 ? 4 : 2;
	if (asz == 4) {
		put32(&body, 4200000000u);
		put32(&body, 65001);
	} else {
		put16(&body, 23456);
		put16(&body, 65001);
	}
	put16(&body, 0);
	put16(&body, 1); /* IPv4 */
	const uint8_t peer[4] = {192, 0, 2, 1}, local[4] = {192, 0, 2, 2};
	putn(&body, peer, 4);
	putn(&body, local, 4);
	putn(&body, msg.b, msg.n);
	put32(out, 1700000000u);
	put16(out, 16);
	put16(out, sub);
	put32(out, (uint32_t)body.n);
	putn(out, body.b, body.n);
}

static void
test_mrt_handmade(void **state)
{
	(void)state;
	/* MESSAGE (2-byte AS_PATH 23456 64512) with AS4_PATH 4200000000
	 * 64512, an unknown attribute (type 99) and LOCAL_PREF 200. */
	struct bb a = {.n = 0};
	put8(&a, 0x40), put8(&a, 1), put8(&a, 1), put8(&a, 0);
	put8(&a, 0x40), put8(&a, 2), put8(&a, 6);
	put8(&a, 2), put8(&a, 2), put16(&a, 23456), put16(&a, 64512);
	put8(&a, 0xc0), put8(&a, 99), put8(&a, 3), put8(&a, 1), put8(&a, 2),
	    put8(&a, 3);
	put8(&a, 0x40), put8(&a, 3), put8(&a, 4), put32(&a, 0xc0000201);
	put8(&a, 0x40), put8(&a, 5), put8(&a, 4), put32(&a, 200);
	put8(&a, 0xc0), put8(&a, 17), put8(&a, 10);
	put8(&a, 2), put8(&a, 2), put32(&a, 4200000000u), put32(&a, 64512);
	put8(&a, 0xc0), put8(&a, 8), put8(&a, 4), put16(&a, 12076),
	    put16(&a, 5010);
	struct bb f = {.n = 0};
	bgp4mp(&f, 1, &a);
	/* MESSAGE_AS4 with the 4-byte path 4294967295 1 and an AS_PATH
	 * that claims 2 ASNs but holds 6 bytes (a 2-byte path in an AS4
	 * record): an error at that attribute, the record skipped. */
	struct bb c = {.n = 0};
	put8(&c, 0x40), put8(&c, 2), put8(&c, 10);
	put8(&c, 2), put8(&c, 2), put32(&c, 4294967295u), put32(&c, 1);
	bgp4mp(&f, 4, &c);
	size_t bad_at = f.n;
	struct bb d = {.n = 0};
	put8(&d, 0x40), put8(&d, 2), put8(&d, 6);
	put8(&d, 2), put8(&d, 2), put16(&d, 1), put16(&d, 2);
	bgp4mp(&f, 4, &d);
	/* A record of an unknown type: reported, skipped. */
	put32(&f, 0), put16(&f, 99), put16(&f, 0), put32(&f, 2), put16(&f, 0);
	bgp4mp(&f, 4, &c);

	struct mr_rib *rib;
	assert_int_equal(mr_rib_parse(f.b, f.n, MR_RIB_AUTO, &rib), MR_OK);
	assert_int_equal(rib->format, MR_RIB_MRT);
	assert_int_equal(rib->n_routes, 3);
	const struct mr_rib_route *r = &rib->routes[0];
	assert_string_equal(r->peer, "192.0.2.1");
	assert_int_equal(r->as_path_len, 2);
	assert_int_equal(r->as_path[0], 4200000000u);
	assert_int_equal(r->as_path[1], 64512);
	assert_int_equal(r->local_pref, 200);
	assert_true(has_comm(r, 12076, 5010));
	r = &rib->routes[1];
	assert_int_equal(r->as_path_len, 2);
	assert_int_equal(r->as_path[0], 4294967295u);
	assert_int_equal(r->as_path[1], 1);
	assert_int_equal(rib->n_errors, 2);
	assert_non_null(strstr(rib->errors[0].msg, "AS_PATH"));
	assert_true(rib->errors[0].offset > bad_at);
	assert_non_null(strstr(rib->errors[1].msg, "type 99"));
	mr_rib_free(rib);
}

static void
test_frr_garbage(void **state)
{
	(void)state;
	const char *bad = "{\n \"routes\": { \"10.0.0.0/8\": [ {\"valid\":tru";
	struct mr_rib *rib;
	assert_int_equal(mr_rib_parse(bad, strlen(bad), MR_RIB_FRR_JSON, &rib),
	                 MR_OK);
	assert_int_equal(rib->n_routes, 0);
	assert_int_equal(rib->n_errors, 1);
	assert_int_equal(rib->errors[0].line, 2);
	mr_rib_free(rib);
	/* A path that is not an object, next to a good one. */
	const char *mixed =
	    "{\"routes\":{\"10.0.0.0/8\":[7],"
	    "\"192.0.2.0/24\":[{\"bestpath\":true,\"locPrf\":"
	    "150,\"path\":\"12076\",\"peerId\":\"10.1.1.1\"}]}}";
	assert_int_equal(mr_rib_parse(mixed, strlen(mixed), MR_RIB_AUTO, &rib),
	                 MR_OK);
	assert_int_equal(rib->n_routes, 1);
	assert_int_equal(rib->n_errors, 1);
	assert_non_null(strstr(rib->errors[0].msg, "10.0.0.0/8"));
	mr_rib_free(rib);
	/* Nothing this reads. */
	assert_int_equal(mr_rib_parse("hello", 5, MR_RIB_AUTO, &rib),
	                 MR_EPARSE);
	assert_null(rib);
}

static void
test_bird_bad_line(void **state)
{
	(void)state;
	const char *t =
	    "Table master4:\n"
	    "10.1.0.0/16          unicast [ms 20:10:57.828] * (100) "
	    "[AS12076i]\n"
	    "\tBGP.local_pref: 150x\n"
	    "not-a-prefix stuff\n"
	    "\tBGP.as_path: 1\n"
	    "10.2.0.0/16          unicast [ms 20:10:57.828] * (100) "
	    "[AS12076i]\n"
	    "\tBGP.as_path: 12076 4200000000\n"
	    "                     unicast [ms2 20:10:57.828] (100) [AS12076i]\n"
	    "\tBGP.community: (12076,5010)\n";
	struct mr_rib *rib;
	assert_int_equal(mr_rib_parse(t, strlen(t), MR_RIB_AUTO, &rib), MR_OK);
	assert_int_equal(rib->format, MR_RIB_BIRD);
	assert_int_equal(rib->n_routes, 3);
	assert_int_equal(rib->n_errors_total, 3);
	assert_int_equal(rib->errors[0].line, 3);
	assert_int_equal(rib->errors[1].line, 4);
	assert_int_equal(rib->errors[2].line, 5);
	assert_int_equal(rib->routes[1].as_path[1], 4200000000u);
	assert_true(rib->routes[1].best);
	assert_false(rib->routes[2].best);
	assert_string_equal(rib->routes[2].peer, "ms2");
	assert_true(has_comm(&rib->routes[2], 12076, 5010));
	mr_rib_free(rib);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_frr_json_real),
	    cmocka_unit_test(test_frr_json_vs_mrt),
	    cmocka_unit_test(test_bird_text_vs_mrt),
	    cmocka_unit_test(test_frr_updates),
	    cmocka_unit_test(test_frr_advertised_and_warning),
	    cmocka_unit_test(test_gobgp_mrt),
	    cmocka_unit_test(test_gobgp_json),
	    cmocka_unit_test(test_gzip),
	    cmocka_unit_test(test_mrt_truncated_everywhere),
	    cmocka_unit_test(test_mrt_handmade),
	    cmocka_unit_test(test_frr_garbage),
	    cmocka_unit_test(test_bird_bad_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
