/*
 * verify_paths.c - verify's two ways of reading a router's table, side by
 * side (test-only; tests/verify/big-mrt.sh): the whole table in memory
 * (mr_rib_load(), every route stored: the reference) and the filtered
 * stream the command line uses (mr_verify_load(): only the routes the
 * checks look at, an MRT file one record at a time). For each FILE both
 * are checked with mr_verify_router(); the load status, the reader's
 * errors (offset, line, message, order) and the findings (severity, code,
 * message, note, hint, order) must be the same.
 *
 *   verify_paths DESIGN.yaml|--example NAME ROUTER [-a] [-w|-s] FILE...
 *
 * -a: the files are what ROUTER advertises. -w or -s: one way only, the
 * whole table or the stream (bench/verify-mrt.sh measures them apart). Prints per file the routes
 * read and kept and the findings; exit 0 when both ways agree on every
 * file, 1 when they differ (the first difference on stderr), 2 on usage
 * or a design that does not load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m365route/m365route.h"

static int
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* One way: status, rib (NULL on failure) and findings. */
static int
way(bool filtered, const struct mr_config *cfg, const struct mr_catalog *cat,
    const char *router, bool adv, const char *path, struct mr_rib **rib,
    struct mr_diags *d)
{
	int rc;
	if (filtered) {
		rc = mr_verify_load(cfg, cat, router, adv, path, MR_RIB_AUTO,
		                    rib);
	} else {
		rc = mr_rib_load(path, MR_RIB_AUTO, rib);
		if (rc == MR_OK && adv)
			(*rib)->advertised = true;
	}
	if (rc != MR_OK)
		return rc;
	return mr_verify_router(cfg, cat, router, *rib, 0, d);
}

static int
compare(const char *path, int rc1, const struct mr_rib *a, int rc2,
        const struct mr_rib *b, const struct mr_diags *d1,
        const struct mr_diags *d2)
{
	if (rc1 != rc2) {
		fprintf(stderr, "%s: status %d whole, %d filtered\n", path, rc1,
		        rc2);
		return 1;
	}
	if (rc1 != MR_OK)
		return 0;
	if (a->n_routes != b->n_read[0] + b->n_read[1] ||
	    a->n_errors_total != b->n_errors_total ||
	    a->n_errors != b->n_errors || a->gzip != b->gzip ||
	    a->format != b->format || a->updates != b->updates) {
		fprintf(stderr,
		        "%s: %zu routes, %zu errors whole; %zu read, %zu "
		        "errors filtered\n",
		        path, a->n_routes, a->n_errors_total,
		        b->n_read[0] + b->n_read[1], b->n_errors_total);
		return 1;
	}
	for (size_t i = 0; i < a->n_errors; i++) {
		const struct mr_rib_error *x = &a->errors[i],
		                          *y = &b->errors[i];
		if (x->offset != y->offset || x->line != y->line ||
		    strcmp(x->msg, y->msg) != 0) {
			fprintf(stderr,
			        "%s: error %zu: '%s' at %zu whole, '%s' at "
			        "%zu filtered\n",
			        path, i + 1, x->msg, x->offset, y->msg,
			        y->offset);
			return 1;
		}
	}
	size_t n = mr_diags_count(d1);
	if (n != mr_diags_count(d2)) {
		fprintf(stderr, "%s: %zu findings whole, %zu filtered\n", path,
		        n, mr_diags_count(d2));
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct mr_diag *x = mr_diags_get(d1, i);
		const struct mr_diag *y = mr_diags_get(d2, i);
		if (x->sev != y->sev || !same_str(x->code, y->code) ||
		    !same_str(x->msg, y->msg) || !same_str(x->note, y->note) ||
		    !same_str(x->hint, y->hint)) {
			fprintf(stderr,
			        "%s: finding %zu: '%s' whole, '%s' filtered\n",
			        path, i + 1, x->msg, y->msg);
			return 1;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct mr_diags *dd = NULL;
	struct mr_design *g = NULL;
	struct mr_net *net = NULL;
	struct mr_catalog *cat = NULL;
	struct mr_config *cfg = NULL;
	int argi = 1, status = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: verify_paths DESIGN.yaml|--example "
		                "NAME ROUTER [-a] FILE...\n");
		return 2;
	}
	if (mr_diags_new(&dd) != MR_OK)
		return 2;
	int rc;
	if (strcmp(argv[1], "--example") == 0) {
		size_t len = 0;
		const char *t = mr_example_text(argv[2], &len);
		rc = t == NULL ? MR_EINVAL
		               : mr_design_load_buffer(&g, argv[2], t, len, dd);
		argi = 3;
	} else {
		rc = mr_design_load_file(&g, argv[1], dd);
		argi = 2;
	}
	if (rc != MR_OK || mr_net_resolve(&net, g) != MR_OK ||
	    mr_catalog_load_embedded(&cat, "worldwide", dd) != MR_OK ||
	    mr_config_new(&cfg, net, cat, dd) != MR_OK) {
		fprintf(stderr, "verify_paths: the design does not load: %s\n",
		        mr_error_last());
		return 2;
	}
	const char *router = argv[argi++];
	bool adv = argi < argc && strcmp(argv[argi], "-a") == 0;
	argi += adv;
	int only = 0; /* 'w' or 's' */
	if (argi < argc &&
	    (strcmp(argv[argi], "-w") == 0 || strcmp(argv[argi], "-s") == 0))
		only = argv[argi++][1];
	for (; argi < argc; argi++) {
		const char *path = argv[argi];
		struct mr_rib *a = NULL, *b = NULL;
		struct mr_diags *d1 = NULL, *d2 = NULL;
		if (mr_diags_new(&d1) != MR_OK || mr_diags_new(&d2) != MR_OK)
			return 2;
		if (only != 0) {
			struct mr_rib *r = NULL;
			int rc1 = way(only == 's', cfg, cat, router, adv, path,
			              &r, d1);
			printf("%s: %s, status %d, %zu routes read, %zu kept, "
			       "%zu findings\n",
			       path, only == 's' ? "stream" : "whole", rc1,
			       r ? r->n_read[0] + r->n_read[1] : 0,
			       r ? r->n_routes : 0, mr_diags_count(d1));
			mr_rib_free(r);
			mr_diags_free(d1);
			mr_diags_free(d2);
			continue;
		}
		int rc1 = way(false, cfg, cat, router, adv, path, &a, d1);
		int rc2 = way(true, cfg, cat, router, adv, path, &b, d2);
		if (compare(path, rc1, a, rc2, b, d1, d2) != 0) {
			status = 1;
		} else if (rc1 != MR_OK) {
			printf("%s: not read (%d)\n", path, rc1);
		} else {
			printf("%s: %zu routes read, %zu kept, %zu reader "
			       "errors, %zu findings\n",
			       path, a->n_routes, b->n_routes,
			       a->n_errors_total, mr_diags_count(d1));
			for (size_t i = 0; i < mr_diags_count(d1); i++) {
				const struct mr_diag *x = mr_diags_get(d1, i);
				printf("  [%s] %s\n", x->code, x->msg);
			}
		}
		mr_rib_free(a);
		mr_rib_free(b);
		mr_diags_free(d1);
		mr_diags_free(d2);
	}
	mr_config_free(cfg);
	mr_catalog_free(cat);
	mr_net_free(net);
	mr_design_free(g);
	mr_diags_free(dd);
	return status;
}
