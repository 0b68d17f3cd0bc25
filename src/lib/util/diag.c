/*
 * diag.c - diagnostic records and the sources they point into.
 *
 * Records live in a growable array; their strings in the collection's arena.
 * Each source keeps a copy of its text and a line map (offsets of line
 * starts), built on first use; mr_diags_locate() is a binary search over it
 * (jq's locfile). Lines and columns are 1-based, columns count bytes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag_int.h"

struct source {
	char *name;
	char *text;
	size_t len;
	uint32_t *lines; /* start offset of each line */
	size_t n_lines;
};

struct mr_diags {
	struct mr_arena *arena;
	struct mr_diag *v;
	size_t n, cap;
	size_t errors;
	struct source *src;
	size_t n_src, cap_src;
};

static const struct {
	const char *code, *slug, *summary, *rationale, *source;
	enum mr_severity sev;
} codes[] = {
#define MR_DIAG(sym, code, sev, slug, summary)                                 \
	{code, slug, summary, NULL, NULL, sev},
#include "diag_codes.def"
#undef MR_DIAG
#define MR_RULE(sym, code, sev, slug, summary, rationale, source)              \
	{code, slug, summary, rationale, source, sev},
#include "rules.def"
#undef MR_RULE
};

int
mr_diags_new(struct mr_diags **out)
{
	struct mr_diags *d = calloc(1, sizeof(*d));

	*out = NULL;
	if (d == NULL)
		return MR_ENOMEM;
	if (mri_arena_create(&d->arena) != 0) {
		free(d);
		return MR_ENOMEM;
	}
	*out = d;
	return MR_OK;
}

void
mr_diags_free(struct mr_diags *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n_src; i++) {
		free(d->src[i].name);
		free(d->src[i].text);
		free(d->src[i].lines);
	}
	free(d->src);
	free(d->v);
	mri_arena_destroy(d->arena);
	free(d);
}

size_t
mr_diags_count(const struct mr_diags *d)
{
	return d->n;
}

const struct mr_diag *
mr_diags_get(const struct mr_diags *d, size_t i)
{
	return i < d->n ? &d->v[i] : NULL;
}

size_t
mr_diags_errors(const struct mr_diags *d)
{
	return d->errors;
}

static char *vformat(struct mr_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static char *
vformat(struct mr_arena *a, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return NULL;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	return mri_arena_strndup(a, buf, (size_t)n);
}

int
mri_diag_add(struct mr_diags *d, enum mr_dcode code, struct mr_span at,
             const char *fmt, ...)
{
	struct mr_diag *r;
	va_list ap;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct mr_diag *v = realloc(d->v, cap * sizeof(*v));
		if (v == NULL)
			return -1;
		d->v = v;
		d->cap = cap;
	}
	r = &d->v[d->n];
	memset(r, 0, sizeof(*r));
	r->sev = codes[code].sev;
	r->code = codes[code].code;
	r->slug = codes[code].slug;
	r->at = at;
	va_start(ap, fmt);
	r->msg = vformat(d->arena, fmt, ap);
	va_end(ap);
	if (r->msg == NULL)
		return -1;
	d->n++;
	if (r->sev == MR_SEV_ERROR)
		d->errors++;
	return 0;
}

int
mri_diag_note(struct mr_diags *d, const char *fmt, ...)
{
	va_list ap;

	if (d->n == 0)
		return -1;
	va_start(ap, fmt);
	d->v[d->n - 1].note = vformat(d->arena, fmt, ap);
	va_end(ap);
	return 0;
}

int
mri_diag_hint(struct mr_diags *d, const char *fmt, ...)
{
	va_list ap;

	if (d->n == 0)
		return -1;
	va_start(ap, fmt);
	d->v[d->n - 1].hint = vformat(d->arena, fmt, ap);
	va_end(ap);
	return 0;
}

