/*
 * catalog.c - loading the Microsoft 365 endpoint feed (endpoints.h).
 *
 * Spec: Microsoft Learn, "Microsoft 365 IP Address and URL web service",
 * /endpoints/<instance> (ms.date 2025-01-08), and the quirks of the real feeds in data/endpoints: spaces in
 * port lists, the MEM service area, booleans written as strings (seen in
 * /changes), keys that come and go.
 *
 * Flow: the text is registered as a diagnostics source, counted (a cheap
 * scan refusing absurd numbers of values before jansson allocates a node
 * for each), parsed by jansson (JSON_REJECT_DUPLICATES, so object keys keep
 * file order and appear once) and indexed by jspan.c for byte positions.
 * The loader then walks jansson's tree and the position index side by
 * side; when the two disagree (they should not) the walk stops trusting the
 * index below that point and uses the enclosing value's position instead.
 * Everything kept is copied into the catalog's arena; the jansson tree and
 * the index are freed before returning.
 *
 * Rules (MR01xx codes in diag_codes.def):
 *   top level: a non-empty array of objects (MR0102, MR0103); /changes
 *     records are recognised and refused as a whole (MR0102).
 *   id integer in 1..4294967295 (MR0117), unique, required; serviceArea
 *     string of 1..64 bytes, required, outside Common/Exchange/SharePoint/Skype is a note (once per
 *     distinct value); category required, Optimize/Allow/Default in any
 *     case; serviceAreaDisplayName (<= 256 bytes) and notes (<= 4096 bytes,
 *     tab and line breaks allowed) are optional text without control
 *     characters; urls[] pass mr_pattern_check(); ips[] are CIDR prefixes,
 *     host bits cleared with a warning; tcpPorts/udpPorts are
 *     "p[-q], ..." with spaces around items, stored without spaces, in file
 *     order, "p-p" written "p"; expressRoute defaults to false and required
 *     to true when absent; both accept the strings "true"/"false" (a note).
 *     JSON null for an optional key means absent. Unknown keys warn.
 *   The walk keeps going after errors until the diagnostics sink's caps
 *   stop it (diag.h: 50 errors, 200 warnings and notes by default). Any
 *   error: no catalog, MR_EPARSE, and mr_error_last() names the first; a
 *   feed that is not JSON, or holds too many values, marks its source
 *   unreadable (mr_diags_unreadable()).
 * Limits against hostile input: 64 MiB of text (MR_EIO from a file,
 *   MR_EINVAL for a buffer), 2^20 JSON values (MR0116), nesting as jansson
 *   allows (2048; jspan.c is iterative), untrusted text quoted escaped and
 *   cut at 64 bytes in messages.
 * Complexity: O(len) for the scans, O(values) for the walk; duplicate ids
 * are found with an open-addressing hash table.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <sys/stat.h>

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "catalog_int.h"
#include "diag_int.h"
#include "error.h"
#include "jspan.h"
#include "source.h"
#include "text.h"

#define MAX_FEED       (64u * 1024u * 1024u) /* bytes */
#define MAX_VALUES     (1u << 20)            /* JSON values in one feed */
#define MAX_AREA       64
#define MAX_DISPLAY    256
#define MAX_NOTES      4096
#define MAX_PORTS      1024
#define SHOW           64 /* bytes of an untrusted string quoted */
#define QBUF           (4 * SHOW + 8)
#define MAX_AREAS_SEEN 16

struct idslot {
	int64_t id;
	uint32_t used;
	uint32_t idx;   /* index of the first set with this id */
	uint32_t where; /* offset of its "id" value */
};

struct loader {
	struct mr_diags *d;
	struct mr_arena *a;
	const char *text;
	size_t len;
	uint32_t src;
	struct mr_jspan js;
	bool oom;     /* the loader's own allocations */
	char who[64]; /* "endpoint set 46" */
	const char *areas[MAX_AREAS_SEEN];
	size_t n_areas;
	struct idslot *ids;
	size_t ids_mask;
};

/*
 * Messages and positions.
 */

/*
 * Escape s[0..n) (at most show bytes, then "...") into buf: control and
 * non-ASCII bytes as \xNN, and '"' and '\\' too when quotes is set.
 */
static const char *
escape_q(char *buf, size_t size, const char *s, size_t n, size_t show,
         bool quotes)
{
	return mri_esc_text(buf, size, s, n, show, quotes ? MRI_ESC_DQ : 0);
}

static const char *
escape(char *buf, size_t size, const char *s, size_t n, size_t show)
{
	return escape_q(buf, size, s, n, show, true);
}

/* "..." around the escaped text. */
static const char *
quote(char buf[QBUF], const char *s, size_t n)
{
	size_t k;

	buf[0] = '"';
	escape(buf + 1, QBUF - 2, s, n, SHOW);
	k = strlen(buf);
	buf[k] = '"';
	buf[k + 1] = '\0';
	return buf;
}

