/*
 * bench_match.c - single-thread throughput of libm365route's decisions:
 * hostname classification (mr_match_host), target parsing
 * (mr_target_parse, reported on its own and together with the match),
 * IPv4 and IPv6 longest-prefix lookups (mr_match_addr), and the cost of
 * loading the embedded catalog (mr_catalog_load_embedded) and of load +
 * mr_matcher_build.
 *
 * Corpora come from bench/corpus.h (fixed seed, drawn from the catalog's own
 * patterns and prefixes): by default 1 M hosts and 1 M addresses per
 * family, cycled. Each figure is the median over --reps passes after one
 * warm-up pass; every result is folded into a volatile sink so the
 * compiler cannot drop the work. Time is clock_gettime(CLOCK_MONOTONIC).
 * Run it pinned to one core (bench/run-all uses taskset when present).
 *
 * usage: bench_match [-i INSTANCE] [-n HOSTS] [-a ADDRS] [-r REPS]
 *                    [-l LOADS]
 * Targets it compares against (docs/PERFORMANCE.md): >= 10 M host
 * classifications/s, >= 100 M IPv4 and >= 30 M IPv6 lookups/s, embedded
 * catalog load <= 2 ms. The comparison is printed, never enforced.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus.h"
#include "m365route/m365route.h"

static volatile uint64_t sink;

struct hosts {
	char *text; /* NUL-separated */
	uint32_t *off;
	uint16_t *len;
	size_t n;
	size_t kinds[4];
};

struct addrs {
	struct mr_addr *a;
	size_t n;
	size_t where[3]; /* inside, near, random */
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sorts v; returns the median. */
static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_dbl);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int
make_hosts(struct hosts *h, const struct corpus_src *s, size_t n)
{
	uint64_t rng = CORPUS_SEED;
	size_t cap = n * 32 + 4096, used = 0, i;
	char buf[MR_HOST_MAX + 1];

	memset(h, 0, sizeof(*h));
	h->text = malloc(cap);
	h->off = malloc(n * sizeof(*h->off));
	h->len = malloc(n * sizeof(*h->len));
	if (!h->text || !h->off || !h->len)
		return -1;
	for (i = 0; i < n; i++) {
		enum host_kind k;
		size_t len = corpus_host(s, &rng, buf, sizeof(buf), &k);
		if (used + len + 1 > cap) {
			char *t = realloc(h->text, cap * 2);
			if (t == NULL)
				return -1;
			h->text = t;
			cap *= 2;
		}
		memcpy(h->text + used, buf, len + 1);
		h->off[i] = (uint32_t)used;
		h->len[i] = (uint16_t)len;
		h->kinds[k]++;
		used += len + 1;
	}
	h->n = n;
	return 0;
}

/*
 * n addresses of family fam. sel: 0 the mixed corpus of corpus.h, 1 only
 * addresses some prefix holds (found), 2 only addresses none holds (misses;
 * both drawn from the same generator, filtered by the matcher).
 */
static int
make_addrs(struct addrs *v, const struct corpus_src *s,
           const struct mr_matcher *m, int fam, int sel, size_t n)
{
	uint64_t rng = CORPUS_SEED ^ (uint64_t)fam ^ ((uint64_t)sel << 8);
	struct mr_match mt;
	size_t i = 0, tries = 0;

	memset(v, 0, sizeof(*v));
	v->a = malloc(n * sizeof(*v->a));
	if (v->a == NULL)
		return -1;
	while (i < n) {
		int where = corpus_addr(s, &rng, fam, &v->a[i]);
		int found = mr_match_addr(m, &v->a[i], &mt) != MR_ROUTE_UNKNOWN;
		if (++tries > 100 * n)
			return -1;
		if ((sel == 1 && !found) || (sel == 2 && found))
			continue;
		v->where[where]++;
		i++;
	}
	v->n = n;
	return 0;
}

/* ---- one pass of each kind of work ---- */

struct work {
	const struct mr_matcher *m;
	const struct hosts *h;
	const struct addrs *v;
	size_t route[3]; /* filled by the counting pass */
};

static uint64_t
pass_match_host(struct work *w)
{
	const struct hosts *h = w->h;
	struct mr_match mt;
	uint64_t acc = 0;
	size_t i;

	for (i = 0; i < h->n; i++) {
		enum mr_route r =
		    mr_match_host(w->m, h->text + h->off[i], h->len[i], &mt);
		acc += (uint64_t)r + mt.n;
	}
	return acc;
}

static uint64_t
pass_parse(struct work *w)
{
	const struct hosts *h = w->h;
	struct mr_target t;
	uint64_t acc = 0;
	size_t i;

	for (i = 0; i < h->n; i++) {
		mr_target_parse(&t, h->text + h->off[i], h->len[i]);
		acc += (uint64_t)t.kind + t.host_len;
	}
	return acc;
}

