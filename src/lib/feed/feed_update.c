/*
 * feed_update.c - m365route endpoints update / rollback: fetch a new
 * catalog from the web service, validate it, check the safety rules and
 * install it in the data directory (feed.h, feed_store.c).
 *
 * Spec: Microsoft Learn, "Microsoft 365 IP Address and URL web service"
 * (ms.date 2025-01-08): GET /version/<Instance> (not rate limited; {"instance",
 * "latest"} or an array of such records) and, only when latest changed,
 * GET /endpoints/<Instance>; ClientRequestId on every call; versions are
 * YYYYMMDDNN and compare as strings (the doc's sample clients compare
 * "latest > lastVersion").
 *
 * Flow of an update, each step able to stop it with nothing installed
 * changed: options; DIR/<inst> created; a probe that it is writable (before
 * any request, so an unwritable store costs no rate-limited call); the
 * lock; the ClientRequestId; the state; /version; the decision (up to
 * date, older, held after a rollback, or fetch); /endpoints; complete
 * validation by mr_catalog_load_buffer() (findings to the caller); the
 * safety rules against the installed catalog, or the embedded snapshot
 * when none is installed (the 25% rule on sets, distinct URL patterns,
 * distinct prefixes and distinct prefixes of ExpressRoute sets; at least
 * one ExpressRoute set if it had one); then the catalog file (atomic),
 * the state (atomic: the commit point) and pruning of files no longer
 * named.
 * Complexity: two requests (plus retries), O(catalog) validation,
 * O(n log n) counting of the n URLs and prefixes of both catalogs.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "feed_int.h"

#define PATHMAX 4096
#define URLMAX  2048

/*
 * /version.
 */

/* At most 48 bytes of untrusted text, printable ASCII only, for messages. */
static const char *
shown(char *buf, size_t n, const char *s, size_t len)
{
	size_t i, k = 0;

	for (i = 0; i < len && i < 48 && k + 5 < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			buf[k++] = (char)c;
		} else {
			snprintf(buf + k, n - k, "\\x%02x", c);
			k += 4;
		}
	}
	if (i < len && k + 4 < n) {
		memcpy(buf + k, "...", 3);
		k += 3;
	}
	buf[k] = '\0';
	return buf;
}

int
mr_feed_parse_version(char out[MR_FEED_VERSION_LEN + 1], const char *instance,
                      const char *body, size_t len)
{
	const char *canon =
	    mr_feed_instance_name(instance ? instance : "Worldwide");
	const json_t *rec = NULL, *lv;
	json_error_t err;
	json_t *root;
	char q[256];
	const char *s;
	size_t i;

	out[0] = '\0';
	if (canon == NULL)
		return mri_error_set(MR_EINVAL, "unknown instance '%s'",
		                     instance);
	if (body == NULL || len == 0)
		return mri_error_set(MR_EPARSE, "the /version response is "
		                                "empty");
	root = json_loadb(body, len, JSON_DECODE_ANY, &err);
	if (root == NULL)
		return mri_error_set(MR_EPARSE,
		                     "the /version response is not JSON (%s at "
		                     "byte %d); it starts \"%s\"",
		                     err.text, err.position,
		                     shown(q, sizeof(q), body, len));
	if (json_is_object(root)) {
		rec = root;
	} else if (json_is_array(root)) {
		for (i = 0; i < json_array_size(root); i++) {
			const json_t *r = json_array_get(root, i);
			const char *in =
			    json_string_value(json_object_get(r, "instance"));
			if (in != NULL && strcasecmp(in, canon) == 0) {
				rec = r;
				break;
			}
		}
	}
	if (rec == NULL) {
		json_decref(root);
		return mri_error_set(MR_EPARSE,
		                     "the /version response holds no record "
		                     "for %s",
		                     canon);
	}
	s = json_string_value(json_object_get(rec, "instance"));
	if (s != NULL && strcasecmp(s, canon) != 0) {
		shown(q, sizeof(q), s, strlen(s));
		json_decref(root);
		return mri_error_set(MR_EPARSE,
		                     "the /version response is for instance "
		                     "\"%s\", not %s",
		                     q, canon);
	}
	lv = json_object_get(rec, "latest");
	if (!json_is_string(lv)) {
		json_decref(root);
		return mri_error_set(MR_EPARSE, "the /version response has no "
		                                "\"latest\" string");
	}
	s = json_string_value(lv);
	if (!mr_feed_version_valid(s) ||
	    json_string_length(lv) != MR_FEED_VERSION_LEN) {
		shown(q, sizeof(q), s, json_string_length(lv));
		json_decref(root);
		return mri_error_set(MR_EPARSE,
		                     "the /version response gives latest "
		                     "\"%s\", not a version of 10 digits "
		                     "(YYYYMMDDNN)",
		                     q);
	}
	memcpy(out, s, MR_FEED_VERSION_LEN + 1);
	json_decref(root);
	return MR_OK;
}

