/*
 * pac_gen.c - PAC files from the endpoint catalog (m365route pac).
 *
 * One model behind every type and style: a list of distinct host patterns,
 * each with a score. The PAC sends a host DIRECT when the highest score
 * among the patterns that match it (shExpMatch semantics) is odd, and to the
 * proxy when it is even or no pattern matches (score 0):
 * - MR_PAC_TYPE1/TYPE2, Get-PacFile.ps1 v1.0.4 (PowerShell Gallery, MIT;
 *   docs/pac.md): the direct URLs (sets of category Optimize, or Optimize
 *   and Allow) score 1, the exception URLs (URLs of the other sets matched
 *   by a different direct pattern, tested as literal text) score 2. The
 *   script's file is exceptions -> proxy, then direct -> direct, then proxy:
 *   first match wins, so a host is direct iff no exception and some direct
 *   pattern matches it, iff the highest score is 1.
 * - MR_PAC_EXPRESSROUTE, the matcher (match.h): a wildcard scores
 *   2 * literal + expressRoute, an exact name 2 * 1024 + expressRoute. The
 *   highest score is the most specific pattern (exact beats wildcard, more
 *   literal characters win); among equally specific ones the score is odd
 *   iff one of them is ExpressRoute: the tie rule.
 *
 * Styles:
 * - compat: shExpMatch() chains. Types 1/2 are Get-PacFile's text, byte for
 *   byte (CRLF; lists in its culture-sensitive order, emulated by
 *   ms_cmp()). ExpressRoute: blocks whose first match is the highest score:
 *   pattern P must precede Q when they can match one host, their parities
 *   differ and P scores higher; blocks are peeled off that order, proxy
 *   first; even patterns that precede nothing are left out (the catch-all
 *   proxy covers them).
 * - fast: an exact-name table and a suffix table keyed by ".rest.of.name".
 *   A one-star pattern A*HT (T starts at the first '.' after the star, H
 *   holds no '.') matches h iff h ends with T at some '.' of h, the text
 *   before that '.' ends with H, and h starts with A without overlapping:
 *   so walking the dots of h from the right and looking each suffix up
 *   finds every such pattern that matches. Other shapes (several stars, no
 *   '.' after the star) are left to shExpMatch() in a list. Exact names go
 *   in the table only where their decision differs from the walk's.
 *   shExpMatch's '.*' does not cross a line terminator: a host holding one
 *   matches no wildcard (and no exact name), so the file sends it to the
 *   proxy before a wildcard could send it direct.
 *
 * Invariants: patterns are the catalog's validated [a-z0-9.*-] texts; every
 * string literal goes through mr_pac_js_escape(); comments hold printable
 * ASCII only; output is ES5 (var, no let/const/arrow functions/endsWith).
 * Complexity: O(P^2 * L^2) to build (P patterns, L their length, a few
 * hundred each); the fast file costs O(labels of the host) table probes per
 * call plus the shExpMatch list (empty for every published feed).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "error.h"
#include "hostmatch.h"
#include "m365route/endpoints.h"
#include "m365route/pac.h"

#define EXACT_SCORE (2 * 1024)

/* ---- output buffer ---- */

/* A JavaScript string literal, double-quoted. */
static void
put_js(struct mri_buf *b, const char *s, size_t n)
{
	char tmp[1100];
	size_t k = mr_pac_js_escape(tmp, sizeof(tmp), s, n);

	if (k >= sizeof(tmp)) {
		char *big = malloc(k + 1);
		if (big == NULL) {
			b->oom = 1;
			return;
		}
		mr_pac_js_escape(big, k + 1, s, n);
		mri_buf_put(b, "\"", 1);
		mri_buf_put(b, big, k);
		mri_buf_put(b, "\"", 1);
		free(big);
		return;
	}
	mri_buf_put(b, "\"", 1);
	mri_buf_put(b, tmp, k);
	mri_buf_put(b, "\"", 1);
}

/* Text for a // comment: printable ASCII, anything else as '?'. */
static void
put_comment_text(struct mri_buf *b, const char *s)
{
	char c;

	for (; s != NULL && *s; s++) {
		c = (*s >= 0x20 && *s <= 0x7e) ? *s : '?';
		mri_buf_put(b, &c, 1);
	}
}

/* ---- patterns ---- */

