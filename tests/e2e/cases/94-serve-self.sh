# shellcheck shell=bash
# 94-serve-self -- inetcheck's own pages behind nginx (TLS, HSTS, security.txt: the
# fixture's serve-self.example vhost proxies to 127.0.0.1:8089) score 100 % on inetcheck's
# own web test (issue 18 item 4): every header but HSTS is serve's own.

if serve_up self 8089 --workers 0 --private-dns; then
	ic web serve-self.example
	expect_overall 100
	expect_percent web_https 100
	for t in x_frame_options x_content_type_options csp referrer_policy securitytxt; do
		expect_test "web_appsecpriv_$t" passed good
	done
	expect_category web_appsecpriv passed
	# the pages a person sees carry the same headers (not only the home page)
	for p in / /halloffame/ /no/such/page; do
		h=$(ip netns exec "$E2E_NETNS" curl -s -D - -o /dev/null "http://127.0.0.1:8089$p")
		_check "serve $p: Content-Security-Policy" yes \
			"$(grep -qi "^content-security-policy: default-src 'self'" <<< "$h" && echo yes)"
		_check "serve $p: X-Frame-Options" yes "$(grep -qi '^x-frame-options: DENY' <<< "$h" && echo yes)"
	done
	serve_down self
fi
