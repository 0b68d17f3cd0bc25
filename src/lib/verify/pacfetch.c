/*
 * pacfetch.c - the PAC file a client gets: a file, or an http:// or
 * https:// URL fetched with libcurl, as a browser fetches its configured
 * proxy auto-config URL.
 *
 * Policy: only http and https (a "file:", "ftp:" or any other scheme is
 * refused before anything is read), redirects at most 3 and only to http
 * or https, TLS verification on, a connect timeout and a whole-transfer
 * timeout, a size cap checked while the body arrives (and by
 * Content-Length up front), status 200 only. A client would take a PAC
 * from any 2xx; we say what we got instead of guessing. The body is
 * returned as is: mime type and charset are not checked (browsers do not
 * either, for PAC files).
 * Complexity: O(body); one request.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client_int.h"
#include "error.h"

struct body {
	char *p;
	size_t n, cap, max;
	bool over;
};

static size_t
take(char *p, size_t size, size_t nmemb, void *ctx)
{
	struct body *b = ctx;
	size_t n = size * nmemb;

	if (n > b->max - b->n) {
		b->over = true;
		return 0;
	}
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16384;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (np == NULL)
			return 0;
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
	return n;
}

static int
fetch(const char *url, size_t max, long timeout_ms, char **out, size_t *len)
{
	char err[CURL_ERROR_SIZE] = "";
	struct body b = {NULL, 0, 0, max, false};
	long status = 0;
	CURLcode c = CURLE_OK;
	CURL *h = curl_easy_init();
	int rc;

	if (h == NULL)
		return mri_error_set(MR_ENOMEM, "libcurl: cannot initialise");
#define SET(opt, val)                                                          \
	do {                                                                   \
		if (c == CURLE_OK)                                             \
			c = curl_easy_setopt(h, opt, val);                     \
	} while (0)
	SET(CURLOPT_URL, url);
	SET(CURLOPT_ERRORBUFFER, err);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_WRITEFUNCTION, take);
	SET(CURLOPT_WRITEDATA, &b);
	SET(CURLOPT_CONNECTTIMEOUT_MS, timeout_ms < 5000 ? timeout_ms : 5000L);
	SET(CURLOPT_TIMEOUT_MS, timeout_ms);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 1L);
	SET(CURLOPT_MAXREDIRS, 3L);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	SET(CURLOPT_USERAGENT, "m365route verify --client");
#undef SET
	if (c == CURLE_OK)
		c = curl_easy_perform(h);
	if (c == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	if (b.over || c == CURLE_FILESIZE_EXCEEDED)
		rc = mri_error_set(MR_EIO,
		                   "%s: the PAC file is larger than %zu "
		                   "bytes",
		                   url, max);
	else if (c != CURLE_OK)
		rc = mri_error_set(MR_EIO, "%s: %s", url,
		                   err[0] ? err : curl_easy_strerror(c));
	else if (status != 200)
		rc = mri_error_set(MR_EIO, "%s: HTTP status %ld, not 200", url,
		                   status);
	else if (b.p == NULL && (b.p = calloc(1, 1)) == NULL)
		rc = mri_error_set(MR_ENOMEM, "out of memory");
	else
		rc = MR_OK;
	if (rc != MR_OK) {
		free(b.p);
		return rc;
	}
	*out = b.p;
	*len = b.n;
	return MR_OK;
}

int
mr_verify_pac_get(char **out, size_t *len, const char *source, size_t max,
                  long timeout_ms)
{
	const char *colon;

	*out = NULL;
	*len = 0;
	if (source == NULL || source[0] == '\0')
		return mri_error_set(MR_EINVAL, "no PAC file named");
	if (max == 0)
		max = MR_VERIFY_PAC_MAX;
	if (timeout_ms <= 0)
		timeout_ms = MR_VERIFY_PAC_TIMEOUT_MS;
	if (strncasecmp(source, "http://", 7) == 0 ||
	    strncasecmp(source, "https://", 8) == 0)
		return fetch(source, max, timeout_ms, out, len);
	/* "scheme://...": a URL of a scheme we do not fetch; a path with a
	 * colon further on ("./a:b") is a file. */
	colon = strstr(source, "://");
	if (colon != NULL &&
	    strspn(source,
	           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	           "0123456789+.-") == (size_t)(colon - source))
		return mri_error_set(MR_EINVAL,
		                     "%.*s: only http:// and https:// PAC URLs "
		                     "are fetched (or give a file)",
		                     (int)(colon - source + 3), source);
	return mr_read_file(source, max, "a PAC file", out, len);
}
