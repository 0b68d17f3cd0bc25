/*
 * test_config_struct.c - the structural check of the IOS-XE and Junos
 * router configurations (docs/config.md): no IOS-XE or Junos parser runs
 * here, so for every router of every example and test design this reads
 * the generated text as those systems would structure it and checks (FRR
 * too: vtysh --dryrun checks its syntax, test-config-frr.sh, but not that
 * a route map a neighbour names exists)
 *  - every BGP neighbour (IOS-XE: each one activated in an address
 *    family, peer-groups included; Junos: each group, or else each of its
 *    neighbours) has an import and an export policy;
 *  - every prefix list, route map, community list, access list, NAT pool,
 *    policy statement and community defined is referenced, and every one
 *    referenced is defined;
 *  - Junos: braces and brackets balance, every statement ends.
 * Planted faults (a reference renamed, a policy removed, a brace dropped)
 * prove the checker fails. A format that cannot express a design must say
 * so (MR_EINVAL); the count of routers checked must be positive.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#define NAMES 256
#define NAME  64

/* Names defined and referenced, each with its kind ("route-map", ...). */
struct names {
	size_t n_def, n_ref;
	char def[NAMES][NAME], ref[NAMES][NAME];
	char err[512];
};

static void
add(char (*v)[NAME], size_t *n, const char *kind, const char *name, size_t len)
{
	char k[NAME];
	size_t i;

	if (len > NAME - 24)
		len = NAME - 24;
	snprintf(k, sizeof(k), "%s %.*s", kind, (int)len, name);
	for (i = 0; i < *n; i++)
		if (strcmp(v[i], k) == 0)
			return;
	if (*n < NAMES)
		snprintf(v[(*n)++], NAME, "%s", k);
}

static void
def(struct names *s, const char *kind, const char *name, size_t len)
{
	add(s->def, &s->n_def, kind, name, len);
}

static void
ref(struct names *s, const char *kind, const char *name, size_t len)
{
	add(s->ref, &s->n_ref, kind, name, len);
}

static bool bad(struct names *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool
bad(struct names *s, const char *fmt, ...)
{
	va_list ap;

	if (s->err[0] != '\0')
		return false;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
	return false;
}

static bool
has(char (*v)[NAME], size_t n, const char *k)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], k) == 0)
			return true;
	return false;
}

/* Every name defined is referenced and every one referenced defined. */
static bool
closed(struct names *s)
{
	size_t i;

	for (i = 0; i < s->n_def; i++)
		if (!has(s->ref, s->n_ref, s->def[i]))
			return bad(s, "%s defined, never referenced",
			           s->def[i]);
	for (i = 0; i < s->n_ref; i++)
		if (!has(s->def, s->n_def, s->ref[i]))
			return bad(s, "%s referenced, never defined",
			           s->ref[i]);
	return s->err[0] == '\0';
}

/* The words of one line: w[i] with length l[i]; returns the count. */
static size_t
words(const char *p, const char *end, const char **w, size_t *l, size_t max)
{
	size_t n = 0;

	while (p < end && n < max) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		w[n] = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		l[n] = (size_t)(p - w[n]);
		n++;
	}
	return n;
}

static bool
is(const char *w, size_t l, const char *s)
{
	return l == strlen(s) && memcmp(w, s, l) == 0;
}

/* ---- IOS-XE --------------------------------------------------------- */

/* A neighbour in an address family, and the route maps it has. */
struct ios_nb {
	char key[NAME]; /* "af address" */
	bool in, out;
};

