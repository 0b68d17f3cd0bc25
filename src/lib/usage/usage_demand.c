/*
 * usage_demand.c - the design's text with its demand: block replaced by
 * the measured one (`m365route usage --update-demand`, docs/usage.md).
 *
 * Why text and not the model printed again: the loader keeps no comments
 * or layout, so the copy is the original text, line for line, without its
 * top-level block-style "demand:" section (the key at column 0, up to the
 * next line that starts at column 0 with something other than a blank,
 * a comment or a sequence dash), and the measured block appended at the
 * end: per site with traffic, the peak ExpressRoute-eligible Mbps of each
 * service area rounded up to 0.1. The result is loaded again
 * (mr_design_load_buffer()) and refused unless its demand reads back as
 * measured.
 * Layout: one growable buffer (util/buf.h) and one array of n_sites x
 * MR_SA__COUNT wanted figures: no limit on the number of sites.
 * Complexity: the text once, plus one mr_usage_rate() per site with
 * traffic and service area, plus one load of the result.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "usage_int.h"

/* The end of the line that starts at i (past its '\n'). */
static size_t
line_end(const char *text, size_t len, size_t i)
{
	const char *nl = memchr(text + i, '\n', len - i);

	return nl != NULL ? (size_t)(nl - text) + 1 : len;
}

/* A line that continues a top-level block (or says nothing). */
static int
continues(char c)
{
	return c == ' ' || c == '\t' || c == '#' || c == '\n' || c == '-' ||
	       c == '\r';
}

/* text without its top-level "demand:" blocks, ending in a newline */
static void
copy_without_demand(struct mri_buf *b, const char *text, size_t len)
{
	size_t i = 0, e;

	while (i < len) {
		e = line_end(text, len, i);
		if (e - i >= 7 && memcmp(text + i, "demand:", 7) == 0) {
			for (i = e; i < len && continues(text[i]);)
				i = line_end(text, len, i);
			continue;
		}
		mri_buf_put(b, text + i, e - i);
		i = e;
	}
	if (b->n > 0 && b->p[b->n - 1] != '\n')
		mri_buf_putc(b, '\n');
}

static int
has_traffic(const struct mr_usage *u, size_t s)
{
	size_t k, n = (size_t)MR_USAGE_SA_COUNT * MR_UC__COUNT;

	for (k = 0; k < n; k++)
		if (u->a.tot[s * n + k].requests > 0)
			return 1;
	return 0;
}

/* The result loads again and its demand reads back as want[]. */
static int
reads_back(const char *name, const struct mri_buf *b, const double *want,
           size_t n_sites)
{
	struct mr_design *chk = NULL;
	struct mr_diags *d = NULL;
	size_t i, s;
	int k, rc;

	if ((rc = mr_diags_new(&d)) != MR_OK)
		return rc;
	rc = mr_design_load_buffer(&chk, name, b->p, b->n, d);
	mr_diags_free(d);
	if (rc == MR_ENOMEM)
		return rc;
	if (rc != MR_OK)
		return mri_error_set(MR_EINVAL,
		                     "the design with the measured demand does "
		                     "not load again (is its demand: block in "
		                     "flow style?); not written");
	for (i = 0; i < chk->n_demand && rc == MR_OK; i++) {
		s = chk->demand[i].site.idx;
		for (k = 0; k < MR_SA__COUNT && rc == MR_OK; k++)
			if (s >= n_sites ||
			    fabs(chk->demand[i].mbps[k] -
			         want[s * MR_SA__COUNT + k]) > 1e-9)
				rc = mri_error_set(MR_EINVAL,
				                   "the rewritten demand does "
				                   "not read back as measured; "
				                   "not written");
	}
	mr_design_free(chk);
	return rc;
}

int
mr_usage_demand_yaml(char **out, size_t *len, const struct mr_usage *u,
                     const char *name, const char *text, size_t text_len)
{
	const struct mr_design *dsg = u->dsg;
	struct mri_buf b = MRI_BUF_INIT;
	struct mr_usage_rate r;
	double *want = NULL, *w;
	size_t s, written = 0;
	int k, rc = MR_OK;

	*out = NULL;
	*len = 0;
	if (dsg == NULL)
		return mri_error_set(MR_EINVAL, "the demand needs a design");
	if (dsg->n_sites > 0 &&
	    (want = calloc(dsg->n_sites, sizeof(*want) * MR_SA__COUNT)) == NULL)
		return mri_error_set(MR_ENOMEM, "out of memory");
	copy_without_demand(&b, text, text_len);
	mri_buf_printf(&b,
	               "demand:   # measured by m365route usage: peak Mbps "
	               "of ExpressRoute-eligible\n"
	               "          # traffic per service area, %" PRIu32
	               "-second buckets\n",
	               u->o.bucket_s);
	for (s = 0; s < dsg->n_sites && rc == MR_OK; s++) {
		if (!has_traffic(u, s))
			continue;
		w = want + s * MR_SA__COUNT;
		for (k = 0; k < MR_SA__COUNT && rc == MR_OK; k++) {
			rc = mr_usage_rate(
			    u, s, (enum mr_usage_metric)(MR_UM_ER_SA + k), &r);
			w[k] = ceil(r.peak * 10) / 10;
		}
		written++;
		mri_buf_printf(&b,
		               "  - site: %s\n    exchange: %.1f\n    "
		               "sharepoint: %.1f\n    skype: %.1f\n    common: "
		               "%.1f\n",
		               dsg->sites[s].name, w[MR_SA_EXCHANGE],
		               w[MR_SA_SHAREPOINT], w[MR_SA_SKYPE],
		               w[MR_SA_COMMON]);
	}
	if (written == 0)
		mri_buf_puts(&b, "  []\n");
	if (rc == MR_OK && b.oom)
		rc = mri_error_set(MR_ENOMEM, "out of memory");
	if (rc == MR_OK)
		rc = reads_back(name, &b, want, dsg->n_sites);
	free(want);
	if (rc != MR_OK) {
		mri_buf_free(&b);
		return rc;
	}
	*out = b.p;
	*len = b.n;
	return MR_OK;
}
