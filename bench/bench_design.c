/*
 * bench_design.c - how long loading a design takes (mr_design_load_buffer:
 * YAML tree, schema walk, name tables, reference resolution, defaults),
 * and that the result is what the file holds.
 *
 * usage: bench_design [-r REPEAT] FILE...
 *
 * Each file is read into memory once; the load is timed REPEAT times
 * (default 3), wall clock and process CPU time (the CPU figure is the one
 * to compare on a busy machine), and the best of each is printed with the
 * numbers of sites, proxies, circuits and findings. Designs come from
 * bench/gen-design.py (fixed seed):
 *
 *   for n in 15000 30000 60000; do
 *           bench/gen-design.py $n >/tmp/d$n.yaml; done
 *   build/release/bench/bench_design /tmp/d15000.yaml /tmp/d30000.yaml \
 *           /tmp/d60000.yaml
 *
 * A linear loader shows time per site roughly constant across the sizes.
 * Exit 1 when a design does not load (the figures would mean nothing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "m365route/design.h"
#include "m365route/m365route.h"

static double
now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL, *np;
	size_t cap = 0, n = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			if ((np = realloc(p, cap)) == NULL) {
				free(p);
				fclose(f);
				return NULL;
			}
			p = np;
		}
		got = fread(p + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return p;
}

static int
bench_one(const char *path, long repeat)
{
	struct mr_design *dsg = NULL;
	struct mr_diags *d = NULL;
	double best = -1, cbest = -1, t0, c0, t, ct;
	size_t len, sites = 0, proxies = 0, circuits = 0, errors = 0,
	            findings = 0;
	char *text = slurp(path, &len);
	long r;
	int rc = MR_OK;

	if (text == NULL) {
		perror(path);
		return 1;
	}
	for (r = 0; r < repeat; r++) {
		if (mr_diags_new(&d) != MR_OK) {
			free(text);
			return 1;
		}
		t0 = now(CLOCK_MONOTONIC);
		c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		rc = mr_design_load_buffer(&dsg, path, text, len, d);
		ct = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		t = now(CLOCK_MONOTONIC) - t0;
		if (best < 0 || t < best)
			best = t;
		if (cbest < 0 || ct < cbest)
			cbest = ct;
		errors = mr_diags_errors(d);
		findings = mr_diags_count(d);
		if (dsg != NULL) {
			sites = dsg->n_sites;
			proxies = dsg->n_proxies;
			circuits = dsg->n_inet + dsg->n_er;
		}
		mr_design_free(dsg);
		mr_diags_free(d);
		dsg = NULL;
		if (rc != MR_OK)
			break;
	}
	free(text);
	if (rc != MR_OK) {
		fprintf(stderr, "%s: does not load (%zu errors)\n", path,
		        errors);
		return 1;
	}
	printf("%s: %zu sites, %zu proxies, %zu circuits, %zu findings: "
	       "%.3f s wall, %.3f s CPU, %.2f us CPU per site\n",
	       path, sites, proxies, circuits, findings, best, cbest,
	       sites ? cbest * 1e6 / (double)sites : 0.0);
	return 0;
}

int
main(int argc, char **argv)
{
	long repeat = 3;
	int i = 1, status = 0;
	char *end;

	if (argc > 2 && strcmp(argv[1], "-r") == 0) {
		repeat = strtol(argv[2], &end, 10);
		if (*end != '\0' || repeat < 1 || repeat > 1000) {
			fprintf(stderr, "bench_design: -r takes 1-1000\n");
			return 2;
		}
		i = 3;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: bench_design [-r REPEAT] FILE...\n");
		return 2;
	}
	for (; i < argc; i++)
		status |= bench_one(argv[i], repeat);
	return status;
}