static bool
check_iosxe(const char *text, struct names *s)
{
	struct ios_nb nb[64];
	size_t n_nb = 0, i;
	char af[16] = "", nbrs[32][NAME];
	size_t n_nbrs = 0;
	enum { TOP, BGP, RMAP, BFD, OTHER } ctx = TOP;
	const char *p = text;

	memset(s, 0, sizeof(*s));
	while (*p != '\0') {
		const char *eol = strchr(p, '\n'), *w[12];
		size_t l[12], n, ind = 0;
		if (eol == NULL)
			eol = p + strlen(p);
		while (p + ind < eol && p[ind] == ' ')
			ind++;
		n = words(p, eol, w, l, 12);
		if (n == 0 || w[0][0] == '!') {
			p = *eol ? eol + 1 : eol;
			continue;
		}
		if (ind == 0) {
			ctx = OTHER;
			af[0] = '\0';
			if (n >= 2 && is(w[0], l[0], "router") &&
			    is(w[1], l[1], "bgp"))
				ctx = BGP;
			if (n >= 2 && is(w[0], l[0], "route-map")) {
				ctx = RMAP;
				def(s, "route-map", w[1], l[1]);
			}
			if (n >= 3 &&
			    (is(w[0], l[0], "ip") || is(w[0], l[0], "ipv6")) &&
			    is(w[1], l[1], "prefix-list"))
				def(s,
				    is(w[0], l[0], "ip") ? "prefix-list"
				                         : "ipv6-prefix-list",
				    w[2], l[2]);
			if (n >= 4 && is(w[0], l[0], "ip") &&
			    is(w[1], l[1], "community-list"))
				def(s, "community-list", w[3], l[3]);
			/* FRR: bgp community-list standard NAME ... */
			if (n >= 4 && is(w[0], l[0], "bgp") &&
			    is(w[1], l[1], "community-list"))
				def(s, "community-list", w[3], l[3]);
			if (n == 1 && is(w[0], l[0], "bfd"))
				ctx = BFD;
			if (n >= 4 && is(w[0], l[0], "ip") &&
			    is(w[1], l[1], "access-list"))
				def(s, "access-list", w[3], l[3]);
			if (n >= 4 && is(w[0], l[0], "ip") &&
			    is(w[1], l[1], "nat") && is(w[2], l[2], "pool"))
				def(s, "nat-pool", w[3], l[3]);
			if (n >= 8 && is(w[0], l[0], "ip") &&
			    is(w[1], l[1], "nat") &&
			    is(w[4], l[4], "route-map") &&
			    is(w[6], l[6], "pool")) {
				ref(s, "route-map", w[5], l[5]);
				ref(s, "nat-pool", w[7], l[7]);
			}
		} else if (ctx == BFD && n == 2 && is(w[0], l[0], "profile")) {
			def(s, "bfd-profile", w[1], l[1]); /* FRR */
		} else if (ctx == RMAP && n >= 2 && is(w[0], l[0], "match")) {
			if (n == 5 && is(w[2], l[2], "address") &&
			    is(w[3], l[3], "prefix-list"))
				ref(s,
				    is(w[1], l[1], "ip") ? "prefix-list"
				                         : "ipv6-prefix-list",
				    w[4], l[4]);
			else if (n == 4 && is(w[1], l[1], "ip") &&
			         is(w[2], l[2], "address"))
				ref(s, "access-list", w[3], l[3]);
			else if (n == 3 && is(w[1], l[1], "community"))
				ref(s, "community-list", w[2], l[2]);
		} else if (ctx == BGP) {
			if (n == 5 && is(w[0], l[0], "neighbor") &&
			    is(w[2], l[2], "bfd") && is(w[3], l[3], "profile"))
				ref(s, "bfd-profile", w[4], l[4]); /* FRR */
			if (n >= 2 && is(w[0], l[0], "address-family"))
				snprintf(af, sizeof(af), "%.*s", (int)l[1],
				         w[1]);
			else if (n == 1 &&
			         is(w[0], l[0], "exit-address-family"))
				af[0] = '\0';
			else if (n >= 3 && is(w[0], l[0], "neighbor") &&
			         af[0] == '\0' &&
			         (is(w[2], l[2], "remote-as") ||
			          (n == 3 && is(w[2], l[2], "peer-group"))) &&
			         n_nbrs < 32)
				snprintf(nbrs[n_nbrs++], NAME, "%.*s",
				         (int)l[1], w[1]);
			else if (n >= 3 && is(w[0], l[0], "neighbor") &&
			         af[0] != '\0') {
				char key[NAME];
				struct ios_nb *e = NULL;
				snprintf(key, sizeof(key), "%s %.*s", af,
				         (int)l[1], w[1]);
				for (i = 0; i < n_nb; i++)
					if (strcmp(nb[i].key, key) == 0)
						e = &nb[i];
				if (e == NULL && is(w[2], l[2], "activate") &&
				    n_nb < 64) {
					e = &nb[n_nb++];
					memset(e, 0, sizeof(*e));
					snprintf(e->key, NAME, "%s", key);
				}
				if (e != NULL && n == 5 &&
				    is(w[2], l[2], "route-map")) {
					ref(s, "route-map", w[3], l[3]);
					if (is(w[4], l[4], "in"))
						e->in = true;
					if (is(w[4], l[4], "out"))
						e->out = true;
				}
			}
		}
		p = *eol ? eol + 1 : eol;
	}
	for (i = 0; i < n_nb; i++)
		if (!nb[i].in || !nb[i].out)
			return bad(s, "neighbour %s has no %s route map",
			           nb[i].key,
			           nb[i].in ? "outbound" : "inbound");
	for (i = 0; i < n_nbrs; i++) {
		size_t k;
		bool active = false;
		for (k = 0; k < n_nb; k++) {
			const char *sp = strchr(nb[k].key, ' ');
			active |= sp != NULL && strcmp(sp + 1, nbrs[i]) == 0;
		}
		if (!active)
			return bad(s, "neighbour %s is in no address family",
			           nbrs[i]);
	}
	return closed(s);
}

