/*
 * rib_bird.c - BIRD 2's `birdc show route all` text:
 *
 *   Table master4:
 *   13.107.6.192/32      unicast [msee_secondary 20:10:57.828] * (100) [AS12076i]
 *   	via 185.112.86.6 on eth1.300
 *   	BGP.as_path: 12076
 *   	BGP.local_pref: 150
 *   	BGP.community: (12076,5100)
 *                        unicast [msee_primary 20:10:57.828] (100) [AS12076i]
 *
 * A route line starts with the prefix (or, for a further path to the
 * same prefix, with blanks); its attribute lines start with a tab. The
 * star marks the best path. A line that is none of these is reported by
 * its number and skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "rib_int.h"

struct line {
	const char *s;
	size_t n;
};

static bool
starts(struct line l, const char *w)
{
	size_t n = strlen(w);
	return l.n >= n && memcmp(l.s, w, n) == 0;
}

static size_t
count_tokens(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9' &&
		    (i == 0 || s[i - 1] < '0' || s[i - 1] > '9'))
			c++;
	return c;
}

/* Every number of s[0..n) in order (AS paths: "12076 {1 2}"). */
static size_t
numbers(const char *s, size_t n, uint32_t *v)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] < '0' || s[i] > '9') {
			i++;
			continue;
		}
		uint64_t x = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (x <= UINT32_MAX)
				x = x * 10 + (uint64_t)(s[i] - '0');
			i++;
		}
		v[k++] = x > UINT32_MAX ? UINT32_MAX : (uint32_t)x;
	}
	return k;
}

static const uint32_t *
number_list(struct mr_rib *rib, const char *s, size_t n, size_t *out_n)
{
	size_t c = count_tokens(s, n);
	*out_n = 0;
	if (c == 0)
		return NULL;
	uint32_t *v = rib_alloc(rib, c * sizeof(*v));
	if (v == NULL)
		return NULL;
	*out_n = numbers(s, n, v);
	return v;
}

/* The route line after its prefix: " unicast [proto time] * (pref) ...". */
static bool
route_line(struct mr_rib *rib, struct mr_rib_route *r, const char *s, size_t n)
{
	const char *lb = memchr(s, '[', n);
	if (lb == NULL)
		return false;
	const char *e = s + n, *p = lb + 1, *q = p;
	while (q < e && *q != ' ' && *q != ']')
		q++;
	if (q == p)
		return false;
	r->peer = rib_strndup(rib, p, (size_t)(q - p));
	const char *rb = memchr(q, ']', (size_t)(e - q));
	if (rb == NULL)
		return false;
	p = rb + 1;
	while (p < e && *p == ' ')
		p++;
	r->best = p < e && *p == '*';
	return true;
}

