(function (g, nat) {
'use strict';
var re = {};
var DAYS = ['SUN','MON','TUE','WED','THU','FRI','SAT'];
var MONS = ['JAN','FEB','MAR','APR','MAY','JUN','JUL','AUG','SEP','OCT','NOV','DEC'];
function quad(s) {
  var m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m === null) return null;
  var v = 0;
  for (var i = 1; i <= 4; i++) {
    var b = parseInt(m[i], 10);
    if (b > 255) return null;
    v = v * 256 + b;
  }
  return v;
}
function gmtArgs(a) {
  var v = Array.prototype.slice.call(a);
  var gmt = v.length > 0 && v[v.length - 1] === 'GMT';
  if (gmt) v.pop();
  return {v: v, gmt: gmt};
}
function today(gmt) { return new Date(nat.now(gmt)); }
function within(x, lo, hi) {
  return lo <= hi ? (x >= lo && x <= hi) : (x >= lo || x <= hi);
}
g.isPlainHostName = function (host) {
  host = String(host);
  return host.indexOf('.') < 0 && host.indexOf(':') < 0;
};
g.dnsDomainIs = function (host, domain) {
  host = String(host); domain = String(domain);
  return host.length >= domain.length &&
    host.substring(host.length - domain.length) === domain;
};
g.localHostOrDomainIs = function (host, hostdom) {
  host = String(host); hostdom = String(hostdom);
  return host === hostdom ||
    (host.indexOf('.') < 0 && hostdom.indexOf(host + '.') === 0);
};
g.dnsDomainLevels = function (host) {
  return String(host).split('.').length - 1;
};
g.shExpMatch = function (str, shexp) {
  shexp = String(shexp);
  var r = re['#' + shexp];
  if (r === undefined) {
    var src = shexp.replace(/[.+^${}()|[\]\\\/]/g, '\\$&')
      .replace(/\*/g, '.*').replace(/\?/g, '.');
    r = re['#' + shexp] = new RegExp('^' + src + '$');
  }
  return r.test(String(str));
};
g.dnsResolve = function (host) { return nat.resolve(String(host)); };
g.isResolvable = function (host) {
  return nat.resolve(String(host)) !== null;
};
g.myIpAddress = function () { return nat.myIp(); };
g.isInNet = function (ipaddr, pattern, mask) {
  var a = quad(String(ipaddr));
  if (a === null) {
    var r = nat.resolve(String(ipaddr));
    if (r === null) return false;
    a = quad(r);
    if (a === null) return false;
  }
  var p = quad(String(pattern)), m = quad(String(mask));
  if (p === null || m === null) return false;
  for (var i = 0; i < 4; i++) {
    var d = Math.pow(256, 3 - i);
    var ab = Math.floor(a / d) % 256, pb = Math.floor(p / d) % 256,
      mb = Math.floor(m / d) % 256;
    if ((ab & mb) !== (pb & mb)) return false;
  }
  return true;
};
g.dnsResolveEx = function (host) {
  var r = nat.resolve(String(host));
  return r === null ? '' : r;
};
g.isResolvableEx = function (host) {
  return nat.resolve(String(host)) !== null;
};
g.myIpAddressEx = function () { return nat.myIp(); };
g.isInNetEx = function (ipaddr, prefix) {
  var l = String(ipaddr).split(';');
  for (var i = 0; i < l.length; i++)
    if (nat.inNetEx(l[i], String(prefix))) return true;
  return false;
};
g.sortIpAddressList = function (list) {
  return nat.sort(String(list));
};
g.getClientVersion = function () { return '1.0'; };
g.alert = function () {};
g.weekdayRange = function () {
  var a = gmtArgs(arguments);
  if (a.v.length < 1 || a.v.length > 2) return false;
  var d1 = DAYS.indexOf(String(a.v[0]).toUpperCase());
  var d2 = a.v.length > 1 ? DAYS.indexOf(String(a.v[1]).toUpperCase()) : d1;
  if (d1 < 0 || d2 < 0) return false;
  return within(today(a.gmt).getUTCDay(), d1, d2);
};
function dateSpec(list) {
  var s = {};
  for (var i = 0; i < list.length; i++) {
    var m = MONS.indexOf(String(list[i]).toUpperCase());
    if (m >= 0) { s.m = m + 1; continue; }
    var n = parseInt(list[i], 10);
    if (isNaN(n)) return null;
    if (n < 32) s.d = n; else s.y = n;
  }
  return s;
}
g.dateRange = function () {
  var a = gmtArgs(arguments), n = a.v.length, t = today(a.gmt);
  var y = t.getUTCFullYear(), m = t.getUTCMonth() + 1, d = t.getUTCDate();
  if (n < 1 || n > 6 || (n > 1 && n % 2)) return false;
  var lo = dateSpec(a.v.slice(0, n > 1 ? n / 2 : 1));
  var hi = n > 1 ? dateSpec(a.v.slice(n / 2)) : lo;
  if (lo === null || hi === null) return false;
  var fy = lo.y !== undefined, fm = lo.m !== undefined,
    fd = lo.d !== undefined;
  if (fy !== (hi.y !== undefined) || fm !== (hi.m !== undefined) ||
      fd !== (hi.d !== undefined)) return false;
  function key(yy, mm, dd) {
    return (fy ? yy : 0) * 10000 + (fm ? mm : 0) * 100 + (fd ? dd : 0);
  }
  var k = key(y, m, d), kl = key(lo.y, lo.m, lo.d), kh = key(hi.y, hi.m, hi.d);
  if (fy && kl > kh) return false;
  return within(k, kl, kh);
};
g.timeRange = function () {
  var a = gmtArgs(arguments), v = a.v, t = today(a.gmt);
  for (var i = 0; i < v.length; i++) {
    v[i] = parseInt(v[i], 10);
    if (isNaN(v[i])) return false;
  }
  var h = t.getUTCHours(), mi = t.getUTCMinutes(), s = t.getUTCSeconds();
  if (v.length === 1) return h === v[0];
  if (v.length === 2) return v[0] <= v[1] ? (h >= v[0] && h < v[1]) : (h >= v[0] || h < v[1]);
  if (v.length === 4) return within(h * 60 + mi, v[0] * 60 + v[1], v[2] * 60 + v[3]);
  if (v.length === 6) return within(h * 3600 + mi * 60 + s,
    v[0] * 3600 + v[1] * 60 + v[2], v[3] * 3600 + v[4] * 60 + v[5]);
  return false;
};
})

/*
 * pacaudit_helpers.js - the PAC helper functions of the pac audit's
 * sandbox (isPlainHostName, dnsDomainIs, shExpMatch, isInNet, the date
 * and time ranges, the IPv6 "Ex" set), ES5. Embedded at build time
 * (cmake/embed.cmake, src/lib/CMakeLists.txt) and compiled by
 * pacaudit_engine.c as eval code whose value is the function expression
 * above: it receives the global object and the natives (DNS table,
 * myIpAddress, the fixed "now", address sorting), so the natives stay out
 * of the PAC's reach. This comment comes last because the lines above
 * show in error stacks a PAC file can read: a line added before them
 * would change what the audit reports.
 *
 * Not tests/pac/pac-helpers.js: that file gives Node and Duktape the
 * helpers of the reference engines for the parity test, with their
 * semantics (isPlainHostName only looks for '.', dnsResolve answers
 * dotted quads itself, the date helpers are always false).
 */
