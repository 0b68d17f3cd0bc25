/*
 * json.c - string helpers for the JSON the CLI writes by hand, over the
 * library's one escaper and writer (m365route/json.h has the rules).
 */
#include "json.h"

void
json_escape(struct out *o, const char *s, size_t n)
{
	mr_json_escape(out_sink, o, s, n);
}

void
json_quote(struct out *o, const char *s)
{
	struct mr_json j;

	mr_json_init(&j, out_sink, o);
	mr_json_str(&j, s); /* the first item: no separator */
}