/* ---- Junos ---------------------------------------------------------- */

/* A statement: its words (lists flattened) and its block's statements. */
struct jst {
	size_t n_w;
	const char *w[24];
	size_t l[24];
	struct jst *kids;
	size_t n_kids;
	struct jst *next; /* sibling */
};

struct jparse {
	const char *p;
	struct names *s;
	struct jst pool[2048];
	size_t used;
};

/* The next token: a word, a quoted string, or one of { } ; [ ]. */
static bool
jtok(struct jparse *j, const char **w, size_t *l)
{
	const char *p = j->p;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			if (e == NULL)
				return bad(j->s, "unterminated comment");
			p = e + 2;
			continue;
		}
		if (*p == '#') {
			while (*p != '\0' && *p != '\n')
				p++;
			continue;
		}
		break;
	}
	if (*p == '\0') {
		j->p = p;
		return false;
	}
	*w = p;
	if (strchr("{};[]", *p) != NULL) {
		p++;
	} else if (*p == '"') {
		for (p++; *p != '\0' && *p != '"'; p++)
			;
		if (*p == '"')
			p++;
	} else {
		while (*p != '\0' && strchr(" \t\n{};[]\"", *p) == NULL)
			p++;
	}
	*l = (size_t)(p - *w);
	j->p = p;
	return true;
}

/* Statements up to the closing brace (top: the end): NULL on error. */
static struct jst *
jblock(struct jparse *j, bool top, size_t *n_out)
{
	struct jst *first = NULL, *last = NULL, *cur = NULL;
	const char *w = NULL;
	size_t l = 0;
	bool list = false;

	*n_out = 0;
	while (jtok(j, &w, &l)) {
		if (*w == '}' && l == 1) {
			if (top || cur != NULL || list) {
				bad(j->s, "unbalanced } or unterminated "
				          "statement");
				return NULL;
			}
			return first != NULL ? first : &j->pool[0];
		}
		if (cur == NULL) {
			if (j->used == sizeof(j->pool) / sizeof(j->pool[0])) {
				bad(j->s, "too many statements");
				return NULL;
			}
			cur = &j->pool[j->used++];
			memset(cur, 0, sizeof(*cur));
		}
		if (*w == '[' && l == 1) {
			list = true;
		} else if (*w == ']' && l == 1) {
			list = false;
		} else if ((*w == ';' || *w == '{') && l == 1) {
			if (list || cur->n_w == 0) {
				bad(j->s, "a statement without words, or an "
				          "open [");
				return NULL;
			}
			if (*w == '{' && (cur->kids = jblock(
			                      j, false, &cur->n_kids)) == NULL)
				return NULL;
			if (last != NULL)
				last->next = cur;
			else
				first = cur;
			last = cur;
			(*n_out)++;
			cur = NULL;
		} else if (cur->n_w < 24) {
			cur->w[cur->n_w] = w;
			cur->l[cur->n_w++] = l;
		}
	}
	if (j->s->err[0] != '\0')
		return NULL;
	if (!top || cur != NULL || list) {
		bad(j->s, "missing } or unterminated statement at the end");
		return NULL;
	}
	return first != NULL ? first : &j->pool[0];
}