/*
 * Safety.
 */

/* What the rules compare: sets, and distinct URL patterns and prefixes. */
struct counts {
	size_t sets, er_sets, urls, ips, er_ips;
};

static int
cmp_url(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_prefix(const void *a, const void *b)
{
	return mr_prefix_cmp(a, b);
}

/* The number of distinct elements of v[0..n) once sorted. */
static size_t
distinct(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	const char *p = v;
	size_t i, k = n > 0;

	qsort(v, n, size, cmp);
	for (i = 1; i < n; i++)
		k += cmp(p + (i - 1) * size, p + i * size) != 0;
	return k;
}

/*
 * Count c's sets and ExpressRoute sets, and its distinct URL patterns,
 * prefixes and prefixes of ExpressRoute sets: a pattern or prefix listed
 * in several sets counts once, so that a feed that stops repeating them
 * is not taken for one that lost them. MR_OK or MR_ENOMEM.
 */
static int
count(struct counts *out, const struct mr_catalog *c)
{
	size_t i, k, nu = 0, ni = 0, ne = 0, bytes;
	const char **urls = NULL;
	struct mr_prefix *ips = NULL, *er = NULL;
	int rc = MR_ENOMEM;

	memset(out, 0, sizeof(*out));
	out->sets = mr_catalog_count(c);
	for (i = 0; i < out->sets; i++) {
		const struct mr_endpoint_set *s = mr_catalog_set(c, i);
		out->er_sets += s->express_route;
		nu += s->n_urls;
		ni += s->n_ips;
	}
	if (__builtin_mul_overflow(nu ? nu : 1, sizeof(*urls), &bytes) ||
	    (urls = malloc(bytes)) == NULL ||
	    __builtin_mul_overflow(ni ? ni : 1, sizeof(*ips), &bytes) ||
	    (ips = malloc(bytes)) == NULL || (er = malloc(bytes)) == NULL)
		goto out;
	nu = ni = 0;
	for (i = 0; i < out->sets; i++) {
		const struct mr_endpoint_set *s = mr_catalog_set(c, i);
		for (k = 0; k < s->n_urls; k++)
			urls[nu++] = s->urls[k];
		for (k = 0; k < s->n_ips; k++) {
			ips[ni++] = s->ips[k];
			if (s->express_route)
				er[ne++] = s->ips[k];
		}
	}
	out->urls = distinct(urls, nu, sizeof(*urls), cmp_url);
	out->ips = distinct(ips, ni, sizeof(*ips), cmp_prefix);
	out->er_ips = distinct(er, ne, sizeof(*er), cmp_prefix);
	rc = MR_OK;
out:
	free(urls);
	free(ips);
	free(er);
	return rc;
}

/* The 25% rule: after < 0.75 * before, in integers. */
static bool
shrinks(size_t before, size_t after)
{
	return after * 4 < before * 3;
}

static unsigned
rules(const struct counts *b, const struct counts *c)
{
	unsigned bad = 0;

	if (shrinks(b->sets, c->sets))
		bad |= MR_FEED_SHRINKS;
	if (b->er_sets > 0 && c->er_sets == 0)
		bad |= MR_FEED_LOSES_ER;
	if (shrinks(b->urls, c->urls))
		bad |= MR_FEED_FEWER_URLS;
	if (shrinks(b->ips, c->ips))
		bad |= MR_FEED_FEWER_IPS;
	if (shrinks(b->er_ips, c->er_ips))
		bad |= MR_FEED_FEWER_ER_IPS;
	return bad;
}

unsigned
mr_feed_check_safety(const struct mr_catalog *baseline,
                     const struct mr_catalog *candidate)
{
	struct counts b, c;

	if (count(&b, baseline) != MR_OK || count(&c, candidate) != MR_OK)
		return MR_FEED_FEWER_URLS | MR_FEED_FEWER_IPS |
		       MR_FEED_FEWER_ER_IPS; /* refuse what was not checked */
	return rules(&b, &c);
}

/*
 * Options and URLs.
 */

/* The base URL without trailing slashes into buf; plain http only to the
 * loopback interface (tests), never over a network. */
static int
base_url(char *buf, size_t n, const char *u)
{
	const char *host, *he;
	size_t len, i;

	if (u == NULL)
		u = MR_FEED_DEFAULT_URL;
	len = strlen(u);
	while (len > 0 && u[len - 1] == '/')
		len--;
	for (i = 0; i < len; i++)
		if ((unsigned char)u[i] <= 0x20 ||
		    (unsigned char)u[i] >= 0x7f || u[i] == '?' || u[i] == '#')
			return mri_error_set(
			    MR_EINVAL,
			    "--base-url: '%s' is not a base URL "
			    "(no spaces, query or fragment)",
			    u);
	if (len + 1 > n)
		return mri_error_set(MR_EINVAL, "--base-url is too long");
	if (strncasecmp(u, "https://", 8) == 0) {
		host = u + 8;
	} else if (strncasecmp(u, "http://", 7) == 0) {
		host = u + 7;
		he = host + strcspn(host, "/");
		if (!((he - host >= 9 && strncmp(host, "127.0.0.1", 9) == 0 &&
		       (host[9] == ':' || host + 9 == he)) ||
		      (he - host >= 9 && strncmp(host, "localhost", 9) == 0 &&
		       (host[9] == ':' || host + 9 == he)) ||
		      (he - host >= 5 && strncmp(host, "[::1]", 5) == 0 &&
		       (host[5] == ':' || host + 5 == he))))
			return mri_error_set(
			    MR_EINVAL,
			    "--base-url: '%s': plain http is "
			    "allowed only to 127.0.0.1, [::1] or "
			    "localhost; use https",
			    u);
	} else {
		return mri_error_set(
		    MR_EINVAL, "--base-url: '%s' is not an http(s) URL", u);
	}
	if (*host == '\0' || *host == '/')
		return mri_error_set(MR_EINVAL, "--base-url: '%s' has no host",
		                     u);
	memcpy(buf, u, len);
	buf[len] = '\0';
	return MR_OK;
}

static void
now_utc(char *buf, size_t n)
{
	struct tm tm;
	time_t t = time(NULL);

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, n, "unknown");
}

