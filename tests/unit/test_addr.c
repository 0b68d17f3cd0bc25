/*
 * test_addr.c - addr.c: strict IPv4/IPv6 address and prefix parsing,
 * RFC 5952 formatting, host-bit clearing, containment.
 *
 * Tables of valid inputs with their canonical text and of invalid inputs
 * for both families, then a randomised round trip with a fixed seed:
 * format(parse(x)) is canonical, parse(format(a)) == a, and a scrambled
 * spelling (uppercase, leading zeros, no "::") parses to the same address;
 * glibc's inet_ntop() is the oracle for the canonical text where the two
 * agree by definition (not IPv4-mapped/compatible forms, which inet_ntop
 * writes in mixed notation).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "m365route/prefix.h"
#include "testutil.h"

struct okcase {
	const char *in;
	const char *out;
};

static const struct okcase addr_ok[] = {
    {"0.0.0.0", "0.0.0.0"},
    {"255.255.255.255", "255.255.255.255"},
    {"1.2.3.4", "1.2.3.4"},
    {"10.0.0.1", "10.0.0.1"},
    {"192.168.100.200", "192.168.100.200"},
    {"100.64.0.10", "100.64.0.10"},
    {"::", "::"},
    {"::1", "::1"},
    {"1::", "1::"},
    {"2001:db8::1", "2001:db8::1"},
    {"2001:DB8::1", "2001:db8::1"},
    {"2001:Db8:AbCd::eF", "2001:db8:abcd::ef"},
    {"0:0:0:0:0:0:0:0", "::"},
    {"0:0:0:0:0:0:0:1", "::1"},
    {"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
    {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
    {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
    {"1:0:0:2:0:0:0:3", "1:0:0:2::3"},
    {"1:0:0:0:2:0:0:3", "1::2:0:0:3"},
    {"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"},
    /* "::" for one group is valid input, but is never written. */
    {"12::3:4:5:6:7:8", "12:0:3:4:5:6:7:8"},
    {"::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"},
    {"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"},
    {"fe80::1:2", "fe80::1:2"},
    {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
    {"2603:1006::", "2603:1006::"},
    {"0:0:1::", "0:0:1::"},
    {"1:0:0::", "1::"},
    {"::ffff:1.2.3.4", "::ffff:1.2.3.4"},
    {"::1.2.3.4", "::102:304"},
    {"1::1.2.3.4", "1::102:304"},
    {"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"},
    {"64:ff9b::192.0.2.33", "64:ff9b::c000:221"},
    {"::ffff:0.0.0.0", "::ffff:0.0.0.0"},
    {"0001:0002:0003:0004:0005:0006:0007:0008", "1:2:3:4:5:6:7:8"},
};

static const char *const addr_bad[] = {
    "",
    "1",
    "1.2.3",
    "1.2.3.4.5",
    "01.2.3.4",
    "1.2.3.04",
    "00.1.1.1",
    "1.2.3.00",
    "256.1.1.1",
    "1.2.3.256",
    "1.2.3.1000",
    "1.2.3.4 ",
    " 1.2.3.4",
    "1..2.3",
    "1.2.3.",
    ".1.2.3",
    "1.2.3.-1",
    "1.2.3.a",
    "0x1.2.3.4",
    "+1.2.3.4",
    "1.2.3.4/32",
    "1,2,3,4",
    ":",
    ":::",
    "::::",
    "1:::2",
    "1::2::3",
    "::1::",
    "12345::",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8::",
    "::1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7::8",
    ":1::2",
    ":1:2:3:4:5:6:7:8",
    "1::2:",
    "1:2:3:4:5:6:7:8:",
    "1:2:3:4:5:6:7:",
    "g::1",
    "fe80::1%eth0",
    "::1.2.3",
    "::1.2.3.4:5",
    "::1.2.3.4.",
    "1:2:3:4:5:6:7:1.2.3.4",
    "1:2:3:4:5:6:7:8:1.2.3.4",
    "::01.2.3.4",
    "::ffff:1.2.3.256",
    "::ffff:1.2.3.4.5",
    "1.2.3.4::",
    "1::2 ",
    " ::1",
    "[::1]",
    "::-1",
    "::1/128",
    "2001:db8:::1",
    "0:0:0:0:0:0:0:0:0",
    "::ffff:1.2.3.4/",
    "1::fffff",
    "1:2:3:4:5:6:7:8 ",
};

