/*
 * bench_sim.c - speed and memory of the routing simulation
 * (mr_sim_run, mr_sim_failures_single) on synthetic designs, and the
 * deterministic generator of those designs.
 *
 * usage: bench_sim [-s SITES] [-c CIRCUITS] [-r REPEAT] [--yaml] [--growth]
 *                  [-m fast|per-site|brute]
 *
 * The design (same arguments, same bytes; fixed-seed splitmix64): C/2 hub
 * sites, each at a peering location (spread over the table) with two
 * ExpressRoute circuits (the location and its "2" twin when it exists,
 * both with the four Office 365 communities, separate advertised prefixes
 * and NAT pools), an Internet circuit, a proxy and a PAC group
 * (expressroute: true); the other sites are branches within ~500 km of
 * their hub, WAN-linked to it and to the next hub, receiving the
 * ExpressRoute routes; every 10th branch has its own Internet circuit and
 * proxy; hubs are WAN-linked in a ring. The catalog is the embedded
 * worldwide one.
 *
 * --yaml prints the design instead (m365route simulate can then be timed
 * on it); --growth runs a table of sizes. Times are wall clock on one core
 * (the library is single-threaded), best of REPEAT (default 3); memory is
 * the process's peak RSS (getrusage). -m chooses how the single-failure
 * matrix is computed: fast (the library's), per-site (the previous way,
 * one Dijkstra per site a failure touches) or brute (every site, every
 * tree from scratch, per failure; the tests' oracle).
 */
#include <sys/resource.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "m365route/m365route.h"
#include "m365route/sim.h"
#include "sim_int.h"

/* -m: how the single-failure matrix is computed (sim_int.h) */
static enum mri_sim_single how = MRI_SIM_SINGLE_FAST;

struct buf {
	char *p;
	size_t n, cap;
};

static void bput(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
bput(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < b->cap - b->n)
			break;
		b->cap = b->cap ? b->cap * 2 : 1 << 20;
		if ((b->p = realloc(b->p, b->cap)) == NULL) {
			perror("realloc");
			exit(2);
		}
	}
	b->n += (size_t)n;
}

static uint64_t
splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double
jitter(uint64_t *s, double span)
{
	return ((double)(splitmix(s) % 2001) / 1000.0 - 1.0) * span;
}