static const char *
jtype(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a real number";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	case JSON_NULL:
		return "null";
	}
	return "a value";
}

static struct mr_span
whole(const struct loader *L)
{
	struct mr_span s = {L->src, 0, (uint32_t)L->len};

	return s;
}

/* The span of node, or fb when the node is unknown. */
static struct mr_span
nspan(const struct loader *L, uint32_t node, struct mr_span fb)
{
	struct mr_span s = fb;

	if (node < L->js.n) {
		s.start = L->js.v[node].start;
		s.end = L->js.v[node].end;
	}
	return s;
}

/* Offset after the string token starting at off (a '"'), or len. */
static size_t
token_end(const struct loader *L, size_t off)
{
	size_t i;

	for (i = off + 1; i < L->len; i++) {
		if (L->text[i] == '\\')
			i++;
		else if (L->text[i] == '"')
			return i + 1;
	}
	return L->len;
}

/* The span of the key of member node, or fb. */
static struct mr_span
kspan(const struct loader *L, uint32_t node, struct mr_span fb)
{
	struct mr_span s = fb;

	if (node < L->js.n && L->js.v[node].key != MR_JSPAN_NONE) {
		s.start = L->js.v[node].key;
		s.end = (uint32_t)token_end(L, s.start);
	}
	return s;
}

/*
 * Bytes [off, off + n) of the decoded string held by node: exact when the
 * token has no escape up to there (decoded and raw bytes then coincide),
 * else the whole string token.
 */
static struct mr_span
sspan(const struct loader *L, uint32_t node, size_t off, size_t n,
      struct mr_span fb)
{
	struct mr_span s = nspan(L, node, fb);
	size_t inner;

	if (node >= L->js.n || L->text[s.start] != '"' || s.end < s.start + 2)
		return s;
	inner = s.end - s.start - 2;
	if (n == 0)
		n = 1;
	if (off + n > inner || memchr(L->text + s.start + 1, '\\', off + n))
		return s;
	s.start += (uint32_t)(1 + off);
	s.end = s.start + (uint32_t)n;
	return s;
}

/* Whether member node's key token spells key (escaped keys: trusted). */
static bool
key_matches(const struct loader *L, uint32_t node, const char *key, size_t klen)
{
	size_t k, e;

	if (node >= L->js.n || (k = L->js.v[node].key) == MR_JSPAN_NONE)
		return false;
	e = token_end(L, k);
	if (e - k == klen + 2 && memcmp(L->text + k + 1, key, klen) == 0)
		return true;
	return memchr(L->text + k + 1, '\\', e - k - 1) != NULL;
}

static bool
type_matches(const struct loader *L, uint32_t node, const json_t *v)
{
	char c;

	if (node >= L->js.n)
		return false;
	c = L->text[L->js.v[node].start];
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return c == '{';
	case JSON_ARRAY:
		return c == '[';
	case JSON_STRING:
		return c == '"';
	case JSON_TRUE:
		return c == 't';
	case JSON_FALSE:
		return c == 'f';
	case JSON_NULL:
		return c == 'n';
	case JSON_INTEGER:
	case JSON_REAL:
		return c == '-' || (c >= '0' && c <= '9');
	}
	return false;
}

/* The first element node of array node when the index agrees with v. */
static uint32_t
first_elem(const struct loader *L, uint32_t node, const json_t *v)
{
	if (node >= L->js.n || L->text[L->js.v[node].start] != '[' ||
	    mri_jspan_count(&L->js, node) != json_array_size(v))
		return MR_JSPAN_NONE;
	return mri_jspan_first(&L->js, node);
}

/* The offset right after the last non-blank byte. */
static size_t
end_of_text(const struct loader *L)
{
	size_t e = L->len;

	while (e > 0 && (L->text[e - 1] == ' ' || L->text[e - 1] == '\n' ||
	                 L->text[e - 1] == '\r' || L->text[e - 1] == '\t'))
		e--;
	return e;
}

/*
 * The syntax error: jansson's position counts the bytes it consumed, so the
 * offending token ends there; its text is quoted after "near '". Land on
 * the token, on the undecodable byte for string-level errors, or after the
 * last token for a premature end.
 */