struct pat {
	const char *t;
	size_t len;
	int score;
	bool wild;
	/* fast style, one-star shapes: A * H T */
	size_t a_len;        /* A = t[0..a_len) */
	size_t h_off, h_len; /* H */
	size_t t_off;        /* T = t[t_off..len), starts with '.' */
	bool indexed;
};

static bool
glob(const struct pat *p, const char *s, size_t n)
{
	return mr_glob_match(p->t, p->len, s, n);
}

/*
 * Whether some string matches both globs: reachability in the product of
 * the two pattern automata, states (i, j) = positions in p and q.
 */
static bool
intersects(const char *p, size_t pl, const char *q, size_t ql)
{
	size_t w = ql + 1, top = 0, i, j, k;
	unsigned char *seen;
	size_t *stack;
	bool found = false;

	seen = calloc((pl + 1) * w, 1);
	stack = malloc((pl + 1) * w * sizeof(*stack));
	if (seen == NULL || stack == NULL) {
		free(seen);
		free(stack);
		return true; /* conservative */
	}
#define PUSH(a, b)                                                             \
	do {                                                                   \
		size_t s_ = (a)*w + (b);                                       \
		if (!seen[s_]) {                                               \
			seen[s_] = 1;                                          \
			stack[top++] = s_;                                     \
		}                                                              \
	} while (0)
	PUSH(0, 0);
	while (top > 0 && !found) {
		k = stack[--top];
		i = k / w;
		j = k % w;
		if (i == pl && j == ql) {
			found = true;
			break;
		}
		if (i < pl && p[i] == '*') {
			PUSH(i + 1, j); /* star done */
			if (j < ql && q[j] != '*')
				PUSH(i, j + 1); /* star eats q's literal */
		}
		if (j < ql && q[j] == '*') {
			PUSH(i, j + 1);
			if (i < pl && p[i] != '*')
				PUSH(i + 1, j);
		}
		if (i < pl && j < ql && p[i] != '*' && q[j] != '*' &&
		    p[i] == q[j])
			PUSH(i + 1, j + 1);
	}
#undef PUSH
	free(seen);
	free(stack);
	return found;
}

/*
 * The order of Sort-Object -Unique under Windows PowerShell 5.1 (NLS "word
 * sort"), as data/reference/README.md emulates it: '-' and '\'' are left
 * out of the first comparison, case is ignored, symbols < digits < letters;
 * equal keys fall back to byte order.
 */
static int
ms_rank(int c)
{
	if (c >= '0' && c <= '9')
		return 1;
	if (c >= 'a' && c <= 'z')
		return 2;
	return 0;
}

static int
ms_cmp(const char *a, const char *b)
{
	const char *p = a, *q = b;
	int ca, cb;

	for (;;) {
		while (*p == '-' || *p == '\'')
			p++;
		while (*q == '-' || *q == '\'')
			q++;
		if (*p == '\0' || *q == '\0')
			break;
		ca = tolower((unsigned char)*p);
		cb = tolower((unsigned char)*q);
		if (ca != cb) {
			if (ms_rank(ca) != ms_rank(cb))
				return ms_rank(ca) - ms_rank(cb);
			return ca - cb;
		}
		p++;
		q++;
	}
	if (*p != '\0' || *q != '\0')
		return *p != '\0' ? 1 : -1;
	return strcmp(a, b);
}

static int
ms_cmp_ptr(const void *x, const void *y)
{
	return ms_cmp(*(const char *const *)x, *(const char *const *)y);
}

static int
cmp_pat_ms(const void *x, const void *y)
{
	return ms_cmp(((const struct pat *)x)->t, ((const struct pat *)y)->t);
}

/* ---- the model ---- */

struct model {
	struct pat *pats;
	size_t n;
	/* types 1/2: Get-PacFile's two lists, in its order */
	const char **direct, **exc;
	size_t n_direct, n_exc;
};

static void
model_free(struct model *md)
{
	free(md->pats);
	free(md->direct);
	free(md->exc);
}

