/* progress.js -- the progress page (inetcheck serve): ask the server once a second
 * how far the test is, mark the finished parts and go to the result when it is
 * there. Without JavaScript the page refreshes itself instead. */
(function () {
	'use strict';
	var list = document.getElementById('probes');
	if (!list || !window.fetch)
		return;
	var url = list.getAttribute('data-json');
	var stateEl = document.getElementById('state');
	var failures = 0;

	function word(name) {
		return list.getAttribute('data-' + name) || name;
	}

	function show(d) {
		var finished = {};
		(d.probes || []).forEach(function (p) { finished[p] = true; });
		var items = list.querySelectorAll('li[data-probe]');
		for (var i = 0; i < items.length; i++) {
			var li = items[i];
			var done = d.state === 'done' || finished[li.getAttribute('data-probe')] === true;
			li.className = done ? 'done' : 'pending';
			li.querySelector('.state').textContent = word(done ? 'done' : 'pending');
		}
		if (stateEl)
			stateEl.textContent = word('state-' + d.state);
	}

	function poll() {
		fetch(url, { cache: 'no-store', credentials: 'same-origin' })
			.then(function (r) {
				if (!r.ok)
					throw new Error('HTTP ' + r.status);
				return r.json();
			})
			.then(function (d) {
				failures = 0;
				show(d);
				if (d.result) {
					window.location.replace(d.result);
					return;
				}
				if (d.state !== 'cancelled')
					window.setTimeout(poll, 1000);
			})
			.catch(function () {
				failures++;
				window.setTimeout(poll, Math.min(10000, 1000 * (1 + failures)));
			});
	}

	poll();
}());
