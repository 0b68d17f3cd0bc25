/*
 * feed_http.c - HTTP GET for the endpoint web service, with libcurl.
 *
 * Spec: Microsoft Learn, "Microsoft 365 IP Address and URL web service"
 * (ms.date 2025-01-08): /endpoints and
 * /changes answer 429 when one client calls too often; RFC 9110 section
 * 10.2.3 (Retry-After: seconds or an HTTP date) and RFC 9111 section
 * 1.2.2 (a number of seconds too large to represent counts as 2^31).
 *
 * Policy, per request: TLS peer and host verification on (never turned
 * off); only http and https, redirects (at most 5) only to https; a connect
 * timeout and a whole-transfer timeout per attempt; the body is capped at
 * MR_FEED_MAX_BODY; User-Agent "m365route/<version>". A 200 is success.
 * 429 and 5xx are retried at most o->retries times: after Retry-After when
 * the server gives one (refused outright when it asks for more than
 * o->max_wait_s, or for so long that the number overflows; 0 or a past
 * date counts as no header), else after o->backoff_ms doubling per
 * attempt (capped at max_wait_s). A transfer cut short (truncated body,
 * connection reset, empty reply) is retried the same way; a failure to
 * connect, resolve or finish in time is not (it would only multiply the
 * wait). Other HTTP statuses fail at once.
 * libcurl's global state is initialised by the first curl_easy_init()
 * (not thread-safe): a threaded program should call curl_global_init()
 * itself before using the feed functions.
 * Complexity: O(body) per attempt; at most retries + 1 attempts.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "feed_int.h"

struct sink {
	struct mr_body *b;
	bool too_big;
};

static size_t
on_data(char *p, size_t size, size_t nmemb, void *ctx)
{
	struct sink *s = ctx;
	struct mr_body *b = s->b;
	size_t n = size * nmemb, cap;
	char *np;

	if (n > MR_FEED_MAX_BODY - b->n) {
		s->too_big = true;
		return 0;
	}
	if (b->n + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 64 * 1024;
		while (cap < b->n + n + 1)
			cap *= 2;
		if (cap > MR_FEED_MAX_BODY + 1)
			cap = MR_FEED_MAX_BODY + 1;
		if ((np = realloc(b->p, cap)) == NULL)
			return 0;
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
	return n;
}

void
mri_body_free(struct mr_body *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

void
mri_feed_log(const struct mr_feed_opts *o, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (o->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	o->log(o->log_ctx, buf);
}

static void
sleep_ms(unsigned long ms)
{
	struct timespec ts = {(time_t)(ms / 1000),
	                      (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int64_t
mri_feed_retry_after(const char *v, time_t now)
{
	char buf[128];
	size_t n;
	int64_t secs = 0;
	time_t t;

	if (v == NULL)
		return -1;
	while (*v == ' ' || *v == '\t')
		v++;
	n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
	                 v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	if (n == 0)
		return -1;
	if (strspn(v, "0123456789") >= n) {
		/* delay-seconds, saturating: no digit string overflows. */
		for (; n > 0; v++, n--) {
			secs = secs * 10 + (*v - '0');
			if (secs >= MR_FEED_RETRY_AFTER_MAX)
				secs = MR_FEED_RETRY_AFTER_MAX;
		}
		return secs;
	}
	/* An HTTP-date (IMF-fixdate, or the two obsolete forms). */
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	if ((t = curl_getdate(buf, NULL)) == -1)
		return -1;
	if (t <= now)
		return 0;
	if ((uint64_t)t - (uint64_t)now >= (uint64_t)MR_FEED_RETRY_AFTER_MAX)
		return MR_FEED_RETRY_AFTER_MAX;
	return (int64_t)(t - now);
}

/* The Retry-After of the last response, in seconds; -1 when it has none
 * (or one that cannot be read) and for 0 (then the back-off applies). */
static int64_t
retry_after(CURL *h)
{
	struct curl_header *hd = NULL;
	int64_t ra;

	if (curl_easy_header(h, "Retry-After", 0, CURLH_HEADER, -1, &hd) !=
	        CURLHE_OK ||
	    hd == NULL)
		return -1;
	ra = mri_feed_retry_after(hd->value, time(NULL));
	return ra > 0 ? ra : -1;
}

/* A transfer that broke off after it started: worth another attempt. */
static bool
transient(CURLcode c)
{
	return c == CURLE_PARTIAL_FILE || c == CURLE_RECV_ERROR ||
	       c == CURLE_SEND_ERROR || c == CURLE_GOT_NOTHING;
}