struct ctx {
	const struct mr_feed_opts *o;
	const char *canon;
	char inst_dir[PATHMAX - 128]; /* room for "/endpoints-V.json" */
	char base[URLMAX];
	int lock;
};

/* Common start of update and rollback: options, and unless only checking
 * them, the directory (created), the probe and the lock. */
static int
begin(struct ctx *x, struct mr_feed_result *out, const struct mr_feed_opts *o,
      bool options_only)
{
	int rc;

	memset(out, 0, sizeof(*out));
	x->o = o;
	x->lock = -1;
	if (o == NULL || o->data_dir == NULL || o->data_dir[0] == '\0')
		return mri_error_set(MR_EINVAL, "no data directory given");
	x->canon =
	    mr_feed_instance_name(o->instance ? o->instance : "Worldwide");
	if (x->canon == NULL)
		return mri_error_set(MR_EINVAL,
		                     "unknown instance '%s' (worldwide, china, "
		                     "usgovdod, usgovgcchigh)",
		                     o->instance);
	if ((rc = base_url(x->base, sizeof(x->base), o->base_url)) != MR_OK)
		return rc;
	if (snprintf(x->inst_dir, sizeof(x->inst_dir), "%s/%s", o->data_dir,
	             mri_feed_instance_dir(x->canon)) >=
	    (int)sizeof(x->inst_dir))
		return mri_error_set(MR_EINVAL,
		                     "the data directory name is too "
		                     "long");
	if (options_only)
		return MR_OK;
	if ((rc = mri_feed_mkdirs(x->inst_dir)) != MR_OK ||
	    (rc = mri_feed_probe_writable(x->inst_dir)) != MR_OK)
		return rc;
	if ((x->lock = mri_feed_lock(x->inst_dir)) < 0)
		return x->lock;
	return MR_OK;
}

static void
end(struct ctx *x)
{
	/* Closing the descriptor releases the fcntl lock. */
	if (x->lock >= 0)
		close(x->lock);
}

/* The catalog to compare a candidate with: the installed one, else the
 * embedded snapshot. */
static int
baseline(struct mr_catalog **out, bool *embedded, const struct ctx *x,
         const struct mr_feed_state *st, bool have_state)
{
	struct mr_diags *scratch;
	int rc = MR_ENOTFOUND;

	*out = NULL;
	*embedded = false;
	if (mr_diags_new(&scratch) != MR_OK)
		return mri_error_set(MR_ENOMEM, "out of memory");
	if (have_state) {
		rc = mr_catalog_load_file(out, st->path, scratch);
		if (rc != MR_OK)
			mri_feed_log(x->o,
			             "the installed catalog '%s' does not load "
			             "any more; comparing with the embedded "
			             "snapshot",
			             st->path);
	}
	if (rc != MR_OK) {
		*embedded = true;
		rc = mr_catalog_load_embedded(out, x->canon, scratch);
	}
	mr_diags_free(scratch);
	return rc;
}