/* Get-Urls: the urls of the chosen sets, sorted, de-duplicated. */
static int
get_urls(const struct mr_catalog *c, bool want_direct, enum mr_pac_type t,
         const char ***out, size_t *n_out)
{
	size_t i, k, n = 0, total = 0;
	const char **v;

	for (i = 0; i < mr_catalog_count(c); i++)
		total += mr_catalog_set(c, i)->n_urls;
	v = malloc((total + 1) * sizeof(*v));
	if (v == NULL)
		return MR_ENOMEM;
	for (i = 0; i < mr_catalog_count(c); i++) {
		const struct mr_endpoint_set *s = mr_catalog_set(c, i);
		bool d = s->category == MR_CAT_OPTIMIZE ||
		         (t == MR_PAC_TYPE2 && s->category == MR_CAT_ALLOW);
		if (d != want_direct)
			continue;
		for (k = 0; k < s->n_urls; k++)
			v[n++] = s->urls[k];
	}
	qsort(v, n, sizeof(*v), ms_cmp_ptr);
	for (i = k = 0; i < n; i++)
		if (k == 0 || strcmp(v[k - 1], v[i]) != 0)
			v[k++] = v[i];
	*out = v;
	*n_out = k;
	return MR_OK;
}

static int
add_pat(struct model *md, size_t cap, const char *t, int score)
{
	size_t i;

	for (i = 0; i < md->n; i++) {
		if (strcmp(md->pats[i].t, t) == 0) {
			if (score > md->pats[i].score)
				md->pats[i].score = score;
			return MR_OK;
		}
	}
	if (md->n == cap)
		return MR_EINVAL;
	memset(&md->pats[md->n], 0, sizeof(md->pats[0]));
	md->pats[md->n].t = t;
	md->pats[md->n].len = strlen(t);
	md->pats[md->n].score = score;
	md->pats[md->n].wild = strchr(t, '*') != NULL;
	md->n++;
	return MR_OK;
}

static int
model_getpacfile(struct model *md, const struct mr_matcher *m,
                 enum mr_pac_type t)
{
	const struct mr_catalog *c = mr_matcher_catalog(m);
	const char **nd;
	size_t n_nd, i, j, k;
	int rc;

	if ((rc = get_urls(c, true, t, &md->direct, &md->n_direct)) != MR_OK)
		return rc;
	if ((rc = get_urls(c, false, t, &nd, &n_nd)) != MR_OK)
		return rc;
	/* Match-RegexList: a non-direct URL, as literal text, matched by a
	 * direct pattern other than itself. */
	for (i = k = 0; i < n_nd; i++) {
		for (j = 0; j < md->n_direct; j++) {
			if (strcmp(md->direct[j], nd[i]) != 0 &&
			    mr_glob_match(md->direct[j], strlen(md->direct[j]),
			                  nd[i], strlen(nd[i])))
				break;
		}
		if (j < md->n_direct)
			nd[k++] = nd[i];
	}
	md->exc = nd;
	md->n_exc = k;
	md->pats = malloc((md->n_direct + md->n_exc + 1) * sizeof(*md->pats));
	if (md->pats == NULL)
		return MR_ENOMEM;
	for (i = 0; i < md->n_exc; i++)
		add_pat(md, md->n_direct + md->n_exc, md->exc[i], 2);
	for (i = 0; i < md->n_direct; i++)
		add_pat(md, md->n_direct + md->n_exc, md->direct[i], 1);
	return MR_OK;
}

static int
model_er(struct model *md, const struct mr_matcher *m)
{
	size_t i, n = mr_matcher_rule_count(m);

	md->pats = malloc((n + 1) * sizeof(*md->pats));
	if (md->pats == NULL)
		return MR_ENOMEM;
	for (i = 0; i < n; i++) {
		const struct mr_rule *r = mr_matcher_rule(m, (uint32_t)i);
		int s;
		if (r->is_prefix)
			continue;
		if (r->is_wildcard)
			s = 2 * (int)(r->literal > 1000 ? 1000 : r->literal);
		else
			s = EXACT_SCORE;
		add_pat(md, n, r->text, s + (r->express_route ? 1 : 0));
	}
	qsort(md->pats, md->n, sizeof(*md->pats), cmp_pat_ms);
	return MR_OK;
}

/* The model's decision for the literal text s: the highest score. */
static int
best_score(const struct model *md, const char *s, size_t n, bool wild_only)
{
	size_t i;
	int best = 0;

	for (i = 0; i < md->n; i++) {
		const struct pat *p = &md->pats[i];
		if (wild_only && !p->wild)
			continue;
		if (p->score > best && glob(p, s, n))
			best = p->score;
	}
	return best;
}