static bool
jis(const struct jst *t, size_t i, const char *s)
{
	return t != NULL && i < t->n_w && is(t->w[i], t->l[i], s);
}

static const struct jst *
jfind(const struct jst *kids, size_t n, const char *word0)
{
	size_t i;

	for (i = 0; i < n && kids != NULL; i++, kids = kids->next)
		if (jis(kids, 0, word0))
			return kids;
	return NULL;
}

/* Walk t's statements: definitions and references by where they are
 * (path: the first words of the enclosing statements). */
static void
jwalk(struct names *s, const struct jst *t, size_t n, const char *path)
{
	size_t i, k;

	for (i = 0; i < n && t != NULL; i++, t = t->next) {
		char sub[256];
		if (strcmp(path, "/policy-options") == 0 && t->n_w >= 2) {
			if (jis(t, 0, "prefix-list"))
				def(s, "prefix-list", t->w[1], t->l[1]);
			if (jis(t, 0, "policy-statement"))
				def(s, "policy-statement", t->w[1], t->l[1]);
			if (jis(t, 0, "community"))
				def(s, "community", t->w[1], t->l[1]);
		}
		if (strstr(path, "/security/nat/source") != NULL &&
		    jis(t, 0, "pool") && t->n_w == 2)
			def(s, "nat-pool", t->w[1], t->l[1]);
		if (strstr(path, "/source-nat/pool") != NULL && t->n_w == 1)
			ref(s, "nat-pool", t->w[0], t->l[0]);
		if (jis(t, 0, "import") || jis(t, 0, "export"))
			for (k = 1; k < t->n_w; k++)
				ref(s, "policy-statement", t->w[k], t->l[k]);
		if (strstr(path, "/from") != NULL) {
			if ((jis(t, 0, "prefix-list") ||
			     jis(t, 0, "prefix-list-filter")) &&
			    t->n_w >= 2)
				ref(s, "prefix-list", t->w[1], t->l[1]);
			if (jis(t, 0, "community"))
				for (k = 1; k < t->n_w; k++)
					ref(s, "community", t->w[k], t->l[k]);
		}
		if (strcmp(path, "/protocols/bgp") == 0 && jis(t, 0, "group")) {
			bool gi = jfind(t->kids, t->n_kids, "import") != NULL,
			     ge = jfind(t->kids, t->n_kids, "export") != NULL;
			const struct jst *c = t->kids;
			for (k = 0; k < t->n_kids && c != NULL;
			     k++, c = c->next) {
				bool ni, ne;
				if (!jis(c, 0, "neighbor") || c->n_w < 2)
					continue;
				ni = gi || jfind(c->kids, c->n_kids, "import");
				ne = ge || jfind(c->kids, c->n_kids, "export");
				if (!ni || !ne)
					bad(s,
					    "neighbour %.*s has no %s policy",
					    (int)c->l[1], c->w[1],
					    ni ? "export" : "import");
			}
			if (!gi || !ge)
				if (jfind(t->kids, t->n_kids, "neighbor") ==
				    NULL)
					bad(s, "group %.*s has no %s policy",
					    (int)t->l[1], t->w[1],
					    gi ? "export" : "import");
		}
		snprintf(sub, sizeof(sub), "%s/%.*s", path, (int)t->l[0],
		         t->w[0]);
		if (t->kids != NULL && t->n_kids > 0)
			jwalk(s, t->kids, t->n_kids, sub);
	}
}

