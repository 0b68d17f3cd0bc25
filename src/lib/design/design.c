/*
 * design.c - loading a network design from YAML (design.h,
 * docs/design-format.md).
 *
 * Flow: the text is registered as a diagnostics source; design_yaml.c turns
 * it into a node tree with byte spans (refusing malformed YAML, tags,
 * several documents, alias cycles, deep nesting and node floods). A
 * table-driven schema walker then decodes the tree into the typed model:
 * each mapping kind (the design, organization, site, dns, location, proxy,
 * circuits, microsoft_peering, WAN link, inbound service, demand, policy,
 * override, PAC group) is a struct schema, an array of struct field {key,
 * decoder, required, offsets into the C struct, range, aux table}. The
 * decoders are small and generic (text, name, reference, list of names,
 * boolean, bounded integer, number, ASN, bandwidth, enum, address, prefix,
 * list of prefixes, nested mapping, list of mappings) plus a few special
 * ones (addr:port, route filter, GUID, hostname pattern, WAN ends).
 * After the walk, names are indexed (one table per kind; Internet and
 * ExpressRoute circuits share one since proxies' egress names either),
 * duplicates and dangling references are reported, references are resolved
 * to indexes, and the computed defaults are filled in.
 *
 * Invariants of a returned design: no error was reported; every mr_ref has
 * idx < the size of the array it refers to, or name == NULL and idx ==
 * MR_NONE; every string is NUL-terminated, free of control characters, and
 * a name matches [A-Za-z0-9._-]{1,64}; prefixes have no host bits; every
 * span lies in the registered source. Everything lives in one arena, freed
 * by mr_design_free().
 *
 * Defaults (docs/design-format.md): dns.microsoft365 local; sessions 2;
 * secondary_vlan = vlan; bfd, direct, m365_authorized, private_peering,
 * realtime_media false; local_preference and customer_asn 0 (unset);
 * inbound path internet (the seed's recommendation for Microsoft-initiated
 * flows); pac_groups expressroute false (everything to the proxy);
 * expressroute_routes true for a site where an ExpressRoute circuit lands
 * or whose proxies egress through one, else false; local_internet true for
 * a site where an Internet circuit lands, else false.
 *
 * Errors keep the walk going until the diagnostics sink's caps stop it
 * (diag.h; mri_dreport() in design_yaml.c adds positions); any error means
 * MR_EPARSE and no design, and mr_error_last() names the first. Limits: 16 MiB
 * of text, the tree limits of design_yaml.c, 65536 items in one list
 * (checked before the list's array is allocated), and a budget of 10^6
 * node visits through aliases (alias bombs).
 *
 * Complexity: O(nodes) for the walk; name tables are open-addressing hash
 * tables, so duplicate checks are O(names) and resolving references is
 * O(references); the computed defaults take one pass over the circuits
 * (they scanned every circuit per site, quadratic in a design whose
 * circuits grow with its sites). Only the error path scans a table, for
 * "did you mean", at most once per reported error.
 * Spec: the seed, Microsoft "Routing with ExpressRoute for Office 365"
 * (12/3/2019), and Microsoft Learn's ExpressRoute pages: "ExpressRoute
 * routing requirements" (addressing, VLANs and ASNs; ms.date 03/12/2026),
 * "ExpressRoute FAQ" (bandwidths; ms.date 03/31/2026), "Configure route
 * filters for Microsoft peering" (route filters) and "ExpressRoute
 * circuits and peering" (service keys).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "m365route/design.h"

#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "communities.h"
#include "design_int.h"
#include "error.h"
#include "m365route/endpoints.h"
#include "source.h"

#define MAX_DESIGN (16u * 1024u * 1024u) /* bytes */
#define MAX_VISITS 1000000u              /* nodes visited, aliases counted */
#define MAX_TEXT   256                   /* bytes of free text */
#define MAX_NAME   64
#define MAX_ITEMS  65536u   /* in one list */
#define MAX_MBPS   1000000u /* 1 Tbps */
#define SHOW       48
#define QBUF       (4 * SHOW + 8)
#define NOOFF      ((size_t)-1)
#define F_REQUIRED 1u

_Static_assert(sizeof(enum mr_sku) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(enum mr_path) == sizeof(int), "enums are int-sized");

struct box {
	struct mr_design d; /* first: mr_design_free() casts back */
	struct mr_arena *a;
};

struct nameent {
	const char *name;
	uint32_t idx;
	uint32_t at; /* offset where it was defined */
	bool er;     /* circuits: an ExpressRoute one */
};

struct names {
	struct nameent *v; /* name NULL: empty slot */
	size_t mask;
};

struct loader {
	struct dreport r;
	struct ytree t;
	struct mr_arena *a; /* the design's */
	struct mr_design *dsg;
	size_t visits;
	uint32_t item;  /* index of the list item being decoded */
	bool *er_given; /* per site: expressroute_routes written */
	bool *li_given; /* per site: local_internet written */
	struct names sites, proxies, circuits, inbound, pacs;
};

struct field;
typedef void (*decode_fn)(struct loader *L, const struct field *f,
                          const struct ynode *v, void *obj);

struct field {
	const char *key;
	decode_fn dec;
	unsigned flags;
	size_t off, off2;
	double min, max;
	const void *aux;
};

struct schema {
	const char *what; /* "a site", for messages */
	const struct field *f;
	size_t n;
	size_t at_off; /* the struct mr_span of the element, or NOOFF */
	void (*init)(void *obj);
	void (*check)(struct loader *L, void *obj, const struct ynode *map);
};

struct list_of {
	const struct schema *item;
	size_t size;         /* of one item */
	size_t n_off, v_off; /* size_t count and pointer in the parent */
};

struct enumval {
	const char *name;
	int value;
};

/* The model is const to its users; the loader fills it in. */
#define MUT(T, p)       ((T *)(uintptr_t)(p))
#define AT(obj, off, T) ((T *)(void *)((char *)(obj) + (off)))

static void
set_ptr(void *obj, size_t off, const void *p)
{
	memcpy((char *)obj + off, &p, sizeof(p));
}

/*
 * Nodes.
 */

static const struct ynode *
node(struct loader *L, uint32_t idx)
{
	const struct ynode *x;

	if (idx == YNONE || idx >= L->t.n)
		return NULL;
	x = &L->t.v[idx];
	if (x->kind == Y_ALIAS && x->target < L->t.n)
		x = &L->t.v[x->target];
	if (++L->visits == MAX_VISITS + 1) {
		mri_dreport(&L->r, MR_D_YAML_LIMITS, x->start, x->end,
		            "the design expands (through aliases) to more than "
		            "%u YAML nodes",
		            MAX_VISITS);
		mri_diag_stop(L->r.d);
	}
	return mri_diag_stopped(L->r.d) ? NULL : x;
}

static bool
is_null(const struct ynode *v)
{
	if (v->kind != Y_SCALAR || v->style != Y_PLAIN)
		return false;
	return v->len == 0 || strcmp(v->text, "~") == 0 ||
	       strcmp(v->text, "null") == 0 || strcmp(v->text, "Null") == 0 ||
	       strcmp(v->text, "NULL") == 0;
}

static const char *
kind_name(const struct ynode *v)
{
	switch (v->kind) {
	case Y_MAP:
		return "a mapping";
	case Y_SEQ:
		return "a list";
	default:
		break;
	}
	if (v->style != Y_PLAIN)
		return "a string";
	if (is_null(v))
		return "nothing";
	return "a scalar";
}

static struct mr_span
span(const struct loader *L, const struct ynode *v)
{
	struct mr_span s = {L->r.src, v->start, v->end};

	return s;
}

static const char *
q(char buf[QBUF], const struct ynode *v)
{
	return mri_design_escape(buf, QBUF, v->text, v->len, SHOW);
}

/* The text of the line "line:col" of offset off, for notes. */
static void
where(struct loader *L, uint32_t off, char *buf, size_t size)
{
	uint32_t line = 0, col = 0;

	if (mr_diags_locate(L->r.d, L->r.src, off, &line, &col) != MR_OK)
		snprintf(buf, size, "offset %u", off);
	else
		snprintf(buf, size, "line %u, column %u", line, col);
}

static char *
copy(struct loader *L, const char *s, size_t n)
{
	char *c = mri_arena_strndup(L->a, s, n);

	if (c == NULL)
		mri_dreport_oom(&L->r);
	return c;
}

/* A scalar is wanted: report the type error otherwise. */
static bool
want_scalar(struct loader *L, const struct field *f, const struct ynode *v,
            const char *what)
{
	if (v->kind == Y_SCALAR)
		return true;
	mri_dreport(&L->r, MR_D_VALUE_TYPE, v->start, v->end,
	            "'%s' must be %s, not %s", f->key, what, kind_name(v));
	return false;
}

static bool
want_plain(struct loader *L, const struct field *f, const struct ynode *v,
           const char *what)
{
	char b[QBUF];

	if (!want_scalar(L, f, v, what))
		return false;
	if (v->style == Y_PLAIN)
		return true;
	mri_dreport(&L->r, MR_D_VALUE_TYPE, v->start, v->end,
	            "'%s' must be %s, not a quoted string", f->key, what);
	mri_diag_hint(L->r.d, "write %s without quotes", q(b, v));
	return false;
}

/*
 * Scalar checks.
 */

static bool
name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > MAX_NAME)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

/* Offset of the first control character (C0, DEL, C1) or n. */
static size_t
control_at(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return i;
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return i;
	}
	return n;
}

/* Decimal digits only, up to max; false on anything else. */
static bool
parse_uint(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 20)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

