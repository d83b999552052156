# shellcheck shell=bash
# 20-web-dnssec -- spec §3.2 (web_dnssec, max 10): one SOA query for the exact tested name;
# secure → 10 points, insecure → 2, bogus/error → 0. Percentages: 100 / 20 / 0.

ic web secure.example
expect_test web_dnssec_exist passed good
expect_test web_dnssec_valid passed good
expect_category web_dnssec passed
expect_percent web_dnssec 100
expect_max_points web_dnssec 10
expect_json '.technical.domain.dnssec.status' secure
expect_scoring_formula

ic web insecure.example
# §3.2: insecure → dnssec_exists failed/bad
expect_test web_dnssec_exist failed bad
# §3.2: insecure → dnssec_valid stays not_tested (verdict not-tested, §2.6), but 2 points apply
expect_test web_dnssec_valid not_tested not-tested
expect_category web_dnssec failed
# §3.2: "Category percentages therefore: secure 100, insecure 20"
expect_percent web_dnssec 20
expect_json '.technical.domain.dnssec.status' insecure
expect_scoring_formula

for d in bogus-sig.example bogus-ds.example; do
	ic web "$d"
	# §3.2: bogus → dnssec_exists passed/good (DNSSEC is there, just broken)
	expect_test web_dnssec_exist passed good
	expect_test web_dnssec_valid failed bad
	expect_category web_dnssec failed
	expect_percent web_dnssec 0
	# §1.4: SERVFAIL without CD, data with CD → bogus
	expect_json '.technical.domain.dnssec.status' bogus
done

# CNAMEs: the SOA query for the tested name follows the CNAME; the status is that of the
# whole chain (§1.4, §3.2).
ic web www.cname.example
expect_test web_dnssec_exist passed good
expect_test web_dnssec_valid passed good
expect_percent web_dnssec 100

ic web toinsec.cname.example
expect_test web_dnssec_exist failed bad
expect_test web_dnssec_valid not_tested not-tested
expect_percent web_dnssec 20

ic web tobogus.cname.example
expect_test web_dnssec_exist passed good
expect_test web_dnssec_valid failed bad
expect_percent web_dnssec 0
