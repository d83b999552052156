/* conn.js -- the connection test page (inetcheck serve, issue 20): ask for a test id,
 * fetch the five probe URLs (each given data-timeout ms; a failure is an answer too:
 * the server records what arrived), then finish the test and go to its result. */
(function () {
	'use strict';
	var form = document.getElementById('conn');
	var state = document.getElementById('conn-state');
	if (!form || !window.fetch || !window.AbortController)
		return;
	var timeout = parseInt(form.getAttribute('data-timeout'), 10) || 6000;

	function failed() {
		state.textContent = form.getAttribute('data-failed');
	}

	function post(url) {
		var body = new URLSearchParams();
		body.set('csrf', form.elements.csrf.value);
		return fetch(url, { method: 'POST', body: body, credentials: 'same-origin',
		                    cache: 'no-store' })
			.then(function (r) {
				if (!r.ok)
					throw new Error('HTTP ' + r.status);
				return r.json();
			});
	}

	/* one probe: done when it answers, fails or times out */
	function probe(url) {
		var ctl = new AbortController();
		var timer = setTimeout(function () { ctl.abort(); }, timeout);
		return fetch(url, { mode: 'cors', cache: 'no-store', credentials: 'omit',
		                    signal: ctl.signal })
			.then(function () { return true; }, function () { return false; })
			.then(function (ok) { clearTimeout(timer); return ok; });
	}

	post('/connection/start')
		.then(function (t) {
			return Promise.all(t.probes.map(probe)).then(function () {
				return post(t.finish);
			});
		})
		.then(function (d) { window.location.href = d.url; })
		.catch(failed);
})();