int
mr_feed_update(struct mr_feed_result *out, const struct mr_feed_opts *o,
               struct mr_diags *d)
{
	struct ctx x;
	struct mr_feed_state st, nst;
	struct mr_body body = {NULL, 0, 0};
	struct mr_catalog *cand = NULL, *base = NULL;
	struct counts cb, cc;
	char url[URLMAX + 128], what[URLMAX + 64], name[64], file[64], keep[64];
	bool have;
	int rc;

	if (out == NULL || d == NULL)
		return mri_error_set(MR_EINVAL, "mr_feed_update: invalid "
		                                "argument");
	if ((rc = begin(&x, out, o, false)) != MR_OK)
		goto done;
	if ((rc = mr_feed_client_id(out->client_id, o->data_dir)) != MR_OK)
		goto done;
	rc = mr_feed_state_read(&st, o->data_dir, x.canon);
	if (rc != MR_OK && rc != MR_ENOTFOUND) {
		if (!o->force)
			goto done;
		mri_feed_log(o, "%s; --force: replacing it", mr_error_last());
	}
	have = rc == MR_OK;
	if (have) {
		memcpy(out->version, st.version, sizeof(out->version));
		memcpy(out->previous, st.previous, sizeof(out->previous));
		snprintf(out->path, sizeof(out->path), "%s", st.path);
		snprintf(out->previous_path, sizeof(out->previous_path), "%s",
		         st.previous_path);
	}

	/* /version first: it is not rate limited. */
	snprintf(what, sizeof(what), "GET %s/version/%s", x.base, x.canon);
	snprintf(url, sizeof(url), "%s/version/%s?ClientRequestId=%s", x.base,
	         x.canon, out->client_id);
	if ((rc = mri_feed_get(&body, o, url, what, &out->requests)) != MR_OK)
		goto done;
	rc = mr_feed_parse_version(out->latest, x.canon, body.p, body.n);
	mri_body_free(&body);
	if (rc == MR_EPARSE) {
		/* MR_EPARSE means findings in d; this is a bad answer. */
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", mr_error_last());
		rc = mri_error_set(MR_EIO, "%s: %s", what, msg);
	}
	if (rc != MR_OK)
		goto done;
	if (have && !o->force) {
		int cmp = strcmp(out->latest, st.version);
		if (cmp == 0) {
			out->outcome = MR_FEED_UP_TO_DATE;
			goto done;
		}
		if (cmp < 0) {
			out->outcome = MR_FEED_OLDER;
			goto done;
		}
		if (strcmp(out->latest, st.held) == 0) {
			out->outcome = MR_FEED_HELD;
			goto done;
		}
	}

	snprintf(what, sizeof(what), "GET %s/endpoints/%s", x.base, x.canon);
	snprintf(url, sizeof(url), "%s/endpoints/%s?ClientRequestId=%s", x.base,
	         x.canon, out->client_id);
	if ((rc = mri_feed_get(&body, o, url, what, &out->requests)) != MR_OK)
		goto done;
	snprintf(name, sizeof(name), "<%s/endpoints/%s>", x.canon, out->latest);
	if ((rc = mr_catalog_load_buffer(&cand, name, body.p, body.n, d)) !=
	    MR_OK)
		goto done;
	if ((rc = baseline(&base, &out->baseline_embedded, &x, &st, have)) !=
	    MR_OK)
		goto done;
	if ((rc = count(&cb, base)) != MR_OK ||
	    (rc = count(&cc, cand)) != MR_OK) {
		rc = mri_error_set(MR_ENOMEM, "out of memory");
		goto done;
	}
	out->sets_before = cb.sets;
	out->sets_after = cc.sets;
	out->er_before = cb.er_sets;
	out->er_after = cc.er_sets;
	out->urls_before = cb.urls;
	out->urls_after = cc.urls;
	out->ips_before = cb.ips;
	out->ips_after = cc.ips;
	out->er_ips_before = cb.er_ips;
	out->er_ips_after = cc.er_ips;
	out->refused = rules(&cb, &cc);
	if (out->refused && !o->force) {
		out->outcome = MR_FEED_REFUSED;
		goto done;
	}