static bool
check_junos(const char *text, struct names *s)
{
	static struct jparse j;
	const struct jst *top;
	size_t n;

	memset(s, 0, sizeof(*s));
	memset(&j, 0, sizeof(j));
	j.p = text;
	j.s = s;
	if ((top = jblock(&j, true, &n)) == NULL)
		return false;
	jwalk(s, top, n, "");
	return closed(s);
}

/* ---- over the suite ------------------------------------------------- */

struct walk {
	size_t checked, refused;
};

static void
check_design(const char *name, const struct mr_design *g, void *ctx)
{
	struct walk *w = ctx;
	struct mr_net *n = NULL;
	struct mr_config *c = NULL;
	size_t i, f;

	assert_int_equal(mr_net_resolve(&n, g), MR_OK);
	if (mr_config_new(&c, n, tu_catalog(), NULL) != MR_OK) {
		mr_net_free(n); /* a name the configuration cannot carry */
		return;
	}
	static const char *const fmts[] = {"ios-xe", "junos", "frr"};

	for (f = 0; f < 3; f++) {
		size_t fi = mr_config_format_find(fmts[f]);
		assert_true(fi != SIZE_MAX);
		for (i = 0; i < mr_config_router_count(c); i++) {
			char *text = NULL;
			size_t len;
			struct names s;
			int rc = mr_config_render(c, i, fi, &text, &len);
			if (rc == MR_EINVAL) {
				assert_null(text);
				w->refused++;
				continue;
			}
			assert_int_equal(rc, MR_OK);
			if (!(f == 1 ? check_junos(text, &s)
			             : check_iosxe(text, &s)))
				fail_msg("%s router %s (%s): %s", name,
				         mr_config_router_name(c, i), fmts[f],
				         s.err);
			w->checked++;
			free(text);
		}
	}
	mr_config_free(c);
	mr_net_free(n);
}

static void
test_suite(void **state)
{
	struct walk w = {0, 0};
	size_t i, loaded;

	(void)state;
	loaded = tu_suite_designs(check_design, &w);
	assert_true(loaded != (size_t)-1 && loaded > 10);
	for (i = 0; i < mr_example_count(); i++) {
		size_t len;
		const char *t = mr_example_text(mr_example_name(i), &len);
		struct mr_design *g =
		    tu_design_text(mr_example_name(i), t, len);
		assert_non_null(g);
		check_design(mr_example_name(i), g, &w);
		mr_design_free(g);
	}
	assert_true(w.checked > 100);
	print_message("%zu configurations checked, %zu refused (MR_EINVAL)\n",
	              w.checked, w.refused);
}

/* The trey-research example's router `router` in format `fmt`. */
static char *
example_text(const char *router, const char *fmt)
{
	size_t len, i;
	const char *t = mr_example_text("trey-research", &len);
	struct mr_design *g = tu_design_text("trey-research.yaml", t, len);
	struct mr_net *n = NULL;
	struct mr_config *c = NULL;
	char *text = NULL;

	assert_non_null(g);
	assert_int_equal(mr_net_resolve(&n, g), MR_OK);
	assert_int_equal(mr_config_new(&c, n, tu_catalog(), NULL), MR_OK);
	i = mr_config_router_find(c, router);
	assert_true(i != SIZE_MAX);
	assert_int_equal(
	    mr_config_render(c, i, mr_config_format_find(fmt), &text, &len),
	    MR_OK);
	mr_config_free(c);
	mr_net_free(n);
	mr_design_free(g);
	return text;
}

/* text with the first `from` replaced by `to` (a fault planted). */
static char *
plant(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t n = strlen(text) + strlen(to) + 1;
	char *r = malloc(n);

	assert_non_null(at);
	assert_non_null(r);
	snprintf(r, n, "%.*s%s%s", (int)(at - text), text, to,
	         at + strlen(from));
	return r;
}

static void
expect_fault(bool (*check)(const char *, struct names *), const char *text,
             const char *from, const char *to, const char *why)
{
	struct names s;
	char *bad = plant(text, from, to);

	assert_false(check(bad, &s));
	if (strstr(s.err, why) == NULL)
		fail_msg("planted '%s' -> '%s': got '%s', want '%s'", from, to,
		         s.err, why);
	free(bad);
}

