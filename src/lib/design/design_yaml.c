/*
 * design_yaml.c - YAML text to a node tree with byte positions, for the
 * design loader (design_int.h).
 *
 * Why events: libfyaml 0.7.12's document API keeps no public marks for
 * collections, resolves aliases by copying, and checks duplicate keys with
 * its own messages. Its event API gives every scalar, alias and collection
 * a mark (0-based input_pos, line, column), so this file builds a small tree
 * of its own from the events and converts each mark to a byte offset once.
 *
 * Flow: the text is checked to be UTF-8 without NUL bytes (MR0204, at the
 * first bad byte); libfyaml parses it with a private fy_diag that collects
 * errors instead of printing them (its output callback discards text), and
 * the first error becomes MR0201 at its token's offset (or its 1-based
 * line/column when it has no token). Each event becomes a node; collections
 * are kept open on an explicit stack (no recursion), closed by their end
 * event. A flow collection ends at its closing bracket, a block one at its
 * last child's end. Quoted scalars' spans include the quotes. Scalar
 * content comes from fy_token_get_text(), except for single-quoted
 * scalars, which are decoded here from the text: libfyaml 0.7.12 leaks the
 * buffer it builds for one with '' escapes (found by fuzzing).
 *
 * Aliases are never expanded here: an alias is a node pointing at its
 * anchored node, which must be complete (an alias inside its own anchor is
 * refused, MR0202), so the tree is a DAG; the schema walker counts every
 * node it visits through aliases against a budget, so an alias bomb costs
 * at most that budget.
 *
 * Limits (MR0203): nesting deeper than MR_DESIGN_MAX_DEPTH (64; real
 * designs need 6) and more than MR_DESIGN_MAX_NODES (2^20) nodes stop the
 * parse at once. Tags, a second document and unknown anchors are refused.
 *
 * Complexity: O(len) for the scans and the parse; anchors are found with an
 * open-addressing hash table, so O(1) per alias.
 * Spec: YAML 1.2.2 (chapters 6-9: nodes, anchors and aliases, flow and
 * block styles); RFC 3629 section 4 (UTF-8 syntax).
 */
#include <libfyaml.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "design_int.h"
#include "m365route/common.h"

#define SHOW 48

/*
 * Findings.
 */

int
mri_dreport(struct dreport *r, enum mr_dcode code, uint32_t start, uint32_t end,
            const char *fmt, ...)
{
	struct mr_span at;
	va_list ap;
	int rc;

	if (start > r->len)
		start = (uint32_t)r->len;
	if (end < start)
		end = start;
	if (end > r->len)
		end = (uint32_t)r->len;
	at.src = r->src;
	at.start = start;
	at.end = end;
	va_start(ap, fmt);
	rc = mri_diag_vadd(r->d, code, at, fmt, ap);
	va_end(ap);
	if (rc & MRI_DIAG_OOM)
		r->oom = true;
	/* Not a YAML document at all (cmd_check exits 2 for these). */
	if ((rc & MRI_DIAG_KEPT) &&
	    (code == MR_D_YAML_SYNTAX || code == MR_D_YAML_UNSUPPORTED ||
	     code == MR_D_YAML_LIMITS || code == MR_D_TEXT_ENCODING))
		mri_diags_set_unreadable(r->d, r->src);
	return rc;
}

void
mri_dreport_oom(struct dreport *r)
{
	r->oom = true;
	mri_diag_stop(r->d);
}

/*
 * Encoding.
 */

/* Offset of the first byte that is not well-formed UTF-8 or is NUL. */
static size_t
utf8_bad(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k, need;
		uint32_t cp, min;

		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return i;
		}
		if (n - i <= need)
			return i;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += need + 1;
	}
	return n;
}

/*
 * The tree.
 */

struct anchor {
	const char *name; /* in the tree's arena */
	size_t len;
	uint32_t node; /* YNONE: empty slot */
};

