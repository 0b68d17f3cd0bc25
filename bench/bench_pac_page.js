/*
 * bench_pac_page.js - FindProxyForURL calls per second of PAC files in
 * headless Chromium's V8, the page half of bench/pac-chromium.sh (which
 * writes bench-data.js and the page that loads both).
 *
 * bench-data.js sets MR_BENCH = { secs, helpers, hosts: { NAME: [host...] },
 * pacs: { NAME: text }, runs: [[PAC, HOSTS]...], pairs: [[PAC, PAC, HOSTS]...] }.
 * Each PAC gets its own global object (an about:blank iframe, same origin,
 * the same isolate), with the helpers of tests/pac/pac-helpers.js run
 * first, as Chromium's PAC resolver gives each PAC file a fresh context
 * with its own helper library. Per run, as bench/bench_pac.js: one warm-up
 * pass over the host list, then passes until secs have gone by (at least
 * 5); the median pass rate. A pass repeats the list until it lasts >= 20
 * ms (performance.now() is coarsened to 100 us on a file:// page). Per
 * pair: the answers of both files on every host of the list, compared
 * string by string.
 *
 * Output, in <pre id="out"> for --dump-dom:
 *   run PAC HOSTS\trate N\tmin N\tmax N\tpasses N\tdirect N
 *   pair A B HOSTS\tsame N\tdiffer N[\tfirst HOST A-ANSWER B-ANSWER]
 *   ua USER-AGENT
 *   error TEXT
 * and "done" as the last line when everything ran.
 */
'use strict';
(function () {
	var out = [];
	var fns = {};

	function load(name) {
		if (fns[name])
			return fns[name];
		var f = document.createElement('iframe');
		document.body.appendChild(f);
		var w = f.contentWindow;
		var errs = [];
		w.onerror = function (msg) {
			errs.push(String(msg));
		};
		[MR_BENCH.helpers, MR_BENCH.pacs[name]].forEach(function (text) {
			var s = w.document.createElement('script');
			s.text = text;
			w.document.documentElement.appendChild(s);
		});
		if (errs.length || typeof w.FindProxyForURL !== 'function')
			throw new Error(name + ': no FindProxyForURL (' +
			    errs.join('; ') + ')');
		fns[name] = w.FindProxyForURL;
		return fns[name];
	}

	function answers(fn, hosts) {
		var r = [];
		for (var i = 0; i < hosts.length; i++)
			r.push(fn('http://' + hosts[i] + '/', hosts[i]));
		return r;
	}

	function bench(pac, hname) {
		var fn = load(pac);
		var hosts = MR_BENCH.hosts[hname];
		var urls = hosts.map(function (h) { return 'http://' + h + '/'; });
		var direct = 0, sink = 0, rates = [], i;
		for (i = 0; i < hosts.length; i++)
			if (fn(urls[i], hosts[i]) === 'DIRECT')
				direct++;
		// A pass is the host list reps times, >= 20 ms: the page's clock
		// is coarse (100 us without cross-origin isolation).
		var reps = 1, r, t0 = performance.now();
		for (i = 0; i < hosts.length; i++)
			sink += fn(urls[i], hosts[i]).length;
		var once = performance.now() - t0;
		if (once < 20)
			reps = Math.ceil(20 / Math.max(once, 0.1));
		t0 = performance.now();
		for (;;) {
			var s = performance.now();
			for (r = 0; r < reps; r++)
				for (i = 0; i < hosts.length; i++)
					sink += fn(urls[i], hosts[i]).length;
			var e = performance.now();
			rates.push(reps * hosts.length / ((e - s) / 1000));
			if (rates.length >= 5 && (e - t0) / 1000 >= MR_BENCH.secs)
				break;
		}
		rates.sort(function (a, b) { return a - b; });
		out.push(['run ' + pac + ' ' + hname,
		    'rate ' + Math.round(rates[rates.length >> 1]),
		    'min ' + Math.round(rates[0]),
		    'max ' + Math.round(rates[rates.length - 1]),
		    'passes ' + rates.length, 'direct ' + direct,
		    'sink ' + sink].join('\t'));
	}

	function pair(a, b, hname) {
		var hosts = MR_BENCH.hosts[hname];
		var ra = answers(load(a), hosts), rb = answers(load(b), hosts);
		var same = 0, first = '';
		for (var i = 0; i < hosts.length; i++) {
			if (ra[i] === rb[i])
				same++;
			else if (!first)
				first = '\tfirst ' + hosts[i] + ' ' + ra[i] + ' ' +
				    rb[i];
		}
		out.push('pair ' + a + ' ' + b + ' ' + hname + '\tsame ' + same +
		    '\tdiffer ' + (hosts.length - same) + first);
	}

	try {
		out.push('ua ' + navigator.userAgent);
		MR_BENCH.pairs.forEach(function (p) { pair(p[0], p[1], p[2]); });
		MR_BENCH.runs.forEach(function (r) { bench(r[0], r[1]); });
		out.push('done');
	} catch (e) {
		out.push('error ' + String(e && e.stack ? e.stack : e));
	}
	document.getElementById('out').textContent = out.join('\n');
})();
