/*
 * jspan.c - a position index over a JSON text (see jspan.h).
 *
 * Purpose: jansson (2.14) parses the endpoint feed but records no positions;
 * diagnostics need the byte offset of each value and member key. This file
 * re-scans the text jansson accepted and lists every value in pre-order.
 *
 * Layout: one growable array of struct mr_jspan_node {start, end, key,
 * next}. A container's .end and .next are filled in when it closes; the
 * scanner keeps an explicit stack of open containers (node indices), so it
 * never recurses, and refuses nesting deeper than MR_JSPAN_MAX_DEPTH.
 * Invariants: node n's subtree is [n, nodes[n].next); start < end <= len;
 * all offsets fit in 32 bits (texts of 4 GiB or more are refused).
 * The scanner is lenient (it does not validate numbers, escapes or UTF-8:
 * jansson did) but every byte access is bounds-checked, so even text that
 * is not JSON only yields MR_EINVAL.
 * Complexity: O(len) time, O(values + depth) memory.
 * Spec: RFC 8259 sections 2-7 (structure, whitespace, strings).
 */
#include "jspan.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "m365route/common.h"

struct builder {
	struct mr_jspan_node *v;
	size_t n, cap;
};

static size_t
skip_ws(const char *t, size_t len, size_t i)
{
	while (i < len &&
	       (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

/* t[i] is '"': return the offset after the closing quote, or 0. */
static size_t
skip_string(const char *t, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (t[i] == '\\')
			i++;
		else if (t[i] == '"')
			return i + 1;
	}
	return 0;
}

static size_t
skip_scalar(const char *t, size_t len, size_t i)
{
	while (i < len) {
		unsigned char c = (unsigned char)t[i];
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '+' || c == '-' || c == '.')
			i++;
		else
			break;
	}
	return i;
}

static int
add_node(struct builder *b, size_t start, uint32_t key)
{
	struct mr_jspan_node *x;

	if (b->n == b->cap) {
		x = mri_vec_grow(b->v, &b->cap, b->n + 1, sizeof(*x), 256);
		if (x == NULL)
			return MR_ENOMEM;
		b->v = x;
	}
	x = &b->v[b->n++];
	x->start = (uint32_t)start;
	x->end = (uint32_t)start;
	x->key = key;
	x->next = MR_JSPAN_NONE;
	return MR_OK;
}

/* At a member key: record it, step over it and the ':'. */
static int
read_key(const char *t, size_t len, size_t *ip, uint32_t *key)
{
	size_t i = *ip, e;

	if (i >= len || t[i] != '"' || (e = skip_string(t, len, i)) == 0)
		return -1;
	*key = (uint32_t)i;
	i = skip_ws(t, len, e);
	if (i >= len || t[i] != ':')
		return -1;
	*ip = skip_ws(t, len, i + 1);
	return 0;
}

int
mri_jspan_build(struct mr_jspan *out, const char *text, size_t len)
{
	struct builder b = {NULL, 0, 0};
	uint32_t stack[MR_JSPAN_MAX_DEPTH];
	uint32_t key = MR_JSPAN_NONE;
	size_t depth = 0, i;
	int rc = MR_EINVAL;

	out->v = NULL;
	out->n = 0;
	if (text == NULL || len >= UINT32_MAX)
		return MR_EINVAL;
	i = skip_ws(text, len, 0);
	for (;;) {
		uint32_t node = (uint32_t)b.n;
		char c;

		/* A value starts at i. */
		if (i >= len)
			goto fail;
		if ((rc = add_node(&b, i, key)) != MR_OK)
			goto fail;
		rc = MR_EINVAL;
		key = MR_JSPAN_NONE;
		c = text[i];
		if (c == '{' || c == '[') {
			if (depth == MR_JSPAN_MAX_DEPTH)
				goto fail;
			stack[depth++] = node;
			i = skip_ws(text, len, i + 1);
			if (i < len && text[i] == (c == '{' ? '}' : ']'))
				goto after_value; /* empty: closed below */
			if (c == '{' && read_key(text, len, &i, &key) != 0)
				goto fail;
			continue;
		}
		if (c == '"') {
			size_t e = skip_string(text, len, i);
			if (e == 0)
				goto fail;
			i = e;
		} else {
			size_t e = skip_scalar(text, len, i);
			if (e == i)
				goto fail;
			i = e;
		}
		b.v[node].end = (uint32_t)i;
		b.v[node].next = (uint32_t)b.n;
	after_value:
		/* Close containers until a ',' starts the next value. */
		for (;;) {
			struct mr_jspan_node *top;
			char open;

			i = skip_ws(text, len, i);
			if (depth == 0) {
				if (i != len)
					goto fail;
				out->v = b.v;
				out->n = (uint32_t)b.n;
				return MR_OK;
			}
			if (i >= len)
				goto fail;
			top = &b.v[stack[depth - 1]];
			open = text[top->start];
			if (text[i] == ',') {
				i = skip_ws(text, len, i + 1);
				if (open == '{' &&
				    read_key(text, len, &i, &key) != 0)
					goto fail;
				break;
			}
			if (text[i] != (open == '{' ? '}' : ']'))
				goto fail;
			i++;
			top->end = (uint32_t)i;
			top->next = (uint32_t)b.n;
			depth--;
		}
	}
fail:
	free(b.v);
	return rc;
}

void
mri_jspan_free(struct mr_jspan *j)
{
	if (j == NULL)
		return;
	free(j->v);
	j->v = NULL;
	j->n = 0;
}

uint32_t
mri_jspan_first(const struct mr_jspan *j, uint32_t node)
{
	if (j == NULL || node >= j->n)
		return MR_JSPAN_NONE;
	if (node + 1 < j->v[node].next)
		return node + 1;
	return MR_JSPAN_NONE;
}

uint32_t
mri_jspan_next(const struct mr_jspan *j, uint32_t parent, uint32_t child)
{
	uint32_t s;

	if (j == NULL || parent >= j->n || child >= j->n || child <= parent)
		return MR_JSPAN_NONE;
	s = j->v[child].next;
	if (s < j->v[parent].next)
		return s;
	return MR_JSPAN_NONE;
}

uint32_t
mri_jspan_child(const struct mr_jspan *j, uint32_t node, size_t k)
{
	uint32_t c = mri_jspan_first(j, node);

	while (c != MR_JSPAN_NONE && k-- > 0)
		c = mri_jspan_next(j, node, c);
	return c;
}

size_t
mri_jspan_count(const struct mr_jspan *j, uint32_t node)
{
	uint32_t c = mri_jspan_first(j, node);
	size_t n = 0;

	for (; c != MR_JSPAN_NONE; c = mri_jspan_next(j, node, c))
		n++;
	return n;
}