static bool
looks_integer(const char *s, size_t n)
{
	size_t i = (n > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;

	if (i == n)
		return false;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * Decoders.
 */

static void walk_map(struct loader *L, const struct schema *s,
                     const struct ynode *map, void *obj);

static const char *
take_text(struct loader *L, const struct field *f, const struct ynode *v,
          size_t max)
{
	size_t bad;

	if (!want_scalar(L, f, v, "text"))
		return NULL;
	if (v->len == 0 || v->len > max) {
		mri_dreport(&L->r, MR_D_STRING_INVALID, v->start, v->end,
		            "'%s' must be 1 to %zu bytes long, not %u", f->key,
		            max, v->len);
		return NULL;
	}
	bad = control_at(v->text, v->len);
	if (bad < v->len) {
		/* The character's value, then where it starts (1-based byte
		 * offset in the value); a C1 control is two bytes, 0xc2 and
		 * the code point. */
		unsigned char c = (unsigned char)v->text[bad];
		unsigned cp = c == 0xc2 ? (unsigned char)v->text[bad + 1] : c;
		mri_dreport(
		    &L->r, MR_D_STRING_INVALID, v->start, v->end,
		    "'%s' holds control character U+%04X at byte %zu of "
		    "its value",
		    f->key, cp, bad + 1);
		return NULL;
	}
	return copy(L, v->text, v->len);
}

static void
dec_text(struct loader *L, const struct field *f, const struct ynode *v,
         void *obj)
{
	const char *s = take_text(L, f, v, MAX_TEXT);

	if (s == NULL)
		return;
	*AT(obj, f->off, const char *) = s;
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, struct mr_span) = span(L, v);
}

/* A name; its span is kept just before the string (name_span()). */
static const char *
take_name(struct loader *L, const struct field *f, const struct ynode *v)
{
	char b[QBUF], *p;
	struct mr_span at;

	if (!want_scalar(L, f, v, "a name"))
		return NULL;
	if (!name_ok(v->text, v->len)) {
		mri_dreport(&L->r, MR_D_NAME_INVALID, v->start, v->end,
		            "'%s' is not a valid name", q(b, v));
		mri_diag_note(L->r.d, "names are 1 to 64 characters of A-Z a-z "
		                      "0-9 . _ - (they end up in router "
		                      "configurations)");
		return NULL;
	}
	at = span(L, v);
	p = mri_arena_alloc(L->a, sizeof(at) + v->len + 1);
	if (p == NULL) {
		mri_dreport_oom(&L->r);
		return NULL;
	}
	memcpy(p, &at, sizeof(at));
	memcpy(p + sizeof(at), v->text, v->len);
	p[sizeof(at) + v->len] = '\0';
	return p + sizeof(at);
}

static void
dec_name(struct loader *L, const struct field *f, const struct ynode *v,
         void *obj)
{
	const char *s = take_name(L, f, v);

	if (s != NULL)
		*AT(obj, f->off, const char *) = s;
}

/* A DNS label, stored in lowercase: <tenant>.sharepoint.com. */
static void
dec_tenant(struct loader *L, const struct field *f, const struct ynode *v,
           void *obj)
{
	char b[QBUF], *s;
	size_t i;
	bool ok;

	if (!want_scalar(L, f, v, "a tenant name"))
		return;
	ok = v->len >= 1 && v->len <= 63 && v->text[0] != '-' &&
	     v->text[v->len - 1] != '-';
	for (i = 0; ok && i < v->len; i++) {
		char c = v->text[i];
		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		     (c >= '0' && c <= '9') || c == '-';
	}
	if (!ok) {
		mri_dreport(&L->r, MR_D_NAME_INVALID, v->start, v->end,
		            "tenant '%s' is not a DNS label", q(b, v));
		mri_diag_note(L->r.d,
		              "the tenant is the first label of "
		              "<tenant>.sharepoint.com: 1 to 63 letters, "
		              "digits and '-'");
		return;
	}
	s = copy(L, v->text, v->len);
	if (s == NULL)
		return;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
	*AT(obj, f->off, const char *) = s;
}

static void
set_ref(struct loader *L, struct mr_ref *r, const char *name,
        const struct ynode *v)
{
	r->name = name;
	r->idx = MR_NONE;
	r->at = span(L, v);
}

static void
dec_ref(struct loader *L, const struct field *f, const struct ynode *v,
        void *obj)
{
	const char *s = take_name(L, f, v);

	if (s != NULL)
		set_ref(L, AT(obj, f->off, struct mr_ref), s, v);
}

/* A list whose items are decoded by each(); returns the item count or
 * SIZE_MAX when v is not a list. */
static size_t
want_list(struct loader *L, const struct field *f, const struct ynode *v,
          const char *what)
{
	char b[QBUF];

	if (v->kind == Y_SEQ && v->n > MAX_ITEMS) {
		mri_dreport(&L->r, MR_D_YAML_LIMITS, v->start, v->start + 1,
		            "'%s' has %u items, more than the %u a design may "
		            "hold",
		            f->key, v->n, MAX_ITEMS);
		mri_diag_stop(L->r.d);
		return SIZE_MAX;
	}
	if (v->kind == Y_SEQ)
		return v->n;
	mri_dreport(&L->r, MR_D_VALUE_TYPE, v->start, v->end,
	            "'%s' must be a list of %s, not %s", f->key, what,
	            kind_name(v));
	if (v->kind == Y_SCALAR)
		mri_diag_hint(L->r.d, "write [%s]", q(b, v));
	return SIZE_MAX;
}

static void
dec_refs(struct loader *L, const struct field *f, const struct ynode *v,
         void *obj)
{
	struct mr_ref *arr;
	size_t n = want_list(L, f, v, "names"), k = 0;
	uint32_t c;

	if (n == SIZE_MAX)
		return;
	arr = mri_arena_calloc(L->a, n ? n : 1, sizeof(*arr));
	if (arr == NULL) {
		mri_dreport_oom(&L->r);
		return;
	}
	for (c = v->child; c != YNONE && !mri_diag_stopped(L->r.d);
	     c = L->t.v[c].next) {
		const struct ynode *x = node(L, c);
		const char *s;
		if (x == NULL)
			break;
		s = take_name(L, f, x);
		if (s != NULL)
			set_ref(L, &arr[k++], s, x);
	}
	*AT(obj, f->off, size_t) = k;
	set_ptr(obj, f->off2, arr);
}

static void
dec_bool(struct loader *L, const struct field *f, const struct ynode *v,
         void *obj)
{
	static const char *const yes[] = {"true", "True", "TRUE"};
	static const char *const no[] = {"false", "False", "FALSE"};
	static const char *const y11[] = {"yes", "Yes", "YES", "on",
	                                  "On",  "ON",  "y",   "Y"};
	static const char *const n11[] = {"no",  "No",  "NO", "off",
	                                  "Off", "OFF", "n",  "N"};
	char b[QBUF];
	size_t i;

	if (!want_scalar(L, f, v, "true or false"))
		return;
	for (i = 0; v->style == Y_PLAIN && i < 3; i++) {
		if (strcmp(v->text, yes[i]) == 0) {
			*AT(obj, f->off, bool) = true;
			return;
		}
		if (strcmp(v->text, no[i]) == 0) {
			*AT(obj, f->off, bool) = false;
			return;
		}
	}
	mri_dreport(&L->r, MR_D_VALUE_TYPE, v->start, v->end,
	            "'%s' must be true or false, not '%s'", f->key, q(b, v));
	for (i = 0; i < 8; i++) {
		if (strcmp(v->text, y11[i]) == 0)
			mri_diag_hint(L->r.d, "write true (YAML 1.2 has no "
			                      "yes/no/on/off booleans)");
		else if (strcmp(v->text, n11[i]) == 0)
			mri_diag_hint(L->r.d, "write false (YAML 1.2 has no "
			                      "yes/no/on/off booleans)");
	}
	if (v->style != Y_PLAIN &&
	    (strcmp(v->text, "true") == 0 || strcmp(v->text, "false") == 0))
		mri_diag_hint(L->r.d, "write %s without quotes", v->text);
}

/* An integer in [f->min, f->max]; true and *out on success. */
static bool
take_uint(struct loader *L, const struct field *f, const struct ynode *v,
          uint64_t *out)
{
	char b[QBUF];
	uint64_t x;

	if (!want_plain(L, f, v, "an integer"))
		return false;
	if (!looks_integer(v->text, v->len)) {
		mri_dreport(&L->r, MR_D_NUMBER_INVALID, v->start, v->end,
		            "'%s' must be an integer, not '%s'", f->key,
		            q(b, v));
		return false;
	}
	if (v->text[0] == '-' || v->text[0] == '+' ||
	    !parse_uint(v->text, v->len, UINT64_MAX, &x) ||
	    (double)x < f->min || (double)x > f->max) {
		mri_dreport(&L->r, MR_D_NUMBER_INVALID, v->start, v->end,
		            "'%s' is %s, out of range %.0f-%.0f", f->key,
		            q(b, v), f->min, f->max);
		return false;
	}
	*out = x;
	return true;
}

static void
dec_u32(struct loader *L, const struct field *f, const struct ynode *v,
        void *obj)
{
	uint64_t x;

	if (!take_uint(L, f, v, &x))
		return;
	*AT(obj, f->off, uint32_t) = (uint32_t)x;
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, struct mr_span) = span(L, v);
}

static void
dec_u16(struct loader *L, const struct field *f, const struct ynode *v,
        void *obj)
{
	uint64_t x;

	if (!take_uint(L, f, v, &x))
		return;
	*AT(obj, f->off, uint16_t) = (uint16_t)x;
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, struct mr_span) = span(L, v);
}

static void
dec_double(struct loader *L, const struct field *f, const struct ynode *v,
           void *obj)
{
	char b[QBUF], *end;
	double x;

	if (!want_plain(L, f, v, "a number"))
		return;
	errno = 0;
	x = strtod(v->text, &end);
	if (v->len == 0 || end != v->text + v->len || errno != 0 ||
	    !isfinite(x) || strchr(v->text, 'x') || strchr(v->text, 'X') ||
	    strchr(v->text, 'n') || strchr(v->text, 'N') ||
	    strchr(v->text, 'i') || strchr(v->text, 'I')) {
		mri_dreport(&L->r, MR_D_NUMBER_INVALID, v->start, v->end,
		            "'%s' must be a number, not '%s'", f->key, q(b, v));
		return;
	}
	if (x < f->min || x > f->max) {
		mri_dreport(&L->r, MR_D_NUMBER_INVALID, v->start, v->end,
		            "'%s' is %s, out of range %g to %g", f->key,
		            q(b, v), f->min, f->max);
		return;
	}
	*AT(obj, f->off, double) = x;
}

