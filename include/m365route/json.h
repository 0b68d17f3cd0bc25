/*
 * m365route/json.h - the JSON writer of libm365route and its tools: one
 * string escaper and one tracker of nesting and commas, writing through a
 * sink the caller chooses (a growable buffer in the library, the output
 * stream in the CLI), so callers never write a separator by hand.
 *
 * Layout is compact (no spaces); mr_json_nl() asks for a line break before
 * the next item, after its comma: all the line structure our outputs have.
 *
 * Strings (RFC 8259 section 7): '"' and '\\' escaped, control characters
 * (C0, DEL and C1 U+0080..U+009F) as \u00XX, well-formed UTF-8 (RFC 3629
 * section 4) as it is, and every byte that is not part of well-formed
 * UTF-8 as \ufffd (U+FFFD REPLACEMENT CHARACTER; docs/formats.md): the
 * output is valid UTF-8 JSON whatever the input.
 */
#ifndef M365ROUTE_JSON_H
#define M365ROUTE_JSON_H

#include "common.h"

/**
 * A sink: called with each piece of output, in order (n may be 0). It
 * cannot refuse a write; a sink that fails keeps its own sticky error
 * and ignores what comes after, which its owner checks once at the end.
 */
typedef void (*mr_json_write_cb)(void *ctx, const char *s, size_t n);

#define MR_JSON_MAX_DEPTH 32

/**
 * A writer. A value type the caller owns (on the stack, usually) and
 * sets up with mr_json_init(); it holds no memory of its own, so there
 * is nothing to free. The fields are the writer's: read or set none.
 */
struct mr_json {
	mr_json_write_cb write;
	void *ctx;
	int depth; /* open containers */
	int item;  /* the current container already holds an item */
	int key;   /* a key was written; its value comes next */
	int nl;    /* start the next item on a new line */
	unsigned char had[MR_JSON_MAX_DEPTH]; /* item flag of outer levels */
};

/** Start a writer on write(ctx, ...), with nothing written yet. */
MR_API void mr_json_init(struct mr_json *j, mr_json_write_cb write, void *ctx);

/**
 * Open or close an object or array. Nesting deeper than MR_JSON_MAX_DEPTH,
 * or closing what is not open, is a programming error (assert).
 */
MR_API void mr_json_obj(struct mr_json *j);
MR_API void mr_json_obj_end(struct mr_json *j);
MR_API void mr_json_arr(struct mr_json *j);
MR_API void mr_json_arr_end(struct mr_json *j);

/** The key of the next member of the current object (NUL-terminated). */
MR_API void mr_json_key(struct mr_json *j, const char *k);
/** A string value (NUL-terminated), escaped as above; NULL writes null. */
MR_API void mr_json_str(struct mr_json *j, const char *s);
MR_API void mr_json_uint(struct mr_json *j, unsigned long long v);
/**
 * A number with a fixed count of decimals (clamped to 0..17), as printf's
 * "%.*f" writes it: v must be finite (JSON has no inf or nan).
 */
MR_API void mr_json_num(struct mr_json *j, double v, int decimals);
MR_API void mr_json_bool(struct mr_json *j, bool v);
MR_API void mr_json_null(struct mr_json *j);
/** Start the next item (after its comma) on a new line. */
MR_API void mr_json_nl(struct mr_json *j);

/**
 * Write s[0..n) through write(ctx, ...) as the inside of a JSON string,
 * escaped as above, without the quotes: for callers that build a string
 * from pieces or write JSON without a writer. The writer's own escaper.
 */
MR_API void mr_json_escape(mr_json_write_cb write, void *ctx, const char *s,
                           size_t n);

#endif