struct builder {
	struct ytree *t;
	struct dreport *r;
	struct anchor *anchors;
	size_t amask, acount;
	uint32_t stack[MR_DESIGN_MAX_DEPTH + 1];
	size_t depth;
	unsigned docs;
	bool fail; /* stop reading events */
};

static uint32_t
hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static struct anchor *
anchor_slot(struct builder *b, const char *s, size_t n)
{
	size_t i;

	if (b->anchors == NULL)
		return NULL;
	for (i = hash_bytes(s, n) & b->amask;; i = (i + 1) & b->amask) {
		struct anchor *x = &b->anchors[i];
		if (x->node == YNONE ||
		    (x->len == n && memcmp(x->name, s, n) == 0))
			return x;
	}
}

static int
anchor_grow(struct builder *b)
{
	struct anchor *old = b->anchors, *nv;
	size_t ocap = old ? b->amask + 1 : 0, cap = ocap ? ocap * 2 : 64, i;

	nv = malloc(cap * sizeof(*nv));
	if (nv == NULL)
		return MR_ENOMEM;
	for (i = 0; i < cap; i++)
		nv[i].node = YNONE;
	b->anchors = nv;
	b->amask = cap - 1;
	for (i = 0; i < ocap; i++)
		if (old[i].node != YNONE)
			*anchor_slot(b, old[i].name, old[i].len) = old[i];
	free(old);
	return MR_OK;
}

/* Define (or redefine: the later one wins, as in YAML) an anchor. */
static int
anchor_set(struct builder *b, const char *s, size_t n, uint32_t node)
{
	struct anchor *x;

	if ((b->acount + 1) * 2 > (b->anchors ? b->amask + 1 : 0) &&
	    anchor_grow(b) != MR_OK)
		return MR_ENOMEM;
	x = anchor_slot(b, s, n);
	if (x->node == YNONE) {
		char *copy = mri_arena_strndup(b->t->a, s, n);
		if (copy == NULL)
			return MR_ENOMEM;
		x->name = copy;
		x->len = n;
		b->acount++;
	}
	x->node = node;
	return MR_OK;
}

static uint32_t
mark_pos(const struct fy_mark *m, size_t len)
{
	if (m == NULL)
		return (uint32_t)len;
	return m->input_pos > len ? (uint32_t)len : (uint32_t)m->input_pos;
}

static uint32_t
new_node(struct builder *b, enum ykind kind, uint32_t start, uint32_t end)
{
	struct ytree *t = b->t;
	struct ynode *x;
	uint32_t idx;

	if (t->n >= MR_DESIGN_MAX_NODES) {
		mri_dreport(b->r, MR_D_YAML_LIMITS, start, end,
		            "the design holds more than %u YAML nodes",
		            MR_DESIGN_MAX_NODES);
		b->fail = true;
		return YNONE;
	}
	if (t->n == t->cap) {
		struct ynode *v =
		    mri_vec_grow(t->v, &t->cap, t->n + 1, sizeof(*v), 256);
		if (v == NULL) {
			b->r->oom = b->fail = true;
			return YNONE;
		}
		t->v = v;
	}
	idx = (uint32_t)t->n++;
	x = &t->v[idx];
	memset(x, 0, sizeof(*x));
	x->kind = (uint8_t)kind;
	x->start = start;
	x->end = end;
	x->child = x->last = x->next = x->target = YNONE;
	if (b->depth > 0) {
		struct ynode *p = &t->v[b->stack[b->depth - 1]];
		if (p->child == YNONE)
			p->child = idx;
		else
			t->v[p->last].next = idx;
		p->last = idx;
		p->n++;
	} else if (t->root == YNONE) {
		t->root = idx;
	}
	return idx;
}

/*
 * The content of a single-quoted scalar whose text (between the quotes) is
 * s[0..n): '' is a quote; a line break with the white space around it
 * folds to a space, or to n-1 newlines for n breaks (YAML 1.2.2 sections
 * 7.3.2 and 6.5). The result is NUL-terminated in arena a.
 */
