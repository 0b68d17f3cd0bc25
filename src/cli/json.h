/*
 * json.h - JSON on the CLI's output stream (json.c). The writer is the
 * library's (m365route/json.h) on out_sink(); these are the helpers for
 * the JSON that verbs write piece by piece.
 */
#ifndef MR_CLI_JSON_H
#define MR_CLI_JSON_H

#include <stddef.h>

#include "cli.h"
#include "m365route/json.h"

/** Write s[0..n) as the inside of a JSON string (mr_json_escape()). */
void json_escape(struct out *o, const char *s, size_t n);
/** '"' + json_escape() + '"', or null for NULL: one string value. */
void json_quote(struct out *o, const char *s);

#endif