uint32_t
mr_diags_add_source(struct mr_diags *d, const char *name, const char *text,
                    size_t len)
{
	struct source *s;

	if (len > UINT32_MAX - 1)
		len = UINT32_MAX - 1; /* spans are 32-bit; clamp */
	if (d->n_src == d->cap_src) {
		size_t cap = d->cap_src ? d->cap_src * 2 : 4;
		struct source *v = realloc(d->src, cap * sizeof(*v));
		if (v == NULL)
			return 0;
		d->src = v;
		d->cap_src = cap;
	}
	s = &d->src[d->n_src];
	memset(s, 0, sizeof(*s));
	s->name = strdup(name ? name : "<input>");
	s->text = malloc(len + 1);
	if (s->name == NULL || s->text == NULL) {
		free(s->name);
		free(s->text);
		return 0;
	}
	if (len)
		memcpy(s->text, text, len);
	s->text[len] = '\0';
	s->len = len;
	d->n_src++;
	return (uint32_t)d->n_src;
}

static struct source *
get_src(const struct mr_diags *d, uint32_t src)
{
	if (src == 0 || src > d->n_src)
		return NULL;
	return &d->src[src - 1];
}

const char *
mr_diags_source_name(const struct mr_diags *d, uint32_t src)
{
	struct source *s = get_src(d, src);

	return s ? s->name : NULL;
}

static int
build_lines(struct source *s)
{
	size_t i, n = 1, k = 0;

	if (s->lines != NULL)
		return 0;
	for (i = 0; i < s->len; i++)
		if (s->text[i] == '\n')
			n++;
	s->lines = malloc(n * sizeof(*s->lines));
	if (s->lines == NULL)
		return -1;
	s->lines[k++] = 0;
	for (i = 0; i < s->len; i++)
		if (s->text[i] == '\n')
			s->lines[k++] = (uint32_t)(i + 1);
	s->n_lines = n;
	return 0;
}

int
mr_diags_locate(const struct mr_diags *d, uint32_t src, uint32_t off,
                uint32_t *line, uint32_t *col)
{
	struct source *s = get_src(d, src);
	size_t lo, hi;

	if (s == NULL || build_lines(s) != 0)
		return MR_EINVAL;
	if (off > s->len)
		off = (uint32_t)s->len;
	lo = 0;
	hi = s->n_lines;
	while (hi - lo > 1) { /* last line start <= off */
		size_t mid = lo + (hi - lo) / 2;
		if (s->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (uint32_t)lo + 1;
	*col = off - s->lines[lo] + 1;
	return MR_OK;
}

int
mr_diags_line_text(const struct mr_diags *d, uint32_t src, uint32_t line,
                   const char **ptr, size_t *len)
{
	struct source *s = get_src(d, src);
	size_t start, end;

	if (s == NULL || build_lines(s) != 0 || line == 0 || line > s->n_lines)
		return MR_EINVAL;
	start = s->lines[line - 1];
	end = line < s->n_lines ? s->lines[line] - 1 : s->len;
	if (end > start && s->text[end - 1] == '\r')
		end--;
	*ptr = s->text + start;
	*len = end - start;
	return MR_OK;
}

size_t
mr_diag_code_count(void)
{
	return MR_D__COUNT;
}

const char *
mr_diag_code_name(size_t i)
{
	return i < MR_D__COUNT ? codes[i].code : NULL;
}

const char *
mr_diag_code_slug(size_t i)
{
	return i < MR_D__COUNT ? codes[i].slug : NULL;
}

const char *
mr_diag_code_summary(size_t i)
{
	return i < MR_D__COUNT ? codes[i].summary : NULL;
}

const char *
mr_diag_code_rationale(size_t i)
{
	return i < MR_D__COUNT ? codes[i].rationale : NULL;
}

const char *
mr_diag_code_source(size_t i)
{
	return i < MR_D__COUNT ? codes[i].source : NULL;
}

size_t
mr_diag_code_find(const char *code_or_slug)
{
	size_t i;

	for (i = 0; i < MR_D__COUNT; i++)
		if (strcasecmp(codes[i].code, code_or_slug) == 0 ||
		    strcmp(codes[i].slug, code_or_slug) == 0)
			return i;
	return SIZE_MAX;
}

enum mr_severity
mr_diag_code_severity(size_t i)
{
	return i < MR_D__COUNT ? codes[i].sev : MR_SEV_ERROR;
}