static void
syntax_error(struct loader *L, const json_error_t *err)
{
	char msg[4 * sizeof(err->text)];
	struct mr_span at = {L->src, 0, 0};
	size_t pos = err->position > 0 ? (size_t)err->position : 0;
	const char *near = strstr(err->text, " near '");
	size_t tl = 0;

	if (pos > L->len)
		pos = L->len;
	if (near != NULL) {
		near += 7;
		tl = strlen(near);
		if (tl > 0 && near[tl - 1] == '\'')
			tl--;
	}
	if (strstr(err->text, "near end of file") != NULL) {
		at.start = at.end = (uint32_t)end_of_text(L);
	} else if (pos < L->len &&
	           (strncmp(err->text, "unexpected newline", 18) == 0 ||
	            strncmp(err->text, "control character", 17) == 0 ||
	            strncmp(err->text, "unable to decode byte", 21) == 0)) {
		at.start = (uint32_t)pos;
		at.end = (uint32_t)pos + 1;
	} else if (near != NULL && tl > 0 && tl <= pos &&
	           memcmp(L->text + pos - tl, near, tl) == 0) {
		at.start = (uint32_t)(pos - tl);
		at.end = (uint32_t)pos;
	} else if (pos >= L->len) {
		at.start = at.end = (uint32_t)end_of_text(L);
	} else {
		at.start = (uint32_t)(pos > 0 ? pos - 1 : 0);
		at.end = (uint32_t)pos;
	}
	if (strncmp(err->text, "\\u0000 is not allowed", 21) == 0)
		mri_diag_add(
		    L->d, MR_D_JSON_SYNTAX, at,
		    "invalid JSON: \\u0000 (NUL) is not allowed in a string");
	else
		mri_diag_add(L->d, MR_D_JSON_SYNTAX, at, "invalid JSON: %s",
		             escape_q(msg, sizeof(msg), err->text,
		                      strlen(err->text), sizeof(msg), false));
	mri_diags_set_unreadable(L->d, L->src);
}

/*
 * A bound on the number of values, valid JSON or not: separators and
 * openings outside strings. Keeps jansson from allocating a node for each
 * of tens of millions of values in a hostile file.
 */
static size_t
count_values(const char *t, size_t len)
{
	size_t i, n = 1;
	bool in_str = false;

	for (i = 0; i < len; i++) {
		char c = t[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == ',' || c == '[' || c == '{') {
			n++;
		}
	}
	return n;
}

/*
 * Field decoders.
 */

static char *
keep(struct loader *L, const char *s, size_t n)
{
	char *p = mri_arena_strndup(L->a, s, n);

	if (p == NULL)
		L->oom = true;
	return p;
}

/* A text field: nothing above max bytes, no control characters. */
static const char *
get_text(struct loader *L, const char *key, const json_t *v, uint32_t vn,
         struct mr_span fb, size_t max, bool multiline)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v), i;
	char q[QBUF];

	if (n > max) {
		mri_diag_add(L->d, MR_D_TEXT_INVALID, sspan(L, vn, max, 1, fb),
		             "%s: \"%s\" is longer than %zu bytes (%zu)",
		             L->who, key, max, n);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (multiline && (c == '\t' || c == '\n' || c == '\r'))
			continue;
		if (c < 0x20 || c == 0x7f) {
			mri_diag_add(L->d, MR_D_TEXT_INVALID,
			             sspan(L, vn, i, 1, fb),
			             "%s: \"%s\" holds a control character: %s",
			             L->who, key, quote(q, s, n));
			return NULL;
		}
	}
	return keep(L, s, n);
}

static bool
ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

static void
get_bool(struct loader *L, const char *key, const json_t *v, uint32_t vn,
         struct mr_span fb, bool *out)
{
	char q[QBUF];
	const char *s;

	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return;
	}
	if (json_is_string(v)) {
		s = json_string_value(v);
		if (ieq(s, "true") || ieq(s, "false")) {
			*out = ieq(s, "true");
			mri_diag_add(
			    L->d, MR_D_BOOL_AS_STRING, nspan(L, vn, fb),
			    "%s: \"%s\" is the string %s, read as %s", L->who,
			    key, quote(q, s, json_string_length(v)),
			    *out ? "true" : "false");
			return;
		}
		mri_diag_add(L->d, MR_D_FIELD_TYPE, nspan(L, vn, fb),
		             "%s: \"%s\" must be a boolean, not the string %s",
		             L->who, key, quote(q, s, json_string_length(v)));
		return;
	}
	mri_diag_add(L->d, MR_D_FIELD_TYPE, nspan(L, vn, fb),
	             "%s: \"%s\" must be a boolean, not %s", L->who, key,
	             jtype(v));
}

static void
get_category(struct loader *L, struct mr_endpoint_set *s, const json_t *v,
             uint32_t vn, struct mr_span fb)
{
	char q[QBUF];
	const char *c = json_string_value(v);

	if (ieq(c, "Optimize"))
		s->category = MR_CAT_OPTIMIZE;
	else if (ieq(c, "Allow"))
		s->category = MR_CAT_ALLOW;
	else if (ieq(c, "Default"))
		s->category = MR_CAT_DEFAULT;
	else
		mri_diag_add(
		    L->d, MR_D_CATEGORY_UNKNOWN, nspan(L, vn, fb),
		    "%s: category %s is not Optimize, Allow or Default", L->who,
		    quote(q, c, json_string_length(v)));
}