static void
attr_line(struct mr_rib *rib, struct mr_rib_route *r, struct line l,
          size_t lineno, size_t at)
{
	const char *s = l.s + 1, *e = l.s + l.n; /* past the tab */
	struct line t = {s, (size_t)(e - s)};
	const char *colon = memchr(s, ':', (size_t)(e - s));
	const char *v = colon ? colon + 1 : e;
	while (v < e && *v == ' ')
		v++;
	size_t vn = (size_t)(e - v);
	if (starts(t, "BGP.as_path:")) {
		r->as_path = number_list(rib, v, vn, &r->as_path_len);
	} else if (starts(t, "BGP.local_pref:")) {
		char buf[16];
		char *end;
		if (vn == 0 || vn >= sizeof(buf))
			goto bad;
		memcpy(buf, v, vn);
		buf[vn] = 0;
		unsigned long x = strtoul(buf, &end, 10);
		if (*end != 0 || x > UINT32_MAX)
			goto bad;
		r->local_pref = (uint32_t)x;
		r->has_local_pref = true;
	} else if (starts(t, "BGP.community:")) {
		/* "(12076,5010) (12076,51006)": pairs. */
		size_t c = 0;
		const uint32_t *nums = number_list(rib, v, vn, &c);
		if (c % 2)
			goto bad;
		uint32_t *out = (uint32_t *)(uintptr_t)nums;
		size_t k = 0;
		for (size_t i = 0; i + 1 < c; i += 2)
			if (nums[i] <= 0xFFFF && nums[i + 1] <= 0xFFFF)
				out[k++] = nums[i] << 16 | nums[i + 1];
		r->communities = out;
		r->n_communities = k;
	} else if (starts(t, "BGP.next_hop:")) {
		const char *sp =
		    memchr(v, ' ', vn); /* "a [b]" link-local too */
		size_t an = sp ? (size_t)(sp - v) : vn;
		if (mr_addr_parse(&r->next_hop, v, an) != MR_OK)
			goto bad;
	} else if (starts(t, "BGP.origin:")) {
		r->origin = starts((struct line){v, vn}, "IGP") ? MR_ORIGIN_IGP
		            : starts((struct line){v, vn}, "EGP")
		                ? MR_ORIGIN_EGP
		            : starts((struct line){v, vn}, "Incomplete")
		                ? MR_ORIGIN_INCOMPLETE
		                : MR_ORIGIN_UNKNOWN;
	} else if (starts(t, "via ") && r->next_hop.family == 0) {
		const char *a = s + 4, *sp = a;
		while (sp < e && *sp != ' ')
			sp++;
		(void)mr_addr_parse(&r->next_hop, a, (size_t)(sp - a));
	}
	return;
bad:
	rib_err(rib, at, lineno, "BIRD: line %zu: bad value \"%.*s\"", lineno,
	        (int)(vn > 60 ? 60 : vn), v);
}

void
rib_parse_bird(struct mr_rib *rib, const char *p, size_t len)
{
	const char *end = p + len;
	struct mr_prefix cur;
	bool have_cur = false;
	struct mr_rib_route *r = NULL;
	size_t lineno = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct line l = {p, nl ? (size_t)(nl - p) : (size_t)(end - p)};
		size_t at = (size_t)(p - (end - len));
		p = nl ? nl + 1 : end;
		lineno++;
		if (l.n && l.s[l.n - 1] == '\r')
			l.n--;
		/* birdc's reply codes ("1007-...") when run without -v: none;
		 * with -v they prefix every line: strip "NNNN-" / "NNNN ". */
		if (l.n >= 5 && l.s[4] == '-' && l.s[0] >= '0' &&
		    l.s[0] <= '9' && l.s[1] >= '0' && l.s[2] >= '0' &&
		    l.s[3] >= '0') {
			l.s += 5;
			l.n -= 5;
		}
		if (l.n == 0 || starts(l, "BIRD ") || starts(l, "Table ") ||
		    starts(l, "Access restricted"))
			continue;
		if (l.s[0] == '\t') {
			if (r == NULL) {
				rib_err(
				    rib, at, lineno,
				    "BIRD: line %zu: an attribute line before "
				    "any route",
				    lineno);
				continue;
			}
			attr_line(rib, r, l, lineno, at);
			continue;
		}
		if (l.s[0] != ' ') {
			const char *sp = memchr(l.s, ' ', l.n);
			size_t pn = sp ? (size_t)(sp - l.s) : l.n;
			if (mr_prefix_parse(&cur, l.s, pn, NULL) != MR_OK) {
				rib_err(
				    rib, at, lineno,
				    "BIRD: line %zu: \"%.*s\" is not a prefix "
				    "(not `show route all` output?)",
				    lineno, (int)(pn > 60 ? 60 : pn), l.s);
				have_cur = false;
				r = NULL;
				continue;
			}
			have_cur = true;
		} else if (!have_cur) {
			rib_err(rib, at, lineno,
			        "BIRD: line %zu: a further path with no prefix "
			        "before it",
			        lineno);
			r = NULL;
			continue;
		}
		r = rib_add(rib);
		if (r == NULL)
			return;
		r->prefix = cur;
		r->offset = at;
		if (!route_line(rib, r, l.s, l.n)) {
			rib_err(
			    rib, at, lineno,
			    "BIRD: line %zu: no [protocol ...] on the route "
			    "line",
			    lineno);
			rib->n_routes--;
			r = NULL;
		}
	}
}
