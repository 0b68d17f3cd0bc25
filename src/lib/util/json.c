/*
 * json.c - the library's JSON writer on a growable buffer (json.h).
 *
 * Per open container the writer keeps whether it already holds an item:
 * a key, or a value without a key, written into a container that does
 * gets a comma first; a value right after its key never does. Nesting
 * deeper than MRI_JSON_MAX_DEPTH is a programming error (assert). Out of
 * memory is the buffer's sticky flag, checked once by the caller.
 *
 * Strings (RFC 8259 section 7): '"' and '\\' escaped, control characters
 * (C0, DEL and C1 U+0080..U+009F) as \u00XX, well-formed UTF-8 (RFC 3629
 * section 4) as it is, every other byte as \ufffd: the output is valid
 * UTF-8 JSON whatever the input.
 */
#include "json.h"

#include <assert.h>
#include <string.h>

#include "m365route/common.h"

static void
escape(struct mri_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, len = 0;

	while (i < n) {
		unsigned c = u[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			i++;
			continue;
		}
		mri_buf_put(b, s + run, i - run);
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			mri_buf_put(b, e, 2);
			i++;
		} else if (c >= 0x80 &&
		           (len = mr_utf8_len(u + i, n - i)) == 0) {
			mri_buf_put(b, "\\ufffd", 6);
			i++;
		} else if (c >= 0x80 && !(c == 0xc2 && u[i + 1] <= 0x9f)) {
			mri_buf_put(b, s + i, len);
			i += len;
		} else {
			/* C0, DEL, or C1 (0xc2 0x80..0x9f, one character) */
			char e[6] = {'\\', 'u', '0', '0'};
			if (c == 0xc2)
				c = u[++i];
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			mri_buf_put(b, e, 6);
			i++;
		}
		run = i;
	}
	mri_buf_put(b, s + run, i - run);
}

static void
quote(struct mri_buf *b, const char *s)
{
	if (s == NULL) {
		mri_buf_put(b, "null", 4);
		return;
	}
	mri_buf_putc(b, '"');
	escape(b, s, strlen(s));
	mri_buf_putc(b, '"');
}

void
mri_json_init(struct mri_json *j, struct mri_buf *b)
{
	memset(j, 0, sizeof(*j));
	j->b = b;
}

/* Before a key, or a value that has no key: the comma and line break. */
static void
sep(struct mri_json *j)
{
	if (j->key) {
		j->key = 0;
		return;
	}
	if (j->item)
		mri_buf_putc(j->b, ',');
	if (j->nl)
		mri_buf_putc(j->b, '\n');
	j->nl = 0;
	j->item = 1;
}

static void
begin(struct mri_json *j, char c)
{
	sep(j);
	assert(j->depth < MRI_JSON_MAX_DEPTH);
	j->had[j->depth++] = (unsigned char)j->item;
	j->item = 0;
	mri_buf_putc(j->b, c);
}

static void
end(struct mri_json *j, char c)
{
	assert(j->depth > 0);
	j->item = j->had[--j->depth];
	j->nl = 0;
	mri_buf_putc(j->b, c);
}

void
mri_json_obj(struct mri_json *j)
{
	begin(j, '{');
}

void
mri_json_obj_end(struct mri_json *j)
{
	end(j, '}');
}

void
mri_json_arr(struct mri_json *j)
{
	begin(j, '[');
}

void
mri_json_arr_end(struct mri_json *j)
{
	end(j, ']');
}

void
mri_json_key(struct mri_json *j, const char *k)
{
	sep(j);
	quote(j->b, k);
	mri_buf_putc(j->b, ':');
	j->key = 1;
}

void
mri_json_str(struct mri_json *j, const char *s)
{
	sep(j);
	quote(j->b, s);
}

void
mri_json_uint(struct mri_json *j, unsigned long long v)
{
	sep(j);
	mri_buf_printf(j->b, "%llu", v);
}

void
mri_json_num(struct mri_json *j, const char *fmt, double v)
{
	sep(j);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	mri_buf_printf(j->b, fmt, v);
#pragma GCC diagnostic pop
}

void
mri_json_bool(struct mri_json *j, int v)
{
	sep(j);
	mri_buf_puts(j->b, v ? "true" : "false");
}

void
mri_json_null(struct mri_json *j)
{
	sep(j);
	mri_buf_put(j->b, "null", 4);
}

void
mri_json_nl(struct mri_json *j)
{
	j->nl = 1;
}