static void
get_area(struct loader *L, struct mr_endpoint_set *s, const json_t *v,
         uint32_t vn, struct mr_span fb)
{
	static const char *const known[] = {"Common", "Exchange", "SharePoint",
	                                    "Skype"};
	char q[QBUF];
	const char *a;
	size_t i;

	if (json_string_length(v) == 0) {
		mri_diag_add(L->d, MR_D_TEXT_INVALID, nspan(L, vn, fb),
		             "%s: \"serviceArea\" is empty", L->who);
		return;
	}
	a = get_text(L, "serviceArea", v, vn, fb, MAX_AREA, false);
	if (a == NULL)
		return;
	s->service_area = a;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(a, known[i]) == 0)
			return;
	/* Once per distinct value: MEM alone is 15 sets. */
	for (i = 0; i < L->n_areas; i++)
		if (strcmp(a, L->areas[i]) == 0)
			return;
	if (L->n_areas == MAX_AREAS_SEEN)
		return;
	L->areas[L->n_areas++] = a;
	if ((mri_diag_add(L->d, MR_D_SERVICE_AREA_UNKNOWN, nspan(L, vn, fb),
	                  "%s: service area %s is not one of Common, Exchange, "
	                  "SharePoint, Skype (accepted)",
	                  L->who, quote(q, a, strlen(a))) &
	     MRI_DIAG_KEPT))
		mri_diag_note(L->d, "reported once per feed, for the first set "
		                    "that uses it");
}

static void
get_urls(struct loader *L, struct mr_endpoint_set *s, const json_t *v,
         uint32_t vn, struct mr_span fb)
{
	size_t i, n = json_array_size(v);
	uint32_t en = first_elem(L, vn, v);
	struct mr_span afb = nspan(L, vn, fb);
	const char **urls;
	char q[QBUF];

	if (n == 0)
		return;
	urls = mri_arena_calloc(L->a, n, sizeof(*urls));
	if (urls == NULL) {
		L->oom = true;
		return;
	}
	s->urls = urls;
	for (i = 0; i < n; i++, en = mri_jspan_next(&L->js, vn, en)) {
		const json_t *e = json_array_get(v, i);
		const char *u, *why;
		size_t len, bad;

		if (!json_is_string(e)) {
			mri_diag_add(
			    L->d, MR_D_FIELD_TYPE, nspan(L, en, afb),
			    "%s: \"urls\" must hold strings; element %zu is "
			    "%s",
			    L->who, i, jtype(e));
			continue;
		}
		u = json_string_value(e);
		len = json_string_length(e);
		why = mr_pattern_check(u, len, &bad);
		if (why != NULL) {
			mri_diag_add(L->d, MR_D_PATTERN_INVALID,
			             sspan(L, en, bad, 1, afb),
			             "%s: url %s: %s", L->who, quote(q, u, len),
			             why);
			continue;
		}
		if ((urls[s->n_urls] = keep(L, u, len)) != NULL)
			s->n_urls++;
	}
}

/* Why s[0..n) is not a prefix (mr_prefix_parse said so). */
static const char *
prefix_problem(const char *s, size_t n, bool *no_len)
{
	struct mr_addr a;
	size_t slash = n, i;
	unsigned v = 0;

	*no_len = false;
	while (slash > 0 && s[slash - 1] != '/')
		slash--;
	if (slash == 0) {
		*no_len = mr_addr_parse(&a, s, n) == MR_OK;
		return "missing \"/length\"";
	}
	if (mr_addr_parse(&a, s, slash - 1) != MR_OK)
		return "not a valid IPv4 or IPv6 address";
	if (slash == n)
		return "missing prefix length after '/'";
	for (i = slash; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || n - slash > 3)
			return "prefix length is not a decimal number";
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (n - slash > 1 && s[slash] == '0')
		return "prefix length has a leading zero";
	if (a.family == MR_AF_INET && v > 32)
		return "prefix length out of range (0-32 for IPv4)";
	if (v > 128)
		return "prefix length out of range (0-128 for IPv6)";
	return "not a valid CIDR prefix";
}