	/* Install: the file, then the state (the commit point). */
	memset(&nst, 0, sizeof(nst));
	snprintf(nst.instance, sizeof(nst.instance), "%s", x.canon);
	memcpy(nst.version, out->latest, sizeof(nst.version));
	if (have && strcmp(st.version, out->latest) != 0)
		memcpy(nst.previous, st.version, sizeof(nst.previous));
	else if (have)
		memcpy(nst.previous, st.previous, sizeof(nst.previous));
	now_utc(nst.updated, sizeof(nst.updated));
	mri_sha256_hex(nst.sha256, body.p, body.n);
	snprintf(file, sizeof(file), "endpoints-%s.json", nst.version);
	snprintf(out->path, sizeof(out->path), "%s/%s", x.inst_dir, file);
	if ((rc = mri_feed_write_atomic(out->path, body.p, body.n)) != MR_OK ||
	    (rc = mri_feed_state_write(o->data_dir, &nst)) != MR_OK)
		goto done; /* the state still names the old file */
	snprintf(keep, sizeof(keep), "endpoints-%s.json", nst.previous);
	mri_feed_prune(x.inst_dir, file, nst.previous[0] ? keep : NULL);
	memcpy(out->previous, nst.previous, sizeof(out->previous));
	memcpy(out->version, nst.version, sizeof(out->version));
	if (nst.previous[0])
		snprintf(out->previous_path, sizeof(out->previous_path),
		         "%s/%s", x.inst_dir, keep);
	else
		out->previous_path[0] = '\0';
	out->outcome = MR_FEED_UPDATED;
	rc = MR_OK;
done:
	mri_body_free(&body);
	mr_catalog_free(cand);
	mr_catalog_free(base);
	end(&x);
	return rc;
}

int
mr_feed_rollback(struct mr_feed_result *out, const struct mr_feed_opts *o,
                 struct mr_diags *d)
{
	struct ctx x;
	struct mr_feed_state st, nst;
	struct mr_catalog *prev = NULL;
	struct mr_body b = {NULL, 0, 0};
	struct counts cc;
	int rc;

	if (out == NULL || d == NULL)
		return mri_error_set(MR_EINVAL, "mr_feed_rollback: invalid "
		                                "argument");
	/* Nothing stored: say so without creating anything. */
	if ((rc = begin(&x, out, o, true)) != MR_OK ||
	    (rc = mr_feed_state_read(&st, o->data_dir, x.canon)) != MR_OK)
		goto done;
	if ((rc = mri_feed_probe_writable(x.inst_dir)) != MR_OK ||
	    (rc = x.lock = mri_feed_lock(x.inst_dir)) < 0)
		goto done;
	/* Read again under the lock: an update may have finished. */
	if ((rc = mr_feed_state_read(&st, o->data_dir, x.canon)) != MR_OK)
		goto done;
	if (st.previous[0] == '\0') {
		rc = mri_error_set(MR_ENOTFOUND,
		                   "no previous catalog of %s to roll back to "
		                   "(version %s is the only one stored)",
		                   x.canon, st.version);
		goto done;
	}
	if ((rc = mri_feed_read_file(&b, st.previous_path, MR_FEED_MAX_BODY)) !=
	    MR_OK) {
		rc = mri_error_set(MR_EIO, "the previous catalog: %s",
		                   mr_error_last());
		goto done;
	}
	if ((rc = mr_catalog_load_buffer(&prev, st.previous_path, b.p, b.n,
	                                 d)) != MR_OK)
		goto done;
	memset(&nst, 0, sizeof(nst));
	snprintf(nst.instance, sizeof(nst.instance), "%s", x.canon);
	memcpy(nst.version, st.previous, sizeof(nst.version));
	memcpy(nst.previous, st.version, sizeof(nst.previous));
	memcpy(nst.held, st.version, sizeof(nst.held));
	now_utc(nst.updated, sizeof(nst.updated));
	mri_sha256_hex(nst.sha256, b.p, b.n);
	if ((rc = mri_feed_state_write(o->data_dir, &nst)) != MR_OK)
		goto done;
	out->outcome = MR_FEED_ROLLED_BACK;
	memcpy(out->version, nst.version, sizeof(out->version));
	memcpy(out->previous, nst.previous, sizeof(out->previous));
	snprintf(out->path, sizeof(out->path), "%s", st.previous_path);
	snprintf(out->previous_path, sizeof(out->previous_path), "%s", st.path);
	if ((rc = count(&cc, prev)) != MR_OK) {
		rc = mri_error_set(MR_ENOMEM, "out of memory");
		goto done;
	}
	out->sets_after = cc.sets;
	out->er_after = cc.er_sets;
	out->urls_after = cc.urls;
	out->ips_after = cc.ips;
	out->er_ips_after = cc.er_ips;
done:
	mri_body_free(&b);
	mr_catalog_free(prev);
	end(&x);
	return rc;
}
