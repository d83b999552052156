#!/usr/bin/env python3
"""vrp-gen.py -- write a realistic, deterministic VRP set in the four formats
inetcheck reads (src/checks/vrp.h), for bench/vrp-load.sh.

    bench/vrp-gen.py [-n N] [--seed S] [--ipv6 SHARE] [--shuffle] [--formats F,...] OUTDIR

writes OUTDIR/vrps-rpki-client.json, vrps-routinator.json, vrps-rpki-client.csv
and vrps-routinator.csv, each with the same N VRP rows (default 800 000, the
size of today's global set; about 15 % IPv6).

The shape follows the real set: IPv4 prefixes /8../24, most of them /24 and
/22, IPv6 /19../48, most of them /48, /32 and /29; maxLength equal to the
prefix length for most and longer for the rest; about a third of the prefixes
are more-specifics of an earlier one (an organisation's aggregate and its
pieces), often with the same origin; origins drawn from ~80 000 ASNs, a few of
them with many VRPs; 0.5 % of the rows repeat a VRP under a second trust
anchor (which the loader keeps once). Rows are written in address order, as
both exporters write them; --shuffle writes them in random order instead.
The same N and seed always give the same files.
"""
import argparse
import ipaddress
import os
import random
import sys

FORMATS = ("rpki-client-json", "routinator-json", "rpki-client-csv", "routinator-csv")
TAS = (("ripe", 40), ("apnic", 25), ("arin", 15), ("lacnic", 12), ("afrinic", 8))
V4_LENS = ((24, 55), (22, 10), (23, 7), (16, 6), (21, 5), (20, 5), (19, 4), (18, 3),
           (17, 2), (15, 1), (14, 1), (13, 0.5), (12, 0.3), (11, 0.1), (10, 0.05),
           (9, 0.03), (8, 0.02))
V6_LENS = ((48, 40), (32, 20), (29, 10), (36, 5), (40, 5), (44, 5), (47, 2), (46, 2),
           (33, 2), (34, 2), (30, 1.5), (31, 1.5), (28, 1), (27, 0.5), (26, 0.5),
           (24, 0.5), (22, 0.5), (20, 0.5), (19, 0.5))


def weighted(rng, table):
    values = [v for v, _ in table]
    weights = [w for _, w in table]
    return lambda: rng.choices(values, weights)[0]


def generate(n, seed, v6_share):
    rng = random.Random(seed)
    v4_len = weighted(rng, V4_LENS)
    v6_len = weighted(rng, V6_LENS)
    ta_of = weighted(rng, TAS)
    # 16-bit and 32-bit origins; a power law picks a few of them very often
    asns = rng.sample(range(1, 64496), 45000) + rng.sample(range(131072, 400000), 35000)
    rng.shuffle(asns)
    rows = []
    parents = {4: [], 6: []}          # earlier prefixes that can have more-specifics
    seen = set()
    while len(rows) < n:
        fam = 6 if rng.random() < v6_share else 4
        bits, top = (32, 24) if fam == 4 else (128, 48)
        ta = ta_of()
        if rows and rng.random() < 0.005:             # the same VRP from a second TA
            f, a, ln, ml, asn, _ = rows[rng.randrange(len(rows))]
            rows.append((f, a, ln, ml, asn, ta))
            continue
        asn = asns[int(len(asns) * rng.random() ** 3)]
        plist = parents[fam]
        if plist and rng.random() < 0.33:              # a more-specific of an earlier prefix
            paddr, plen, pasn = plist[rng.randrange(len(plist))]
            length = rng.randint(plen + 1, top)
            addr = paddr | (rng.getrandbits(length - plen) << (bits - length))
            if rng.random() < 0.7:
                asn = pasn
        else:
            length = v4_len() if fam == 4 else v6_len()
            if fam == 4:
                first = rng.randint(1, 223)
                addr = (first << 24) | rng.getrandbits(24)
            else:
                addr = (1 << 125) | rng.getrandbits(125)     # 2000::/3
            addr &= ((1 << length) - 1) << (bits - length)
        if rng.random() < 0.75 or length == top:
            maxlen = length
            if length == top and rng.random() < 0.01:
                maxlen = rng.randint(length, bits)
        else:
            maxlen = rng.randint(length + 1, top)
        key = (fam, addr, length, maxlen, asn)
        if key in seen:
            continue
        seen.add(key)
        rows.append((fam, addr, length, maxlen, asn, ta))
        if length < top:
            plist.append((addr, length, asn))
    return rows


