/*
 * json.c - the JSON writer (m365route/json.h), the one of the library and
 * the CLI, and its sink for a struct mri_buf (json.h).
 *
 * Per open container the writer keeps whether it already holds an item:
 * a key, or a value without a key, written into a container that does
 * gets a comma first; a value right after its key never does. Every byte
 * goes through the sink, a function pointer and its context, as curl's
 * write callbacks and jansson's json_dump_callback() do: the library
 * appends to a growable buffer, the CLI streams to its output. The sink
 * keeps any error (sticky), so the writer has none to return.
 *
 * Strings (RFC 8259 section 7): plain ASCII goes out in runs, one sink
 * call per run; '"' and '\\' escaped, control characters (C0, DEL and C1
 * U+0080..U+009F) as \u00XX, well-formed UTF-8 (RFC 3629 section 4, via
 * mr_utf8_len()) as it is, every other byte as \ufffd. O(n) in the string.
 */
#include "json.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

void
mr_json_escape(mr_json_write_cb write, void *ctx, const char *s, size_t n)
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
		write(ctx, s + run, i - run);
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			write(ctx, e, 2);
			i++;
		} else if (c >= 0x80 &&
		           (len = mr_utf8_len(u + i, n - i)) == 0) {
			write(ctx, "\\ufffd", 6);
			i++;
		} else if (c >= 0x80 && !(c == 0xc2 && u[i + 1] <= 0x9f)) {
			write(ctx, s + i, len);
			i += len;
		} else {
			/* C0, DEL, or C1 (0xc2 0x80..0x9f, one character) */
			char e[6] = {'\\', 'u', '0', '0'};
			if (c == 0xc2)
				c = u[++i];
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			write(ctx, e, 6);
			i++;
		}
		run = i;
	}
	write(ctx, s + run, i - run);
}

static void
put(struct mr_json *j, const char *s, size_t n)
{
	j->write(j->ctx, s, n);
}

static void
quote(struct mr_json *j, const char *s)
{
	if (s == NULL) {
		put(j, "null", 4);
		return;
	}
	put(j, "\"", 1);
	mr_json_escape(j->write, j->ctx, s, strlen(s));
	put(j, "\"", 1);
}

void
mr_json_init(struct mr_json *j, mr_json_write_cb write, void *ctx)
{
	memset(j, 0, sizeof(*j));
	j->write = write;
	j->ctx = ctx;
}

/* Before a key, or a value that has no key: the comma and line break. */
static void
sep(struct mr_json *j)
{
	if (j->key) {
		j->key = 0;
		return;
	}
	if (j->item)
		put(j, ",", 1);
	if (j->nl)
		put(j, "\n", 1);
	j->nl = 0;
	j->item = 1;
}

static void
begin(struct mr_json *j, const char *c)
{
	sep(j);
	assert(j->depth < MR_JSON_MAX_DEPTH);
	j->had[j->depth++] = (unsigned char)j->item;
	j->item = 0;
	put(j, c, 1);
}

static void
end(struct mr_json *j, const char *c)
{
	assert(j->depth > 0);
	j->item = j->had[--j->depth];
	j->nl = 0;
	put(j, c, 1);
}

void
mr_json_obj(struct mr_json *j)
{
	begin(j, "{");
}

void
mr_json_obj_end(struct mr_json *j)
{
	end(j, "}");
}

void
mr_json_arr(struct mr_json *j)
{
	begin(j, "[");
}

void
mr_json_arr_end(struct mr_json *j)
{
	end(j, "]");
}

void
mr_json_key(struct mr_json *j, const char *k)
{
	sep(j);
	quote(j, k);
	put(j, ":", 1);
	j->key = 1;
}

void
mr_json_str(struct mr_json *j, const char *s)
{
	sep(j);
	quote(j, s);
}

void
mr_json_uint(struct mr_json *j, unsigned long long v)
{
	char t[24]; /* 20 digits of 2^64 - 1 */
	int k = snprintf(t, sizeof(t), "%llu", v);

	sep(j);
	put(j, t, (size_t)k);
}

void
mr_json_num(struct mr_json *j, double v, int decimals)
{
	/* The widest finite double, -DBL_MAX with 17 decimals: 328 bytes. */
	char t[400];
	int k;

	if (decimals < 0)
		decimals = 0;
	else if (decimals > 17)
		decimals = 17;
	k = snprintf(t, sizeof(t), "%.*f", decimals, v);
	sep(j);
	put(j, t, (size_t)k);
}

void
mr_json_bool(struct mr_json *j, bool v)
{
	sep(j);
	if (v)
		put(j, "true", 4);
	else
		put(j, "false", 5);
}

void
mr_json_null(struct mr_json *j)
{
	sep(j);
	put(j, "null", 4);
}

void
mr_json_nl(struct mr_json *j)
{
	j->nl = 1;
}

void
mri_json_buf_sink(void *ctx, const char *s, size_t n)
{
	mri_buf_put(ctx, s, n);
}