static char *
single_quoted(struct mr_arena *a, const char *s, size_t n, size_t *outlen)
{
	char *out = mri_arena_alloc(a, n + 1);
	size_t i = 0, k = 0, ws = 0;

	if (out == NULL)
		return NULL;
	while (i < n) {
		char c = s[i];
		if (c == '\'' && i + 1 < n && s[i + 1] == '\'') {
			out[k++] = '\'';
			i += 2;
			ws = 0;
		} else if (c == '\r' || c == '\n') {
			size_t breaks = 0;
			k -= ws; /* trailing white space of the line */
			ws = 0;
			while (i < n && (s[i] == '\r' || s[i] == '\n')) {
				if (s[i] == '\r' && i + 1 < n &&
				    s[i + 1] == '\n')
					i++;
				i++;
				breaks++;
				while (i < n && (s[i] == ' ' || s[i] == '\t'))
					i++;
			}
			if (breaks == 1)
				out[k++] = ' ';
			else
				while (--breaks > 0)
					out[k++] = '\n';
		} else {
			ws = (c == ' ' || c == '\t') ? ws + 1 : 0;
			out[k++] = c;
			i++;
		}
	}
	out[k] = '\0';
	*outlen = k;
	return out;
}

static void
refuse_tag(struct builder *b, struct fy_token *tag)
{
	char q[4 * SHOW + 8];
	const struct fy_mark *m = fy_token_start_mark(tag);
	const struct fy_mark *e = fy_token_end_mark(tag);
	size_t n = 0;
	const char *s = fy_token_get_text(tag, &n);

	mri_dreport(b->r, MR_D_YAML_UNSUPPORTED, mark_pos(m, b->r->len),
	            mark_pos(e, b->r->len),
	            "YAML tags are not used in designs "
	            "('%s')",
	            s ? mri_design_escape(q, sizeof(q), s, n, SHOW) : "?");
	mri_diag_hint(b->r->d, "remove the tag; values are typed by their key");
}

static int
on_anchor(struct builder *b, struct fy_token *anchor, uint32_t node)
{
	size_t n = 0;
	const char *s;

	if (anchor == NULL || node == YNONE)
		return MR_OK;
	s = fy_token_get_text(anchor, &n);
	if (s == NULL)
		return MR_ENOMEM;
	return anchor_set(b, s, n, node);
}

