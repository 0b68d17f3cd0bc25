/*
 * rib_frr.c - FRR's JSON: `show bgp ipv4|ipv6 unicast json` ("routes":
 * prefix -> array of paths) and `... neighbors X received-routes json` /
 * `advertised-routes json` ("receivedRoutes" / "advertisedRoutes":
 * prefix -> one path). A path that is not what FRR writes is reported
 * with its prefix and skipped; a syntax error is reported at its byte
 * offset and line.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rib_int.h"

static const char *
str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* "12076 65001 {1,2} (65010)": every ASN in order. */
static void
path_of(struct mr_rib *rib, struct mr_rib_route *r, const char *s)
{
	size_t n = 0, cap = 0;
	for (const char *p = s; *p; p++)
		if (*p >= '0' && *p <= '9' &&
		    (p == s || p[-1] < '0' || p[-1] > '9'))
			cap++;
	if (cap == 0)
		return;
	uint32_t *v = rib_alloc(rib, cap * sizeof(*v));
	if (v == NULL)
		return;
	for (const char *p = s; *p;) {
		if (*p < '0' || *p > '9') {
			p++;
			continue;
		}
		uint64_t x = 0;
		while (*p >= '0' && *p <= '9') {
			if (x <= UINT32_MAX)
				x = x * 10 + (uint64_t)(*p - '0');
			p++;
		}
		v[n++] = x > UINT32_MAX ? UINT32_MAX : (uint32_t)x;
	}
	r->as_path = v;
	r->as_path_len = n;
}

/* "12076:5010 12076:5100 no-export". */
static void
communities_of(struct mr_rib *rib, struct mr_rib_route *r, const char *s)
{
	size_t cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == ' ';
	uint32_t *v = rib_alloc(rib, cap * sizeof(*v));
	if (v == NULL)
		return;
	size_t n = 0;
	const char *p = s;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *t = p;
		while (*p && *p != ' ')
			p++;
		size_t tl = (size_t)(p - t);
		if (tl == 0)
			break;
		char *colon;
		char tok[32];
		if (tl >= sizeof(tok))
			continue;
		memcpy(tok, t, tl);
		tok[tl] = 0;
		if (strcmp(tok, "no-export") == 0)
			v[n++] = 0xFFFFFF01u;
		else if (strcmp(tok, "no-advertise") == 0)
			v[n++] = 0xFFFFFF02u;
		else if (strcmp(tok, "local-AS") == 0)
			v[n++] = 0xFFFFFF03u;
		else if ((colon = strchr(tok, ':')) != NULL) {
			unsigned long a = strtoul(tok, NULL, 10),
			              b = strtoul(colon + 1, NULL, 10);
			if (a <= 0xFFFF && b <= 0xFFFF)
				v[n++] = (uint32_t)(a << 16 | b);
		}
	}
	r->communities = v;
	r->n_communities = n;
}

json_t *
rib_json_load(struct mr_rib *rib, const char *p, size_t len, const char *what)
{
	json_error_t e;
	json_t *root = json_loadb(p, len, JSON_REJECT_DUPLICATES, &e);
	if (root == NULL)
		rib_err(rib, (size_t)(e.position > 0 ? e.position : 0),
		        (size_t)(e.line > 0 ? e.line : 0),
		        "%s: %s (line %d, column %d)", what, e.text, e.line,
		        e.column);
	return root;
}

/* The offset of the next object key after t->at (jansson keeps no
 * positions but keeps the keys in order, so each is found after the one
 * before); also the GoBGP reader's. */
size_t
rib_json_key_offset(struct rib_json_text *t, const char *key)
{
	size_t kl = strlen(key);
	for (size_t i = t->at; i + kl + 2 <= t->len; i++)
		if (t->p[i] == '"' && memcmp(t->p + i + 1, key, kl) == 0 &&
		    t->p[i + 1 + kl] == '"') {
			t->at = i + kl + 2;
			return i;
		}
	return t->at;
}

