/*
 * test_verify_client.c - the parts of verify --client that run without
 * root: the kernel's route for loopback addresses (rtnetlink: lo), the
 * PAC file from a file and over HTTP from a python3 http.server started
 * here on a free loopback port (404, a size cap, a refused connection, a
 * server that never answers), schemes refused, and mr_verify_client() on
 * trey-research with PAC files that do not load, throw, or answer
 * otherwise than the plan, and a site that does not exist.
 */
#define _DEFAULT_SOURCE
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "client_int.h"
#include "testutil.h"

extern char **environ;

/* The HTTP server of pac_http, stopped by the group teardown too, so that
 * a failed assertion leaves no process behind. */
static pid_t server = -1;

static void
stop_server(void)
{
	if (server > 0) {
		kill(server, SIGTERM);
		waitpid(server, NULL, 0);
		server = -1;
	}
}

static int
teardown(void **state)
{
	stop_server();
	return tu_world_teardown(state);
}

static void
kroute_lo(void **state)
{
	struct mr_vclient_route rt;
	struct mr_addr a;

	(void)state;
	assert_int_equal(mr_addr_parse(&a, "127.0.0.1", 9), MR_OK);
	assert_int_equal(mri_kroute_get(&a, &rt), MR_OK);
	assert_int_equal(rt.err, 0);
	assert_string_equal(rt.ifname, "lo");
	assert_false(rt.has_gw);
	assert_true(rt.table != 0);
	assert_int_equal(rt.dst_len, 32); /* the local route 127.0.0.1/32 */
	assert_int_equal(mr_addr_parse(&a, "127.1.2.3", 9), MR_OK);
	assert_int_equal(mri_kroute_get(&a, &rt), MR_OK);
	assert_string_equal(rt.ifname, "lo");
	assert_int_equal(rt.dst_len, 8); /* 127.0.0.0/8 */
}

/* A port nobody listens on, and a socket listening that never accepts
 * (connections complete in the backlog, no answer ever comes). */
static int
free_port(int *listening)
{
	struct sockaddr_in sa;
	socklen_t l = sizeof(sa);
	int s = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(s >= 0);
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&sa, &l), 0);
	if (listening != NULL) {
		assert_int_equal(listen(s, 8), 0);
		*listening = s;
	} else {
		close(s);
	}
	return ntohs(sa.sin_port);
}

static void
write_file(const char *path, const char *text, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void
pac_http(void **state)
{
	char dir[] = "/tmp/mrvc-XXXXXX", path[128], url[128], port_s[16];
	char *buf = NULL, big[5000];
	size_t len = 0;
	int port = free_port(NULL), hang = -1;
	pid_t pid;
	static const char pac[] =
	    "function FindProxyForURL(u, h) { return \"DIRECT\"; }\n";

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/p.pac", dir);
	write_file(path, pac, sizeof(pac) - 1);
	memset(big, 'x', sizeof(big));
	snprintf(path, sizeof(path), "%s/big.pac", dir);
	write_file(path, big, sizeof(big));
	snprintf(port_s, sizeof(port_s), "%d", port);
	char *argv[] = {"python3",     "-m",     "http.server",
	                port_s,        "--bind", "127.0.0.1",
	                "--directory", dir,      NULL};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, "python3", &fa, NULL, argv, environ) != 0)
		skip(); /* python3: scripts/install-deps */
	server = pid;
	posix_spawn_file_actions_destroy(&fa);
	/* wait for it: at most 10 s */
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/p.pac", port);
	int rc = MR_EIO;
	for (int i = 0; i < 200 && rc != MR_OK; i++) {
		rc = mr_verify_pac_get(&buf, &len, url, 0, 2000);
		if (rc != MR_OK) {
			struct timespec ts = {0, 50000000};
			nanosleep(&ts, NULL);
		}
	}
	assert_int_equal(rc, MR_OK);
	assert_int_equal(len, sizeof(pac) - 1);
	assert_memory_equal(buf, pac, len);
	free(buf);

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/nothing.pac", port);
	assert_int_equal(mr_verify_pac_get(&buf, &len, url, 0, 2000), MR_EIO);
	assert_null(buf);
	assert_non_null(strstr(mr_error_last(), "HTTP status 404"));

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/big.pac", port);
	assert_int_equal(mr_verify_pac_get(&buf, &len, url, 4096, 2000),
	                 MR_EIO);
	assert_non_null(strstr(mr_error_last(), "larger than 4096 bytes"));
	assert_int_equal(mr_verify_pac_get(&buf, &len, url, 0, 2000), MR_OK);
	assert_int_equal(len, sizeof(big));
	free(buf);

	stop_server();

	/* refused: nobody on that port any more */
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/p.pac", port);
	assert_int_equal(mr_verify_pac_get(&buf, &len, url, 0, 2000), MR_EIO);
	assert_non_null(strstr(mr_error_last(), "127.0.0.1"));

	/* a server that never answers: the timeout */
	port = free_port(&hang);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/p.pac", port);
	assert_int_equal(mr_verify_pac_get(&buf, &len, url, 0, 300), MR_EIO);
	if (strstr(mr_error_last(), "imeout") == NULL &&
	    strstr(mr_error_last(), "timed out") == NULL)
		fail_msg("not a timeout: %s", mr_error_last());
	close(hang);

	/* the file itself, and what is refused */
	snprintf(path, sizeof(path), "%s/p.pac", dir);
	assert_int_equal(mr_verify_pac_get(&buf, &len, path, 0, 0), MR_OK);
	assert_int_equal(len, sizeof(pac) - 1);
	free(buf);
	assert_int_equal(mr_verify_pac_get(&buf, &len, path, 10, 0), MR_EIO);
	snprintf(path, sizeof(path), "%s/none.pac", dir);
	assert_int_equal(mr_verify_pac_get(&buf, &len, path, 0, 0), MR_EIO);
	assert_int_equal(
	    mr_verify_pac_get(&buf, &len, "file:///etc/passwd", 0, 0),
	    MR_EINVAL);
	assert_non_null(strstr(mr_error_last(), "only http:// and https://"));
	assert_int_equal(mr_verify_pac_get(&buf, &len, "ftp://x/p.pac", 0, 0),
	                 MR_EINVAL);
	snprintf(path, sizeof(path), "%s/p.pac", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/big.pac", dir);
	unlink(path);
	rmdir(dir);
}