static void
on_event(struct builder *b, struct fy_event *e)
{
	struct ytree *t = b->t;
	const char *text = b->r->text;
	size_t len = b->r->len;
	uint32_t start = mark_pos(fy_event_start_mark(e), len);
	uint32_t end = mark_pos(fy_event_end_mark(e), len);
	struct fy_token *tag = fy_event_get_tag_token(e), *anchor = NULL;
	enum fy_node_style ns = fy_event_get_node_style(e);
	uint32_t idx;
	struct ynode *x;

	if (end < start)
		end = start;
	switch (e->type) {
	case FYET_DOCUMENT_START:
		if (++b->docs > 1) {
			uint32_t at = fy_event_start_mark(e) != NULL ? start
			              : t->root != YNONE ? t->v[t->root].end
			                                 : 0;
			mri_dreport(b->r, MR_D_YAML_UNSUPPORTED, at, at,
			            "a design file holds one YAML document, "
			            "this one holds more");
			b->fail = true;
		}
		return;
	case FYET_SCALAR: {
		size_t n = 0;
		const char *s;
		char *copy;

		anchor = e->scalar.anchor;
		if (ns == FYNS_SINGLE_QUOTED) {
			/* libfyaml 0.7.12 leaks (and its token iterator
			 * miscounts) single-quoted scalars with '' escapes:
			 * decode them from the text */
			copy =
			    single_quoted(t->a, text + start, end - start, &n);
			if (copy == NULL) {
				b->r->oom = b->fail = true;
				return;
			}
			s = copy;
		} else {
			s = fy_token_get_text(e->scalar.value, &n);
		}
		if (s == NULL) {
			s = "";
			n = 0;
		}
		if (n > UINT32_MAX / 2) {
			b->r->oom = b->fail = true;
			return;
		}
		if (ns == FYNS_SINGLE_QUOTED || ns == FYNS_DOUBLE_QUOTED) {
			char qc = ns == FYNS_SINGLE_QUOTED ? '\'' : '"';
			if (start > 0 && text[start - 1] == qc)
				start--;
			if (end < len && text[end] == qc)
				end++;
		}
		idx = new_node(b, Y_SCALAR, start, end);
		if (idx == YNONE)
			return;
		copy = mri_arena_strndup(t->a, s, n);
		if (copy == NULL) {
			b->r->oom = b->fail = true;
			return;
		}
		x = &t->v[idx];
		x->text = copy;
		x->len = (uint32_t)n;
		if (ns == FYNS_SINGLE_QUOTED || ns == FYNS_DOUBLE_QUOTED)
			x->style = Y_QUOTED;
		else if (ns == FYNS_LITERAL || ns == FYNS_FOLDED)
			x->style = Y_BLOCK;
		else
			x->style = Y_PLAIN;
		break;
	}
	case FYET_ALIAS: {
		size_t n = 0;
		const char *s = fy_token_get_text(e->alias.anchor, &n);
		struct anchor *a = s ? anchor_slot(b, s, n) : NULL;
		char q[4 * SHOW + 8];

		if (start > 0 && b->r->text[start - 1] == '*')
			start--;
		if (a == NULL || a->node == YNONE) {
			mri_dreport(b->r, MR_D_YAML_SYNTAX, start, end,
			            "alias '*%s' refers to no anchor defined "
			            "before it",
			            mri_design_escape(q, sizeof(q), s ? s : "",
			                              n, SHOW));
			b->fail = true;
			return;
		}
		if (t->v[a->node].open) {
			mri_dreport(
			    b->r, MR_D_YAML_UNSUPPORTED, start, end,
			    "alias '*%s' is inside the node it refers to",
			    mri_design_escape(q, sizeof(q), s, n, SHOW));
			b->fail = true;
			return;
		}
		idx = new_node(b, Y_ALIAS, start, end);
		if (idx == YNONE)
			return;
		t->v[idx].target = a->node;
		return;
	}
	case FYET_SEQUENCE_START:
	case FYET_MAPPING_START:
		anchor = e->type == FYET_MAPPING_START
		             ? e->mapping_start.anchor
		             : e->sequence_start.anchor;
		if (b->depth >= MR_DESIGN_MAX_DEPTH) {
			mri_dreport(
			    b->r, MR_D_YAML_LIMITS, start, end,
			    "the design is nested deeper than %d levels",
			    MR_DESIGN_MAX_DEPTH);
			b->fail = true;
			return;
		}
		idx = new_node(b, e->type == FYET_MAPPING_START ? Y_MAP : Y_SEQ,
		               start, start);
		if (idx == YNONE)
			return;
		x = &t->v[idx];
		x->open = true;
		x->style = ns == FYNS_FLOW ? Y_FLOW : Y_BLOCKC;
		b->stack[b->depth++] = idx;
		break;
	case FYET_SEQUENCE_END:
	case FYET_MAPPING_END:
		if (b->depth == 0)
			return;
		x = &t->v[b->stack[--b->depth]];
		x->open = false;
		if (x->style == Y_FLOW)
			x->end = end > x->start ? end : x->start;
		else if (x->last != YNONE)
			x->end = t->v[x->last].end;
		if (x->end < x->start)
			x->end = x->start;
		return;
	default:
		return;
	}
	if (tag != NULL)
		refuse_tag(b, tag);
	if (on_anchor(b, anchor, idx) != MR_OK)
		b->r->oom = b->fail = true;
}

