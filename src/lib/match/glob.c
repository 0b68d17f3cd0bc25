/*
 * glob.c - shExpMatch-style wildcard matching of host names against the
 * endpoint feed's URL patterns, the covering relation between two patterns,
 * and the small helpers that go with them.
 *
 * Semantics: a '*' in a pattern matches any run of characters, possibly
 * empty, dots included (the PAC function shExpMatch() as browsers implement
 * it for the patterns the feed carries; there is no '?'); every other
 * character matches itself; the whole subject must be matched. Microsoft
 * 365 URLs and IP address ranges, "Office 365 URLs and IP address ranges"
 * (learn.microsoft.com/microsoft-365/enterprise/urls-and-ip-address-ranges,
 * 2025-01-08) describes "*.domain" and "*name.domain" shapes; we are correct
 * for any shape, several stars and trailing stars included.
 *
 * Algorithm: the classic iterative star-backtracking matcher. It remembers
 * only the last '*' seen and the subject position it was tried at; on a
 * mismatch it lets that '*' absorb one more character. Backtracking to an
 * earlier '*' is never needed: whatever an earlier star could absorb, the
 * later star can absorb as well, since the text between them has already
 * been matched at the leftmost position.
 * Invariants: p <= plen, i <= slen; star, when set, is < p; mark <= i.
 * Complexity: O(plen * slen) time worst case, O(1) space, no recursion.
 *
 * Covering treats each '*' of the covered pattern as one more symbol of the
 * subject alphabet: a literal of the covering pattern never equals it, only
 * a '*' can absorb it. That is exactly what the matcher above does with a
 * '*' in its subject, so covering is matching one pattern's text against
 * the other. It is sound: if w matches p's text that way, every instance of
 * p (each '*' replaced by some string) is matched by w too. It is also
 * complete whenever a host may hold a character c that w does not: the
 * instance of p with each '*' replaced by c is matched by w only if w's
 * stars absorb every c, which is matching p's text with '*' as a symbol.
 * Validated patterns hold only [a-z0-9.-*] (pattern.c), and a host name
 * may hold other characters ('_' is common in DNS names, and browsers hand
 * such names to FindProxyForURL), so covering is exact for them.
 *
 * Shadowing (mri_glob_shadowed()): in a list checked first match first,
 * pattern p decides no host when every host it matches is matched by one
 * of the patterns before it. That union needs no automaton: the instance
 * of p with each '*' replaced by a character c that none of them holds is
 * matched by one of them, w, which therefore covers p (the argument
 * above). So p is shadowed exactly when one earlier pattern covers it,
 * which is O(k * plen * wlen) for k earlier patterns.
 */
#include <stdlib.h>
#include <string.h>

#include "hostmatch.h"
#include "m365route/match.h"

bool
mr_glob_match(const char *pat, size_t plen, const char *s, size_t slen)
{
	size_t p = 0, i = 0, star = SIZE_MAX, mark = 0;

	while (i < slen) {
		if (p < plen && pat[p] == '*') {
			/* Try the star on the empty run first. */
			star = p++;
			mark = i;
		} else if (p < plen && pat[p] == s[i]) {
			p++;
			i++;
		} else if (star != SIZE_MAX) {
			/* Let the last star absorb one more character. */
			p = star + 1;
			i = ++mark;
		} else {
			return false;
		}
	}
	while (p < plen && pat[p] == '*')
		p++;
	return p == plen;
}

bool
mr_glob_covers(const char *w, size_t wlen, const char *p, size_t plen)
{
	/*
	 * mr_glob_match() handles a '*' of its subject as a plain symbol: a
	 * literal of the pattern never equals it (the pattern's '*' branch is
	 * taken first), only a pattern '*' absorbs it.
	 */
	return mr_glob_match(w, wlen, p, plen);
}

uint32_t
mri_glob_literal(const char *pat, size_t len)
{
	size_t i, stars = 0;

	for (i = 0; i < len; i++)
		if (pat[i] == '*')
			stars++;
	if (stars == 0)
		return MR_LITERAL_EXACT;
	/* Patterns are at most 253 characters; clamp anything absurd. */
	if (len - stars >= MR_LITERAL_EXACT)
		return MR_LITERAL_EXACT - 1;
	return (uint32_t)(len - stars);
}

struct okey {
	uint32_t literal, idx;
};

static int
cmp_okey(const void *x, const void *y)
{
	const struct okey *a = x, *b = y;

	if (a->literal != b->literal)
		return a->literal > b->literal ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

int
mri_glob_order(const char *const *pats, size_t n, uint32_t *order)
{
	struct okey *k = calloc(n + 1, sizeof(*k));
	size_t i;

	if (k == NULL)
		return MR_ENOMEM;
	for (i = 0; i < n; i++) {
		k[i].literal = mri_glob_literal(pats[i], strlen(pats[i]));
		k[i].idx = (uint32_t)i;
	}
	qsort(k, n, sizeof(*k), cmp_okey);
	for (i = 0; i < n; i++)
		order[i] = k[i].idx;
	free(k);
	return MR_OK;
}

size_t
mri_glob_shadowed(const char *const *pats, const uint32_t *order, size_t k)
{
	const char *p = pats[order[k]];
	size_t j, plen = strlen(p);

	for (j = 0; j < k; j++) {
		const char *w = pats[order[j]];
		if (mr_glob_covers(w, strlen(w), p, plen))
			return j;
	}
	return SIZE_MAX;
}

const char *
mr_route_name(enum mr_route r)
{
	switch (r) {
	case MR_ROUTE_EXPRESSROUTE:
		return "expressroute";
	case MR_ROUTE_INTERNET:
		return "internet";
	case MR_ROUTE_UNKNOWN:
		break;
	}
	return "unknown";
}
