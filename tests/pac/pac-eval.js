#!/usr/bin/env node
/*
 * pac-eval.js - evaluate a PAC file in Node's V8 through a vm context with
 * the standard helper functions of tests/pac/pac-helpers.js; one answer a
 * line, in the order of the hosts.
 *
 * usage: node pac-eval.js PAC HOSTS > ANSWERS
 *
 * Each host h is passed as FindProxyForURL("http://" + h + "/", h): the host
 * argument is given explicitly, as a browser does. An exception or a
 * non-string result prints "ERROR <text>". A fresh context is made every
 * 20,000 calls (no engine state carries over long runs).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

function load(pacText) {
	const ctx = vm.createContext({});
	vm.runInContext(fs.readFileSync(path.join(__dirname, 'pac-helpers.js'),
	    'utf8'), ctx, { filename: 'pac-helpers.js' });
	vm.runInContext(pacText, ctx, { filename: 'pac' });
	if (typeof ctx.FindProxyForURL !== 'function')
		throw new Error('the PAC file defines no FindProxyForURL');
	return ctx.FindProxyForURL;
}

function main(argv) {
	if (argv.length !== 2) {
		process.stderr.write('usage: node pac-eval.js PAC HOSTS\n');
		return 2;
	}
	const pac = fs.readFileSync(argv[0], 'utf8');
	const hosts = fs.readFileSync(argv[1], 'utf8').split('\n');
	if (hosts.length && hosts[hosts.length - 1] === '')
		hosts.pop();
	let fn = load(pac);
	const out = [];
	for (let i = 0; i < hosts.length; i++) {
		if (i > 0 && i % 20000 === 0)
			fn = load(pac);
		const h = hosts[i];
		let r;
		try {
			r = fn('http://' + h + '/', h);
			if (typeof r !== 'string')
				r = 'ERROR non-string result ' + String(r);
		} catch (e) {
			r = 'ERROR ' + String(e && e.message ? e.message : e);
		}
		out.push(r.replace(/[\r\n]/g, ' '));
	}
	process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
	return 0;
}

module.exports = { load };
if (require.main === module)
	process.exitCode = main(process.argv.slice(2));