def prefix_text(fam, addr, length):
    if fam == 4:
        return "%d.%d.%d.%d/%d" % (addr >> 24, (addr >> 16) & 255, (addr >> 8) & 255,
                                   addr & 255, length)
    return "%s/%d" % (ipaddress.IPv6Address(addr).compressed, length)


def write(outdir, fmt, rows, texts, expires, unique):
    ext = "json" if fmt.endswith("json") else "csv"
    tool = fmt.rsplit("-", 1)[0]
    path = os.path.join(outdir, "vrps-%s.%s" % (tool, ext))
    with open(path, "w") as f:
        if fmt == "rpki-client-json":
            f.write('{\n\t"metadata": {\n\t\t"buildmachine": "bench.example",\n'
                    '\t\t"buildtime": "2026-01-01T00:00:00Z",\n\t\t"elapsedtime": 600,\n'
                    '\t\t"roas": %d,\n\t\t"vrps": %d,\n\t\t"uniquevrps": %d,\n'
                    '\t\t"talfiles": ["afrinic.tal", "apnic.tal", "arin.tal", "lacnic.tal", '
                    '"ripe.tal"]\n\t},\n\t"roas": [\n' % (len(rows), len(rows), unique))
            f.write(",\n".join(
                '\t\t{ "asn": %d, "prefix": "%s", "maxLength": %d, "ta": "%s", "expires": %d }'
                % (r[4], t, r[3], r[5], e) for r, t, e in zip(rows, texts, expires)))
            f.write('\n\t],\n\t"bgpsec_keys": [\n\t],\n'
                    '\t"provider_authorizations": {\n\t\t"ipv4": [],\n\t\t"ipv6": []\n\t}\n}\n')
        elif fmt == "routinator-json":
            f.write('{\n  "metadata": {\n    "generated": 1767225600,\n'
                    '    "generatedTime": "2026-01-01T00:00:00Z"\n  },\n  "roas": [\n')
            f.write(",\n".join(
                '    { "asn": "AS%d", "prefix": "%s", "maxLength": %d, "ta": "%s" }'
                % (r[4], t, r[3], r[5]) for r, t in zip(rows, texts)))
            f.write("\n  ]\n}\n")
        elif fmt == "rpki-client-csv":
            f.write("ASN,IP Prefix,Max Length,Trust Anchor,Expires\n")
            f.writelines("AS%d,%s,%d,%s,%d\n" % (r[4], t, r[3], r[5], e)
                         for r, t, e in zip(rows, texts, expires))
        else:
            f.write("ASN,IP Prefix,Max Length,Trust Anchor\n")
            f.writelines("AS%d,%s,%d,%s\n" % (r[4], t, r[3], r[5]) for r, t in zip(rows, texts))
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("-n", type=int, default=800000, help="VRP rows (default 800000)")
    ap.add_argument("--seed", type=int, default=6811)
    ap.add_argument("--ipv6", type=float, default=0.15, help="share of IPv6 rows (0.15)")
    ap.add_argument("--shuffle", action="store_true", help="rows in random order")
    ap.add_argument("--formats", default=",".join(FORMATS),
                    help="comma-separated subset of " + ", ".join(FORMATS))
    args = ap.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    for f in formats:
        if f not in FORMATS:
            sys.exit("vrp-gen.py: unknown format %r" % f)
    rows = generate(args.n, args.seed, args.ipv6)
    if args.shuffle:
        random.Random(args.seed + 1).shuffle(rows)
    else:
        rows.sort(key=lambda r: (r[0], r[1], r[2], r[3], r[4]))
    texts = [prefix_text(r[0], r[1], r[2]) for r in rows]
    erng = random.Random(args.seed + 2)
    expires = [1767225600 + erng.randrange(86400 * 30) for _ in rows]
    unique = len({r[:5] for r in rows})
    os.makedirs(args.outdir, exist_ok=True)
    for f in formats:
        print(write(args.outdir, f, rows, texts, expires, unique))


if __name__ == "__main__":
    main()