struct pfxcase {
	const char *in;
	const char *out;
	bool host;
};

static const struct pfxcase pfx_ok[] = {
    {"10.0.0.0/8", "10.0.0.0/8", false},
    {"0.0.0.0/0", "0.0.0.0/0", false},
    {"1.2.3.4/32", "1.2.3.4/32", false},
    {"13.107.6.152/31", "13.107.6.152/31", false},
    {"13.107.6.153/31", "13.107.6.152/31", true},
    {"255.255.255.255/1", "128.0.0.0/1", true},
    {"255.255.255.255/0", "0.0.0.0/0", true},
    {"192.168.1.1/24", "192.168.1.0/24", true},
    {"172.16.255.255/12", "172.16.0.0/12", true},
    {"2603:1006::/40", "2603:1006::/40", false},
    {"::/0", "::/0", false},
    {"::1/128", "::1/128", false},
    {"2001:db8::1/32", "2001:db8::/32", true},
    {"2001:DB8:FFFF::/33", "2001:db8:8000::/33", true},
    {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/127",
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127", true},
    {"2a01:111:f406:1::/64", "2a01:111:f406:1::/64", false},
    {"::ffff:1.2.3.4/120", "::ffff:1.2.3.0/120", true},
};

static const char *const pfx_bad[] = {
    "10.0.0.0",
    "10.0.0.0/",
    "10.0.0.0/33",
    "10.0.0.0/08",
    "10.0.0.0/00",
    "10.0.0.0/ 8",
    "10.0.0.0/-1",
    "10.0.0.0/8 ",
    "10.0.0.0/8/8",
    "10.0.0.0//8",
    "10.0.0.0/3a",
    "10.0.0.0/1000",
    "/8",
    "/",
    "",
    "::/129",
    "::/0128",
    "::1/1000",
    "::/",
    "2001:db8::/32 ",
    "01.0.0.0/8",
    "1.2.3/24",
    "fe80::1%1/64",
};

static void
test_addr_valid(void **state)
{
	char buf[MR_ADDR_STRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(addr_ok) / sizeof(addr_ok[0]); i++) {
		struct mr_addr a, b;
		size_t n;

		memset(&a, 0xa5, sizeof(a));
		if (mr_addr_parse(&a, addr_ok[i].in, strlen(addr_ok[i].in)) !=
		    MR_OK)
			fail_msg("rejected valid address '%s'", addr_ok[i].in);
		n = mr_addr_format(&a, buf, sizeof(buf));
		assert_string_equal(buf, addr_ok[i].out);
		assert_int_equal(n, strlen(addr_ok[i].out));
		assert_int_equal(a.family, strchr(addr_ok[i].in, ':')
		                               ? MR_AF_INET6
		                               : MR_AF_INET);
		if (a.family == MR_AF_INET) {
			static const uint8_t z[12];
			assert_memory_equal(a.bytes + 4, z, 12);
		}
		/* The canonical text parses back to the same address. */
		assert_int_equal(mr_addr_parse(&b, buf, n), MR_OK);
		assert_memory_equal(&a, &b, sizeof(a));
	}
}

static void
test_addr_invalid(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(addr_bad) / sizeof(addr_bad[0]); i++) {
		struct mr_addr a;

		if (mr_addr_parse(&a, addr_bad[i], strlen(addr_bad[i])) !=
		    MR_EINVAL)
			fail_msg("accepted invalid address '%s'", addr_bad[i]);
	}
}

