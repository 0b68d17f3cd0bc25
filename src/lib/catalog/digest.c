/*
 * digest.c - the catalog digest (mr_catalog_digest()): SHA-256 of a
 * catalog's routing content, so that artefacts written from one catalog
 * can tell whether the catalog installed now would write the same ones
 * (plan's summary.txt, 'endpoints diff --plan'). Also the sorted views of
 * a catalog that the digest and the catalog diff (feed/feed_diff.c) share.
 *
 * Canonical text: see mr_catalog_digest() in m365route/endpoints.h.
 * Complexity: O(n log n) in sets, URLs and prefixes.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_int.h"
#include "error.h"
#include "sha256.h"

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int
cmp_set_id(const void *x, const void *y)
{
	const struct mr_endpoint_set *a =
	    *(const struct mr_endpoint_set *const *)x;
	const struct mr_endpoint_set *b =
	    *(const struct mr_endpoint_set *const *)y;

	return (a->id > b->id) - (a->id < b->id);
}

/* Sets of c by ascending id (malloc'd). */
const struct mr_endpoint_set **
mri_catalog_by_id(const struct mr_catalog *c)
{
	size_t i, n = mr_catalog_count(c);
	const struct mr_endpoint_set **v = malloc((n ? n : 1) * sizeof(*v));

	if (v == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		v[i] = mr_catalog_set(c, i);
	qsort(v, n, sizeof(*v), cmp_set_id);
	return v;
}

/* The URLs of s, sorted, duplicates dropped (malloc'd). */
const char **
mri_set_sorted_urls(const struct mr_endpoint_set *s, size_t *n)
{
	const char **v = malloc((s->n_urls ? s->n_urls : 1) * sizeof(*v));
	size_t i, k = 0;

	*n = 0;
	if (v == NULL)
		return NULL;
	for (i = 0; i < s->n_urls; i++)
		v[i] = s->urls[i];
	qsort(v, s->n_urls, sizeof(*v), cmp_str);
	for (i = 0; i < s->n_urls; i++)
		if (k == 0 || strcmp(v[k - 1], v[i]) != 0)
			v[k++] = v[i];
	*n = k;
	return v;
}

/* The canonical prefixes of s as text, sorted, unique. One malloc: the
 * pointers, then the strings. */
char **
mri_set_sorted_ips(const struct mr_endpoint_set *s, size_t *n)
{
	size_t i, k = 0, m = s->n_ips ? s->n_ips : 1;
	char **v = malloc(m * (sizeof(char *) + MR_PREFIX_STRLEN));
	char *txt;

	*n = 0;
	if (v == NULL)
		return NULL;
	txt = (char *)(v + m);
	for (i = 0; i < s->n_ips; i++) {
		v[i] = txt + i * MR_PREFIX_STRLEN;
		mr_prefix_format(&s->ips[i], v[i], MR_PREFIX_STRLEN);
	}
	qsort(v, s->n_ips, sizeof(*v), cmp_str);
	for (i = 0; i < s->n_ips; i++)
		if (k == 0 || strcmp(v[k - 1], v[i]) != 0)
			v[k++] = v[i];
	*n = k;
	return v;
}

/*
 * The digest.
 */

static void
line(struct mr_sha256 *h, const char *a, const char *b)
{
	mri_sha256_update(h, a, strlen(a));
	mri_sha256_update(h, b, strlen(b));
	mri_sha256_update(h, "\n", 1);
}

int
mr_catalog_digest(char out[MR_DIGEST_LEN + 1], const struct mr_catalog *c)
{
	const struct mr_endpoint_set **sets;
	struct mr_sha256 h;
	unsigned char d[32];
	char buf[256];
	size_t i, k, nu, ni;

	out[0] = '\0';
	if (c == NULL)
		return mri_error_set(MR_EINVAL,
		                     "mr_catalog_digest: no catalog");
	if ((sets = mri_catalog_by_id(c)) == NULL)
		return mri_error_set(MR_ENOMEM, "out of memory");
	mri_sha256_init(&h);
	line(&h, "m365route-catalog-digest v1", "");
	for (i = 0; i < mr_catalog_count(c); i++) {
		const struct mr_endpoint_set *s = sets[i];
		const char **u = mri_set_sorted_urls(s, &nu);
		char **p = mri_set_sorted_ips(s, &ni);

		if (u == NULL || p == NULL) {
			free(u);
			free(p);
			free(sets);
			return mri_error_set(MR_ENOMEM, "out of memory");
		}
		snprintf(buf, sizeof(buf), "set %lld %s %s er=%d required=%d",
		         (long long)s->id, s->service_area,
		         mr_category_name(s->category),
		         s->express_route ? 1 : 0, s->required ? 1 : 0);
		line(&h, buf, "");
		for (k = 0; k < nu; k++)
			line(&h, "url ", u[k]);
		for (k = 0; k < ni; k++)
			line(&h, "ip ", p[k]);
		free(u);
		free(p);
	}
	free(sets);
	mri_sha256_final(&h, d);
	mri_hex(out, d, sizeof(d));
	return MR_OK;
}