static uint64_t
pass_parse_match(struct work *w)
{
	const struct hosts *h = w->h;
	struct mr_target t;
	struct mr_match mt;
	uint64_t acc = 0;
	size_t i;

	for (i = 0; i < h->n; i++) {
		if (mr_target_parse(&t, h->text + h->off[i], h->len[i]) !=
		    MR_OK)
			continue;
		if (t.kind == MR_TARGET_HOST)
			acc += mr_match_host(w->m, t.host, t.host_len, &mt);
		else
			acc += mr_match_addr(w->m, &t.addr, &mt);
		acc += mt.n;
	}
	return acc;
}

static uint64_t
pass_match_addr(struct work *w)
{
	const struct addrs *v = w->v;
	struct mr_match mt;
	uint64_t acc = 0;
	size_t i;

	for (i = 0; i < v->n; i++) {
		enum mr_route r = mr_match_addr(w->m, &v->a[i], &mt);
		acc += (uint64_t)r + mt.n;
	}
	return acc;
}

/*
 * Median rate (operations per second) of fn over reps passes of n
 * operations each, after one warm-up pass; *lo and *hi get the slowest and
 * fastest pass.
 */
static double
rate(uint64_t (*fn)(struct work *), struct work *w, size_t n, int reps,
     double *lo, double *hi)
{
	double *r = calloc((size_t)reps, sizeof(*r)), med;
	int i;

	if (r == NULL) {
		fprintf(stderr, "bench_match: out of memory\n");
		exit(2);
	}
	sink += fn(w);
	for (i = 0; i < reps; i++) {
		double t0 = now();
		sink += fn(w);
		r[i] = (double)n / (now() - t0);
	}
	med = median(r, (size_t)reps);
	*lo = r[0];
	*hi = r[reps - 1];
	free(r);
	return med;
}

static void
report_rate(const char *what, double med, double lo, double hi, double target)
{
	printf("%-34s %8.2f M/s  %7.1f ns/op  (passes %.2f..%.2f M/s)", what,
	       med / 1e6, 1e9 / med, lo / 1e6, hi / 1e6);
	if (target > 0)
		printf("  target >= %.0f M/s: %s", target / 1e6,
		       med >= target ? "met" : "MISSED");
	putchar('\n');
}

static void
report_ms(const char *what, double *v, size_t n, double target_ms)
{
	double med = median(v, n) * 1e3;
	size_t p90 = (n * 9) / 10;

	printf("%-34s median %.3f ms  (min %.3f, p90 %.3f, max %.3f; %zu runs)",
	       what, med, v[0] * 1e3, v[p90 < n ? p90 : n - 1] * 1e3,
	       v[n - 1] * 1e3, n);
	if (target_ms > 0)
		printf("  target <= %.0f ms: %s", target_ms,
		       med <= target_ms ? "met" : "MISSED");
	putchar('\n');
}

static void
die(const char *what, int rc)
{
	fprintf(stderr, "bench_match: %s: %s (%d)\n", what, mr_error_last(),
	        rc);
	exit(2);
}

static size_t
num_arg(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v == 0 || v > 100000000ULL) {
		fprintf(stderr, "bench_match: bad number '%s'\n", s);
		exit(2);
	}
	return (size_t)v;
}

static void
bench_load(const char *instance, size_t loads)
{
	double *t_load = calloc(loads, sizeof(double));
	double *t_build = calloc(loads, sizeof(double));
	size_t i;
	int rc;

	if (!t_load || !t_build)
		die("out of memory", MR_ENOMEM);
	for (i = 0; i < loads + 10; i++) {
		struct mr_diags *d;
		struct mr_catalog *c;
		struct mr_matcher *m;
		double t0, t1, t2;
		if ((rc = mr_diags_new(&d)) != MR_OK)
			die("mr_diags_new", rc);
		t0 = now();
		if ((rc = mr_catalog_load_embedded(&c, instance, d)) != MR_OK)
			die("mr_catalog_load_embedded", rc);
		t1 = now();
		if ((rc = mr_matcher_build(&m, c)) != MR_OK)
			die("mr_matcher_build", rc);
		t2 = now();
		sink += mr_matcher_rule_count(m);
		mr_matcher_free(m);
		mr_catalog_free(c);
		mr_diags_free(d);
		if (i >= 10) { /* the first 10 are the warm-up */
			t_load[i - 10] = t1 - t0;
			t_build[i - 10] = t2 - t0;
		}
	}
	report_ms("catalog load (embedded)", t_load, loads, 2.0);
	report_ms("catalog load + matcher build", t_build, loads, 0);
	free(t_load);
	free(t_build);
}