static void
add_path(struct mr_rib *rib, const char *key, json_t *path,
         const char *peer_default, size_t *bad, size_t offset)
{
	struct mr_prefix pfx;
	const char *net = str(path, "network");
	if (net == NULL)
		net = key;
	if (!json_is_object(path) ||
	    mr_prefix_parse(&pfx, net, strlen(net), NULL) != MR_OK) {
		if (++*bad <= 10)
			rib_err(rib, 0, 0,
			        "FRR JSON: route \"%.60s\" is not a "
			        "prefix with a path object; skipped",
			        key);
		return;
	}
	struct mr_rib_route *r = rib_add_at(rib, &pfx, offset);
	if (r == NULL)
		return;
	json_t *b = json_object_get(path, "bestpath");
	if (b == NULL)
		b = json_object_get(path, "best");
	r->best = json_is_true(b);
	json_t *lp = json_object_get(path, "locPrf");
	if (json_is_integer(lp) && json_integer_value(lp) >= 0 &&
	    json_integer_value(lp) <= UINT32_MAX) {
		r->local_pref = (uint32_t)json_integer_value(lp);
		r->has_local_pref = true;
	}
	const char *s = str(path, "path");
	if (s)
		path_of(rib, r, s);
	s = str(path, "origin");
	if (s)
		r->origin = strcmp(s, "IGP") == 0   ? MR_ORIGIN_IGP
		            : strcmp(s, "EGP") == 0 ? MR_ORIGIN_EGP
		            : strcmp(s, "incomplete") == 0
		                ? MR_ORIGIN_INCOMPLETE
		                : MR_ORIGIN_UNKNOWN;
	json_t *c = json_object_get(path, "community");
	if (json_is_object(c) && (s = str(c, "string")) != NULL)
		communities_of(rib, r, s);
	else if (json_is_string(c))
		communities_of(rib, r, json_string_value(c));
	const char *nh = str(path, "nextHop");
	json_t *nhs = json_object_get(path, "nexthops");
	if (nh == NULL && json_is_array(nhs) && json_array_size(nhs) > 0)
		nh = str(json_array_get(nhs, 0), "ip");
	if (nh != NULL)
		(void)mr_addr_parse(&r->next_hop, nh, strlen(nh));
	const char *peer = str(path, "peerId");
	if (peer == NULL)
		peer = peer_default;
	if (peer != NULL && strcmp(peer, "(unspec)") == 0)
		peer = NULL; /* the router's own route */
	r->peer = peer ? rib_strndup(rib, peer, strlen(peer)) : "";
}

void
rib_parse_frr(struct mr_rib *rib, const char *p, size_t len)
{
	json_t *root = rib_json_load(rib, p, len, "FRR JSON");
	if (root == NULL)
		return;
	json_t *routes = NULL;
	bool one = false;
	const char *peer = NULL;
	if (!json_is_object(root)) {
		rib_err(rib, 0, 1, "FRR JSON: not an object");
		goto out;
	}
	if ((routes = json_object_get(root, "routes")) != NULL) {
		one = false;
	} else if ((routes = json_object_get(root, "receivedRoutes")) != NULL ||
	           (routes = json_object_get(root, "advertisedRoutes")) !=
	               NULL) {
		rib->advertised =
		    json_object_get(root, "advertisedRoutes") != NULL;
		one = true;
		peer = str(root, "neighborIp"); /* not always there */
	} else {
		const char *w = str(root, "warning");
		rib_err(rib, 0, 1, "FRR JSON: %s%s",
		        w ? "the router said: " : "",
		        w ? w
		          : "no \"routes\", \"receivedRoutes\" or "
		            "\"advertisedRoutes\" (not FRR's show bgp json?)");
		goto out;
	}
	if (!json_is_object(routes)) {
		rib_err(rib, 0, 1, "FRR JSON: the routes are not an object");
		goto out;
	}
	size_t bad = 0;
	const char *key;
	json_t *v;
	struct rib_json_text t = {p, len, 0};
	json_object_foreach(routes, key, v)
	{
		size_t at = rib_json_key_offset(&t, key);
		if (one) {
			add_path(rib, key, v, peer, &bad, at);
			continue;
		}
		if (!json_is_array(v)) {
			add_path(rib, key, NULL, NULL, &bad, at);
			continue;
		}
		size_t i;
		json_t *path;
		json_array_foreach(v, i, path)
		    add_path(rib, key, path, NULL, &bad, at);
	}
	if (bad > 10)
		rib_err(rib, 0, 0, "FRR JSON: %zu routes skipped in all", bad);
out:
	json_decref(root);
}