/* Byte offset of 1-based line and column, clamped to the text. */
static uint32_t
lc_offset(const char *text, size_t len, int line, int col)
{
	size_t i = 0;
	int l = 1;

	while (l < line && i < len) {
		if (text[i] == '\n')
			l++;
		i++;
	}
	if (col > 1)
		i += (size_t)(col - 1);
	return (uint32_t)(i > len ? len : i);
}

static void
discard(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	(void)diag;
	(void)user;
	(void)buf;
	(void)len;
}

/* The first error libfyaml collected, as MR0201. */
static void
report_fy_error(struct builder *b, struct fy_diag *diag)
{
	struct fy_diag_error *err;
	void *it = NULL;
	uint32_t at = (uint32_t)b->r->len;
	const char *msg = "malformed YAML";
	char q[256];

	while ((err = fy_diag_errors_iterate(diag, &it)) != NULL) {
		if (err->type < FYET_ERROR)
			continue;
		if (err->fyt != NULL && fy_token_start_mark(err->fyt) != NULL)
			at = mark_pos(fy_token_start_mark(err->fyt), b->r->len);
		else if (err->line > 0)
			at = lc_offset(b->r->text, b->r->len, err->line,
			               err->column);
		if (err->msg != NULL)
			msg = err->msg;
		break;
	}
	mri_design_escape(q, sizeof(q), msg, strlen(msg), 200);
	mri_dreport(b->r, MR_D_YAML_SYNTAX, at, at + (at < b->r->len),
	            "YAML syntax: %s", q);
}

int
mri_ytree_build(struct ytree *t, struct dreport *r)
{
	struct builder b;
	struct fy_diag_cfg dc;
	struct fy_parse_cfg pc;
	struct fy_diag *diag = NULL;
	struct fy_parser *fyp = NULL;
	struct fy_event *e;
	size_t bad;
	int rc = MR_OK;

	memset(t, 0, sizeof(*t));
	t->root = YNONE;
	if (mri_arena_create(&t->a) != 0)
		return MR_ENOMEM;
	bad = utf8_bad((const unsigned char *)r->text, r->len);
	if (bad < r->len) {
		if (r->text[bad] == '\0')
			mri_dreport(r, MR_D_TEXT_ENCODING, (uint32_t)bad,
			            (uint32_t)bad + 1,
			            "the design holds a NUL byte");
		else
			mri_dreport(
			    r, MR_D_TEXT_ENCODING, (uint32_t)bad,
			    (uint32_t)bad + 1,
			    "the design is not valid UTF-8 (byte 0x%02x)",
			    (unsigned char)r->text[bad]);
		return MR_OK;
	}
	memset(&b, 0, sizeof(b));
	b.t = t;
	b.r = r;
	fy_diag_cfg_default(&dc);
	dc.fp = NULL;
	dc.output_fn = discard;
	dc.user = NULL;
	dc.level = FYET_ERROR;
	dc.colorize = false;
	diag = fy_diag_create(&dc);
	if (diag == NULL)
		return MR_ENOMEM;
	fy_diag_set_collect_errors(diag, true);
	memset(&pc, 0, sizeof(pc));
	pc.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2;
	pc.diag = diag;
	fyp = fy_parser_create(&pc);
	if (fyp == NULL || fy_parser_set_string(fyp, r->text, r->len) != 0) {
		rc = MR_ENOMEM;
		goto done;
	}
	while (!b.fail && (e = fy_parser_parse(fyp)) != NULL) {
		on_event(&b, e);
		fy_parser_event_free(fyp, e);
	}
	if (r->oom)
		rc = MR_ENOMEM;
	else if (!b.fail &&
	         (fy_parser_get_stream_error(fyp) || fy_diag_got_error(diag)))
		report_fy_error(&b, diag);
done:
	free(b.anchors);
	if (fyp != NULL)
		fy_parser_destroy(fyp);
	fy_diag_destroy(diag);
	return rc;
}

void
mri_ytree_free(struct ytree *t)
{
	free(t->v);
	mri_arena_destroy(t->a);
	memset(t, 0, sizeof(*t));
	t->root = YNONE;
}
