/*
 * rib_gobgp.c - GoBGP's JSON: `gobgp global rib -j` and `gobgp neighbor
 * ADDR adj-in|adj-out -j` (GoBGP 3): an object, prefix -> array of paths,
 * each {"nlri": {"prefix"}, "best", "attrs": [{"type": N, ...}],
 * "neighbor-ip", ...}, the attributes by their BGP type code: 1 ORIGIN
 * ("value"), 2 AS_PATH ("as_paths": [{"asns": [...]}]), 3 NEXT_HOP and
 * 14 MP_REACH_NLRI ("nexthop"), 5 LOCAL_PREF ("value"), 8 COMMUNITIES
 * ("communities": [32-bit values]). Other attributes are skipped. A path
 * that is not what GoBGP writes is reported with its prefix and skipped;
 * a syntax error at its byte offset and line.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rib_int.h"

static bool
u32_of(json_t *v, uint32_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > UINT32_MAX)
		return false;
	*out = (uint32_t)json_integer_value(v);
	return true;
}

/* AS_PATH: every ASN of every segment (sequence and set) in order. */
static void
as_path_of(struct mr_rib *rib, struct mr_rib_route *r, json_t *segs)
{
	size_t n = 0, cap = 0, i, k;
	json_t *seg, *asn;
	json_array_foreach(segs, i, seg) cap +=
	    json_array_size(json_object_get(seg, "asns"));
	if (cap == 0)
		return;
	uint32_t *v = rib_alloc(rib, cap * sizeof(*v));
	if (v == NULL)
		return;
	json_array_foreach(segs, i, seg)
	{
		json_array_foreach(json_object_get(seg, "asns"), k, asn)
		{
			if (n < cap && u32_of(asn, &v[n]))
				n++;
		}
	}
	r->as_path = v;
	r->as_path_len = n;
}

static void
communities_of(struct mr_rib *rib, struct mr_rib_route *r, json_t *a)
{
	size_t cap = json_array_size(a), n = 0, i;
	json_t *c;
	if (cap == 0)
		return;
	uint32_t *v = rib_alloc(rib, cap * sizeof(*v));
	if (v == NULL)
		return;
	json_array_foreach(a, i, c)
	{
		if (u32_of(c, &v[n]))
			n++;
	}
	r->communities = v;
	r->n_communities = n;
}

static void
attr(struct mr_rib *rib, struct mr_rib_route *r, json_t *a)
{
	json_t *t = json_object_get(a, "type");
	const char *nh;
	uint32_t x;
	if (!json_is_integer(t))
		return;
	switch (json_integer_value(t)) {
	case 1: /* ORIGIN */
		if (u32_of(json_object_get(a, "value"), &x) && x <= 2)
			r->origin = (uint8_t)x;
		break;
	case 2: /* AS_PATH */
		if (json_is_array(json_object_get(a, "as_paths")))
			as_path_of(rib, r, json_object_get(a, "as_paths"));
		break;
	case 3:  /* NEXT_HOP */
	case 14: /* MP_REACH_NLRI */
		nh = json_string_value(json_object_get(a, "nexthop"));
		if (nh != NULL)
			(void)mr_addr_parse(&r->next_hop, nh, strlen(nh));
		break;
	case 5: /* LOCAL_PREF */
		if (u32_of(json_object_get(a, "value"), &r->local_pref))
			r->has_local_pref = true;
		break;
	case 8: /* COMMUNITIES */
		if (json_is_array(json_object_get(a, "communities")))
			communities_of(rib, r,
			               json_object_get(a, "communities"));
		break;
	default:
		break;
	}
}

static void
add_path(struct mr_rib *rib, const char *key, json_t *path, size_t *bad,
         size_t offset)
{
	struct mr_prefix pfx;
	const char *net = json_string_value(
	    json_object_get(json_object_get(path, "nlri"), "prefix"));
	if (net == NULL)
		net = key;
	json_t *attrs = json_object_get(path, "attrs");
	if (!json_is_object(path) || !json_is_array(attrs) ||
	    mr_prefix_parse(&pfx, net, strlen(net), NULL) != MR_OK) {
		if (++*bad <= 10)
			rib_err(rib, offset, 0,
			        "GoBGP JSON: route \"%.60s\" is not a prefix "
			        "with a path and its \"attrs\"; skipped",
			        key);
		return;
	}
	struct mr_rib_route *r = rib_add_at(rib, &pfx, offset);
	if (r == NULL)
		return;
	r->best = json_is_true(json_object_get(path, "best"));
	size_t i;
	json_t *a;
	json_array_foreach(attrs, i, a) attr(rib, r, a);
	/* GoBGP's own routes (`gobgp global rib add`) have no neighbor:
	 * "<nil>" or absent. */
	const char *peer =
	    json_string_value(json_object_get(path, "neighbor-ip"));
	if (peer != NULL && peer[0] != '<' && strlen(peer) < 64)
		r->peer = rib_strndup(rib, peer, strlen(peer));
}

void
rib_parse_gobgp(struct mr_rib *rib, const char *p, size_t len)
{
	json_t *root = rib_json_load(rib, p, len, "GoBGP JSON");
	if (root == NULL)
		return;
	if (!json_is_object(root)) {
		rib_err(rib, 0, 1,
		        "GoBGP JSON: not an object of prefixes (not gobgp's "
		        "rib -j?)");
		json_decref(root);
		return;
	}
	size_t bad = 0, i;
	const char *key;
	json_t *v, *path;
	struct rib_json_text t = {p, len, 0};
	json_object_foreach(root, key, v)
	{
		size_t at = rib_json_key_offset(&t, key);
		if (!json_is_array(v)) {
			add_path(rib, key, NULL, &bad, at);
			continue;
		}
		json_array_foreach(v, i, path)
		    add_path(rib, key, path, &bad, at);
	}
	if (bad > 10)
		rib_err(rib, 0, 0, "GoBGP JSON: %zu routes skipped in all",
		        bad);
	json_decref(root);
}
