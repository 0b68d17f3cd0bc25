/*
 * exceptions.c - the two tables of "Routing with ExpressRoute for Office
 * 365" (section "Selective routing with ExpressRoute"), derived from the
 * loaded feed instead of copied:
 *  1. wildcards advertised to ExpressRoute and the Internet, with the
 *     patterns under them advertised to the Internet only;
 *  2. wildcards advertised to the Internet only, with the patterns under
 *     them advertised to ExpressRoute and the Internet.
 * A pattern P is "under" a wildcard W when every name P matches, W matches
 * too (mr_glob_covers) and P != W; it belongs in W's row when its route
 * (merged over its sets, see match.c) differs from W's.
 * Complexity: O(R^2) coverage checks over the R host rules (a few hundred).
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "match_int.h"

static int
fill(struct mr_matcher *m, bool er, struct mr_exception_row **rows_out,
     size_t *n_out)
{
	size_t i, j, n_rows = 0;
	struct mr_exception_row *rows;
	uint32_t *buf;

	rows = mri_arena_calloc(m->arena, m->n_host + 1, sizeof(*rows));
	buf = malloc((m->n_host + 1) * sizeof(*buf));
	if (rows == NULL || buf == NULL) {
		free(buf);
		return MR_ENOMEM;
	}
	for (i = 0; i < m->n_host; i++) {
		const struct mr_rule *w = &m->rules[i];
		size_t wl, k = 0;
		uint32_t *subs;

		if (!w->is_wildcard || w->express_route != er)
			continue;
		wl = strlen(w->text);
		for (j = 0; j < m->n_host; j++) {
			const struct mr_rule *p = &m->rules[j];
			if (j == i || p->express_route == er)
				continue;
			if (mr_glob_covers(w->text, wl, p->text,
			                   strlen(p->text)))
				buf[k++] = (uint32_t)j;
		}
		if (k == 0)
			continue;
		subs = mri_arena_calloc(m->arena, k, sizeof(*subs));
		if (subs == NULL) {
			free(buf);
			return MR_ENOMEM;
		}
		memcpy(subs, buf, k * sizeof(*subs));
		rows[n_rows].wildcard = (uint32_t)i;
		rows[n_rows].n = k;
		rows[n_rows].subs = subs;
		n_rows++;
	}
	free(buf);
	*rows_out = rows;
	*n_out = n_rows;
	return MR_OK;
}

int
mr_exceptions_compute(const struct mr_exceptions **out, struct mr_matcher *m)
{
	struct mr_exceptions *e;
	struct mr_exception_row *er, *inet;
	size_t n_er, n_inet;

	*out = NULL;
	if (m->exc != NULL) {
		*out = m->exc;
		return MR_OK;
	}
	e = mri_arena_calloc(m->arena, 1, sizeof(*e));
	if (e == NULL || fill(m, true, &er, &n_er) != MR_OK ||
	    fill(m, false, &inet, &n_inet) != MR_OK)
		return mri_error_set(MR_ENOMEM, "out of memory");
	e->er = er;
	e->n_er = n_er;
	e->inet = inet;
	e->n_inet = n_inet;
	m->exc = e;
	*out = e;
	return MR_OK;
}