static void
test_addr_not_terminated(void **state)
{
	/* Only len bytes count; what follows is not looked at. */
	const char v4[] = "1.2.3.45";
	const char v6[] = "2001:db8::12";
	char buf[MR_ADDR_STRLEN];
	struct mr_addr a;

	(void)state;
	assert_int_equal(mr_addr_parse(&a, v4, 7), MR_OK);
	mr_addr_format(&a, buf, sizeof(buf));
	assert_string_equal(buf, "1.2.3.4");
	assert_int_equal(mr_addr_parse(&a, v6, 11), MR_OK);
	mr_addr_format(&a, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::1");
	assert_int_equal(mr_addr_parse(&a, v6, 10), MR_OK);
	mr_addr_format(&a, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::");
	assert_int_equal(mr_addr_parse(&a, v4, 0), MR_EINVAL);
	assert_int_equal(mr_addr_parse(&a, NULL, 0), MR_EINVAL);
}

static void
test_format_small_buffer(void **state)
{
	struct mr_addr a;
	struct mr_prefix p;
	char buf[8];

	(void)state;
	assert_int_equal(mr_addr_parse(&a, "2001:db8::1", 11), MR_OK);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(mr_addr_format(&a, buf, 5), 11);
	assert_string_equal(buf, "2001");
	assert_int_equal(mr_addr_format(&a, buf, 0), 11);
	assert_int_equal(buf[0], '2');
	assert_int_equal(mr_prefix_parse(&p, "10.0.0.0/8", 10, NULL), MR_OK);
	assert_int_equal(mr_prefix_format(&p, buf, sizeof(buf)), 10);
	assert_string_equal(buf, "10.0.0.");
	a.family = 0;
	assert_int_equal(mr_addr_format(&a, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

static void
test_prefix_valid(void **state)
{
	char buf[MR_PREFIX_STRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pfx_ok) / sizeof(pfx_ok[0]); i++) {
		struct mr_prefix p, q;
		bool host = !pfx_ok[i].host;

		if (mr_prefix_parse(&p, pfx_ok[i].in, strlen(pfx_ok[i].in),
		                    &host) != MR_OK)
			fail_msg("rejected valid prefix '%s'", pfx_ok[i].in);
		assert_int_equal(host, pfx_ok[i].host);
		mr_prefix_format(&p, buf, sizeof(buf));
		assert_string_equal(buf, pfx_ok[i].out);
		/* Canonical text: no host bits, same value. */
		assert_int_equal(mr_prefix_parse(&q, buf, strlen(buf), &host),
		                 MR_OK);
		assert_false(host);
		assert_memory_equal(&p, &q, sizeof(p));
		assert_true(mr_prefix_contains(&p, &p.addr));
	}
}

static void
test_prefix_invalid(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pfx_bad) / sizeof(pfx_bad[0]); i++) {
		struct mr_prefix p;

		if (mr_prefix_parse(&p, pfx_bad[i], strlen(pfx_bad[i]), NULL) !=
		    MR_EINVAL)
			fail_msg("accepted invalid prefix '%s'", pfx_bad[i]);
	}
}

static bool
contains(const char *pfx, const char *addr)
{
	struct mr_prefix p;
	struct mr_addr a;

	assert_int_equal(mr_prefix_parse(&p, pfx, strlen(pfx), NULL), MR_OK);
	assert_int_equal(mr_addr_parse(&a, addr, strlen(addr)), MR_OK);
	return mr_prefix_contains(&p, &a);
}

static void
test_contains(void **state)
{
	(void)state;
	assert_true(contains("10.0.0.0/8", "10.1.2.3"));
	assert_true(contains("10.0.0.0/8", "10.255.255.255"));
	assert_false(contains("10.0.0.0/8", "11.0.0.0"));
	assert_false(contains("10.0.0.0/8", "9.255.255.255"));
	assert_true(contains("0.0.0.0/0", "203.0.113.9"));
	assert_false(contains("0.0.0.0/0", "::1"));
	assert_false(contains("::/0", "1.2.3.4"));
	assert_true(contains("::/0", "2001:db8::1"));
	assert_true(contains("13.107.6.152/31", "13.107.6.153"));
	assert_false(contains("13.107.6.152/31", "13.107.6.154"));
	assert_true(contains("1.2.3.4/32", "1.2.3.4"));
	assert_false(contains("1.2.3.4/32", "1.2.3.5"));
	assert_true(contains("2001:db8::/32", "2001:db8:ffff::1"));
	assert_false(contains("2001:db8::/32", "2001:db9::"));
	assert_true(contains("2603:1006::/40", "2603:1006:ff::1"));
	assert_false(contains("2603:1006::/40", "2603:1006:100::"));
	assert_true(contains("::1/128", "::1"));
	assert_false(contains("::1/128", "::2"));
	assert_true(contains("2001:db8:8000::/33", "2001:db8:8000::"));
	assert_false(contains("2001:db8:8000::/33", "2001:db8:7fff::"));
	assert_false(contains("::ffff:0:0/96", "1.2.3.4"));
	assert_true(contains("::ffff:0:0/96", "::ffff:1.2.3.4"));
}

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint32_t
rnd(void)
{
	return (uint32_t)(tu_xorshift(&rng) >> 16);
}

/* A non-canonical but valid spelling of an IPv6 address. */
static void
scramble6(const struct mr_addr *a, char *buf, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;
	int i;

	for (i = 0; i < 8; i++) {
		unsigned g =
		    (unsigned)a->bytes[2 * i] << 8 | a->bytes[2 * i + 1];
		int d;
		bool upper = rnd() & 1;

		if (i > 0)
			buf[k++] = ':';
		for (d = 12; d >= 0; d -= 4) {
			char c = hex[(g >> d) & 15];
			if (!upper && c >= 'A')
				c = (char)(c - 'A' + 'a');
			buf[k++] = c;
		}
	}
	assert_true(k < n);
	buf[k] = '\0';
}

static void
test_random_round_trip(void **state)
{
	char buf[MR_ADDR_STRLEN], alt[64], ref[INET6_ADDRSTRLEN];
	int iter;

	(void)state;
	for (iter = 0; iter < 200000; iter++) {
		struct mr_addr a, b;
		struct mr_prefix p, q;
		bool host;
		size_t n;
		int i;

		memset(&a, 0, sizeof(a));
		if (rnd() & 1) {
			uint32_t v = rnd();
			a.family = MR_AF_INET;
			memcpy(a.bytes, &v, 4);
		} else {
			a.family = MR_AF_INET6;
			for (i = 0; i < 8; i++) {
				/* Zero groups often, so runs appear. */
				unsigned g = (rnd() % 3) ? 0 : rnd() & 0xffff;
				if (rnd() % 4 == 0)
					g &= 0xf;
				a.bytes[2 * i] = (uint8_t)(g >> 8);
				a.bytes[2 * i + 1] = (uint8_t)g;
			}
		}
		n = mr_addr_format(&a, buf, sizeof(buf));
		assert_int_equal(n, strlen(buf));
		assert_int_equal(mr_addr_parse(&b, buf, n), MR_OK);
		assert_memory_equal(&a, &b, sizeof(a));
		if (a.family == MR_AF_INET) {
			inet_ntop(AF_INET, a.bytes, ref, sizeof(ref));
			assert_string_equal(buf, ref);
		} else {
			static const uint8_t z[10];
			scramble6(&a, alt, sizeof(alt));
			assert_int_equal(mr_addr_parse(&b, alt, strlen(alt)),
			                 MR_OK);
			assert_memory_equal(&a, &b, sizeof(a));
			if (memcmp(a.bytes, z, 10) != 0) {
				inet_ntop(AF_INET6, a.bytes, ref, sizeof(ref));
				assert_string_equal(buf, ref);
			}
		}
		/* Prefix: parse(format(p)) == p, host bits reported. */
		p.addr = a;
		p.len = (uint8_t)(rnd() % (a.family == MR_AF_INET ? 33 : 129));
		n = (size_t)snprintf(alt, sizeof(alt), "%s/%u", buf, p.len);
		assert_int_equal(mr_prefix_parse(&q, alt, n, &host), MR_OK);
		assert_true(mr_prefix_contains(&q, &a));
		n = mr_prefix_format(&q, alt, sizeof(alt));
		assert_int_equal(mr_prefix_parse(&p, alt, n, &host), MR_OK);
		assert_false(host);
		assert_memory_equal(&p, &q, sizeof(p));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_addr_valid),
	    cmocka_unit_test(test_addr_invalid),
	    cmocka_unit_test(test_addr_not_terminated),
	    cmocka_unit_test(test_format_small_buffer),
	    cmocka_unit_test(test_prefix_valid),
	    cmocka_unit_test(test_prefix_invalid),
	    cmocka_unit_test(test_contains),
	    cmocka_unit_test(test_random_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
