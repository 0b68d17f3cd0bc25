/*
 * pacaudit_feed.h - the small catalog test_pac_audit.c and
 * fuzz/pacaudit_fuzz.c audit PAC files against: an ExpressRoute wildcard
 * with an Internet-only sub-FQDN, an exact ExpressRoute name, an
 * Internet-only name.
 */
#ifndef MR_PACAUDIT_FEED_H
#define MR_PACAUDIT_FEED_H

static const char pacaudit_feed[] =
    "[{\"id\":1,\"serviceArea\":\"Exchange\",\"urls\":[\"*.er.example\","
    "\"exact.er.example\"],\"expressRoute\":true,\"category\":\"Optimize\","
    "\"required\":true},"
    "{\"id\":2,\"serviceArea\":\"Common\",\"urls\":[\"cdn.er.example\","
    "\"www.inet.example\"],\"expressRoute\":false,\"category\":\"Default\","
    "\"required\":true}]";

#endif