struct trey {
	struct mr_design *g;
	struct mr_net *n;
	struct mr_config *c;
};

static void
trey_load(struct trey *t)
{
	size_t len;
	const char *text = mr_example_text("trey-research", &len);
	t->g = tu_design_text("trey-research.yaml", text, len);
	assert_non_null(t->g);
	assert_int_equal(mr_net_resolve(&t->n, t->g), MR_OK);
	assert_int_equal(mr_config_new(&t->c, t->n, tu_catalog(), NULL), MR_OK);
}

static void
trey_free(struct trey *t)
{
	mr_config_free(t->c);
	mr_net_free(t->n);
	mr_design_free(t->g);
}

static int
run(struct trey *t, const char *site, const char *pac, struct mr_vclient **out,
    struct mr_diags **d)
{
	struct mr_verify_client_opts o = MR_VERIFY_CLIENT_OPTS_INIT;

	o.site = site;
	o.pac = pac;
	o.pac_len = pac ? strlen(pac) : 0;
	o.pac_name = "t.pac";
	assert_int_equal(mr_diags_new(d), MR_OK);
	return mr_verify_client(out, t->n, tu_matcher(), t->c, &o, *d);
}

static size_t
count(const struct mr_diags *d, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < mr_diags_count(d); i++)
		n += strcmp(mr_diags_get(d, i)->code, code) == 0;
	return n;
}

static void
client_pac(void **state)
{
	struct trey t;
	struct mr_vclient *c = NULL;
	struct mr_diags *d = NULL;

	(void)state;
	trey_load(&t);
	/* the plan's answers, every name resolved or not: no MR-VER-11 */
	assert_int_equal(run(&t, "hq",
	                     "function FindProxyForURL(u, h) {\n"
	                     "  if (shExpMatch(h, '*.example.com') ||\n"
	                     "      h == 'portal.microsoftonline.com')\n"
	                     "    return 'PROXY 10.10.2.10:8080; "
	                     "PROXY 10.10.2.11:8080';\n"
	                     "  return 'DIRECT';\n}\n",
	                     &c, &d),
	                 MR_OK);
	assert_string_equal(c->site, "hq");
	assert_true(c->pac);
	assert_true(c->n_dests >= 6);
	assert_int_equal(count(d, "MR-VER-11"), 0);
	for (size_t i = 0; i < c->n_dests; i++) {
		const struct mr_vclient_dest *x = &c->dests[i];
		if (x->udp) {
			assert_null(x->pac);
			assert_int_equal(x->n_addrs, 1); /* an address */
			continue;
		}
		assert_non_null(x->pac);
		assert_int_equal(x->pac_match, MR_VCLIENT_MATCH);
	}
	mr_verify_client_free(c);
	mr_diags_free(d);

	/* everything to the proxy: the four DIRECT names differ */
	assert_int_equal(run(&t, NULL,
	                     "function FindProxyForURL(u, h) "
	                     "{ return 'PROXY 10.10.2.10:8080'; }",
	                     &c, &d),
	                 MR_OK);
	assert_int_equal(count(d, "MR-VER-11"), 4);
	mr_verify_client_free(c);
	mr_diags_free(d);

	/* throws on a call: reported per flow, not a failure */
	assert_int_equal(run(&t, "hq",
	                     "function FindProxyForURL(u, h) "
	                     "{ throw new Error('boom'); }",
	                     &c, &d),
	                 MR_OK);
	assert_int_equal(count(d, "MR-VER-11"), 6);
	assert_non_null(c->dests[0].pac_error);
	assert_non_null(strstr(c->dests[0].pac_error, "boom"));
	mr_verify_client_free(c);
	mr_diags_free(d);

	/* does not load: no result */
	assert_int_equal(run(&t, "hq", "throw 'at load';", &c, &d), MR_EPARSE);
	assert_null(c);
	assert_non_null(strstr(mr_error_last(), "throws while loading"));
	mr_diags_free(d);
	assert_int_equal(run(&t, "hq", "function f( {", &c, &d), MR_EPARSE);
	assert_non_null(strstr(mr_error_last(), "does not compile"));
	mr_diags_free(d);
	assert_int_equal(run(&t, "hq", "var x = 1;", &c, &d), MR_EPARSE);
	assert_non_null(strstr(mr_error_last(), "no FindProxyForURL"));
	mr_diags_free(d);
	assert_int_equal(run(&t, "hq",
	                     "function FindProxyForURL(u, h) { for (;;) {} }",
	                     &c, &d),
	                 MR_OK);
	assert_non_null(strstr(c->dests[0].pac_error, "budget"));
	mr_verify_client_free(c);
	mr_diags_free(d);

	/* no such site */
	assert_int_equal(run(&t, "nowhere", NULL, &c, &d), MR_ENOTFOUND);
	assert_non_null(strstr(mr_error_last(), "the sites are: hq"));
	mr_diags_free(d);
	trey_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(kroute_lo),
	    cmocka_unit_test(pac_http),
	    cmocka_unit_test(client_pac),
	};
	return cmocka_run_group_tests(tests, tu_world_setup, teardown);
}
