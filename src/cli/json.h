/*
 * json.h - the CLI's streaming JSON writer (json.c): writes through a
 * struct out, tracks nesting and commas so callers never print a
 * separator by hand, and holds the one JSON string escaper of the CLI.
 */
#ifndef MR_CLI_JSON_H
#define MR_CLI_JSON_H

#include <stddef.h>

#include "cli.h"

#define JSON_MAX_DEPTH 32

struct json {
	struct out *o;
	int depth; /* open containers */
	int item;  /* the current container already holds an item */
	int key;   /* a key was written; its value comes next */
	int nl;    /* start the next item on a new line */
	unsigned char had[JSON_MAX_DEPTH]; /* item flag of outer levels */
};

void json_init(struct json *j, struct out *o);
void json_obj(struct json *j);
void json_obj_end(struct json *j);
void json_arr(struct json *j);
void json_arr_end(struct json *j);
/** The key of the next member of the current object. */
void json_key(struct json *j, const char *k);
/** A string value; NULL writes null. */
void json_str(struct json *j, const char *s);
void json_strn(struct json *j, const char *s, size_t n);
void json_int(struct json *j, long long v);
void json_uint(struct json *j, unsigned long long v);
/** A number formatted by fmt (for fixed decimals: "%.1f"). */
void json_num(struct json *j, const char *fmt, double v)
    __attribute__((format(printf, 2, 0)));
void json_bool(struct json *j, int v);
void json_null(struct json *j);
/** Start the next item (after its comma) on a new line. */
void json_nl(struct json *j);

/**
 * Write s[0..n) as the inside of a JSON string: '"' and '\\' escaped,
 * control characters (C0, DEL, C1) as \u00XX, well-formed UTF-8 as it
 * is, and each byte that is not part of well-formed UTF-8 as \ufffd
 * (U+FFFD REPLACEMENT CHARACTER; docs/formats.md).
 */
void json_escape(struct out *o, const char *s, size_t n);
/** '"' + json_escape() + '"', or null for NULL: one string value. */
void json_quote(struct out *o, const char *s);

#endif