static void
get_ips(struct loader *L, struct mr_endpoint_set *s, const json_t *v,
        uint32_t vn, struct mr_span fb)
{
	size_t i, n = json_array_size(v);
	uint32_t en = first_elem(L, vn, v);
	struct mr_span afb = nspan(L, vn, fb);
	struct mr_prefix *ips;
	char q[QBUF], canon[MR_PREFIX_STRLEN];

	if (n == 0)
		return;
	ips = mri_arena_calloc(L->a, n, sizeof(*ips));
	if (ips == NULL) {
		L->oom = true;
		return;
	}
	s->ips = ips;
	for (i = 0; i < n; i++, en = mri_jspan_next(&L->js, vn, en)) {
		const json_t *e = json_array_get(v, i);
		const char *t;
		size_t len;
		bool host, no_len;

		if (!json_is_string(e)) {
			mri_diag_add(
			    L->d, MR_D_FIELD_TYPE, nspan(L, en, afb),
			    "%s: \"ips\" must hold strings; element %zu is "
			    "%s",
			    L->who, i, jtype(e));
			continue;
		}
		t = json_string_value(e);
		len = json_string_length(e);
		if (mr_prefix_parse(&ips[s->n_ips], t, len, &host) != MR_OK) {
			const char *why = prefix_problem(t, len, &no_len);
			if ((mri_diag_add(L->d, MR_D_PREFIX_INVALID,
			                  nspan(L, en, afb), "%s: ip %s: %s",
			                  L->who, quote(q, t, len), why) &
			     MRI_DIAG_KEPT) &&
			    no_len)
				mri_diag_hint(
				    L->d,
				    "write a single address as "
				    "%s/%s",
				    escape(q, sizeof(q), t, len, SHOW),
				    memchr(t, ':', len) ? "128" : "32");
			continue;
		}
		if (host) {
			mr_prefix_format(&ips[s->n_ips], canon, sizeof(canon));
			mri_diag_add(L->d, MR_D_PREFIX_HOST_BITS,
			             nspan(L, en, afb),
			             "%s: ip %s has host bits set; read as %s",
			             L->who, quote(q, t, len), canon);
		}
		s->n_ips++;
	}
}

/*
 * "80, 443,1000-2000" -> ranges and "80,443,1000-2000". Returns NULL or a
 * reason, with the offending item at s[*bo, *bo + *bl).
 */
static const char *
parse_ports(struct loader *L, const char *s, size_t n,
            struct mr_port_range **out, size_t *count, char **norm, size_t *bo,
            size_t *bl)
{
	struct mr_port_range *r;
	size_t i = 0, k = 0, items = 1, w = 0, cap;
	char *p;

	for (i = 0; i < n; i++)
		if (s[i] == ',')
			items++;
	cap = items * 12 + 1;
	r = mri_arena_calloc(L->a, items, sizeof(*r));
	p = mri_arena_alloc(L->a, cap);
	if (r == NULL || p == NULL) {
		L->oom = true;
		return NULL;
	}
	i = 0;
	for (;;) {
		unsigned v[2] = {0, 0};
		int part;
		size_t start, e;

		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		start = i;
		for (e = i; e < n && s[e] != ','; e++)
			;
		*bo = start;
		*bl = e - start;
		while (*bl > 0 && (s[start + *bl - 1] == ' ' ||
		                   s[start + *bl - 1] == '\t'))
			(*bl)--;
		if (*bl == 0)
			return "empty item";
		for (part = 0; part < 2; part++) {
			size_t d = i;
			while (i < n && s[i] >= '0' && s[i] <= '9') {
				v[part] = v[part] * 10 + (unsigned)(s[i] - '0');
				if (v[part] > 65535)
					return "port out of range (0-65535)";
				i++;
			}
			if (i == d)
				return "not a port or a range \"a-b\"";
			if (part == 0) {
				if (i < n && s[i] == '-')
					i++;
				else
					break;
			}
		}
		if (part == 0)
			v[1] = v[0];
		if (v[0] > v[1])
			return "range with its low end above its high end";
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < n && s[i] != ',')
			return "not a port or a range \"a-b\"";
		r[k].lo = (uint16_t)v[0];
		r[k].hi = (uint16_t)v[1];
		k++;
		if (w > 0)
			p[w++] = ',';
		if (v[0] == v[1])
			w += (size_t)snprintf(p + w, cap - w, "%u", v[0]);
		else
			w += (size_t)snprintf(p + w, cap - w, "%u-%u", v[0],
			                      v[1]);
		if (i == n)
			break;
		i++; /* ',' */
	}
	*out = r;
	*count = k;
	*norm = p;
	return NULL;
}

static void
get_ports(struct loader *L, const char *key, const json_t *v, uint32_t vn,
          struct mr_span fb, const char **str, const struct mr_port_range **r,
          size_t *count)
{
	const char *s = json_string_value(v), *why;
	size_t n = json_string_length(v), i, bo = 0, bl = 0;
	struct mr_port_range *ranges = NULL;
	char q[QBUF], q2[QBUF], *norm = NULL;

	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	if (i == n)
		return; /* blank: the feed omits such keys; treat as absent */
	if (n > MAX_PORTS) {
		mri_diag_add(L->d, MR_D_PORTS_INVALID, nspan(L, vn, fb),
		             "%s: \"%s\" is longer than %d bytes", L->who, key,
		             MAX_PORTS);
		return;
	}
	why = parse_ports(L, s, n, &ranges, count, &norm, &bo, &bl);
	if (why != NULL && bl == 0) {
		if (bo == n)
			bo--; /* a trailing ',': point at it */
		mri_diag_add(L->d, MR_D_PORTS_INVALID, sspan(L, vn, bo, 1, fb),
		             "%s: %s %s: %s", L->who, key, quote(q, s, n), why);
	} else if (why != NULL) {
		mri_diag_add(L->d, MR_D_PORTS_INVALID, sspan(L, vn, bo, bl, fb),
		             "%s: %s %s: item %s: %s", L->who, key,
		             quote(q, s, n), quote(q2, s + bo, bl), why);
	}
	if (why != NULL) {
		*count = 0;
		return;
	}
	*str = norm;
	*r = ranges;
}

