/*
 * json.h - the library's JSON writer (json.c): appends to a struct
 * mri_buf, tracks nesting and commas so callers never write a separator
 * by hand. Compact layout; mri_json_nl() puts the next item on a new line.
 * The CLI has its own writer on its output stream (src/cli/json.c) with
 * the same string rules.
 */
#ifndef MR_JSON_H
#define MR_JSON_H

#include <stddef.h>

#include "buf.h"

#define MRI_JSON_MAX_DEPTH 32

struct mri_json {
	struct mri_buf *b;
	int depth; /* open containers */
	int item;  /* the current container already holds an item */
	int key;   /* a key was written; its value comes next */
	int nl;    /* start the next item on a new line */
	unsigned char had[MRI_JSON_MAX_DEPTH]; /* item flag of outer levels */
};

void mri_json_init(struct mri_json *j, struct mri_buf *b);
void mri_json_obj(struct mri_json *j);
void mri_json_obj_end(struct mri_json *j);
void mri_json_arr(struct mri_json *j);
void mri_json_arr_end(struct mri_json *j);
void mri_json_key(struct mri_json *j, const char *k);
/** A string value; NULL writes null. '"' and '\\' escaped, control
 * characters (C0, DEL, C1) as \u00XX, well-formed UTF-8 as it is, each
 * byte that is not part of well-formed UTF-8 as \ufffd. */
void mri_json_str(struct mri_json *j, const char *s);
void mri_json_uint(struct mri_json *j, unsigned long long v);
/** A number formatted by fmt (for fixed decimals: "%.1f"). */
void mri_json_num(struct mri_json *j, const char *fmt, double v)
    __attribute__((format(printf, 2, 0)));
void mri_json_bool(struct mri_json *j, int v);
void mri_json_null(struct mri_json *j);
/** Start the next item (after its comma) on a new line. */
void mri_json_nl(struct mri_json *j);

#endif