/* An AS number: a plain integer in 1..4294967295. */
static bool
take_asn(struct loader *L, const struct field *f, const struct ynode *v,
         uint32_t *out)
{
	char b[QBUF];
	uint64_t x;
	const char *dot;

	if (!want_scalar(L, f, v, "an AS number"))
		return false;
	if (v->style == Y_PLAIN &&
	    parse_uint(v->text, v->len, UINT32_MAX, &x) && x >= 1) {
		*out = (uint32_t)x;
		return true;
	}
	mri_dreport(&L->r, MR_D_ASN_INVALID, v->start, v->end,
	            "'%s' is not an AS number (an integer in 1-4294967295)",
	            q(b, v));
	if (v->len > 2 && (v->text[0] == 'A' || v->text[0] == 'a') &&
	    (v->text[1] == 'S' || v->text[1] == 's') &&
	    parse_uint(v->text + 2, v->len - 2, UINT32_MAX, &x) && x >= 1)
		mri_diag_hint(L->r.d, "write %llu", (unsigned long long)x);
	else if (v->style != Y_PLAIN &&
	         parse_uint(v->text, v->len, UINT32_MAX, &x) && x >= 1)
		mri_diag_hint(L->r.d, "write %llu without quotes",
		              (unsigned long long)x);
	else if ((dot = memchr(v->text, '.', v->len)) != NULL) {
		uint64_t hi, lo;
		if (parse_uint(v->text, (size_t)(dot - v->text), 65535, &hi) &&
		    parse_uint(dot + 1, v->len - (size_t)(dot - v->text) - 1,
		               65535, &lo))
			mri_diag_hint(L->r.d,
			              "asdot is not accepted: write %llu",
			              (unsigned long long)(hi * 65536 + lo));
	}
	return false;
}

static void
dec_asn(struct loader *L, const struct field *f, const struct ynode *v,
        void *obj)
{
	uint32_t x;

	if (!take_asn(L, f, v, &x))
		return;
	*AT(obj, f->off, uint32_t) = x;
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, struct mr_span) = span(L, v);
}

/* A list of ASNs: the values and, when spans != NULL, each one's span. */
static size_t
take_asns(struct loader *L, const struct field *f, const struct ynode *v,
          uint32_t **vals, struct mr_span **spans)
{
	size_t n = want_list(L, f, v, "AS numbers"), k = 0;
	uint32_t c;

	*vals = NULL;
	*spans = NULL;
	if (n == SIZE_MAX)
		return 0;
	*vals = mri_arena_calloc(L->a, n ? n : 1, sizeof(**vals));
	*spans = mri_arena_calloc(L->a, n ? n : 1, sizeof(**spans));
	if (*vals == NULL || *spans == NULL) {
		mri_dreport_oom(&L->r);
		return 0;
	}
	for (c = v->child; c != YNONE && !mri_diag_stopped(L->r.d);
	     c = L->t.v[c].next) {
		const struct ynode *x = node(L, c);
		if (x == NULL)
			break;
		if (take_asn(L, f, x, &(*vals)[k]))
			(*spans)[k++] = span(L, x);
	}
	return k;
}

static void
dec_org_asns(struct loader *L, const struct field *f, const struct ynode *v,
             void *obj)
{
	struct mr_organization *o = obj;
	uint32_t *vals;
	struct mr_span *spans;

	o->n_asns = take_asns(L, f, v, &vals, &spans);
	o->asns = vals;
	o->asn_at = spans;
}

static void
dec_prepend(struct loader *L, const struct field *f, const struct ynode *v,
            void *obj)
{
	struct mr_ms_peering *m = obj;
	uint32_t *vals;
	struct mr_span *spans;

	m->n_prepend = take_asns(L, f, v, &vals, &spans);
	m->prepend = vals;
	m->prepend_at = span(L, v);
}

/*
 * "50Mbps", "1 Gbps", "2.5Gbps", "500 mbps" or a plain number of Mbps;
 * the result is a whole number of Mbps in 1..MAX_MBPS.
 */
static bool
parse_bandwidth(const char *s, size_t n, bool plain, uint32_t *out)
{
	uint64_t ip = 0, frac = 0, scale = 1, mult;
	size_t i = 0, fd = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9' && i < 10)
		ip = ip * 10 + (uint64_t)(s[i++] - '0');
	if (i == 0)
		return false;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9' && fd < 6) {
			frac = frac * 10 + (uint64_t)(s[i++] - '0');
			scale *= 10;
			fd++;
		}
		if (fd == 0)
			return false;
	}
	while (i < n && s[i] == ' ')
		i++;
	if (i == n) {
		if (!plain || fd != 0) /* a bare number is plain Mbps */
			return false;
		mult = 1;
	} else if (n - i == 4 && strncasecmp(s + i, "mbps", 4) == 0) {
		mult = 1;
	} else if (n - i == 4 && strncasecmp(s + i, "gbps", 4) == 0) {
		mult = 1000;
	} else {
		return false;
	}
	if ((frac * mult) % scale != 0)
		return false;
	ip = ip * mult + frac * mult / scale;
	if (ip < 1 || ip > MAX_MBPS)
		return false;
	*out = (uint32_t)ip;
	return true;
}

static void
dec_bw(struct loader *L, const struct field *f, const struct ynode *v,
       void *obj)
{
	char b[QBUF];
	uint32_t mbps;

	if (!want_scalar(L, f, v, "a bandwidth"))
		return;
	if (!parse_bandwidth(v->text, v->len, v->style == Y_PLAIN, &mbps)) {
		mri_dreport(&L->r, MR_D_BANDWIDTH_INVALID, v->start, v->end,
		            "'%s' is not a bandwidth", q(b, v));
		mri_diag_note(L->r.d,
		              "write a whole number of Mbps (1000), or "
		              "\"<n> Mbps\" / \"<n> Gbps\" (\"50Mbps\", "
		              "\"1 Gbps\"), at most 1000 Gbps");
		return;
	}
	*AT(obj, f->off, uint32_t) = mbps;
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, struct mr_span) = span(L, v);
}

/* The allowed words of an enum, "a, b or c", into buf. */
static const char *
enum_words(const struct enumval *t, char *buf, size_t size)
{
	size_t k = 0, i, n = 0;

	while (t[n].name != NULL)
		n++;
	buf[0] = '\0';
	for (i = 0; i < n && k < size; i++) {
		int w = snprintf(buf + k, size - k, "%s%s",
		                 i == 0 ? "" : (i + 1 == n ? " or " : ", "),
		                 t[i].name);
		if (w < 0)
			break;
		k += (size_t)w;
	}
	return buf;
}

static const struct enumval *
take_enum(struct loader *L, const struct field *f, const struct ynode *v)
{
	const struct enumval *t = f->aux, *best = NULL;
	char b[QBUF], words[512];
	size_t i, bd = 3;

	if (!want_scalar(L, f, v, "a word"))
		return NULL;
	for (i = 0; t[i].name != NULL; i++)
		if (strlen(t[i].name) == v->len &&
		    memcmp(t[i].name, v->text, v->len) == 0)
			return &t[i];
	mri_dreport(&L->r, MR_D_ENUM_INVALID, v->start, v->end,
	            "'%s' must be %s, not '%s'", f->key,
	            enum_words(t, words, sizeof(words)), q(b, v));
	for (i = 0; t[i].name != NULL; i++) {
		size_t d = mri_edit_distance(v->text, v->len, t[i].name,
		                             strlen(t[i].name), bd);
		if (d < bd) {
			bd = d;
			best = &t[i];
		}
	}
	if (best != NULL)
		mri_diag_hint(L->r.d, "did you mean '%s'?", best->name);
	return NULL;
}

static void
dec_enum(struct loader *L, const struct field *f, const struct ynode *v,
         void *obj)
{
	const struct enumval *e = take_enum(L, f, v);

	if (e == NULL)
		return;
	*AT(obj, f->off, int) = e->value;
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, struct mr_span) = span(L, v);
}

static const struct enumval continents[] = {
    {"africa", 0},        {"antarctica", 1},
    {"asia", 2},          {"europe", 3},
    {"north-america", 4}, {"oceania", 5},
    {"south-america", 6}, {NULL, 0}};

static void
dec_continent(struct loader *L, const struct field *f, const struct ynode *v,
              void *obj)
{
	const struct enumval *e = take_enum(L, f, v);

	if (e != NULL)
		*AT(obj, f->off, const char *) = e->name;
}

/* Addresses and prefixes. */

static const char *
family_name(int fam)
{
	return fam == MR_AF_INET ? "IPv4" : "IPv6";
}

/* A prefix "a/len" (host bits cleared with MR0106); fam 0 = any. */
static bool
take_prefix(struct loader *L, const struct field *f, const struct ynode *v,
            int fam, struct mr_dprefix *out)
{
	char b[QBUF], canon[MR_PREFIX_STRLEN];
	struct mr_addr a;
	bool host = false;

	if (!want_scalar(L, f, v, "a prefix"))
		return false;
	if (mr_prefix_parse(&out->p, v->text, v->len, &host) != MR_OK) {
		mri_dreport(&L->r, MR_D_ADDRESS_INVALID, v->start, v->end,
		            "'%s' is not an IPv4 or IPv6 prefix", q(b, v));
		if (mr_addr_parse(&a, v->text, v->len) == MR_OK)
			mri_diag_hint(
			    L->r.d, "write %s/%d for a single address", q(b, v),
			    a.family == MR_AF_INET ? 32 : 128);
		return false;
	}
	if (fam != 0 && out->p.addr.family != fam) {
		mri_dreport(&L->r, MR_D_ADDRESS_INVALID, v->start, v->end,
		            "'%s' must be an %s prefix, not %s", f->key,
		            family_name(fam), family_name(out->p.addr.family));
		return false;
	}
	out->at = span(L, v);
	if (host) {
		mr_prefix_format(&out->p, canon, sizeof(canon));
		if ((mri_dreport(&L->r, MR_D_PREFIX_HOST_BITS, v->start, v->end,
		                 "prefix '%s' has host bits set; using %s",
		                 q(b, v), canon) &
		     MRI_DIAG_KEPT))
			mri_diag_hint(L->r.d, "write %s", canon);
	}
	return true;
}

static bool
take_addr(struct loader *L, const struct field *f, const struct ynode *v,
          struct mr_dprefix *out)
{
	char b[QBUF];

	if (!want_scalar(L, f, v, "an address"))
		return false;
	if (mr_addr_parse(&out->p.addr, v->text, v->len) != MR_OK) {
		mri_dreport(&L->r, MR_D_ADDRESS_INVALID, v->start, v->end,
		            "'%s' is not an IPv4 or IPv6 address", q(b, v));
		if (memchr(v->text, '/', v->len) != NULL)
			mri_diag_hint(L->r.d,
			              "'%s' takes an address, without "
			              "a prefix length",
			              f->key);
		return false;
	}
	out->p.len = out->p.addr.family == MR_AF_INET ? 32 : 128;
	out->at = span(L, v);
	return true;
}

