/*
 * pac-engine.c - evaluate or time a PAC file in two C-embedded JavaScript
 * engines: pacparser 1.3.6 (SpiderMonkey 1.7, with its own Mozilla PAC
 * helpers; Debian libpacparser-dev) and Duktape 2.7 (libproxy's engine;
 * Debian duktape-dev, with the helpers of tests/pac/pac-helpers.js).
 *
 * usage: pac-engine eval  pacparser|duktape PAC HOSTS [HELPERS.js]
 *        pac-engine bench pacparser|duktape PAC HOSTS SECONDS [HELPERS.js]
 *
 * eval prints one answer a line, in the order of HOSTS; a failed call
 * prints "ERROR". Each host h is passed as FindProxyForURL("http://h/", h).
 * pacparser is re-initialised every CHUNK calls: it is not thread-safe and
 * slows down as one engine instance evaluates more URLs (see
 * tests/scripts/test-parity.sh). bench runs the host list over and over for
 * at least SECONDS (pacparser's re-initialisations are not counted) and
 * prints "calls N seconds S rate R direct D", D being
 * the DIRECT answers of the first pass.
 * Exit status: 0, 1 when the PAC file does not load, 2 for usage errors.
 *
 * Build: cc -O2 -o pac-engine pac-engine.c -lpacparser -lduktape -lm
 */
#include <duktape.h>
#include <pacparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHUNK 3000

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t n = 0, cap = 0, r;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			char *np = realloc(p, cap + 65536 + 1);
			if (np == NULL) {
				free(p);
				fclose(f);
				return NULL;
			}
			p = np;
			cap += 65536;
		}
		r = fread(p + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	p[n] = '\0';
	if (len)
		*len = n;
	return p;
}

/* Split text into lines (in place). */
static char **
lines(char *text, size_t *n)
{
	size_t cap = 1024, k = 0;
	char **v = malloc(cap * sizeof(*v)), *p = text, *nl;

	while (v != NULL && *p) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (k == cap) {
			char **nv = realloc(v, 2 * cap * sizeof(*v));
			if (nv == NULL) {
				free(v);
				return NULL;
			}
			v = nv;
			cap *= 2;
		}
		v[k++] = p;
		if (!nl)
			break;
		p = nl + 1;
	}
	*n = k;
	return v;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- pacparser ---- */

static const char *pp_pac;

static int
pp_load(void)
{
	if (!pacparser_init())
		return -1;
	pacparser_setmyip("10.1.2.3");
	if (!pacparser_parse_pac_file(pp_pac)) {
		pacparser_cleanup();
		return -1;
	}
	return 0;
}

static const char *
pp_call(const char *url, const char *host)
{
	const char *r = pacparser_find_proxy(url, host);
	return r ? r : "ERROR";
}

/* ---- Duktape ---- */

static duk_context *duk;

static int
duk_load(const char *helpers, const char *pac)
{
	duk = duk_create_heap_default();
	if (duk == NULL)
		return -1;
	if (duk_peval_string(duk, helpers) != 0) {
		fprintf(stderr, "duktape: helpers: %s\n",
		        duk_safe_to_string(duk, -1));
		return -1;
	}
	duk_pop(duk);
	if (duk_peval_string(duk, pac) != 0) {
		fprintf(stderr, "duktape: PAC: %s\n",
		        duk_safe_to_string(duk, -1));
		return -1;
	}
	duk_pop(duk);
	duk_get_global_string(duk, "FindProxyForURL");
	if (!duk_is_function(duk, -1)) {
		fprintf(stderr, "duktape: no FindProxyForURL\n");
		return -1;
	}
	duk_pop(duk);
	return 0;
}

static const char *
duk_call_(const char *url, const char *host, char *buf, size_t cap)
{
	const char *r = "ERROR";

	duk_get_global_string(duk, "FindProxyForURL");
	duk_push_string(duk, url);
	duk_push_string(duk, host);
	if (duk_pcall(duk, 2) == 0 && duk_is_string(duk, -1))
		r = duk_get_string(duk, -1);
	snprintf(buf, cap, "%s", r);
	duk_pop(duk);
	return buf;
}

int
main(int argc, char **argv)
{
	char *pac, *hosts_text, *helpers = NULL, **hosts, url[1100], res[1100];
	const char *mode, *eng, *hp, *r;
	size_t n, i, calls = 0, direct = 0;
	double secs = 0, t0, t1, reload = 0;
	int pp, bench;

	if (argc < 5)
		goto usage;
	mode = argv[1];
	eng = argv[2];
	bench = strcmp(mode, "bench") == 0;
	if (!bench && strcmp(mode, "eval") != 0)
		goto usage;
	pp = strcmp(eng, "pacparser") == 0;
	if (!pp && strcmp(eng, "duktape") != 0)
		goto usage;
	if (bench && (argc < 6 || (secs = atof(argv[5])) <= 0))
		goto usage;
	hp = argc > 5 + bench ? argv[5 + bench] : NULL;
	pac = slurp(argv[3], NULL);
	hosts_text = slurp(argv[4], NULL);
	if (pac == NULL || hosts_text == NULL) {
		perror("pac-engine: reading input");
		return 2;
	}
	hosts = lines(hosts_text, &n);
	if (hosts == NULL)
		return 2;
	if (!pp) {
		char def[4096];
		if (hp == NULL) {
			/* helpers next to this source, by default */
			snprintf(def, sizeof(def), "%s", __FILE__);
			char *slash = strrchr(def, '/');
			snprintf(slash ? slash + 1 : def,
			         sizeof(def) -
			             (size_t)(slash ? slash + 1 - def : 0),
			         "pac-helpers.js");
			hp = def;
		}
		helpers = slurp(hp, NULL);
		if (helpers == NULL) {
			perror(hp);
			return 2;
		}
		if (duk_load(helpers, pac) != 0)
			return 1;
	} else {
		pp_pac = argv[3];
		if (pp_load() != 0) {
			fprintf(stderr, "pacparser: the PAC file does not "
			                "load\n");
			return 1;
		}
	}
	t0 = now();
	do {
		for (i = 0; i < n; i++) {
			snprintf(url, sizeof(url), "http://%s/", hosts[i]);
			if (pp) {
				if (calls > 0 && calls % CHUNK == 0) {
					/* not a call: kept out of the time */
					double r0 = now();
					pacparser_cleanup();
					if (pp_load() != 0)
						return 1;
					reload += now() - r0;
				}
				r = pp_call(url, hosts[i]);
			} else {
				r = duk_call_(url, hosts[i], res, sizeof(res));
			}
			if (calls < n && strcmp(r, "DIRECT") == 0)
				direct++;
			calls++;
			if (!bench)
				printf("%s\n", r);
		}
		t1 = now();
	} while (bench && t1 - t0 - reload < secs && n > 0);
	t1 -= reload;
	if (bench)
		printf("calls %zu seconds %.3f rate %.0f direct %zu\n", calls,
		       t1 - t0, (double)calls / (t1 - t0), direct);
	if (pp)
		pacparser_cleanup();
	else
		duk_destroy_heap(duk);
	free(pac);
	free(hosts_text);
	free(helpers);
	free(hosts);
	return 0;
usage:
	fprintf(stderr,
	        "usage: pac-engine eval  pacparser|duktape PAC HOSTS "
	        "[HELPERS]\n"
	        "       pac-engine bench pacparser|duktape PAC HOSTS SECONDS "
	        "[HELPERS]\n");
	return 2;
}
