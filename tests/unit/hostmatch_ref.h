/*
 * hostmatch_ref.h - the reference host matcher of test_hostmatch.c and
 * fuzz/glob_fuzz.c: scan every rule with mr_glob_match(), keep the most
 * literal matches and, of their ties, the smallest ids. Header-only.
 */
#ifndef MR_HOSTMATCH_REF_H
#define MR_HOSTMATCH_REF_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "hostmatch.h"
#include "m365route/match.h"

/* The match of host[0..len) against rules[0..n); plen[i] is the length of
 * rules[i].text, or plen is NULL and the texts are NUL-terminated. */
static inline void
ref_linear(const struct mr_rule *rules, const size_t *plen, size_t n,
           const char *host, size_t len, struct mr_match *out)
{
	uint32_t best = 0, i;
	bool er = false;

	out->n = 0;
	for (i = 0; i < n; i++) {
		uint32_t lit = rules[i].literal;
		size_t pl = plen != NULL ? plen[i] : strlen(rules[i].text);
		if (!mr_glob_match(rules[i].text, pl, host, len))
			continue;
		if (out->n == 0 || lit > best) {
			best = lit;
			out->n = 0;
			er = false;
		} else if (lit < best) {
			continue;
		}
		er |= rules[i].express_route;
		/* ids ascend, so the first ones kept are the smallest */
		if (out->n < MR_MATCH_MAX_TIED)
			out->rules[out->n++] = i;
	}
	out->route = out->n == 0 ? MR_ROUTE_UNKNOWN
	             : er        ? MR_ROUTE_EXPRESSROUTE
	                         : MR_ROUTE_INTERNET;
}

#endif