static void
dec_prefix(struct loader *L, const struct field *f, const struct ynode *v,
           void *obj)
{
	struct mr_dprefix p;

	memset(&p, 0, sizeof(p));
	if (!take_prefix(L, f, v, (int)(intptr_t)f->aux, &p))
		return;
	*AT(obj, f->off, struct mr_dprefix) = p;
	*AT(obj, f->off2, bool) = true;
}

static void
dec_addr(struct loader *L, const struct field *f, const struct ynode *v,
         void *obj)
{
	struct mr_dprefix p;

	memset(&p, 0, sizeof(p));
	if (take_addr(L, f, v, &p))
		*AT(obj, f->off, struct mr_dprefix) = p;
}

/* A list of prefixes (aux NULL) or of addresses (aux non-NULL). */
static struct mr_dprefix *
take_plist(struct loader *L, const struct field *f, const struct ynode *v,
           bool addrs, size_t *np)
{
	struct mr_dprefix *arr;
	size_t n = want_list(L, f, v, addrs ? "addresses" : "prefixes"), k = 0;
	uint32_t c;

	*np = 0;
	if (n == SIZE_MAX)
		return NULL;
	arr = mri_arena_calloc(L->a, n ? n : 1, sizeof(*arr));
	if (arr == NULL) {
		mri_dreport_oom(&L->r);
		return NULL;
	}
	for (c = v->child; c != YNONE && !mri_diag_stopped(L->r.d);
	     c = L->t.v[c].next) {
		const struct ynode *x = node(L, c);
		bool ok;
		if (x == NULL)
			break;
		ok = addrs ? take_addr(L, f, x, &arr[k])
		           : take_prefix(L, f, x, 0, &arr[k]);
		if (ok)
			k++;
	}
	*np = k;
	return arr;
}

static void
dec_prefixes(struct loader *L, const struct field *f, const struct ynode *v,
             void *obj)
{
	struct mr_prefix_list *pl = AT(obj, f->off, struct mr_prefix_list);

	pl->v = take_plist(L, f, v, false, &pl->n);
}

static void
dec_addrs(struct loader *L, const struct field *f, const struct ynode *v,
          void *obj)
{
	size_t n;
	struct mr_dprefix *arr = take_plist(L, f, v, true, &n);

	*AT(obj, f->off, size_t) = n;
	set_ptr(obj, f->off2, arr);
}

/* "address:port" or "[v6address]:port". */
static void
dec_listen(struct loader *L, const struct field *f, const struct ynode *v,
           void *obj)
{
	struct mr_proxy *p = obj;
	const char *s = v->text, *colon, *as;
	char b[QBUF];
	size_t alen;
	uint64_t port;

	if (!want_scalar(L, f, v, "address:port"))
		return;
	if (v->len > 0 && s[0] == '[') {
		const char *rb = memchr(s, ']', v->len);
		if (rb == NULL || rb + 1 >= s + v->len || rb[1] != ':')
			goto bad;
		as = s + 1;
		alen = (size_t)(rb - as);
		colon = rb + 1;
	} else {
		colon = memchr(s, ':', v->len);
		if (colon == NULL ||
		    memchr(colon + 1, ':', v->len - (size_t)(colon - s) - 1)) {
			if (mr_addr_parse(&p->listen.p.addr, s, v->len) ==
			    MR_OK)
				goto noport;
			goto bad;
		}
		as = s;
		alen = (size_t)(colon - s);
	}
	if (mr_addr_parse(&p->listen.p.addr, as, alen) != MR_OK)
		goto bad;
	if (!parse_uint(colon + 1, v->len - (size_t)(colon + 1 - s), 65535,
	                &port) ||
	    port == 0) {
		mri_dreport(&L->r, MR_D_NUMBER_INVALID, v->start, v->end,
		            "the port of '%s' must be an integer in 1-65535",
		            q(b, v));
		return;
	}
	p->listen.p.len = p->listen.p.addr.family == MR_AF_INET ? 32 : 128;
	p->listen.at = span(L, v);
	p->port = (uint16_t)port;
	return;
noport:
	mri_dreport(&L->r, MR_D_ADDRESS_INVALID, v->start, v->end,
	            "'%s' has no port", q(b, v));
	mri_diag_hint(L->r.d, "write %s%s%s:8080",
	              p->listen.p.addr.family == MR_AF_INET6 ? "[" : "",
	              q(b, v),
	              p->listen.p.addr.family == MR_AF_INET6 ? "]" : "");
	return;
bad:
	mri_dreport(&L->r, MR_D_ADDRESS_INVALID, v->start, v->end,
	            "'%s' is not address:port", q(b, v));
	mri_diag_note(L->r.d, "write 10.1.1.10:8080, or [2001:db8::10]:8080 "
	                      "for IPv6");
}

/* Nested mappings and lists of mappings. */

static void
dec_sub(struct loader *L, const struct field *f, const struct ynode *v,
        void *obj)
{
	void *sub = (char *)obj + f->off;

	if (v->kind != Y_MAP) {
		mri_dreport(&L->r, MR_D_VALUE_TYPE, v->start, v->end,
		            "'%s' must be a mapping, not %s", f->key,
		            kind_name(v));
		return;
	}
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, bool) = true;
	walk_map(L, f->aux, v, sub);
}

static void
dec_list(struct loader *L, const struct field *f, const struct ynode *v,
         void *obj)
{
	const struct list_of *lo = f->aux;
	char *arr;
	size_t n = want_list(L, f, v, "mappings"), k = 0;
	uint32_t c, saved = L->item;

	if (n == SIZE_MAX)
		return;
	arr = mri_arena_calloc(L->a, n ? n : 1, lo->size);
	if (arr == NULL) {
		mri_dreport_oom(&L->r);
		return;
	}
	*AT(obj, lo->n_off, size_t) = n;
	set_ptr(obj, lo->v_off, arr);
	for (c = v->child; c != YNONE && !mri_diag_stopped(L->r.d);
	     c = L->t.v[c].next) {
		const struct ynode *x = node(L, c);
		if (x == NULL)
			break;
		L->item = (uint32_t)k;
		if (x->kind != Y_MAP) {
			char b[QBUF];
			mri_dreport(
			    &L->r, MR_D_VALUE_TYPE, x->start, x->end,
			    "each item of '%s' must be a mapping, not %s",
			    f->key, kind_name(x));
			if (x->kind == Y_SCALAR && !is_null(x))
				mri_diag_hint(L->r.d, "write '- name: %s'",
				              q(b, x));
		} else {
			walk_map(L, lo->item, x, arr + k * lo->size);
		}
		k++;
	}
	L->item = saved;
}

/* Special decoders. */

static void
dec_between(struct loader *L, const struct field *f, const struct ynode *v,
            void *obj)
{
	struct mr_wan_link *w = obj;
	const struct ynode *x[2];
	const char *s;
	uint32_t c;

	if (v->kind != Y_SEQ || v->n != 2) {
		mri_dreport(
		    &L->r, MR_D_VALUE_TYPE, v->start, v->end,
		    "'between' must be a list of two site names, not %s",
		    v->kind == Y_SEQ ? "a list of another length"
		                     : kind_name(v));
		return;
	}
	c = v->child;
	x[0] = node(L, c);
	x[1] = x[0] ? node(L, L->t.v[c].next) : NULL;
	if (x[1] == NULL)
		return;
	if ((s = take_name(L, f, x[0])) != NULL)
		set_ref(L, &w->a, s, x[0]);
	if ((s = take_name(L, f, x[1])) != NULL)
		set_ref(L, &w->b, s, x[1]);
}

static void
dec_route_filter(struct loader *L, const struct field *f, const struct ynode *v,
                 void *obj)
{
	struct mr_ms_peering *m = obj;
	struct mr_community *arr;
	size_t n = want_list(L, f, v, "communities"), k = 0;
	uint32_t c;

	if (n == SIZE_MAX)
		return;
	arr = mri_arena_calloc(L->a, n ? n : 1, sizeof(*arr));
	if (arr == NULL) {
		mri_dreport_oom(&L->r);
		return;
	}
	m->has_route_filter = true;
	m->route_filter_at = span(L, v);
	for (c = v->child; c != YNONE && !mri_diag_stopped(L->r.d);
	     c = L->t.v[c].next) {
		const struct ynode *x = node(L, c);
		char b[QBUF];
		const char *sug;
		if (x == NULL)
			break;
		if (!want_scalar(L, f, x, "a community"))
			continue;
		if (x->len > 0 && x->len <= 64 &&
		    control_at(x->text, x->len) == x->len &&
		    mri_community_lookup(x->text, x->len, &arr[k].asn,
		                         &arr[k].value) == MR_OK) {
			arr[k].written = copy(L, x->text, x->len);
			arr[k].at = span(L, x);
			k++;
			continue;
		}
		mri_dreport(&L->r, MR_D_COMMUNITY_UNKNOWN, x->start, x->end,
		            "'%s' is not a known community name nor ASN:VALUE",
		            q(b, x));
		sug = mri_community_suggest(x->text, x->len);
		if (sug != NULL)
			mri_diag_hint(L->r.d, "did you mean '%s'?", sug);
		else
			mri_diag_note(L->r.d,
			              "names: exchange, sharepoint, "
			              "skype, other, ...; or values such "
			              "as 12076:5010");
	}
	m->n_communities = k;
	m->communities = arr;
}

static bool
guid_ok(const char *s, size_t n)
{
	size_t i;

	if (n != 36)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return false;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		             (c >= 'A' && c <= 'F'))) {
			return false;
		}
	}
	return true;
}

static void
dec_service_key(struct loader *L, const struct field *f, const struct ynode *v,
                void *obj)
{
	struct mr_er_circuit *e = obj;
	char b[QBUF];

	if (!want_scalar(L, f, v, "a GUID"))
		return;
	if (!guid_ok(v->text, v->len)) {
		mri_dreport(&L->r, MR_D_SERVICE_KEY_INVALID, v->start, v->end,
		            "service key '%s' is not a GUID", q(b, v));
		mri_diag_note(L->r.d, "a service key looks like "
		                      "8f4b5a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b");
		return;
	}
	e->service_key = copy(L, v->text, v->len);
	e->service_key_at = span(L, v);
}