static int
setup(CURL *h, const struct mr_feed_opts *o, const char *url, struct sink *s,
      char *errbuf, struct curl_slist *hdrs)
{
	char ua[64]; /* libcurl copies option strings */
	CURLcode c = CURLE_OK;

	snprintf(ua, sizeof(ua), "m365route/%s", mr_version());
#define SET(opt, val)                                                          \
	do {                                                                   \
		if (c == CURLE_OK)                                             \
			c = curl_easy_setopt(h, opt, val);                     \
	} while (0)
	SET(CURLOPT_URL, url);
	SET(CURLOPT_ERRORBUFFER, errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_USERAGENT, ua);
	SET(CURLOPT_HTTPHEADER, hdrs);
	SET(CURLOPT_WRITEFUNCTION, on_data);
	SET(CURLOPT_WRITEDATA, s);
	SET(CURLOPT_CONNECTTIMEOUT_MS,
	    o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000L);
	SET(CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : 60000L);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "https");
	SET(CURLOPT_FOLLOWLOCATION, 1L);
	SET(CURLOPT_MAXREDIRS, 5L);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)MR_FEED_MAX_BODY);
#undef SET
	if (c != CURLE_OK)
		return mri_error_set(MR_EIO, "libcurl: %s",
		                     curl_easy_strerror(c));
	return MR_OK;
}

int
mri_feed_get(struct mr_body *body, const struct mr_feed_opts *o,
             const char *url, const char *what, unsigned *requests)
{
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *hdrs = NULL;
	struct sink s;
	CURL *h = NULL;
	unsigned attempt, max_wait = o->max_wait_s ? o->max_wait_s : 120;
	unsigned long backoff = o->backoff_ms ? o->backoff_ms : 1000;
	int rc = MR_EIO;

	if ((h = curl_easy_init()) == NULL ||
	    (hdrs = curl_slist_append(NULL, "Accept: application/json")) ==
	        NULL) {
		rc = mri_error_set(MR_ENOMEM, "libcurl: cannot initialise");
		goto out;
	}
	for (attempt = 0;; attempt++) {
		unsigned long wait_ms;
		int64_t ra = -1;
		long status = 0;
		CURLcode c;
		char why[CURL_ERROR_SIZE + 64];

		mri_body_free(body);
		s.b = body;
		s.too_big = false;
		errbuf[0] = '\0';
		curl_easy_reset(h);
		if ((rc = setup(h, o, url, &s, errbuf, hdrs)) != MR_OK)
			goto out;
		(*requests)++;
		c = curl_easy_perform(h);
		if (c == CURLE_OK) {
			curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
			/* Read here, not by CURLINFO_RETRY_AFTER: libcurl
			 * takes a value too large for curl_off_t for no
			 * header at all. */
			ra = retry_after(h);
			if (status == 200) {
				if (body->p == NULL &&
				    (body->p = calloc(1, 1)) == NULL) {
					rc = mri_error_set(MR_ENOMEM,
					                   "out of memory");
					goto out;
				}
				rc = MR_OK;
				goto out;
			}
			if (status != 429 && (status < 500 || status > 599)) {
				rc = mri_error_set(MR_EIO, "%s: HTTP %ld", what,
				                   status);
				goto out;
			}
			snprintf(why, sizeof(why), "HTTP %ld", status);
		} else if (s.too_big || c == CURLE_FILESIZE_EXCEEDED) {
			rc = mri_error_set(MR_EIO,
			                   "%s: the response is larger than "
			                   "%u MiB; refusing it",
			                   what, MR_FEED_MAX_BODY >> 20);
			goto out;
		} else if (transient(c)) {
			snprintf(why, sizeof(why), "%s",
			         errbuf[0] ? errbuf : curl_easy_strerror(c));
		} else {
			rc = mri_error_set(MR_EIO, "%s: %s", what,
			                   errbuf[0] ? errbuf
			                             : curl_easy_strerror(c));
			goto out;
		}
		/* 429, 5xx or a transfer cut short. */
		if (ra > (int64_t)max_wait || ra >= MR_FEED_RETRY_AFTER_MAX) {
			rc = mri_error_set(
			    MR_EIO,
			    "%s: %s; the service asks to wait %lld "
			    "s%s before the next request (more than "
			    "%u s): try again later",
			    what, why, (long long)ra,
			    ra >= MR_FEED_RETRY_AFTER_MAX ? " or more" : "",
			    max_wait);
			goto out;
		}
		if (attempt >= o->retries) {
			rc = mri_error_set(MR_EIO,
			                   "%s: %s (gave up after %u "
			                   "attempt%s)",
			                   what, why, attempt + 1,
			                   attempt ? "s" : "");
			goto out;
		}
		if (ra >= 0)
			wait_ms = (unsigned long)ra * 1000;
		else
			wait_ms = backoff << (attempt < 16 ? attempt : 16);
		if (wait_ms > (unsigned long)max_wait * 1000)
			wait_ms = (unsigned long)max_wait * 1000;
		mri_feed_log(
		    o, "%s: %s; retrying in %lu.%03lu s (attempt %u of %u)",
		    what, why, wait_ms / 1000, wait_ms % 1000, attempt + 2,
		    o->retries + 1);
		sleep_ms(wait_ms);
	}
out:
	if (rc != MR_OK)
		mri_body_free(body);
	curl_slist_free_all(hdrs);
	if (h != NULL)
		curl_easy_cleanup(h);
	return rc;
}