static char *
gen(unsigned sites, unsigned circuits, size_t *len)
{
	struct buf b = {NULL, 0, 0};
	unsigned hubs = circuits / 2, i, h, c = 0, k;
	uint64_t rng = 0x5eed5eedull;
	size_t np = mr_peering_count();

	if (hubs == 0)
		hubs = 1;
	if (sites < hubs)
		sites = hubs;
	bput(&b, "# synthetic design: bench_sim -s %u -c %u\n", sites,
	     circuits);
	bput(&b, "organization: {name: Bench, tenant: bench}\nsites:\n");
	for (i = 0; i < sites; i++) {
		unsigned hub = i < hubs ? i : (i - hubs) % hubs;
		const struct mr_peering_location *p =
		    mr_peering_at((size_t)hub * np / hubs);
		double lat = p->lat, lon = p->lon;
		if (i >= hubs) {
			lat += jitter(&rng, 3.0);
			lon += jitter(&rng, 3.0);
			if (lat > 89)
				lat = 89;
			if (lat < -89)
				lat = -89;
			if (lon > 179)
				lon = 179;
			if (lon < -179)
				lon = -179;
		}
		bput(&b,
		     "  - name: s%u\n    location: {lat: %.3f, lon: %.3f}\n"
		     "    subnets: [10.%u.%u.0/24]\n"
		     "    expressroute_routes: true\n"
		     "    realtime_media: %s\n",
		     i, lat, lon, i / 256, i % 256,
		     i % 3 == 0 ? "true" : "false");
		if (i < hubs)
			bput(&b, "    proxies: [px%u]\n", i);
		else if (i % 10 == 0)
			bput(&b, "    proxies: [px%u]\n", i);
	}
	bput(&b, "proxies:\n");
	for (i = 0; i < sites; i++)
		if (i < hubs || i % 10 == 0)
			bput(&b,
			     "  - {name: px%u, site: s%u, listen: "
			     "10.%u.%u.10:8080, egress: inet%u}\n",
			     i, i, i / 256, i % 256, i);
	bput(&b, "internet_circuits:\n");
	for (i = 0; i < sites; i++)
		if (i < hubs || i % 10 == 0)
			bput(&b,
			     "  - {name: inet%u, site: s%u, isp: isp%u, "
			     "advertised: [%u.%u.%u.0/24], nat_pool: "
			     "[%u.%u.%u.0/26]}\n",
			     i, i, i % 7, 60 + i / 65536, (i / 256) % 256,
			     i % 256, 60 + i / 65536, (i / 256) % 256, i % 256);
	bput(&b, "expressroute_circuits:\n");
	for (h = 0; h < hubs; h++)
		for (k = 0; k < 2 && c < circuits; k++, c++) {
			const struct mr_peering_location *p =
			    mr_peering_at((size_t)h * np / hubs);
			const struct mr_peering_location *q =
			    k == 1 && (size_t)h * np / hubs + 1 < np
			        ? mr_peering_at((size_t)h * np / hubs + 1)
			        : p;
			bput(
			    &b,
			    "  - name: er%u\n    site: s%u\n"
			    "    peering_location: \"%s\"\n"
			    "    bandwidth: 1Gbps\n    sku: premium\n"
			    "    m365_authorized: true\n"
			    "    microsoft_peering:\n      peer_asn: 65550\n"
			    "      subnet: 45.200.%u.0/29\n      vlan: %u\n"
			    "      advertised: [45.%u.0.0/24]\n"
			    "      nat_pool: [45.%u.0.0/26]\n"
			    "      route_filter: [exchange, sharepoint, skype, "
			    "other]\n      local_preference: 150\n",
			    c, h, q->name, c, 100 + c, c, c);
		}
	bput(&b, "wan_links:\n");
	for (h = 0; h < hubs && hubs > 1; h++)
		bput(&b, "  - {between: [s%u, s%u], latency_ms: %u}\n", h,
		     (h + 1) % hubs, 20 + h % 30);
	for (i = hubs; i < sites; i++) {
		unsigned hub = (i - hubs) % hubs;
		bput(&b, "  - {between: [s%u, s%u], latency_ms: %u}\n", i, hub,
		     2 + i % 9);
		if (hubs > 1)
			bput(&b, "  - {between: [s%u, s%u], latency_ms: %u}\n",
			     i, (hub + 1) % hubs, 30 + i % 40);
	}
	bput(&b, "policy:\n  pac_groups:\n");
	for (h = 0; h < hubs; h++) {
		bput(&b,
		     "    - name: g%u\n      proxy: px%u\n"
		     "      expressroute: true\n      sites: [s%u",
		     h, h, h);
		for (i = hubs + h; i < sites; i += hubs)
			bput(&b, ", s%u", i);
		bput(&b, "]\n");
	}
	*len = b.n;
	return b.p;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the process (the machine may be shared: wall clock then
 * includes waiting for a CPU). */
static double
cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
peak_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void
measure(const struct mr_matcher *m, unsigned sites, unsigned circuits,
        int repeat, int single)
{
	size_t len;
	char *text = gen(sites, circuits, &len);
	struct mr_diags *d;
	struct mr_design *g;
	struct mr_sim *s;
	struct mr_net *net = NULL;
	struct mr_sim_result *r = NULL;
	struct mr_sim_matrix *mx;
	double best_run = 1e9, best_single = 1e9, best_cpu = 1e9, t, c;
	size_t changed = 0, i;
	int k;

	if (mr_diags_new(&d) != MR_OK ||
	    mr_design_load_buffer(&g, "synthetic", text, len, d) != MR_OK) {
		fprintf(stderr, "bench_sim: synthetic design rejected\n");
		for (i = 0; i < mr_diags_count(d); i++)
			fprintf(stderr, "  %s\n", mr_diags_get(d, i)->msg);
		exit(2);
	}
	for (k = 0; k < repeat; k++) {
		t = now();
		if (mr_net_resolve(&net, g) != MR_OK ||
		    mr_sim_new(&s, net, m, NULL) != MR_OK ||
		    mr_sim_run(&r, s, NULL, 0) != MR_OK) {
			fprintf(stderr, "bench_sim: %s\n", mr_error_last());
			exit(2);
		}
		t = now() - t;
		if (t < best_run)
			best_run = t;
		if (single) {
			t = now();
			c = cpu();
			if (mri_sim_failures_single_with(&mx, s, r, how) !=
			    MR_OK) {
				fprintf(stderr, "bench_sim: %s\n",
				        mr_error_last());
				exit(2);
			}
			t = now() - t;
			c = cpu() - c;
			if (t < best_single)
				best_single = t;
			if (c < best_cpu)
				best_cpu = c;
			changed = 0;
			for (i = 0; i < mx->n_rows; i++)
				changed += mx->rows[i].n_changed;
			if (k + 1 < repeat)
				mr_sim_matrix_free(mx);
			else {
				printf("%6u sites %4u circuits: %zu flows, "
				       "run %.3f s; %zu elements, single "
				       "failures %.3f s (CPU %.3f s, %zu flow "
				       "changes); peak RSS %ld MB\n",
				       sites, circuits, r->n_flows, best_run,
				       mx->n_rows, best_single, best_cpu,
				       changed, peak_kb() / 1024);
				mr_sim_matrix_free(mx);
			}
		} else if (k + 1 == repeat) {
			printf("%6u sites %4u circuits: %zu flows, run %.3f s; "
			       "peak RSS %ld MB\n",
			       sites, circuits, r->n_flows, best_run,
			       peak_kb() / 1024);
		}
		mr_sim_result_free(r);
		mr_sim_free(s);
		mr_net_free(net);
	}
	mr_design_free(g);
	mr_diags_free(d);
	free(text);
}

int
main(int argc, char **argv)
{
	unsigned sites = 2000, circuits = 40;
	int repeat = 3, yaml = 0, growth = 0, a;
	struct mr_diags *d;
	struct mr_catalog *c;
	struct mr_matcher *m;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "-s") == 0 && a + 1 < argc)
			sites = (unsigned)strtoul(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "-c") == 0 && a + 1 < argc)
			circuits = (unsigned)strtoul(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "-r") == 0 && a + 1 < argc)
			repeat = (int)strtol(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "--yaml") == 0)
			yaml = 1;
		else if (strcmp(argv[a], "--growth") == 0)
			growth = 1;
		else if (strcmp(argv[a], "-m") == 0 && a + 1 < argc &&
		         strcmp(argv[a + 1], "fast") == 0)
			how = MRI_SIM_SINGLE_FAST, a++;
		else if (strcmp(argv[a], "-m") == 0 && a + 1 < argc &&
		         strcmp(argv[a + 1], "per-site") == 0)
			how = MRI_SIM_SINGLE_PER_SITE, a++;
		else if (strcmp(argv[a], "-m") == 0 && a + 1 < argc &&
		         strcmp(argv[a + 1], "brute") == 0)
			how = MRI_SIM_SINGLE_BRUTE, a++;
		else {
			fprintf(stderr,
			        "usage: bench_sim [-s SITES] [-c "
			        "CIRCUITS] [-r REPEAT] [--yaml] "
			        "[--growth] [-m fast|per-site|brute]\n");
			return 2;
		}
	}
	if (repeat < 1)
		repeat = 1;
	if (yaml) {
		size_t len;
		char *t = gen(sites, circuits, &len);
		fwrite(t, 1, len, stdout);
		free(t);
		return 0;
	}
	if (mr_diags_new(&d) != MR_OK ||
	    mr_catalog_load_embedded(&c, "worldwide", d) != MR_OK ||
	    mr_matcher_build(&m, c) != MR_OK) {
		fprintf(stderr, "bench_sim: cannot load the catalog\n");
		return 2;
	}
	if (growth) {
		static const unsigned sz[][2] = {
		    {250, 40},  {500, 40},  {1000, 40}, {2000, 40},
		    {4000, 40}, {2000, 10}, {2000, 20}, {2000, 80}};
		for (a = 0; a < (int)(sizeof(sz) / sizeof(sz[0])); a++)
			measure(m, sz[a][0], sz[a][1], repeat, 1);
	} else {
		measure(m, sites, circuits, repeat, 1);
	}
	mr_matcher_free(m);
	mr_catalog_free(c);
	mr_diags_free(d);
	return 0;
}
