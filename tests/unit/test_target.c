/*
 * test_target.c - what classify accepts as a target, and how it normalises.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "m365route/match.h"

static void
host_is(const char *in, const char *want)
{
	struct mr_target t;

	if (mr_target_parse(&t, in, strlen(in)) != MR_OK)
		fail_msg("'%s' rejected: %s", in, t.why);
	assert_int_equal(t.kind, MR_TARGET_HOST);
	assert_string_equal(t.host, want);
	assert_int_equal(t.host_len, strlen(want));
}

static void
addr_is(const char *in, const char *want)
{
	struct mr_target t;
	char buf[MR_ADDR_STRLEN];

	if (mr_target_parse(&t, in, strlen(in)) != MR_OK)
		fail_msg("'%s' rejected: %s", in, t.why);
	assert_int_equal(t.kind, MR_TARGET_ADDR);
	mr_addr_format(&t.addr, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void
invalid(const char *in)
{
	struct mr_target t;

	if (mr_target_parse(&t, in, strlen(in)) == MR_OK)
		fail_msg("'%s' accepted as %s", in,
		         t.kind == MR_TARGET_HOST ? t.host : "an address");
	assert_int_equal(t.kind, MR_TARGET_INVALID);
	assert_non_null(t.why);
}

static void
test_hosts(void **state)
{
	(void)state;
	host_is("outlook.office365.com", "outlook.office365.com");
	host_is("Outlook.Office365.COM.", "outlook.office365.com");
	host_is("  contoso.sharepoint.com\t", "contoso.sharepoint.com");
	host_is("_sip._tls.example.com", "_sip._tls.example.com");
	host_is("localhost", "localhost");
	host_is("outlook.office365.com:443", "outlook.office365.com");
}

static void
test_urls(void **state)
{
	(void)state;
	host_is("https://contoso.sharepoint.com/sites/x?y=1#z",
	        "contoso.sharepoint.com");
	host_is("https://user:pw@Host.Example.com:8443/a@b",
	        "host.example.com");
	host_is("http://outlook.office.com", "outlook.office.com");
	host_is("wss://teams.microsoft.com./x", "teams.microsoft.com");
	host_is("HTTPS://WWW.OFFICE.COM?q", "www.office.com");
	addr_is("http://[2603:1006::1]:443/", "2603:1006::1");
	addr_is("http://52.96.0.1/x", "52.96.0.1");
}

static void
test_addresses(void **state)
{
	(void)state;
	addr_is("52.96.0.1", "52.96.0.1");
	addr_is("2603:1006::1", "2603:1006::1");
	addr_is("2603:1006:0:0::1", "2603:1006::1");
	addr_is("[2620:1ec:4::152]", "2620:1ec:4::152");
	addr_is("[2620:1ec:4::152]:443", "2620:1ec:4::152");
	addr_is("::ffff:52.96.0.1", "::ffff:52.96.0.1");
}

static void
test_invalid(void **state)
{
	char longlabel[80], longname[300];

	(void)state;
	invalid("");
	invalid("   ");
	invalid("foo bar.com");
	invalid("a..b.com");
	invalid(".example.com");
	invalid("*.sharepoint.com");
	invalid("exa\"mple.com");
	invalid("ex\\ample.com");
	invalid("<script>.com");
	invalid("http://");
	invalid("http://[::1");
	invalid("http://[::1]x/");
	invalid("[52.96.0.1]");
	invalid("host.example.com:99999");
	invalid("host.example.com:");
	invalid("1.2.3.4/24");
	invalid("\xc3\xbc"
	        "ber.com");
	invalid("http://host:port/");
	memset(longlabel, 'a', 64);
	memcpy(longlabel + 64, ".com", 5);
	invalid(longlabel);
	memset(longname, 0, sizeof(longname));
	for (int i = 0; i < 64; i++)
		memcpy(longname + i * 4, "abc.", 4);
	memcpy(longname + 256, "com", 3);
	invalid(longname);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hosts),
	    cmocka_unit_test(test_urls),
	    cmocka_unit_test(test_addresses),
	    cmocka_unit_test(test_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
