/*
 * bench_gen_log.c - write a deterministic Squid native access.log for the
 * usage benchmarks (bench/usage.sh): the same options always give the same
 * bytes (fixed-seed splitmix64, bench/corpus.h).
 *
 * usage: bench_gen_log [-b BYTES | -n LINES] [-s SEED] [-d DAYS] [-w]
 *        (BYTES may end in K, M or G; default -n 1000000)
 * -w: requests of the same mix as a W3C extended log (one "#Fields: date
 *     time time-taken c-ip sc-status s-action sc-bytes cs-method cs-uri"
 *     line, then "2026-11-02 00:00:00.024 10094 10.20.1.2 200 TCP_TUNNEL
 *     ...").
 *
 * The host mix: a pool of 20,000 hosts drawn once by bench/corpus.h from
 * the embedded worldwide catalog (40% exact names, 30% filled wildcards,
 * 30% look-alikes and random names), plus 30 "popular web" names; each
 * request picks from the pool with a Zipf-like skew (index = pool * u^3),
 * so a few hundred names carry most requests, as in real proxy logs.
 * 60% of requests are CONNECT host:443 (TLS tunnels), 40% GET/POST with an
 * http:// URL and a path of 8..80 characters. Clients are 10.20/16,
 * 10.30/16, 10.40/16 (the humongous-insurance example's sites) and 10.99/16
 * (no site). Bytes: 200 B to 50 MB, log-uniform. Time: Squid's
 * "%ts.%03tu", from 2026-11-02 00:00 UTC over DAYS (default 1), mostly
 * increasing with 1% of lines logged up to 2 minutes late. Output: stdout.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus.h"
#include "m365route/m365route.h"

#define POOL 20000

static const char *const web[] = {"www.google.com",      "www.bing.com",
                                  "www.youtube.com",     "fonts.gstatic.com",
                                  "www.wikipedia.org",   "cdn.jsdelivr.net",
                                  "ajax.googleapis.com", "www.amazon.com",
                                  "images.example.com",  "api.github.com",
                                  "github.com",          "www.linkedin.com",
                                  "www.bbc.co.uk",       "www.nytimes.com",
                                  "static.xx.fbcdn.net", "www.facebook.com",
                                  "slack.com",           "zoom.us",
                                  "www.salesforce.com",  "login.salesforce.com",
                                  "update.example.net",  "ocsp.digicert.com",
                                  "crl.example.org",     "clients4.google.com",
                                  "www.gstatic.com",     "s3.amazonaws.com",
                                  "www.dropbox.com",     "docs.google.com",
                                  "mail.google.com",     "www.reddit.com"};

static void
usage(void)
{
	fprintf(stderr, "usage: bench_gen_log [-b BYTES | -n LINES] [-s SEED] "
	                "[-d DAYS] [-w]\n");
	exit(2);
}

static unsigned long long
num_arg(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (*s == '\0')
		usage();
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		v <<= 30, end++;
	if (*end != '\0')
		usage();
	return v;
}

static double
unit(uint64_t *rng)
{
	return (double)(rng_next(rng) >> 11) / 9007199254740992.0;
}

int
main(int argc, char **argv)
{
	unsigned long long bytes = 0, lines = 1000000, seed = CORPUS_SEED,
	                   days = 1, n = 0, written = 0;
	struct mr_diags *d;
	struct mr_catalog *c;
	struct corpus_src src;
	char **pool;
	uint64_t rng;
	int i;
	static char out[1 << 20];
	size_t on = 0;
	double t0 = 1793577600.0; /* 2026-11-02 00:00:00 UTC */
	double span, t;
	bool w3c = false;
	char when[40];
	static const char path_chars[] =
	    "abcdefghijklmnopqrstuvwxyz0123456789-_/";

	(void)corpus_addr; /* corpus.h: addresses are not used here */
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-b") == 0 && i + 1 < argc)
			bytes = num_arg(argv[++i]);
		else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			lines = num_arg(argv[++i]);
		else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			seed = num_arg(argv[++i]);
		else if (strcmp(argv[i], "-d") == 0 && i + 1 < argc)
			days = num_arg(argv[++i]);
		else if (strcmp(argv[i], "-w") == 0)
			w3c = true;
		else
			usage();
	}
	if (mr_diags_new(&d) != MR_OK ||
	    mr_catalog_load_embedded(&c, "worldwide", d) != MR_OK ||
	    corpus_src_init(&src, c) != 0) {
		fprintf(stderr, "bench_gen_log: cannot load the catalog\n");
		return 1;
	}
	rng = seed;
	pool = calloc(POOL, sizeof(*pool));
	for (i = 0; i < POOL; i++) {
		char h[MR_HOST_MAX + 1];
		enum host_kind k;
		/* every 8th pool entry is popular web traffic */
		if (i % 8 == 3)
			snprintf(
			    h, sizeof(h), "%s",
			    web[rng_below(&rng, sizeof(web) / sizeof(web[0]))]);
		else
			corpus_host(&src, &rng, h, sizeof(h), &k);
		pool[i] = strdup(h);
	}
	/* lines estimated at 150 bytes when a size is asked for */
	if (bytes > 0)
		lines = bytes / 150 + 1;
	span = (double)days * 86400.0;
	for (;;) {
		uint64_t r = rng_next(&rng);
		double u = unit(&rng);
		const char *h = pool[(size_t)(POOL * u * u * u)];
		unsigned long long sz =
		    (unsigned long long)(200.0 * exp(12.4292 * unit(&rng)));
		const char *site;
		int w, late = (r & 127) == 7, plen, k;
		char path[96];

		if (bytes > 0 ? written >= bytes : n >= lines)
			break;
		t = t0 + span * (double)n / (double)lines;
		if (late)
			t -= 120.0 * unit(&rng);
		switch ((r >> 8) & 3) {
		case 0:
			site = "10.20";
			break;
		case 1:
			site = "10.30";
			break;
		case 2:
			site = "10.40";
			break;
		default:
			site = (r >> 10) & 1 ? "10.20" : "10.99";
			break;
		}
		if (w3c) {
			/* the same request, W3C: date time time-taken c-ip
			 * sc-status s-action sc-bytes cs-method cs-uri */
			time_t ts = (time_t)t;
			struct tm tm;
			gmtime_r(&ts, &tm);
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
			if (n == 0)
				on += (size_t)snprintf(
				    out + on, sizeof(out) - on,
				    "#Software: bench_gen_log\n#Fields: date "
				    "time time-taken c-ip sc-status s-action "
				    "sc-bytes cs-method cs-uri\n");
			plen = 8 + (int)((r >> 24) % 73);
			for (k = 0; k < plen; k++)
				path[k] = path_chars[rng_below(
				    &rng, sizeof(path_chars) - 1)];
			path[plen] = '\0';
			if ((r >> 16) % 10 < 6)
				w = snprintf(
				    out + on, sizeof(out) - on,
				    "%s.%03u %u %s.%u.%u 200 TCP_TUNNEL "
				    "%llu CONNECT %s:443\n",
				    when, (unsigned)((t - (double)ts) * 1000),
				    (unsigned)((r >> 20) & 0xffff), site,
				    (unsigned)((r >> 36) & 255),
				    (unsigned)((r >> 44) & 255), sz, h);
			else
				w = snprintf(
				    out + on, sizeof(out) - on,
				    "%s.%03u %u %s.%u.%u 200 TCP_MISS "
				    "%llu %s http://%s/%s\n",
				    when, (unsigned)((t - (double)ts) * 1000),
				    (unsigned)((r >> 20) & 0xffff), site,
				    (unsigned)((r >> 36) & 255),
				    (unsigned)((r >> 44) & 255), sz,
				    (r >> 33) & 1 ? "GET" : "POST", h, path);
		} else if ((r >> 16) % 10 < 6) {
			w = snprintf(out + on, sizeof(out) - on,
			             "%.3f %6u %s.%u.%u TCP_TUNNEL/200 %llu "
			             "CONNECT %s:443 - HIER_DIRECT/52.96.%u.%u "
			             "-\n",
			             t, (unsigned)((r >> 20) & 0xffff), site,
			             (unsigned)((r >> 36) & 255),
			             (unsigned)((r >> 44) & 255), sz, h,
			             (unsigned)((r >> 52) & 255),
			             (unsigned)((r >> 28) & 255));
		} else {
			plen = 8 + (int)((r >> 24) % 73);
			for (k = 0; k < plen; k++)
				path[k] = path_chars[rng_below(
				    &rng, sizeof(path_chars) - 1)];
			path[plen] = '\0';
			w = snprintf(out + on, sizeof(out) - on,
			             "%.3f %6u %s.%u.%u TCP_MISS/200 %llu %s "
			             "http://%s/%s - HIER_DIRECT/93.184.%u.%u "
			             "text/html\n",
			             t, (unsigned)((r >> 20) & 0xffff), site,
			             (unsigned)((r >> 36) & 255),
			             (unsigned)((r >> 44) & 255), sz,
			             (r >> 33) & 1 ? "GET" : "POST", h, path,
			             (unsigned)((r >> 52) & 255),
			             (unsigned)((r >> 28) & 255));
		}
		on += (size_t)w;
		written += (unsigned long long)w;
		n++;
		if (on > sizeof(out) - 1024) {
			fwrite(out, 1, on, stdout);
			on = 0;
		}
	}
	fwrite(out, 1, on, stdout);
	fprintf(stderr, "bench_gen_log: %llu lines, %llu bytes, seed %#llx\n",
	        n, written, seed);
	for (i = 0; i < POOL; i++)
		free(pool[i]);
	free(pool);
	corpus_src_free(&src);
	mr_catalog_free(c);
	mr_diags_free(d);
	return fflush(stdout) == 0 ? 0 : 1;
}