/* Endpoint set ids are positive and fit in 32 bits (the service's are
 * small; routers and files name sets by them). */
static bool
id_ok(int64_t id)
{
	return id >= 1 && id <= (int64_t)UINT32_MAX;
}

/* Remember set idx's id; report a duplicate. */
static void
check_id(struct loader *L, int64_t id, size_t idx, uint32_t vn,
         struct mr_span fb)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ull;
	size_t i = (size_t)(h >> 32) & L->ids_mask;
	struct mr_span at = nspan(L, vn, fb);
	uint32_t line, col;

	if (L->ids == NULL)
		return;
	for (;; i = (i + 1) & L->ids_mask) {
		struct idslot *e = &L->ids[i];
		if (!e->used) {
			e->used = 1;
			e->id = id;
			e->idx = (uint32_t)idx;
			e->where = at.start;
			return;
		}
		if (e->id != id)
			continue;
		if ((mri_diag_add(
		         L->d, MR_D_SET_ID_DUPLICATE, at,
		         "%s: duplicate id (also the id of the set at index "
		         "%u)",
		         L->who, e->idx) &
		     MRI_DIAG_KEPT) &&
		    mr_diags_locate(L->d, L->src, e->where, &line, &col) == 0)
			mri_diag_note(L->d, "first used at line %u, column %u",
			              line, col);
		return;
	}
}

enum {
	K_ID = 1 << 0,
	K_AREA = 1 << 1,
	K_CATEGORY = 1 << 2,
	K_EXPRESS = 1 << 3,
	K_REQUIRED = 1 << 4
};

static void
load_member(struct loader *L, struct mr_endpoint_set *s, size_t idx,
            const char *k, size_t klen, const json_t *v, uint32_t vn,
            struct mr_span fb, unsigned *seen)
{
	char q[QBUF];
	const char *want = NULL;
	bool optional = true;

	if (strcmp(k, "id") == 0) {
		*seen |= K_ID;
		optional = false;
		if (json_is_integer(v)) {
			s->id = json_integer_value(v);
			if (!id_ok(s->id)) {
				mri_diag_add(
				    L->d, MR_D_SET_ID_INVALID, nspan(L, vn, fb),
				    "%s: \"id\" must be an integer from 1 "
				    "to 4294967295, not %lld",
				    L->who, (long long)s->id);
				return;
			}
			check_id(L, s->id, idx, vn, fb);
			return;
		}
		want = "an integer";
	} else if (strcmp(k, "serviceArea") == 0) {
		*seen |= K_AREA;
		optional = false;
		if (json_is_string(v)) {
			get_area(L, s, v, vn, fb);
			return;
		}
		want = "a string";
	} else if (strcmp(k, "category") == 0) {
		*seen |= K_CATEGORY;
		optional = false;
		if (json_is_string(v)) {
			get_category(L, s, v, vn, fb);
			return;
		}
		want = "a string";
	} else if (strcmp(k, "serviceAreaDisplayName") == 0) {
		if (json_is_string(v)) {
			s->service_area_display =
			    get_text(L, k, v, vn, fb, MAX_DISPLAY, false);
			return;
		}
		want = "a string";
	} else if (strcmp(k, "notes") == 0) {
		if (json_is_string(v)) {
			s->notes = get_text(L, k, v, vn, fb, MAX_NOTES, true);
			return;
		}
		want = "a string";
	} else if (strcmp(k, "urls") == 0) {
		if (json_is_array(v)) {
			get_urls(L, s, v, vn, fb);
			return;
		}
		want = "an array of strings";
	} else if (strcmp(k, "ips") == 0) {
		if (json_is_array(v)) {
			get_ips(L, s, v, vn, fb);
			return;
		}
		want = "an array of strings";
	} else if (strcmp(k, "tcpPorts") == 0) {
		if (json_is_string(v)) {
			get_ports(L, k, v, vn, fb, &s->tcp_ports, &s->tcp,
			          &s->n_tcp);
			return;
		}
		want = "a string";
	} else if (strcmp(k, "udpPorts") == 0) {
		if (json_is_string(v)) {
			get_ports(L, k, v, vn, fb, &s->udp_ports, &s->udp,
			          &s->n_udp);
			return;
		}
		want = "a string";
	} else if (strcmp(k, "expressRoute") == 0) {
		*seen |= K_EXPRESS;
		if (!json_is_null(v))
			get_bool(L, k, v, vn, fb, &s->express_route);
		return;
	} else if (strcmp(k, "required") == 0) {
		*seen |= K_REQUIRED;
		if (!json_is_null(v))
			get_bool(L, k, v, vn, fb, &s->required);
		return;
	} else {
		mri_diag_add(L->d, MR_D_FIELD_UNKNOWN, kspan(L, vn, fb),
		             "%s: unknown key %s (ignored)", L->who,
		             quote(q, k, klen));
		return;
	}
	if (optional && json_is_null(v))
		return;
	mri_diag_add(L->d, MR_D_FIELD_TYPE, nspan(L, vn, fb),
	             "%s: \"%s\" must be %s, not %s", L->who, k, want,
	             jtype(v));
}