static void
test_iosxe_faults(void **state)
{
	char *t = example_text("er-seattle", "ios-xe");
	char *u = example_text("inet-1", "ios-xe");
	struct names s;

	(void)state;
	assert_true(check_iosxe(t, &s));
	assert_true(check_iosxe(u, &s));
	expect_fault(check_iosxe, t, "route-map M365-OUT out",
	             "route-map M365-OUTX out", "M365-OUTX referenced");
	expect_fault(check_iosxe, t,
	             "  neighbor 185.112.86.6 route-map M365-IN in\n", "",
	             "no inbound route map");
	expect_fault(check_iosxe, t, "ip prefix-list M365-OUT seq 5",
	             "ip prefix-list M365-OUTY seq 5", "M365-OUTY defined");
	expect_fault(check_iosxe, t, "match community M365-SERVICES",
	             "match community M365-X", "M365-SERVICES defined");
	expect_fault(check_iosxe, t, " match ip address M365-NAT-SRC\n", "",
	             "access-list M365-NAT-SRC defined");
	expect_fault(check_iosxe, t, "pool M365-POOL overload",
	             "pool M365-P overload", "nat-pool M365-POOL defined");
	expect_fault(check_iosxe, u, "  neighbor ISP activate\n", "",
	             "ISP is in no address family");
	free(t);
	free(u);
}

static void
test_junos_faults(void **state)
{
	char *t = example_text("er-seattle", "junos");
	char *u = example_text("inet-1", "junos");
	struct names s;

	(void)state;
	assert_true(check_junos(t, &s));
	assert_true(check_junos(u, &s));
	expect_fault(check_junos, t, "export M365-OUT;", "",
	             "no export policy");
	expect_fault(check_junos, t, "import M365-IN;", "import M365-INX;",
	             "M365-IN defined");
	expect_fault(check_junos, t, "prefix-list M365-OUT {",
	             "prefix-list M365-OUTY {", "M365-OUTY defined");
	expect_fault(check_junos, t, "[ M365-12076-5010 ", "[ ",
	             "M365-12076-5010 defined");
	expect_fault(check_junos, t, "M365-POOL;", "M365-P;",
	             "nat-pool M365-POOL defined");
	expect_fault(check_junos, t, "    }\n}\nrouting-options",
	             "}\nrouting-options", "unterminated");
	expect_fault(check_junos, t, "multiplier 3;", "multiplier 3",
	             "unterminated");
	expect_fault(check_junos, u, "import M365-ISP-IN;", "",
	             "no import policy");
	free(t);
	free(u);
}

/* FRR's text has IOS-XE's shape (check_iosxe reads both): what vtysh
 * --dryrun does not check -- references -- is checked here. */
static void
test_frr_faults(void **state)
{
	char *t = example_text("er-seattle", "frr");
	char *u = example_text("inet-1", "frr");
	struct names s;

	(void)state;
	assert_true(check_iosxe(t, &s));
	assert_true(check_iosxe(u, &s));
	expect_fault(check_iosxe, t, "route-map M365-OUT out",
	             "route-map M365-OUTX out",
	             "M365-OUT defined, never referenced");
	expect_fault(check_iosxe, t, "  neighbor MSEE route-map M365-IN in\n",
	             "", "no inbound route map");
	expect_fault(check_iosxe, t, "match community M365-SERVICES",
	             "match community M365-X", "M365-SERVICES defined");
	expect_fault(check_iosxe, t, "bfd profile msee", "bfd profile mse",
	             "bfd-profile msee defined, never referenced");
	expect_fault(check_iosxe, u,
	             "  neighbor ISP route-map M365-ISP-IN in\n", "",
	             "no inbound route map");
	expect_fault(check_iosxe, u, "  neighbor ISP activate\n", "",
	             "ISP is in no address family");
	free(t);
	free(u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_iosxe_faults),
	    cmocka_unit_test(test_junos_faults),
	    cmocka_unit_test(test_frr_faults),
	    cmocka_unit_test(test_suite),
	};
	return cmocka_run_group_tests(tests, tu_world_setup, tu_world_teardown);
}
