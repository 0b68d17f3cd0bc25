/*
 * pac-helpers.js - the standard PAC helper functions, ES5, for engines that
 * do not bring their own (Node's vm, Duktape). Written from the Netscape
 * "Navigator Proxy Auto-Config File Format" (1996) semantics, as Mozilla's
 * and Chromium's pac_js_library implement them: shExpMatch turns the
 * pattern into an anchored RegExp ('.' literal, '*' = '.*', '?' = '.'),
 * case-sensitive. No network: dnsResolve() answers from mrDnsTable (empty
 * unless the caller fills it) and myIpAddress() is 10.1.2.3.
 */
var mrDnsTable = {};

function shExpMatch(url, pattern) {
	pattern = pattern.replace(/\./g, '\\.');
	pattern = pattern.replace(/\*/g, '.*');
	pattern = pattern.replace(/\?/g, '.');
	var newRe = new RegExp('^' + pattern + '$');
	return newRe.test(url);
}

function isPlainHostName(host) {
	return host.search('\\.') == -1;
}

function dnsDomainIs(host, domain) {
	return host.length >= domain.length &&
	    host.substring(host.length - domain.length) == domain;
}

function localHostOrDomainIs(host, hostdom) {
	return host == hostdom || hostdom.lastIndexOf(host + '.', 0) == 0;
}

function dnsDomainLevels(host) {
	return host.split('.').length - 1;
}

function isValidIpAddress(s) {
	var p = s.split('.'), i;
	if (p.length != 4)
		return false;
	for (i = 0; i < 4; i++)
		if (!/^(0|[1-9][0-9]{0,2})$/.test(p[i]) || +p[i] > 255)
			return false;
	return true;
}

function dnsResolve(host) {
	if (isValidIpAddress(host))
		return host;
	if (Object.prototype.hasOwnProperty.call(mrDnsTable, host))
		return mrDnsTable[host];
	return null;
}

function isResolvable(host) {
	return dnsResolve(host) !== null;
}

function myIpAddress() {
	return '10.1.2.3';
}

function convert_addr(ipchars) {
	var bytes = ipchars.split('.');
	return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) |
	    ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
}

function isInNet(ipaddr, pattern, maskstr) {
	var ip = dnsResolve(ipaddr);
	if (ip === null || !isValidIpAddress(pattern) || !isValidIpAddress(maskstr))
		return false;
	var host = convert_addr(ip), pat = convert_addr(pattern),
	    mask = convert_addr(maskstr);
	return (host & mask) == (pat & mask);
}

function weekdayRange() {
	return false;
}

function dateRange() {
	return false;
}

function timeRange() {
	return false;
}

function alert(msg) {
}