static void
load_set(struct loader *L, struct mr_endpoint_set *s, size_t idx,
         const json_t *obj, uint32_t node, struct mr_span fb)
{
	const json_t *idv;
	unsigned seen = 0;
	uint32_t m = MR_JSPAN_NONE;
	void *it;

	s->at = nspan(L, node, fb);
	s->required = true;
	if (!json_is_object(obj)) {
		mri_diag_add(
		    L->d, MR_D_FEED_SHAPE, s->at,
		    "element %zu of the feed is %s, not an endpoint-set "
		    "object",
		    idx, jtype(obj));
		return;
	}
	if (json_object_get(obj, "endpointSetId") != NULL &&
	    json_object_get(obj, "serviceArea") == NULL) {
		if ((mri_diag_add(L->d, MR_D_FEED_SHAPE, s->at,
		                  "this is a /changes feed, not an /endpoints "
		                  "feed: element %zu is a change record",
		                  idx) &
		     MRI_DIAG_KEPT))
			mri_diag_hint(L->d, "load the response of "
			                    "/endpoints/<instance>");
		mri_diag_stop(L->d);
		return;
	}
	idv = json_object_get(obj, "id");
	if (json_is_integer(idv) && id_ok(json_integer_value(idv)))
		snprintf(L->who, sizeof(L->who), "endpoint set %lld",
		         (long long)json_integer_value(idv));
	else
		snprintf(L->who, sizeof(L->who), "endpoint set at index %zu",
		         idx);
	if (node < L->js.n && L->text[L->js.v[node].start] == '{' &&
	    mri_jspan_count(&L->js, node) == json_object_size(obj))
		m = mri_jspan_first(&L->js, node);
	for (it = json_object_iter((json_t *)(uintptr_t)obj); it != NULL;
	     it = json_object_iter_next((json_t *)(uintptr_t)obj, it)) {
		const char *k = json_object_iter_key(it);
		size_t klen = json_object_iter_key_len(it);
		const json_t *v = json_object_iter_value(it);

		if (m != MR_JSPAN_NONE &&
		    (!key_matches(L, m, k, klen) || !type_matches(L, m, v)))
			m = MR_JSPAN_NONE; /* stop trusting the index here */
		load_member(L, s, idx, k, klen, v, m, s->at, &seen);
		if (m != MR_JSPAN_NONE)
			m = mri_jspan_next(&L->js, node, m);
	}
	if (!(seen & K_ID))
		mri_diag_add(L->d, MR_D_FIELD_MISSING, s->at,
		             "%s: required key \"id\" is missing", L->who);
	if (!(seen & K_AREA))
		mri_diag_add(L->d, MR_D_FIELD_MISSING, s->at,
		             "%s: required key \"serviceArea\" is missing",
		             L->who);
	if (!(seen & K_CATEGORY))
		mri_diag_add(L->d, MR_D_FIELD_MISSING, s->at,
		             "%s: required key \"category\" is missing",
		             L->who);
}

static void
load_root(struct loader *L, struct mr_catalog *c, const json_t *root)
{
	uint32_t node = L->js.n > 0 ? 0 : MR_JSPAN_NONE;
	struct mr_span at = nspan(L, node, whole(L));
	size_t i, n, cap;

	if (!json_is_array(root)) {
		if ((mri_diag_add(
		         L->d, MR_D_FEED_SHAPE, at,
		         "the feed is %s, not an array of endpoint sets",
		         jtype(root)) &
		     MRI_DIAG_KEPT) &&
		    json_is_object(root))
			mri_diag_hint(L->d, "an /endpoints/<instance> response "
			                    "is a JSON array of objects");
		return;
	}
	n = json_array_size(root);
	if (n == 0) {
		mri_diag_add(L->d, MR_D_FEED_EMPTY, at,
		             "the feed is an empty array: no endpoint set");
		return;
	}
	c->sets = mri_arena_calloc(L->a, n, sizeof(*c->sets));
	for (cap = 16; cap < 2 * n; cap *= 2)
		;
	L->ids = calloc(cap, sizeof(*L->ids));
	L->ids_mask = cap - 1;
	if (c->sets == NULL || L->ids == NULL) {
		L->oom = true;
		return;
	}
	c->n = n;
	node = first_elem(L, node, root);
	for (i = 0; i < n && !mri_diag_stopped(L->d) && !L->oom; i++) {
		load_set(L, &c->sets[i], i, json_array_get(root, i), node, at);
		node = mri_jspan_next(&L->js, 0, node);
	}
}

