/*
 * bench_gen.c - write a deterministic target file for the CLI benchmarks
 * (bench/cli.sh, bench/pac-vs-classify.sh): one target a line.
 *
 * usage: bench_gen [-n LINES] [-k hosts|mixed] [-i INSTANCE] [-s SEED]
 *
 * hosts (default): hostnames only, drawn by bench/corpus.h from the embedded
 *        catalog's patterns (40% exact names, 30% filled-in wildcards, 30%
 *        look-alikes and random names).
 * mixed: what a proxy log extract looks like: 70% such hostnames, 10%
 *        "https://host/path" URLs, 5% "host:443", 8% IPv4 and 7% IPv6
 *        addresses (half of them inside catalog prefixes).
 * The same options always give the same bytes (fixed-seed splitmix64).
 * Output goes to stdout; 1 M hosts is about 24 MB.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "m365route/m365route.h"

static void
usage(void)
{
	fprintf(stderr, "usage: bench_gen [-n LINES] [-k hosts|mixed] "
	                "[-i INSTANCE] [-s SEED]\n");
	exit(2);
}

static unsigned long long
num_arg(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (*s == '\0' || *end != '\0')
		usage();
	return v;
}

int
main(int argc, char **argv)
{
	const char *instance = "worldwide";
	unsigned long long n = 1000000, i;
	uint64_t rng = CORPUS_SEED;
	int mixed = 0, a;
	struct mr_diags *d;
	struct mr_catalog *c;
	struct corpus_src src;
	char host[MR_HOST_MAX + 1], abuf[MR_ADDR_STRLEN];
	static char obuf[1 << 16];

	for (a = 1; a < argc; a++) {
		if (a + 1 >= argc)
			usage();
		if (strcmp(argv[a], "-n") == 0)
			n = num_arg(argv[++a]);
		else if (strcmp(argv[a], "-s") == 0)
			rng = (uint64_t)num_arg(argv[++a]);
		else if (strcmp(argv[a], "-i") == 0)
			instance = argv[++a];
		else if (strcmp(argv[a], "-k") == 0) {
			const char *k = argv[++a];
			if (strcmp(k, "hosts") == 0)
				mixed = 0;
			else if (strcmp(k, "mixed") == 0)
				mixed = 1;
			else
				usage();
		} else
			usage();
	}
	if (mr_diags_new(&d) != MR_OK ||
	    mr_catalog_load_embedded(&c, instance, d) != MR_OK) {
		fprintf(stderr, "bench_gen: loading %s: %s\n", instance,
		        mr_error_last());
		return 2;
	}
	if (corpus_src_init(&src, c) != 0) {
		fprintf(stderr,
		        "bench_gen: out of memory, or no names and "
		        "prefixes in %s\n",
		        instance);
		return 2;
	}
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	for (i = 0; i < n; i++) {
		enum host_kind k;
		size_t r = mixed ? rng_below(&rng, 100) : 0;
		if (r < 70) {
			corpus_host(&src, &rng, host, sizeof(host), &k);
			puts(host);
		} else if (r < 80) {
			unsigned path, q;
			corpus_host(&src, &rng, host, sizeof(host), &k);
			/* Two statements: argument order is unspecified. */
			path = (unsigned)rng_below(&rng, 1000);
			q = (unsigned)rng_below(&rng, 100000);
			printf("https://%s/path/%u?q=%u\n", host, path, q);
		} else if (r < 85) {
			corpus_host(&src, &rng, host, sizeof(host), &k);
			printf("%s:443\n", host);
		} else {
			struct mr_addr ad;
			corpus_addr(&src, &rng,
			            r < 93 ? MR_AF_INET : MR_AF_INET6, &ad);
			mr_addr_format(&ad, abuf, sizeof(abuf));
			puts(abuf);
		}
	}
	corpus_src_free(&src);
	mr_catalog_free(c);
	mr_diags_free(d);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("bench_gen: writing");
		return 2;
	}
	return 0;
}
