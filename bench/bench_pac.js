#!/usr/bin/env node
/*
 * bench_pac.js - FindProxyForURL calls per second of PAC files in Node's V8
 * (a vm context with the standard helpers of tests/pac/pac-helpers.js:
 * shExpMatch builds a RegExp per call, as Mozilla's and Chromium's do).
 *
 * usage: node bench/bench_pac.js SECONDS HOSTS PAC [PAC...]
 *
 * For each PAC: one warm-up pass over the host list, then passes until
 * SECONDS have gone by (at least 5); prints the median pass rate and the
 * number of DIRECT answers (the decisions of two files can be compared
 * that way). Run by bench/pac-speed.sh.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { load } = require(path.join(__dirname, '..', 'tests', 'pac', 'pac-eval.js'));

function bench(pacPath, hosts, secs) {
	const fn = load(fs.readFileSync(pacPath, 'utf8'));
	const urls = hosts.map((h) => 'http://' + h + '/');
	let direct = 0, sink = 0;
	for (let i = 0; i < hosts.length; i++)
		if (fn(urls[i], hosts[i]) === 'DIRECT')
			direct++;
	const rates = [];
	const t0 = process.hrtime.bigint();
	for (;;) {
		const s = process.hrtime.bigint();
		for (let i = 0; i < hosts.length; i++)
			sink += fn(urls[i], hosts[i]).length;
		const e = process.hrtime.bigint();
		rates.push(hosts.length / (Number(e - s) / 1e9));
		if (rates.length >= 5 && Number(e - t0) / 1e9 >= secs)
			break;
	}
	rates.sort((a, b) => a - b);
	return { rate: rates[rates.length >> 1], min: rates[0],
	    max: rates[rates.length - 1], passes: rates.length, direct, sink };
}

function main(argv) {
	if (argv.length < 3) {
		process.stderr.write('usage: node bench_pac.js SECONDS HOSTS PAC...\n');
		return 2;
	}
	const secs = Number(argv[0]);
	const hosts = fs.readFileSync(argv[1], 'utf8').split('\n').filter((h) => h);
	for (const p of argv.slice(2)) {
		const r = bench(p, hosts, secs);
		console.log('%s\trate %d\tmin %d\tmax %d\tpasses %d\tdirect %d',
		    p, Math.round(r.rate), Math.round(r.min), Math.round(r.max),
		    r.passes, r.direct);
	}
	return 0;
}

process.exitCode = main(process.argv.slice(2));