/* A load that failed: out of memory, or errors in the feed (MR_EPARSE). */
static int
failed(const struct loader *L, const char *name)
{
	char q[QBUF];

	if (L->oom || mri_diag_load_oom(L->d))
		return mri_error_set(MR_ENOMEM, "out of memory");
	return mri_diag_failed(L->d, "'%s': the endpoint feed",
	                       escape(q, sizeof(q), name, strlen(name), SHOW));
}

int
mr_catalog_load_buffer(struct mr_catalog **out, const char *name,
                       const char *text, size_t len, struct mr_diags *d)
{
	struct loader L;
	struct mr_catalog *c = NULL;
	struct mr_arena *a = NULL;
	json_error_t err;
	json_t *root = NULL;
	char q[QBUF];

	if (out != NULL)
		*out = NULL;
	if (out == NULL || d == NULL || (text == NULL && len > 0))
		return mri_error_set(MR_EINVAL, "mr_catalog_load_buffer: "
		                                "invalid argument");
	if (name == NULL)
		name = "<input>";
	if (text == NULL)
		text = "";
	if (len > MAX_FEED)
		return mri_error_set(
		    MR_EINVAL,
		    "'%s': %zu bytes is more than the 64 MiB "
		    "an endpoint feed may have",
		    escape(q, sizeof(q), name, strlen(name), SHOW * 2), len);
	memset(&L, 0, sizeof(L));
	L.d = d;
	L.text = text;
	L.len = len;
	L.src = mr_diags_add_source(d, name, text, len);
	if (L.src == 0)
		return mri_error_set(MR_ENOMEM, "out of memory");
	mri_diag_begin(d, true);

	if (count_values(text, len) > MAX_VALUES) {
		mri_diag_add(
		    L.d, MR_D_FEED_TOO_LARGE, whole(&L),
		    "the feed holds more than %u JSON values; refusing to "
		    "load it",
		    MAX_VALUES);
		mri_diags_set_unreadable(d, L.src);
		return failed(&L, name);
	}
	root = json_loadb(text, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
	                  &err);
	if (root == NULL) {
		if (json_error_code(&err) == json_error_out_of_memory)
			return mri_error_set(MR_ENOMEM, "out of memory");
		syntax_error(&L, &err);
		return failed(&L, name);
	}
	/* Without the index (should not happen) spans fall back to all. */
	if (mri_jspan_build(&L.js, text, len) != MR_OK)
		L.js.n = 0;

	if (mri_arena_create(&a) != 0 ||
	    (c = mri_arena_alloc(a, sizeof(*c))) == NULL ||
	    (c->source = mri_arena_strndup(a, name, strlen(name))) == NULL) {
		L.oom = true;
	} else {
		c->arena = a;
		L.a = a;
		load_root(&L, c, root);
	}

	json_decref(root);
	mri_jspan_free(&L.js);
	free(L.ids);
	if (L.oom || mri_diag_load_errors(d) > 0 || mri_diag_load_oom(d)) {
		mri_arena_destroy(a);
		return failed(&L, name);
	}
	*out = c;
	return MR_OK;
}

static int
load_buffer(void *out, const char *name, const char *text, size_t len,
            struct mr_diags *d)
{
	return mr_catalog_load_buffer(out, name, text, len, d);
}

int
mr_catalog_load_file(struct mr_catalog **out, const char *path,
                     struct mr_diags *d)
{
	static const struct mri_loader l = {
	    "mr_catalog_load_file", "an endpoint feed", MAX_FEED, load_buffer};

	if (out != NULL)
		*out = NULL;
	return mri_load_file(out, path, d, &l);
}

void
mr_catalog_free(struct mr_catalog *c)
{
	if (c != NULL)
		mri_arena_destroy(c->arena);
}

size_t
mr_catalog_count(const struct mr_catalog *c)
{
	return c != NULL ? c->n : 0;
}

const struct mr_endpoint_set *
mr_catalog_set(const struct mr_catalog *c, size_t i)
{
	if (c == NULL || i >= c->n)
		return NULL;
	return &c->sets[i];
}

const char *
mr_catalog_instance(const struct mr_catalog *c)
{
	return c != NULL ? c->instance : NULL;
}

const char *
mr_catalog_source(const struct mr_catalog *c)
{
	return c != NULL ? c->source : NULL;
}

const char *
mr_catalog_date(const struct mr_catalog *c)
{
	return c != NULL ? c->date : NULL;
}

const char *
mr_category_name(enum mr_category c)
{
	switch (c) {
	case MR_CAT_OPTIMIZE:
		return "Optimize";
	case MR_CAT_ALLOW:
		return "Allow";
	case MR_CAT_DEFAULT:
		return "Default";
	}
	return NULL;
}