int
main(int argc, char **argv)
{
	const char *instance = "worldwide";
	size_t n_hosts = 1000000, n_addrs = 1000000, loads = 300, i;
	int reps = 9, rc;
	struct mr_diags *d;
	struct mr_catalog *c;
	struct mr_matcher *m;
	struct corpus_src src;
	struct hosts h;
	struct work w = {0};
	struct mr_match mt;
	double med, lo, hi;

	for (i = 1; i < (size_t)argc; i++) {
		const char *a = argv[i];
		if (i + 1 >= (size_t)argc) {
			fprintf(stderr,
			        "usage: bench_match [-i INSTANCE] [-n HOSTS] "
			        "[-a ADDRS] [-r REPS] [-l LOADS]\n");
			return 2;
		}
		if (strcmp(a, "-i") == 0)
			instance = argv[++i];
		else if (strcmp(a, "-n") == 0)
			n_hosts = num_arg(argv[++i]);
		else if (strcmp(a, "-a") == 0)
			n_addrs = num_arg(argv[++i]);
		else if (strcmp(a, "-r") == 0)
			reps = (int)num_arg(argv[++i]);
		else if (strcmp(a, "-l") == 0)
			loads = num_arg(argv[++i]);
		else {
			fprintf(stderr, "bench_match: unknown option '%s'\n",
			        a);
			return 2;
		}
	}

	if ((rc = mr_diags_new(&d)) != MR_OK)
		die("mr_diags_new", rc);
	if ((rc = mr_catalog_load_embedded(&c, instance, d)) != MR_OK)
		die("mr_catalog_load_embedded", rc);
	if ((rc = mr_matcher_build(&m, c)) != MR_OK)
		die("mr_matcher_build", rc);
	if (corpus_src_init(&src, c) != 0)
		die("corpus", MR_ENOMEM);
	if (make_hosts(&h, &src, n_hosts) != 0)
		die("corpus", MR_ENOMEM);

	printf("bench_match: libm365route %s, catalog %s %s: %zu sets, %zu "
	       "rules (%zu exact names, %zu wildcards; %zu IPv4 and %zu IPv6 "
	       "prefix entries, repeats included)\n",
	       mr_version(), mr_catalog_instance(c),
	       mr_catalog_date(c) ? mr_catalog_date(c) : "-",
	       mr_catalog_count(c), mr_matcher_rule_count(m), src.n_exact,
	       src.n_wild, src.n_v4, src.n_v6);
	w.m = m;
	w.h = &h;
	for (i = 0; i < h.n; i++)
		w.route[mr_match_host(m, h.text + h.off[i], h.len[i], &mt)]++;
	printf("host corpus: %zu hosts, seed %#llx: %.1f%% exact, %.1f%% "
	       "filled wildcards, %.1f%% look-alikes, %.1f%% random; decided "
	       "expressroute %.1f%%, internet %.1f%%, unknown %.1f%%\n",
	       h.n, (unsigned long long)CORPUS_SEED,
	       100.0 * (double)h.kinds[HK_EXACT] / (double)h.n,
	       100.0 * (double)h.kinds[HK_FILLED] / (double)h.n,
	       100.0 * (double)h.kinds[HK_LOOKALIKE] / (double)h.n,
	       100.0 * (double)h.kinds[HK_RANDOM] / (double)h.n,
	       100.0 * (double)w.route[MR_ROUTE_EXPRESSROUTE] / (double)h.n,
	       100.0 * (double)w.route[MR_ROUTE_INTERNET] / (double)h.n,
	       100.0 * (double)w.route[MR_ROUTE_UNKNOWN] / (double)h.n);
	printf("address corpus: %zu per family: 50%% inside a catalog "
	       "prefix, 25%% same /16, 25%% random (IPv6: in 2000::/3); then "
	       "the same generator filtered to found-only and misses-only\n",
	       n_addrs);
	printf("%d timed passes after 1 warm-up; median rate, single "
	       "thread\n\n",
	       reps);

	med = rate(pass_match_host, &w, h.n, reps, &lo, &hi);
	report_rate("host classify (mr_match_host)", med, lo, hi, 10e6);
	med = rate(pass_parse, &w, h.n, reps, &lo, &hi);
	report_rate("target parse (mr_target_parse)", med, lo, hi, 0);
	med = rate(pass_parse_match, &w, h.n, reps, &lo, &hi);
	report_rate("parse + classify", med, lo, hi, 0);

	for (int f = 0; f < 2; f++) {
		static const char *const what[2][3] = {
		    {"IPv4 lookup (mr_match_addr)", "  IPv4, found only",
		     "  IPv4, misses only"},
		    {"IPv6 lookup (mr_match_addr)", "  IPv6, found only",
		     "  IPv6, misses only"}};
		int fam = f == 0 ? MR_AF_INET : MR_AF_INET6;
		for (int sel = 0; sel < 3; sel++) {
			struct addrs v;
			size_t found = 0;
			if (make_addrs(&v, &src, m, fam, sel, n_addrs) != 0)
				die("address corpus", MR_ENOMEM);
			for (i = 0; i < v.n; i++)
				found += mr_match_addr(m, &v.a[i], &mt) !=
				         MR_ROUTE_UNKNOWN;
			w.v = &v;
			med = rate(pass_match_addr, &w, v.n, reps, &lo, &hi);
			report_rate(what[f][sel], med, lo, hi,
			            sel      ? 0
			            : f == 0 ? 100e6
			                     : 30e6);
			if (sel == 0)
				printf("%-34s %.1f%% of lookups find a "
				       "prefix\n",
				       "", 100.0 * (double)found / (double)v.n);
			free(v.a);
		}
	}
	putchar('\n');
	bench_load(instance, loads);

	corpus_src_free(&src);
	free(h.text);
	free(h.off);
	free(h.len);
	mr_matcher_free(m);
	mr_catalog_free(c);
	mr_diags_free(d);
	return 0;
}
