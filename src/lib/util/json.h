/*
 * json.h - the JSON writer (m365route/json.h, json.c) on a growable
 * buffer: the library's rooms write JSON into a struct mri_buf, whose
 * sticky out-of-memory flag the caller checks once at the end.
 */
#ifndef MR_JSON_H
#define MR_JSON_H

#include "buf.h"
#include "m365route/json.h"

/** mri_buf_put() as a writer's sink: mr_json_init(&j, mri_json_buf_sink, &b)
 * appends to the struct mri_buf b. */
void mri_json_buf_sink(void *ctx, const char *s, size_t n);

#endif