/* ---- header ---- */

static const char *
type_label(enum mr_pac_type t)
{
	switch (t) {
	case MR_PAC_TYPE1:
		return "1 (Get-PacFile -Type 1: Optimize direct)";
	case MR_PAC_TYPE2:
		return "2 (Get-PacFile -Type 2: Optimize and Allow direct)";
	case MR_PAC_EXPRESSROUTE:
		break;
	}
	return "expressroute (ExpressRoute-advertised hosts direct, as "
	       "m365route classify decides)";
}

static void
header(struct mri_buf *b, const struct mr_matcher *m,
       const struct mr_pac_opts *o, const char *nl)
{
	const struct mr_catalog *c = mr_matcher_catalog(m);
	const char *inst = mr_catalog_instance(c), *date = mr_catalog_date(c);

	mri_buf_printf(b, "// m365route %s PAC file, style %s%s", mr_version(),
	               o->style == MR_PAC_COMPAT ? "compat" : "fast", nl);
	mri_buf_puts(b, "// m365route type: ");
	put_comment_text(b, type_label(o->type));
	mri_buf_puts(b, nl);
	mri_buf_puts(b, "// m365route catalog: ");
	put_comment_text(b, inst ? inst : "(file)");
	mri_buf_puts(b, ", ");
	put_comment_text(b, mr_catalog_source(c));
	if (date != NULL) {
		mri_buf_puts(b, ", snapshot ");
		put_comment_text(b, date);
	}
	mri_buf_printf(b, ", %zu endpoint sets%s", mr_catalog_count(c), nl);
	if (o->label != NULL) {
		mri_buf_puts(b, "// m365route for: ");
		put_comment_text(b, o->label);
		mri_buf_puts(b, nl);
	}
	if (o->n_overrides > 0)
		mri_buf_printf(b,
		               "// m365route overrides: %zu, checked first%s",
		               o->n_overrides, nl);
	if (o->generated >= 0) {
		time_t tt = (time_t)o->generated;
		struct tm tm;
		char ts[64];
		if (gmtime_r(&tt, &tm) != NULL &&
		    strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
			mri_buf_printf(b, "// m365route generated: %s%s", ts,
			               nl);
	}
}

/* ---- the organisation's overrides ---- */

/*
 * One `if` per override, most specific first (exact names, then more
 * literal characters, then the order given), each returning "DIRECT" or the
 * proxy string: the design's "forced" hosts win over the catalog.
 */
static int
overrides(struct mri_buf *b, const struct mr_pac_opts *o, const char *proxy,
          const char *indent, const char *var, const char *nl)
{
	const char **pats;
	uint32_t *ord;
	size_t i;

	if (o->n_overrides == 0)
		return MR_OK;
	pats = calloc(o->n_overrides, sizeof(*pats));
	ord = calloc(o->n_overrides, sizeof(*ord));
	if (pats == NULL || ord == NULL) {
		free(pats);
		free(ord);
		return MR_ENOMEM;
	}
	for (i = 0; i < o->n_overrides; i++)
		pats[i] = o->overrides[i].pattern;
	if (mri_glob_order(pats, o->n_overrides, ord) != MR_OK) {
		free(pats);
		free(ord);
		return MR_ENOMEM;
	}
	for (i = 0; i < o->n_overrides; i++) {
		const struct mr_pac_override *v = &o->overrides[ord[i]];
		const char *t = v->pattern, *r;
		r = v->direct ? "DIRECT" : proxy;
		mri_buf_printf(b, "%sif (shExpMatch(%s, ", indent, var);
		put_js(b, t, strlen(t));
		mri_buf_printf(b, "))%s%s%sreturn ", nl, indent,
		               indent[0] == '\t' ? "\t" : "    ");
		put_js(b, r, strlen(r));
		mri_buf_printf(b, ";%s", nl);
	}
	mri_buf_puts(b, nl);
	free(pats);
	free(ord);
	return MR_OK;
}

/* ---- compat style ---- */

static void
chain(struct mri_buf *b, const char *const *v, size_t n, const char *ret)
{
	size_t i;

	for (i = 0; i < n; i++) {
		mri_buf_puts(b, i == 0 ? "    if(shExpMatch(host, "
		                       : "\r\n        || shExpMatch(host, ");
		put_js(b, v[i], strlen(v[i]));
		mri_buf_puts(b, ")");
	}
	mri_buf_printf(b, ")\r\n    {\r\n        return %s;\r\n    }\r\n\r\n",
	               ret);
}

static void
compat_prologue(struct mri_buf *b, const char *direct, const char *proxy,
                bool lower, bool er)
{
	mri_buf_puts(
	    b, "// This PAC file will provide proxy config to Microsoft 365 "
	       "services\r\n"
	       "//  using data from the public web service for all "
	       "endpoints\r\n"
	       "function FindProxyForURL(url, host)\r\n{\r\n"
	       "    var direct = ");
	put_js(b, direct, strlen(direct));
	mri_buf_puts(b, ";\r\n    var proxyServer = ");
	put_js(b, proxy, strlen(proxy));
	mri_buf_puts(b, ";\r\n\r\n");
	if (lower)
		mri_buf_puts(b, "    host = host.toLowerCase();\r\n\r\n");
	if (er)
		mri_buf_puts(
		    b, "    if (host.charAt(host.length - 1) == \".\")\r\n"
		       "        host = host.substring(0, host.length - "
		       "1);\r\n\r\n");
}

static int
compat_er(struct mri_buf *b, const struct model *md, struct mr_pac_info *info)
{
	size_t n = md->n, i, j, left, nb;
	unsigned char *before; /* before[i*n+j]: i must precede j */
	size_t *npred;
	unsigned char *state; /* 0 pending, 1 placed, 2 dropped */
	const char **blk;
	int parity;

	before = calloc(n * n + 1, 1);
	npred = calloc(n + 1, sizeof(*npred));
	state = calloc(n + 1, 1);
	blk = malloc((n + 1) * sizeof(*blk));
	if (before == NULL || npred == NULL || state == NULL || blk == NULL) {
		free(before);
		free(npred);
		free(state);
		free(blk);
		return MR_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		const struct pat *p = &md->pats[i];
		size_t succ = 0;
		for (j = 0; j < n; j++) {
			const struct pat *q = &md->pats[j];
			if (i == j || p->score <= q->score ||
			    (p->score & 1) == (q->score & 1))
				continue;
			if (!intersects(p->t, p->len, q->t, q->len))
				continue;
			before[i * n + j] = 1;
			npred[j]++;
			succ++;
		}
		/* An even pattern that overrides nothing: the catch-all. */
		if ((p->score & 1) == 0 && succ == 0)
			state[i] = 2;
	}
	for (i = 0; i < n; i++)
		if (state[i] == 2)
			for (j = 0; j < n; j++)
				npred[j] -= before[i * n + j];
	left = 0;
	for (i = 0; i < n; i++)
		left += state[i] == 0;
	parity = 0; /* proxy first, as the seed and Get-PacFile do */
	while (left > 0) {
		nb = 0;
		for (i = 0; i < n; i++)
			if (state[i] == 0 &&
			    (md->pats[i].score & 1) == parity && npred[i] == 0)
				blk[nb++] = md->pats[i].t;
		if (nb > 0) {
			/* pats are in ms order, so blk is too */
			chain(b, blk, nb, parity ? "direct" : "proxyServer");
			info->n_blocks++;
			for (i = 0; i < n; i++) {
				if (state[i] != 0 ||
				    (md->pats[i].score & 1) != parity ||
				    npred[i] != 0)
					continue;
				state[i] = 1;
				left--;
				for (j = 0; j < n; j++)
					npred[j] -= before[i * n + j];
				if (parity)
					info->n_direct++;
				else
					info->n_exceptions++;
			}
		}
		parity ^= 1;
	}
	free(before);
	free(npred);
	free(state);
	free(blk);
	return MR_OK;
}

static int
gen_compat(struct mri_buf *b, const struct model *md,
           const struct mr_pac_opts *o, const char *direct, const char *proxy,
           struct mr_pac_info *info)
{
	bool er = o->type == MR_PAC_EXPRESSROUTE;
	int rc = MR_OK;

	compat_prologue(b, direct, proxy, er || o->lowercase, er);
	if ((rc = overrides(b, o, proxy, "    ", "host", "\r\n")) != MR_OK)
		return rc;
	if (er) {
		rc = compat_er(b, md, info);
	} else {
		if (md->n_exc > 0) {
			chain(b, md->exc, md->n_exc, "proxyServer");
			info->n_blocks++;
		}
		if (md->n_direct > 0) {
			chain(b, md->direct, md->n_direct, "direct");
			info->n_blocks++;
		}
		info->n_exceptions = md->n_exc;
		info->n_direct = md->n_direct;
	}
	mri_buf_puts(b, "    return proxyServer;\r\n}\r\n");
	return rc;
}

/* ---- fast style ---- */

/* Split a one-star pattern whose tail holds a '.' into A * H T. */
static void
classify_shape(struct pat *p)
{
	const char *star = memchr(p->t, '*', p->len), *dot;
	size_t k;

	p->indexed = false;
	if (star == NULL)
		return;
	k = (size_t)(star - p->t);
	if (memchr(star + 1, '*', p->len - k - 1) != NULL)
		return;
	dot = memchr(star + 1, '.', p->len - k - 1);
	if (dot == NULL)
		return;
	p->a_len = k;
	p->h_off = k + 1;
	p->h_len = (size_t)(dot - star) - 1;
	p->t_off = (size_t)(dot - p->t);
	p->indexed = true;
}

static int
cmp_key(const void *x, const void *y)
{
	const struct pat *p = *(const struct pat *const *)x;
	const struct pat *q = *(const struct pat *const *)y;
	int c = strcmp(p->t + p->t_off, q->t + q->t_off);

	if (c != 0)
		return c;
	/* the plain "*T" first, then by text */
	if ((p->a_len + p->h_len == 0) != (q->a_len + q->h_len == 0))
		return p->a_len + p->h_len == 0 ? -1 : 1;
	return strcmp(p->t, q->t);
}

static const char fast_head[] = "function FindProxyForURL(url, host)\n"
                                "{\n"
                                "\tvar h = host, e, i, j, p, a, s, best = 0;\n"
                                "\n";

static const char fast_body[] =
    "\te = mrExact[h];\n"
    "\tif (e === \"D\")\n"
    "\t\treturn mrDirect;\n"
    "\tif (e === \"P\")\n"
    "\t\treturn mrProxy;\n"
    "\tfor (i = h.lastIndexOf(\".\"); i >= 0;\n"
    "\t    i = i > 0 ? h.lastIndexOf(\".\", i - 1) : -1) {\n"
    "\t\te = mrSuffix[h.substring(i)];\n"
    "\t\tif (typeof e == \"number\") {\n"
    "\t\t\tif (e > best)\n"
    "\t\t\t\tbest = e;\n"
    "\t\t\tcontinue;\n"
    "\t\t}\n"
    "\t\tif (!e)\n"
    "\t\t\tcontinue;\n"
    "\t\tif (e[0] > best)\n"
    "\t\t\tbest = e[0];\n"
    "\t\tfor (j = 1; j < e.length; j += 3) {\n"
    "\t\t\ts = e[j + 2];\n"
    "\t\t\tif (s <= best)\n"
    "\t\t\t\tcontinue;\n"
    "\t\t\ta = e[j + 1];\n"
    "\t\t\tp = i - e[j].length;\n"
    "\t\t\tif (p >= a.length && h.substring(p, i) == e[j] &&\n"
    "\t\t\t    h.substring(0, a.length) == a)\n"
    "\t\t\t\tbest = s;\n"
    "\t\t}\n"
    "\t}\n"
    "\tfor (j = 0; j < mrGlob.length; j += 2)\n"
    "\t\tif (mrGlob[j + 1] > best && shExpMatch(h, mrGlob[j]))\n"
    "\t\t\tbest = mrGlob[j + 1];\n"
    "\tif ((best & 1) == 1 && !mrLineEnd.test(h))\n"
    "\t\treturn mrDirect;\n"
    "\treturn mrProxy;\n"
    "}\n";

static int
gen_fast(struct mri_buf *b, struct model *md, const struct mr_pac_opts *o,
         const char *direct, const char *proxy, struct mr_pac_info *info)
{
	bool er = o->type == MR_PAC_EXPRESSROUTE;
	size_t i, j, k, nw = 0, first;
	const struct pat **idx;
	char pre[256];

	idx = malloc((md->n + 1) * sizeof(*idx));
	if (idx == NULL)
		return MR_ENOMEM;
	if (er) {
		for (i = 0; i < md->n; i++) {
			if (md->pats[i].score & 1)
				info->n_direct++;
			else
				info->n_exceptions++;
		}
	} else {
		info->n_direct = md->n_direct;
		info->n_exceptions = md->n_exc;
	}

	mri_buf_puts(
	    b, "//\n"
	       "// A host goes DIRECT when the highest score among the "
	       "patterns that match\n"
	       "// it (shExpMatch semantics) is odd, else to the proxy. "
	       "mrExact holds the\n"
	       "// exact names whose decision differs from the walk below; "
	       "mrSuffix maps\n"
	       "// \".rest.of.name\" to [score of \"*.rest.of.name\", "
	       "then H, A, score for\n"
	       "// each pattern A*H.rest.of.name], or to the score alone; "
	       "mrGlob lists the\n"
	       "// other shapes. See docs/pac.md.\n");
	mri_buf_puts(b, "var mrDirect = ");
	put_js(b, direct, strlen(direct));
	mri_buf_puts(b, ";\nvar mrProxy = ");
	put_js(b, proxy, strlen(proxy));
	mri_buf_puts(b, ";\nvar mrLineEnd = /[\\n\\r\\u2028\\u2029]/;\n");

	/* Exact names, where the walk would decide otherwise. */
	mri_buf_puts(b, "var mrExact = {");
	k = 0;
	for (i = 0; i < md->n; i++) {
		const struct pat *p = &md->pats[i];
		int full, walk;
		if (p->wild)
			continue;
		full = best_score(md, p->t, p->len, false);
		walk = best_score(md, p->t, p->len, true);
		if ((full & 1) == (walk & 1))
			continue;
		mri_buf_puts(b, k++ ? ",\n\t" : "\n\t");
		put_js(b, p->t, p->len);
		mri_buf_puts(b, (full & 1) ? ": \"D\"" : ": \"P\"");
	}
	info->n_exact = k;
	mri_buf_puts(b, k ? "\n};\n" : "};\n");

	/* Suffix table. */
	for (i = 0; i < md->n; i++) {
		if (!md->pats[i].wild)
			continue;
		classify_shape(&md->pats[i]);
		if (md->pats[i].indexed)
			idx[nw++] = &md->pats[i];
	}
	qsort(idx, nw, sizeof(*idx), cmp_key);
	mri_buf_puts(b, "var mrSuffix = {");
	for (i = 0; i < nw; i = j) {
		const struct pat *p = idx[i];
		const char *key = p->t + p->t_off;
		first = i;
		for (j = i; j < nw; j++) {
			const struct pat *q = idx[j];
			if (strcmp(q->t + q->t_off, key) != 0)
				break;
		}
		mri_buf_puts(b, info->n_suffix++ ? ",\n\t" : "\n\t");
		put_js(b, key, p->len - p->t_off);
		if (p->a_len + p->h_len == 0 && j == i + 1) {
			/* only "*T": a number, no array to allocate */
			mri_buf_printf(b, ": %d", p->score);
			continue;
		}
		if (p->a_len + p->h_len == 0) {
			mri_buf_printf(b, ": [%d", p->score);
			first++;
		} else {
			mri_buf_puts(b, ": [0");
		}
		for (k = first; k < j; k++) {
			const struct pat *q = idx[k];
			mri_buf_puts(b, ", ");
			put_js(b, q->t + q->h_off, q->h_len);
			mri_buf_puts(b, ", ");
			put_js(b, q->t, q->a_len);
			mri_buf_printf(b, ", %d", q->score);
		}
		mri_buf_puts(b, "]");
	}
	mri_buf_puts(b, info->n_suffix ? "\n};\n" : "};\n");

	/* Other shapes: shExpMatch. */
	mri_buf_puts(b, "var mrGlob = [");
	k = 0;
	for (i = 0; i < md->n; i++) {
		const struct pat *p = &md->pats[i];
		if (!p->wild || p->indexed)
			continue;
		mri_buf_puts(b, k++ ? ",\n\t" : "\n\t");
		put_js(b, p->t, p->len);
		mri_buf_printf(b, ", %d", p->score);
	}
	info->n_fallback = k;
	mri_buf_puts(b, k ? "\n];\n\n" : "];\n\n");

	pre[0] = '\0';
	if (er)
		snprintf(pre, sizeof(pre),
		         "\th = h.toLowerCase();\n"
		         "\tif (h.charAt(h.length - 1) == \".\")\n"
		         "\t\th = h.substring(0, h.length - 1);\n");
	else if (o->lowercase)
		snprintf(pre, sizeof(pre), "\th = h.toLowerCase();\n");
	mri_buf_puts(b, fast_head);
	mri_buf_puts(b, pre);
	if (overrides(b, o, proxy, "\t", "h", "\n") != MR_OK) {
		free(idx);
		return MR_ENOMEM;
	}
	mri_buf_puts(b, fast_body);
	free(idx);
	return MR_OK;
}

/* ---- API ---- */

const char *
mr_pac_type_name(enum mr_pac_type t)
{
	switch (t) {
	case MR_PAC_EXPRESSROUTE:
		return "expressroute";
	case MR_PAC_TYPE1:
		return "1";
	case MR_PAC_TYPE2:
		return "2";
	}
	return NULL;
}

void
mr_pac_free(char *buf)
{
	free(buf);
}

int
mr_pac_generate(char **out, size_t *len, const struct mr_matcher *m,
                const struct mr_pac_opts *o, struct mr_pac_info *info)
{
	struct mr_pac_info dummy;
	struct model md;
	struct mri_buf b;
	const char *direct, *proxy, *why;
	size_t bad;
	int rc;

	*out = NULL;
	if (len != NULL)
		*len = 0;
	if (info == NULL)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	if (m == NULL || o == NULL || o->version != MR_PAC_OPTS_VERSION)
		return mri_error_set(MR_EINVAL,
		                     "mr_pac_generate: bad arguments "
		                     "or options version");
	if (mr_pac_type_name(o->type) == NULL)
		return mri_error_set(MR_EINVAL, "unknown PAC type %d",
		                     (int)o->type);
	if (o->style != MR_PAC_FAST && o->style != MR_PAC_COMPAT)
		return mri_error_set(MR_EINVAL, "unknown PAC style %d",
		                     (int)o->style);
	direct = o->direct ? o->direct : "DIRECT";
	proxy = o->proxy ? o->proxy : "PROXY 10.10.10.10:8080";
	if ((why = mr_pac_return_check(direct, strlen(direct), &bad)) != NULL)
		return mri_error_set(MR_EINVAL,
		                     "direct return string: %s (at byte %zu)",
		                     why, bad);
	if ((why = mr_pac_return_check(proxy, strlen(proxy), &bad)) != NULL)
		return mri_error_set(MR_EINVAL,
		                     "proxy return string: %s (at byte %zu)",
		                     why, bad);

	for (size_t i = 0; i < o->n_overrides; i++) {
		const char *t = o->overrides[i].pattern;
		if (t == NULL || mr_pattern_check(t, strlen(t), &bad) != NULL)
			return mri_error_set(MR_EINVAL,
			                     "override %zu is not a valid host "
			                     "pattern",
			                     i + 1);
	}
	if (o->label != NULL)
		for (const char *q = o->label; *q; q++)
			if ((unsigned char)*q < 0x20)
				return mri_error_set(MR_EINVAL,
				                     "control character in the "
				                     "label");

	memset(&md, 0, sizeof(md));
	memset(&b, 0, sizeof(b));
	if (o->type == MR_PAC_EXPRESSROUTE)
		rc = model_er(&md, m);
	else
		rc = model_getpacfile(&md, m, o->type);
	if (rc == MR_OK) {
		header(&b, m, o, o->style == MR_PAC_COMPAT ? "\r\n" : "\n");
		if (o->style == MR_PAC_COMPAT)
			rc = gen_compat(&b, &md, o, direct, proxy, info);
		else
			rc = gen_fast(&b, &md, o, direct, proxy, info);
	}
	model_free(&md);
	if (rc == MR_OK && b.oom)
		rc = MR_ENOMEM;
	if (rc != MR_OK) {
		free(b.p);
		return mri_error_set(rc, "out of memory");
	}
	*out = b.p;
	if (len != NULL)
		*len = b.n;
	return MR_OK;
}