static void
dec_host(struct loader *L, const struct field *f, const struct ynode *v,
         void *obj)
{
	struct mr_override *o = obj;
	const char *why;
	char b[QBUF], low[256];
	size_t bad = 0, i;
	bool upper = false;

	if (!want_scalar(L, f, v, "a hostname pattern"))
		return;
	why = mr_pattern_check(v->text, v->len, &bad);
	if (why == NULL) {
		o->host = copy(L, v->text, v->len);
		return;
	}
	if (bad > v->len)
		bad = v->len;
	mri_dreport(&L->r, MR_D_HOST_INVALID, v->start, v->end,
	            "'%s' is not a valid hostname pattern: %s", q(b, v), why);
	for (i = 0; i < v->len && i < sizeof(low) - 1; i++) {
		char c = v->text[i];
		upper |= c >= 'A' && c <= 'Z';
		low[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	low[i] = '\0';
	if (upper && mr_pattern_check(low, i, &bad) == NULL)
		mri_diag_hint(L->r.d, "write '%s' (patterns are lowercase)",
		              low);
}

/* Sites: keep track of which computed defaults were overridden. */

static bool *
given(struct loader *L, bool **arr)
{
	if (*arr == NULL && L->dsg->n_sites > 0) {
		*arr = mri_arena_calloc(L->t.a, L->dsg->n_sites, sizeof(bool));
		if (*arr == NULL)
			mri_dreport_oom(&L->r);
	}
	return *arr != NULL && L->item < L->dsg->n_sites ? &(*arr)[L->item]
	                                                 : NULL;
}

static void
dec_site_er(struct loader *L, const struct field *f, const struct ynode *v,
            void *obj)
{
	bool *g = given(L, &L->er_given);

	dec_bool(L, f, v, obj);
	if (g != NULL)
		*g = true;
}

static void
dec_site_li(struct loader *L, const struct field *f, const struct ynode *v,
            void *obj)
{
	bool *g = given(L, &L->li_given);

	dec_bool(L, f, v, obj);
	if (g != NULL)
		*g = true;
}

/*
 * The schema.
 */

#define FLD(k, d, fl, o, o2, lo, hi, aux)                                      \
	{                                                                      \
		k, d, fl, o, o2, lo, hi, aux                                   \
	}
#define SCHEMA(w, t, at, in, ck)                                               \
	{                                                                      \
		w, t, sizeof(t) / sizeof(t[0]), at, in, ck                     \
	}

static const struct field org_fields[] = {
    FLD("name", dec_text, F_REQUIRED, offsetof(struct mr_organization, name),
        NOOFF, 0, 0, NULL),
    FLD("tenant", dec_tenant, 0, offsetof(struct mr_organization, tenant),
        NOOFF, 0, 0, NULL),
    FLD("asns", dec_org_asns, 0, 0, NOOFF, 0, 0, NULL),
    FLD("address_space", dec_prefixes, 0,
        offsetof(struct mr_organization, address_space), NOOFF, 0, 0, NULL),
};
static const struct schema org_schema =
    SCHEMA("the organization", org_fields, offsetof(struct mr_organization, at),
           NULL, NULL);

static const struct field loc_fields[] = {
    FLD("lat", dec_double, F_REQUIRED, offsetof(struct mr_site, lat), NOOFF,
        -90, 90, NULL),
    FLD("lon", dec_double, F_REQUIRED, offsetof(struct mr_site, lon), NOOFF,
        -180, 180, NULL),
};
static const struct schema loc_schema =
    SCHEMA("a location", loc_fields, NOOFF, NULL, NULL);

static const struct enumval dns_modes[] = {
    {"local", MR_DNS_LOCAL}, {"forward", MR_DNS_FORWARD}, {NULL, 0}};

static void check_dns(struct loader *L, void *obj, const struct ynode *map);

static const struct field dns_fields[] = {
    FLD("resolvers", dec_addrs, 0, offsetof(struct mr_site, n_resolvers),
        offsetof(struct mr_site, resolvers), 0, 0, NULL),
    FLD("microsoft365", dec_enum, 0, offsetof(struct mr_site, dns_mode), NOOFF,
        0, 0, dns_modes),
    FLD("forward_to", dec_ref, 0, offsetof(struct mr_site, dns_forward_to),
        NOOFF, 0, 0, NULL),
};
static const struct schema dns_schema =
    SCHEMA("dns", dns_fields, NOOFF, NULL, check_dns);

static void
check_dns(struct loader *L, void *obj, const struct ynode *map)
{
	struct mr_site *s = obj;

	uint32_t end = map->child != YNONE ? L->t.v[map->child].end : map->end;

	if (s->dns_mode == MR_DNS_FORWARD && s->dns_forward_to.name == NULL)
		mri_dreport(&L->r, MR_D_KEY_MISSING, map->start, end,
		            "'forward_to' is required when 'microsoft365' is "
		            "forward");
}

static const struct field site_fields[] = {
    FLD("name", dec_name, F_REQUIRED, offsetof(struct mr_site, name), NOOFF, 0,
        0, NULL),
    FLD("city", dec_text, 0, offsetof(struct mr_site, city), NOOFF, 0, 0, NULL),
    FLD("location", dec_sub, 0, 0, offsetof(struct mr_site, has_coords), 0, 0,
        &loc_schema),
    FLD("continent", dec_continent, 0, offsetof(struct mr_site, continent),
        NOOFF, 0, 0, continents),
    FLD("users", dec_u32, 0, offsetof(struct mr_site, users), NOOFF, 0,
        10000000, NULL),
    FLD("subnets", dec_prefixes, 0, offsetof(struct mr_site, subnets), NOOFF, 0,
        0, NULL),
    FLD("dns", dec_sub, 0, 0, NOOFF, 0, 0, &dns_schema),
    FLD("proxies", dec_refs, 0, offsetof(struct mr_site, n_proxies),
        offsetof(struct mr_site, proxies), 0, 0, NULL),
    FLD("expressroute_routes", dec_site_er, 0,
        offsetof(struct mr_site, receives_er_routes), NOOFF, 0, 0, NULL),
    FLD("realtime_media", dec_bool, 0, offsetof(struct mr_site, realtime_media),
        NOOFF, 0, 0, NULL),
    FLD("local_internet", dec_site_li, 0,
        offsetof(struct mr_site, local_internet), NOOFF, 0, 0, NULL),
};

static void
init_site(void *obj)
{
	struct mr_site *s = obj;

	s->dns_mode = MR_DNS_LOCAL;
	s->dns_forward_to.idx = MR_NONE;
}

static const struct schema site_schema = SCHEMA(
    "a site", site_fields, offsetof(struct mr_site, at), init_site, NULL);

static const struct field proxy_fields[] = {
    FLD("name", dec_name, F_REQUIRED, offsetof(struct mr_proxy, name), NOOFF, 0,
        0, NULL),
    FLD("site", dec_ref, F_REQUIRED, offsetof(struct mr_proxy, site), NOOFF, 0,
        0, NULL),
    FLD("listen", dec_listen, F_REQUIRED, 0, NOOFF, 0, 0, NULL),
    FLD("egress", dec_ref, F_REQUIRED, offsetof(struct mr_proxy, egress), NOOFF,
        0, 0, NULL),
};

static void
init_proxy(void *obj)
{
	struct mr_proxy *p = obj;

	p->site.idx = p->egress.idx = MR_NONE;
}

static const struct schema proxy_schema = SCHEMA(
    "a proxy", proxy_fields, offsetof(struct mr_proxy, at), init_proxy, NULL);

static const struct field inet_fields[] = {
    FLD("name", dec_name, F_REQUIRED,
        offsetof(struct mr_internet_circuit, name), NOOFF, 0, 0, NULL),
    FLD("site", dec_ref, F_REQUIRED, offsetof(struct mr_internet_circuit, site),
        NOOFF, 0, 0, NULL),
    FLD("isp", dec_text, 0, offsetof(struct mr_internet_circuit, isp), NOOFF, 0,
        0, NULL),
    FLD("bandwidth", dec_bw, 0,
        offsetof(struct mr_internet_circuit, bandwidth_mbps), NOOFF, 0, 0,
        NULL),
    FLD("advertised", dec_prefixes, 0,
        offsetof(struct mr_internet_circuit, advertised), NOOFF, 0, 0, NULL),
    FLD("nat_pool", dec_prefixes, 0,
        offsetof(struct mr_internet_circuit, nat_pool), NOOFF, 0, 0, NULL),
};

static void
init_inet(void *obj)
{
	struct mr_internet_circuit *c = obj;

	c->site.idx = MR_NONE;
}

static const struct schema inet_schema =
    SCHEMA("an Internet circuit", inet_fields,
           offsetof(struct mr_internet_circuit, at), init_inet, NULL);

#define MSF(k, d, fl, m, o2, lo, hi, aux)                                      \
	FLD(k, d, fl, offsetof(struct mr_ms_peering, m), o2, lo, hi, aux)
#define MSO(m) offsetof(struct mr_ms_peering, m)

static const struct field ms_fields[] = {
    MSF("peer_asn", dec_asn, F_REQUIRED, peer_asn, MSO(peer_asn_at), 0, 0,
        NULL),
    MSF("customer_asn", dec_asn, 0, customer_asn, MSO(customer_asn_at), 0, 0,
        NULL),
    MSF("primary", dec_prefix, 0, primary, MSO(has_primary), 0, 0,
        (void *)(intptr_t)MR_AF_INET),
    MSF("secondary", dec_prefix, 0, secondary, MSO(has_secondary), 0, 0,
        (void *)(intptr_t)MR_AF_INET),
    MSF("subnet", dec_prefix, 0, subnet, MSO(has_subnet), 0, 0,
        (void *)(intptr_t)MR_AF_INET),
    MSF("primary_v6", dec_prefix, 0, primary6, MSO(has_primary6), 0, 0,
        (void *)(intptr_t)MR_AF_INET6),
    MSF("secondary_v6", dec_prefix, 0, secondary6, MSO(has_secondary6), 0, 0,
        (void *)(intptr_t)MR_AF_INET6),
    MSF("subnet_v6", dec_prefix, 0, subnet6, MSO(has_subnet6), 0, 0,
        (void *)(intptr_t)MR_AF_INET6),
    MSF("vlan", dec_u16, F_REQUIRED, vlan, MSO(vlan_at), 1, 4094, NULL),
    MSF("secondary_vlan", dec_u16, 0, secondary_vlan, MSO(secondary_vlan_at), 1,
        4094, NULL),
    MSF("sessions", dec_u32, 0, sessions, MSO(sessions_at), 1, 2, NULL),
    MSF("advertised", dec_prefixes, 0, advertised, NOOFF, 0, 0, NULL),
    MSF("nat_pool", dec_prefixes, 0, nat_pool, NOOFF, 0, 0, NULL),
    FLD("route_filter", dec_route_filter, 0, 0, NOOFF, 0, 0, NULL),
    MSF("bfd", dec_bool, 0, bfd, NOOFF, 0, 0, NULL),
    MSF("local_preference", dec_u32, 0, local_preference,
        MSO(local_preference_at), 1, 4294967295.0, NULL),
    FLD("as_path_prepend", dec_prepend, 0, 0, NOOFF, 0, 0, NULL),
};

static void
init_ms(void *obj)
{
	struct mr_ms_peering *m = obj;

	m->sessions = 2;
}

_Static_assert(sizeof(ms_fields) / sizeof(ms_fields[0]) <= 32,
               "walk_map() tracks at most 32 keys");

static const struct schema ms_schema =
    SCHEMA("microsoft_peering", ms_fields, MSO(at), init_ms, NULL);

static const struct enumval skus[] = {{"local", MR_SKU_LOCAL},
                                      {"standard", MR_SKU_STANDARD},
                                      {"premium", MR_SKU_PREMIUM},
                                      {NULL, 0}};

#define ERO(m) offsetof(struct mr_er_circuit, m)

static const struct field er_fields[] = {
    FLD("name", dec_name, F_REQUIRED, ERO(name), NOOFF, 0, 0, NULL),
    FLD("site", dec_ref, F_REQUIRED, ERO(site), NOOFF, 0, 0, NULL),
    FLD("peering_location", dec_text, F_REQUIRED, ERO(peering_location),
        ERO(peering_location_at), 0, 0, NULL),
    FLD("provider", dec_text, 0, ERO(provider), NOOFF, 0, 0, NULL),
    FLD("bandwidth", dec_bw, F_REQUIRED, ERO(bandwidth_mbps), ERO(bandwidth_at),
        0, 0, NULL),
    FLD("direct", dec_bool, 0, ERO(direct), NOOFF, 0, 0, NULL),
    FLD("sku", dec_enum, 0, ERO(sku), ERO(sku_at), 0, 0, skus),
    FLD("service_key", dec_service_key, 0, 0, NOOFF, 0, 0, NULL),
    FLD("m365_authorized", dec_bool, 0, ERO(m365_authorized), NOOFF, 0, 0,
        NULL),
    FLD("private_peering", dec_bool, 0, ERO(private_peering), NOOFF, 0, 0,
        NULL),
    FLD("microsoft_peering", dec_sub, 0, ERO(ms), ERO(ms.present), 0, 0,
        &ms_schema),
};

static void
init_er(void *obj)
{
	struct mr_er_circuit *c = obj;

	c->site.idx = MR_NONE;
}

static const struct schema er_schema =
    SCHEMA("an ExpressRoute circuit", er_fields, ERO(at), init_er, NULL);

static const struct field wan_fields[] = {
    FLD("between", dec_between, F_REQUIRED, 0, NOOFF, 0, 0, NULL),
    FLD("latency_ms", dec_double, 0, offsetof(struct mr_wan_link, latency_ms),
        NOOFF, 0, 10000, NULL),
    FLD("bandwidth", dec_bw, 0, offsetof(struct mr_wan_link, bandwidth_mbps),
        NOOFF, 0, 0, NULL),
};

static void
init_wan(void *obj)
{
	struct mr_wan_link *w = obj;

	w->a.idx = w->b.idx = MR_NONE;
	w->latency_ms = -1;
}

static const struct schema wan_schema = SCHEMA(
    "a WAN link", wan_fields, offsetof(struct mr_wan_link, at), init_wan, NULL);

static const struct enumval inbound_kinds[] = {
    {"smtp", MR_IN_SMTP},
    {"adfs", MR_IN_ADFS},
    {"exchange-hybrid", MR_IN_EXCHANGE_HYBRID},
    {"sharepoint-hybrid-search", MR_IN_SHAREPOINT_HYBRID_SEARCH},
    {"sharepoint-hybrid-bcs", MR_IN_SHAREPOINT_HYBRID_BCS},
    {"skype-hybrid", MR_IN_SKYPE_HYBRID},
    {"cloud-connector", MR_IN_CLOUD_CONNECTOR},
    {"other", MR_IN_OTHER},
    {NULL, 0}};

static const struct enumval paths[] = {{"internet", MR_PATH_INTERNET},
                                       {"expressroute", MR_PATH_EXPRESSROUTE},
                                       {NULL, 0}};

#define INO(m) offsetof(struct mr_inbound, m)

static const struct field inbound_fields[] = {
    FLD("name", dec_name, F_REQUIRED, INO(name), NOOFF, 0, 0, NULL),
    FLD("kind", dec_enum, F_REQUIRED, INO(kind), INO(kind_at), 0, 0,
        inbound_kinds),
    FLD("site", dec_ref, F_REQUIRED, INO(site), NOOFF, 0, 0, NULL),
    FLD("address", dec_addr, F_REQUIRED, INO(address), NOOFF, 0, 0, NULL),
    FLD("path", dec_enum, 0, INO(path), NOOFF, 0, 0, paths),
};

static void
init_inbound(void *obj)
{
	struct mr_inbound *i = obj;

	i->site.idx = MR_NONE;
	i->path = MR_PATH_INTERNET;
}

static const struct schema inbound_schema =
    SCHEMA("an inbound service", inbound_fields, INO(at), init_inbound, NULL);

#define DMO(m) offsetof(struct mr_demand, m)

static const struct field demand_fields[] = {
    FLD("site", dec_ref, F_REQUIRED, DMO(site), NOOFF, 0, 0, NULL),
    FLD("exchange", dec_double, 0, DMO(mbps[MR_SA_EXCHANGE]), NOOFF, 0, 1e7,
        NULL),
    FLD("sharepoint", dec_double, 0, DMO(mbps[MR_SA_SHAREPOINT]), NOOFF, 0, 1e7,
        NULL),
    FLD("skype", dec_double, 0, DMO(mbps[MR_SA_SKYPE]), NOOFF, 0, 1e7, NULL),
    FLD("common", dec_double, 0, DMO(mbps[MR_SA_COMMON]), NOOFF, 0, 1e7, NULL),
};

static void
init_demand(void *obj)
{
	struct mr_demand *d = obj;
	int i;

	d->site.idx = MR_NONE;
	for (i = 0; i < MR_SA__COUNT; i++)
		d->mbps[i] = -1;
}

static const struct schema demand_schema =
    SCHEMA("a demand entry", demand_fields, DMO(at), init_demand, NULL);

static const struct enumval actions[] = {
    {"proxy", MR_OVERRIDE_PROXY}, {"direct", MR_OVERRIDE_DIRECT}, {NULL, 0}};

static const struct field override_fields[] = {
    FLD("host", dec_host, F_REQUIRED, 0, NOOFF, 0, 0, NULL),
    FLD("action", dec_enum, F_REQUIRED, offsetof(struct mr_override, action),
        NOOFF, 0, 0, actions),
};
static const struct schema override_schema =
    SCHEMA("an override", override_fields, offsetof(struct mr_override, at),
           NULL, NULL);

#define PGO(m) offsetof(struct mr_pac_group, m)

static const struct field pac_fields[] = {
    FLD("name", dec_name, F_REQUIRED, PGO(name), NOOFF, 0, 0, NULL),
    FLD("clients", dec_prefixes, 0, PGO(clients), NOOFF, 0, 0, NULL),
    FLD("sites", dec_refs, 0, PGO(n_sites), PGO(sites), 0, 0, NULL),
    FLD("proxy", dec_ref, F_REQUIRED, PGO(proxy), NOOFF, 0, 0, NULL),
    FLD("expressroute", dec_bool, 0, PGO(expressroute), NOOFF, 0, 0, NULL),
};

static void
init_pac(void *obj)
{
	struct mr_pac_group *p = obj;

	p->proxy.idx = MR_NONE;
}

static const struct schema pac_schema =
    SCHEMA("a PAC group", pac_fields, PGO(at), init_pac, NULL);

#define DSO(m) offsetof(struct mr_design, m)
#define LIST(sch, T, n, v)                                                     \
	{                                                                      \
		&sch, sizeof(T), DSO(n), DSO(v)                                \
	}

static const struct list_of sites_list =
    LIST(site_schema, struct mr_site, n_sites, sites);
static const struct list_of proxies_list =
    LIST(proxy_schema, struct mr_proxy, n_proxies, proxies);
static const struct list_of inet_list =
    LIST(inet_schema, struct mr_internet_circuit, n_inet, inet);
static const struct list_of er_list =
    LIST(er_schema, struct mr_er_circuit, n_er, er);
static const struct list_of wan_list =
    LIST(wan_schema, struct mr_wan_link, n_wan, wan);
static const struct list_of inbound_list =
    LIST(inbound_schema, struct mr_inbound, n_inbound, inbound);
static const struct list_of demand_list =
    LIST(demand_schema, struct mr_demand, n_demand, demand);
static const struct list_of override_list =
    LIST(override_schema, struct mr_override, n_overrides, overrides);
static const struct list_of pac_list =
    LIST(pac_schema, struct mr_pac_group, n_pac_groups, pac_groups);

static const struct field policy_fields[] = {
    FLD("overrides", dec_list, 0, 0, NOOFF, 0, 0, &override_list),
    FLD("pac_groups", dec_list, 0, 0, NOOFF, 0, 0, &pac_list),
};
static const struct schema policy_schema =
    SCHEMA("policy", policy_fields, NOOFF, NULL, NULL);

static const struct field top_fields[] = {
    FLD("organization", dec_sub, F_REQUIRED, DSO(org), NOOFF, 0, 0,
        &org_schema),
    FLD("sites", dec_list, F_REQUIRED, 0, NOOFF, 0, 0, &sites_list),
    FLD("proxies", dec_list, 0, 0, NOOFF, 0, 0, &proxies_list),
    FLD("internet_circuits", dec_list, 0, 0, NOOFF, 0, 0, &inet_list),
    FLD("expressroute_circuits", dec_list, 0, 0, NOOFF, 0, 0, &er_list),
    FLD("wan_links", dec_list, 0, 0, NOOFF, 0, 0, &wan_list),
    FLD("inbound_services", dec_list, 0, 0, NOOFF, 0, 0, &inbound_list),
    FLD("demand", dec_list, 0, 0, NOOFF, 0, 0, &demand_list),
    FLD("policy", dec_sub, 0, 0, NOOFF, 0, 0, &policy_schema),
};
static const struct schema top_schema =
    SCHEMA("the design", top_fields, NOOFF, NULL, NULL);

/*
 * The walker.
 */

/* A key known in a mapping nested in s (for "belongs under" hints). */
static const char *
nested_home(const struct schema *s, const char *key, size_t len, int depth)
{
	size_t i, k;

	for (i = 0; i < s->n; i++) {
		const struct schema *sub = NULL;
		if (s->f[i].dec == dec_sub)
			sub = s->f[i].aux;
		else if (s->f[i].dec == dec_list)
			sub = ((const struct list_of *)s->f[i].aux)->item;
		if (sub == NULL)
			continue;
		for (k = 0; k < sub->n; k++)
			if (strlen(sub->f[k].key) == len &&
			    memcmp(sub->f[k].key, key, len) == 0)
				return s->f[i].key;
		if (depth > 0 && nested_home(sub, key, len, depth - 1) != NULL)
			return s->f[i].key;
	}
	return NULL;
}

static void
unknown_key(struct loader *L, const struct schema *s, const struct ynode *k)
{
	char b[QBUF];
	const char *best = NULL, *home;
	size_t i, bd = 3;

	if (k->len == 2 && memcmp(k->text, "<<", 2) == 0) {
		mri_dreport(&L->r, MR_D_YAML_UNSUPPORTED, k->start, k->end,
		            "YAML merge keys ('<<') are not used in designs");
		mri_diag_hint(L->r.d, "write the keys out, or use an alias for "
		                      "the whole value");
		return;
	}
	mri_dreport(&L->r, MR_D_KEY_UNKNOWN, k->start, k->end,
	            "unknown key '%s' in %s", q(b, k), s->what);
	for (i = 0; i < s->n; i++) {
		size_t d = mri_edit_distance(k->text, k->len, s->f[i].key,
		                             strlen(s->f[i].key), bd);
		if (d < bd && d < k->len) {
			bd = d;
			best = s->f[i].key;
		}
	}
	if (best != NULL) {
		mri_diag_hint(L->r.d, "did you mean '%s'?", best);
		return;
	}
	home = nested_home(s, k->text, k->len, 1);
	if (home != NULL)
		mri_diag_hint(L->r.d, "'%s' belongs under '%s'", q(b, k), home);
}

static void
walk_map(struct loader *L, const struct schema *s, const struct ynode *map,
         void *obj)
{
	uint32_t seen[32], c, first_key = YNONE;
	size_t i;
	char b[QBUF], w[64];

	if (s->n > sizeof(seen) / sizeof(seen[0]))
		return; /* a schema bug: see the _Static_assert on ms_fields */
	for (i = 0; i < s->n; i++)
		seen[i] = YNONE;
	if (s->at_off != NOOFF)
		*AT(obj, s->at_off, struct mr_span) = span(L, map);
	if (s->init != NULL)
		s->init(obj);
	for (c = map->child; c != YNONE && !mri_diag_stopped(L->r.d);
	     c = L->t.v[L->t.v[c].next].next) {
		const struct ynode *k = node(L, c), *v;
		uint32_t vi = L->t.v[c].next;
		if (k == NULL || vi == YNONE)
			break;
		if (first_key == YNONE)
			first_key = c;
		if (k->kind != Y_SCALAR) {
			mri_dreport(&L->r, MR_D_YAML_UNSUPPORTED, k->start,
			            k->end, "keys must be plain words, not %s",
			            kind_name(k));
			continue;
		}
		for (i = 0; i < s->n; i++)
			if (strlen(s->f[i].key) == k->len &&
			    memcmp(s->f[i].key, k->text, k->len) == 0)
				break;
		if (i == s->n) {
			unknown_key(L, s, k);
			continue;
		}
		if (seen[i] != YNONE) {
			where(L, L->t.v[seen[i]].start, w, sizeof(w));
			mri_dreport(&L->r, MR_D_KEY_DUPLICATE, k->start, k->end,
			            "key '%s' appears twice in %s", q(b, k),
			            s->what);
			mri_diag_note(L->r.d, "first at %s", w);
			continue;
		}
		seen[i] = c;
		v = node(L, vi);
		if (v == NULL)
			break;
		if (is_null(v)) {
			if (s->f[i].flags & F_REQUIRED)
				mri_dreport(&L->r, MR_D_KEY_MISSING, k->start,
				            k->end, "'%s' has no value",
				            q(b, k));
			continue;
		}
		s->f[i].dec(L, &s->f[i], v, obj);
	}
	if (mri_diag_stopped(L->r.d))
		return;
	for (i = 0; i < s->n; i++) {
		uint32_t st = map->start, en = map->end;
		if (!(s->f[i].flags & F_REQUIRED) || seen[i] != YNONE)
			continue;
		if (first_key != YNONE) {
			st = L->t.v[first_key].start;
			en = L->t.v[first_key].end;
		}
		mri_dreport(&L->r, MR_D_KEY_MISSING, st, en, "%s has no '%s'",
		            s->what, s->f[i].key);
		if (s == &top_schema)
			mri_diag_note(L->r.d, "a design needs at least "
			                      "'organization' and 'sites'");
	}
	if (s->check != NULL)
		s->check(L, obj, map);
}

/*
 * Names and references.
 */

static int
names_init(struct loader *L, struct names *t, size_t n)
{
	size_t cap = 16;

	while (cap < n * 2 + 2)
		cap *= 2;
	t->v = mri_arena_calloc(L->t.a, cap, sizeof(*t->v));
	if (t->v == NULL)
		return MR_ENOMEM;
	t->mask = cap - 1;
	return MR_OK;
}

static struct nameent *
names_slot(const struct names *t, const char *name)
{
	uint32_t h = 2166136261u;
	size_t i;
	const char *p;

	for (p = name; *p != '\0'; p++) {
		h ^= (unsigned char)*p;
		h *= 16777619u;
	}
	for (i = h & t->mask;; i = (i + 1) & t->mask)
		if (t->v[i].name == NULL || strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
}

/*
 * The span of a name decoded by take_name(): it is stored just before the
 * string (see there), so duplicates can point at the name itself.
 */
static struct mr_span
name_span(const char *name)
{
	struct mr_span s;

	memcpy(&s, name - sizeof(s), sizeof(s));
	return s;
}

/* Add a definition; report it if the name is taken. */
static void
names_add(struct loader *L, struct names *t, const char *name, uint32_t idx,
          bool er, const char *what)
{
	struct nameent *e;
	char w[64], b[QBUF];
	struct mr_span at;

	if (name == NULL)
		return;
	at = name_span(name);
	e = names_slot(t, name);
	if (e->name == NULL) {
		e->name = name;
		e->idx = idx;
		e->at = at.start;
		e->er = er;
		return;
	}
	/* Past the error cap nothing is recorded: a note would land on
	 * the last finding that was. */
	if (!(mri_dreport(
	          &L->r, MR_D_NAME_DUPLICATE, at.start, at.end,
	          "%s named '%s' is already defined", what,
	          mri_design_escape(b, sizeof(b), name, strlen(name), SHOW)) &
	      MRI_DIAG_KEPT))
		return;
	where(L, e->at, w, sizeof(w));
	mri_diag_note(L->r.d, "first defined at %s%s", w,
	              t == &L->circuits
	                  ? " (Internet and ExpressRoute circuits share one "
	                    "namespace: a proxy's egress names either)"
	                  : "");
}

static const char *
suggest_name(const struct names *t, const char *name)
{
	const char *best = NULL;
	size_t i, bd = 3, n = strlen(name);

	for (i = 0; i <= t->mask; i++) {
		size_t d;
		if (t->v[i].name == NULL)
			continue;
		d = mri_edit_distance(name, n, t->v[i].name,
		                      strlen(t->v[i].name), bd);
		if (d < bd && d < n) {
			bd = d;
			best = t->v[i].name;
		}
	}
	return best;
}

/* Resolve r against t; report a dangling reference. */
static const struct nameent *
resolve(struct loader *L, struct mr_ref *r, const struct names *t,
        const char *what)
{
	const struct nameent *e;
	const char *sug;
	char b[QBUF];

	if (r->name == NULL) {
		r->idx = MR_NONE;
		return NULL;
	}
	e = names_slot(t, r->name);
	if (e->name != NULL) {
		r->idx = e->idx;
		return e;
	}
	r->idx = MR_NONE;
	/* The one scan of a table: for a reference that is reported. */
	if ((mri_dreport(&L->r, MR_D_REFERENCE_UNKNOWN, r->at.start, r->at.end,
	                 "there is no %s named '%s'", what,
	                 mri_design_escape(b, sizeof(b), r->name,
	                                   strlen(r->name), SHOW)) &
	     MRI_DIAG_KEPT) &&
	    (sug = suggest_name(t, r->name)) != NULL)
		mri_diag_hint(L->r.d, "did you mean '%s'?", sug);
	return NULL;
}

static int
link_design(struct loader *L)
{
	struct mr_design *g = L->dsg;
	size_t i, k;

	if (names_init(L, &L->sites, g->n_sites) != MR_OK ||
	    names_init(L, &L->proxies, g->n_proxies) != MR_OK ||
	    names_init(L, &L->circuits, g->n_inet + g->n_er) != MR_OK ||
	    names_init(L, &L->inbound, g->n_inbound) != MR_OK ||
	    names_init(L, &L->pacs, g->n_pac_groups) != MR_OK)
		return MR_ENOMEM;
	for (i = 0; i < g->n_sites; i++)
		names_add(L, &L->sites, g->sites[i].name, (uint32_t)i, false,
		          "a site");
	for (i = 0; i < g->n_proxies; i++)
		names_add(L, &L->proxies, g->proxies[i].name, (uint32_t)i,
		          false, "a proxy");
	for (i = 0; i < g->n_inet; i++)
		names_add(L, &L->circuits, g->inet[i].name, (uint32_t)i, false,
		          "a circuit");
	for (i = 0; i < g->n_er; i++)
		names_add(L, &L->circuits, g->er[i].name, (uint32_t)i, true,
		          "a circuit");
	for (i = 0; i < g->n_inbound; i++)
		names_add(L, &L->inbound, g->inbound[i].name, (uint32_t)i,
		          false, "an inbound service");
	for (i = 0; i < g->n_pac_groups; i++)
		names_add(L, &L->pacs, g->pac_groups[i].name, (uint32_t)i,
		          false, "a PAC group");

	for (i = 0; i < g->n_sites && !mri_diag_stopped(L->r.d); i++) {
		struct mr_site *s = MUT(struct mr_site, &g->sites[i]);
		struct mr_ref *pr = MUT(struct mr_ref, s->proxies);
		if (resolve(L, &s->dns_forward_to, &L->sites, "site") &&
		    s->dns_forward_to.idx == i)
			mri_dreport(&L->r, MR_D_REFERENCE_INVALID,
			            s->dns_forward_to.at.start,
			            s->dns_forward_to.at.end,
			            "site '%s' forwards DNS to itself",
			            s->name);
		for (k = 0; k < s->n_proxies; k++)
			resolve(L, &pr[k], &L->proxies, "proxy");
	}
	for (i = 0; i < g->n_proxies && !mri_diag_stopped(L->r.d); i++) {
		struct mr_proxy *p = MUT(struct mr_proxy, &g->proxies[i]);
		const struct nameent *e;
		resolve(L, &p->site, &L->sites, "site");
		e = resolve(L, &p->egress, &L->circuits,
		            "Internet or ExpressRoute circuit");
		p->egress_is_er = e != NULL && e->er;
	}
	for (i = 0; i < g->n_inet && !mri_diag_stopped(L->r.d); i++)
		resolve(L, MUT(struct mr_ref, &g->inet[i].site), &L->sites,
		        "site");
	for (i = 0; i < g->n_er && !mri_diag_stopped(L->r.d); i++)
		resolve(L, MUT(struct mr_ref, &g->er[i].site), &L->sites,
		        "site");
	for (i = 0; i < g->n_wan && !mri_diag_stopped(L->r.d); i++) {
		struct mr_wan_link *w = MUT(struct mr_wan_link, &g->wan[i]);
		bool a = resolve(L, &w->a, &L->sites, "site") != NULL;
		bool b = resolve(L, &w->b, &L->sites, "site") != NULL;
		if (a && b && w->a.idx == w->b.idx)
			mri_dreport(&L->r, MR_D_REFERENCE_INVALID,
			            w->b.at.start, w->b.at.end,
			            "a WAN link joins site '%s' to itself",
			            w->a.name);
	}
	for (i = 0; i < g->n_inbound && !mri_diag_stopped(L->r.d); i++)
		resolve(L, MUT(struct mr_ref, &g->inbound[i].site), &L->sites,
		        "site");
	for (i = 0; i < g->n_demand && !mri_diag_stopped(L->r.d); i++)
		resolve(L, MUT(struct mr_ref, &g->demand[i].site), &L->sites,
		        "site");
	for (i = 0; i < g->n_pac_groups && !mri_diag_stopped(L->r.d); i++) {
		struct mr_pac_group *p =
		    MUT(struct mr_pac_group, &g->pac_groups[i]);
		struct mr_ref *sr = MUT(struct mr_ref, p->sites);
		for (k = 0; k < p->n_sites; k++)
			resolve(L, &sr[k], &L->sites, "site");
		resolve(L, &p->proxy, &L->proxies, "proxy");
	}
	return MR_OK;
}

/*
 * The computed defaults, once references are resolved. Which sites have a
 * circuit landing is marked in one pass over the circuits (scratch on the
 * tree's arena), so this is O(sites + circuits + proxy references), not a
 * scan of every circuit per site.
 */
static void
fill_defaults(struct loader *L)
{
	enum { ER_LANDS = 1, INET_LANDS = 2 };
	struct mr_design *g = L->dsg;
	uint8_t *lands = NULL;
	size_t i, k;

	if (g->n_sites > 0 &&
	    (lands = mri_arena_calloc(L->t.a, g->n_sites, 1)) == NULL) {
		mri_dreport_oom(&L->r);
		return;
	}
	for (k = 0; k < g->n_er; k++)
		if (g->er[k].site.idx < g->n_sites)
			lands[g->er[k].site.idx] |= ER_LANDS;
	for (k = 0; k < g->n_inet; k++)
		if (g->inet[k].site.idx < g->n_sites)
			lands[g->inet[k].site.idx] |= INET_LANDS;
	for (i = 0; i < g->n_sites; i++) {
		struct mr_site *s = MUT(struct mr_site, &g->sites[i]);
		if (L->er_given == NULL || !L->er_given[i]) {
			bool er = (lands[i] & ER_LANDS) != 0;
			for (k = 0; k < s->n_proxies && !er; k++) {
				uint32_t p = s->proxies[k].idx;
				er = p < g->n_proxies &&
				     g->proxies[p].egress_is_er;
			}
			s->receives_er_routes = er;
		}
		if (L->li_given == NULL || !L->li_given[i])
			s->local_internet = (lands[i] & INET_LANDS) != 0;
	}
	for (i = 0; i < g->n_er; i++) {
		struct mr_ms_peering *m =
		    MUT(struct mr_ms_peering, &g->er[i].ms);
		if (m->present && m->secondary_vlan == 0)
			m->secondary_vlan = m->vlan;
	}
}

/*
 * Entry points.
 */

int
mr_design_load_buffer(struct mr_design **out, const char *name,
                      const char *text, size_t len, struct mr_diags *d)
{
	struct loader L;
	struct box *bx;
	char qn[QBUF];
	int rc = MR_OK;

	if (out != NULL)
		*out = NULL;
	if (out == NULL || d == NULL || (text == NULL && len > 0))
		return mri_error_set(MR_EINVAL, "mr_design_load_buffer: "
		                                "invalid argument");
	if (name == NULL)
		name = "<design>";
	if (len > MAX_DESIGN)
		return mri_error_set(MR_EINVAL,
		                     "the design is too large (%zu bytes, the "
		                     "limit is 16 MiB)",
		                     len);
	if (text == NULL)
		text = "";
	memset(&L, 0, sizeof(L));
	L.r.d = d;
	L.r.text = text;
	L.r.len = len;
	L.r.src = mr_diags_add_source(d, name, text, len);
	if (L.r.src == 0)
		return mri_error_set(MR_ENOMEM, "out of memory");
	mri_diag_begin(d, true);
	if (mri_arena_create(&L.a) != 0)
		return mri_error_set(MR_ENOMEM, "out of memory");
	bx = mri_arena_alloc(L.a, sizeof(*bx));
	if (bx == NULL) {
		rc = MR_ENOMEM;
		goto done;
	}
	bx->a = L.a;
	L.dsg = &bx->d;
	L.dsg->source = mri_arena_strndup(L.a, name, strlen(name));
	if (L.dsg->source == NULL) {
		rc = MR_ENOMEM;
		goto done;
	}
	rc = mri_ytree_build(&L.t, &L.r);
	if (rc != MR_OK || L.r.oom)
		goto done;
	if (mri_diag_load_errors(d) == 0) {
		const struct ynode *root = node(&L, L.t.root);
		if (root == NULL || is_null(root)) {
			mri_dreport(&L.r, MR_D_DESIGN_EMPTY, 0, (uint32_t)len,
			            "the design is empty");
			mri_diag_note(d, "a design needs at least "
			                 "'organization' and 'sites'");
		} else if (root->kind != Y_MAP) {
			mri_dreport(&L.r, MR_D_VALUE_TYPE, root->start,
			            root->end,
			            "a design must be a mapping of keys "
			            "(organization, sites, ...), not %s",
			            kind_name(root));
		} else {
			walk_map(&L, &top_schema, root, L.dsg);
			if (!L.r.oom && link_design(&L) != MR_OK)
				L.r.oom = true;
			if (!L.r.oom)
				fill_defaults(&L);
		}
	}
done:
	mri_ytree_free(&L.t);
	if (rc == MR_OK && L.r.oom)
		rc = MR_ENOMEM;
	if (rc == MR_OK && mri_diag_load_errors(d) > 0)
		rc = MR_EPARSE;
	if (rc != MR_OK) {
		mri_arena_destroy(L.a);
		if (rc == MR_ENOMEM)
			return mri_error_set(rc, "out of memory");
		mri_design_escape(qn, sizeof(qn), name, strlen(name), SHOW);
		return mri_diag_failed(d, "%s: the design", qn);
	}
	*out = L.dsg;
	return MR_OK;
}

int
mr_design_load_file(struct mr_design **out, const char *path,
                    struct mr_diags *d)
{
	char *buf;
	size_t n;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (out == NULL || path == NULL || d == NULL)
		return mri_error_set(MR_EINVAL,
		                     "mr_design_load_file: invalid argument");
	rc = mri_read_file(path, MAX_DESIGN, "a design", &buf, &n);
	if (rc != MR_OK)
		return rc;
	rc = mr_design_load_buffer(
	    out, strcmp(path, "-") == 0 ? "<stdin>" : path, buf, n, d);
	free(buf);
	return rc;
}

void
mr_design_free(struct mr_design *dsg)
{
	struct box *bx = (struct box *)dsg;

	if (bx != NULL)
		mri_arena_destroy(bx->a);
}

const char *
mr_service_area_name(enum mr_service_area sa)
{
	static const char *const n[MR_SA__COUNT] = {"Exchange", "SharePoint",
	                                            "Skype", "Common"};

	return (unsigned)sa < MR_SA__COUNT ? n[sa] : "?";
}

const char *
mr_inbound_kind_name(enum mr_inbound_kind k)
{
	size_t i;

	for (i = 0; inbound_kinds[i].name != NULL; i++)
		if (inbound_kinds[i].value == (int)k)
			return inbound_kinds[i].name;
	return "?";
}

const char *
mr_sku_name(enum mr_sku s)
{
	size_t i;

	for (i = 0; skus[i].name != NULL; i++)
		if (skus[i].value == (int)s)
			return skus[i].name;
	return "none";
}
