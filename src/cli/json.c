/*
 * json.c - the CLI's streaming JSON writer and its string escaper.
 *
 * The writer keeps, per open container, whether it already holds an
 * item: a value or key written into a container that does write a comma
 * first. A value right after its key never does. The layout is compact
 * (no spaces); json_nl() asks for a line break before the next item,
 * after its comma, which is all the line structure our outputs have.
 * Nesting deeper than JSON_MAX_DEPTH is a programming error (assert).
 *
 * Strings (RFC 8259 section 7): '"' and '\\' are escaped, control
 * characters (C0, DEL, and the C1 range U+0080..U+009F) come out as
 * \u00XX, well-formed UTF-8 (RFC 3629) passes through as it is, and
 * every byte that is not part of well-formed UTF-8 becomes \ufffd, so the
 * output is always valid UTF-8 JSON.
 */
#include "json.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

void
json_escape(struct out *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, len = 0;

	/* Plain ASCII goes out in runs; only other bytes stop one. */
	while (i < n) {
		unsigned c = u[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			i++;
			continue;
		}
		out_write(o, s + run, i - run);
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			out_write(o, e, 2);
			i++;
		} else if (c >= 0x80 &&
		           (len = mr_utf8_len(u + i, n - i)) == 0) {
			out_write(o, "\\ufffd", 6);
			i++;
		} else if (c >= 0x80 && !(c == 0xc2 && u[i + 1] <= 0x9f)) {
			out_write(o, s + i, len);
			i += len;
		} else {
			/* C0, DEL, or C1 (0xc2 0x80..0x9f, one character) */
			char e[6] = {'\\', 'u', '0', '0'};
			if (c == 0xc2)
				c = u[++i];
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			out_write(o, e, 6);
			i++;
		}
		run = i;
	}
	out_write(o, s + run, i - run);
}

void
json_quote(struct out *o, const char *s)
{
	if (s == NULL) {
		out_write(o, "null", 4);
		return;
	}
	out_putc(o, '"');
	json_escape(o, s, strlen(s));
	out_putc(o, '"');
}

void
json_init(struct json *j, struct out *o)
{
	memset(j, 0, sizeof(*j));
	j->o = o;
}

/* Before a key, or a value that has no key: the comma and line break. */
static void
sep(struct json *j)
{
	if (j->key) {
		j->key = 0;
		return;
	}
	if (j->item)
		out_putc(j->o, ',');
	if (j->nl)
		out_putc(j->o, '\n');
	j->nl = 0;
	j->item = 1;
}

static void
begin(struct json *j, char c)
{
	sep(j);
	assert(j->depth < JSON_MAX_DEPTH);
	j->had[j->depth++] = (unsigned char)j->item;
	j->item = 0;
	out_putc(j->o, c);
}

static void
end(struct json *j, char c)
{
	assert(j->depth > 0);
	j->item = j->had[--j->depth];
	j->nl = 0;
	out_putc(j->o, c);
}

void
json_obj(struct json *j)
{
	begin(j, '{');
}

void
json_obj_end(struct json *j)
{
	end(j, '}');
}

void
json_arr(struct json *j)
{
	begin(j, '[');
}

void
json_arr_end(struct json *j)
{
	end(j, ']');
}

void
json_key(struct json *j, const char *k)
{
	sep(j);
	json_quote(j->o, k);
	out_putc(j->o, ':');
	j->key = 1;
}

void
json_str(struct json *j, const char *s)
{
	sep(j);
	json_quote(j->o, s);
}

void
json_strn(struct json *j, const char *s, size_t n)
{
	sep(j);
	out_putc(j->o, '"');
	json_escape(j->o, s, n);
	out_putc(j->o, '"');
}

void
json_int(struct json *j, long long v)
{
	sep(j);
	out_printf(j->o, "%lld", v);
}

void
json_uint(struct json *j, unsigned long long v)
{
	sep(j);
	out_printf(j->o, "%llu", v);
}

void
json_num(struct json *j, const char *fmt, double v)
{
	sep(j);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	out_printf(j->o, fmt, v);
#pragma GCC diagnostic pop
}

void
json_bool(struct json *j, int v)
{
	sep(j);
	out_puts(j->o, v ? "true" : "false");
}

void
json_null(struct json *j)
{
	sep(j);
	out_write(j->o, "null", 4);
}

void
json_nl(struct json *j)
{
	j->nl = 1;
}
