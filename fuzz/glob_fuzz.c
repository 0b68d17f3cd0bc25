/*
 * glob_fuzz.c - fuzz target for pattern validation, shExpMatch matching,
 * pattern covering and the host pattern index (pattern.c, glob.c,
 * hostmatch.c).
 *
 * Input format (text, '\n' separated; a trailing '\r' is not stripped):
 *   line 1       the host to look up (any bytes but '\n');
 *   lines 2..    one pattern each; a leading '+' marks the rule
 *                express_route (the '+' is not part of the pattern).
 * Patterns that mr_pattern_check() rejects are skipped; at most MAXPAT
 * valid ones are used. Example (fuzz/corpus/glob/real-shapes.txt):
 *   contoso-files.sharepoint.com
 *   +*.sharepoint.com
 *   *-files.sharepoint.com
 *
 * Checks, abort() on failure:
 * - the index agrees with a linear scan with mr_glob_match() on route,
 *   the number of tied rules kept and their ids, for the host and for
 *   every suffix of it after a '.';
 * - every valid pattern covers itself and matches its own text;
 * - covering is sound: if w covers p and p matches the host, w does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hostmatch.h"
#include "hostmatch_ref.h"
#include "m365route/endpoints.h"
#include "m365route/match.h"

#define MAXPAT 64
#define MAXCOV 16

static void
compare(const struct mr_hostidx *ix, const struct mr_rule *rules,
        const size_t *plen, size_t n, const char *host, size_t len)
{
	struct mr_match got, want;

	mri_hostidx_lookup(ix, rules, host, len, &got);
	ref_linear(rules, plen, n, host, len, &want);
	if (got.route != want.route || got.n != want.n ||
	    memcmp(got.rules, want.rules, got.n * sizeof(got.rules[0])) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size, *nl;
	struct mr_rule rules[MAXPAT];
	size_t plen[MAXPAT], n = 0, hlen, i, j;
	struct mr_arena *a;
	struct mr_hostidx *ix;
	const char *host;

	nl = memchr(s, '\n', size);
	host = s;
	hlen = nl != NULL ? (size_t)(nl - s) : size;
	s = nl != NULL ? nl + 1 : end;
	while (s < end && n < MAXPAT) {
		const char *line = s;
		size_t len, bad;
		bool er = false;

		nl = memchr(s, '\n', (size_t)(end - s));
		len = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);
		s = nl != NULL ? nl + 1 : end;
		if (len > 0 && line[0] == '+') {
			er = true;
			line++;
			len--;
		}
		if (mr_pattern_check(line, len, &bad) != NULL) {
			if (len != 0 && bad >= len)
				abort();
			continue;
		}
		memset(&rules[n], 0, sizeof(rules[n]));
		rules[n].text = line; /* not NUL-terminated: see plen */
		rules[n].literal = mri_glob_literal(line, len);
		rules[n].is_wildcard = rules[n].literal != MR_LITERAL_EXACT;
		rules[n].express_route = er;
		plen[n] = len;
		n++;
	}

	for (i = 0; i < n && i < MAXCOV; i++) {
		if (!mr_glob_covers(rules[i].text, plen[i], rules[i].text,
		                    plen[i]) ||
		    !mr_glob_match(rules[i].text, plen[i], rules[i].text,
		                   plen[i]))
			abort();
		for (j = 0; j < n && j < MAXCOV; j++) {
			if (mr_glob_covers(rules[i].text, plen[i],
			                   rules[j].text, plen[j]) &&
			    mr_glob_match(rules[j].text, plen[j], host, hlen) &&
			    !mr_glob_match(rules[i].text, plen[i], host, hlen))
				abort();
		}
	}

	/* The index wants NUL-terminated texts: copy them to the arena. */
	if (mri_arena_create(&a) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		char *t = mri_arena_strndup(a, rules[i].text, plen[i]);
		if (t == NULL)
			goto out;
		rules[i].text = t;
	}
	if (mri_hostidx_build(&ix, a, rules, n) != 0)
		goto out;
	compare(ix, rules, plen, n, host, hlen);
	for (i = 0; i < hlen; i++)
		if (host[i] == '.')
			compare(ix, rules, plen, n, host + i + 1, hlen - i - 1);
out:
	mri_arena_destroy(a);
	return 0;
}
