#!/usr/bin/env python3
"""parity.py DCLINT_JSON OURS_JSON DIFFERENCES ROOT - compares what dclint 3.1.0
and compose-lint report, per file and rule. Compared by line (default) or by
service ("mode RULE services" in DIFFERENCES). Every mismatch must be listed in
DIFFERENCES ("only-dclint|only-ours FILE RULE KEY -- reason", or "skip FILE --
reason"), and every listed difference must occur, so the list stays true."""
import json, os, sys
from collections import Counter

RULES = {"no-build-and-image", "no-duplicate-container-names", "no-duplicate-exported-ports",
         "no-quotes-in-volumes", "no-unbound-port-interfaces", "no-version-field",
         "require-project-name-field", "require-quotes-in-ports", "service-container-name-regex",
         "service-dependencies-alphabetical-order", "service-image-require-explicit-tag",
         "service-keys-order", "service-ports-alphabetical-order", "services-alphabetical-order",
         "top-level-properties-order"}

dcl, ours, difffile, root = sys.argv[1:5]
root = os.path.abspath(root)
rel = lambda p: os.path.relpath(os.path.abspath(p), root)

modes, skips, listed = {}, {}, Counter()
for ln in open(difffile):
    ln = ln.split(" -- ")[0].strip()
    if not ln or ln.startswith("#"):
        continue
    w = ln.split()
    if w[0] == "mode":
        modes[w[1]] = w[2]
    elif w[0] == "skip":
        skips[w[1]] = 0
    else:
        listed[(w[0], w[1], w[2], w[3])] += 1

def key(rule, line, svc):
    return str(svc) if modes.get(rule) == "services" else str(line)

got_d, got_o = Counter(), Counter()
for f in json.load(open(dcl)):
    fn = rel(f["filePath"])
    for m in f["messages"]:
        if m["rule"] in RULES:
            got_d[(fn, m["rule"], key(m["rule"], m["line"], (m.get("data") or {}).get("serviceName")))] += 1
        elif fn not in skips:
            print("dclint could not lint %s: %s %s" % (fn, m["rule"], m["message"][:120]))
for g in json.load(open(ours))["diagnostics"]:
    if g["rule"] in RULES:
        path = (g.get("path") or "").split(".")
        svc = path[1] if len(path) > 1 and path[0] == "services" else None
        got_o[(rel(g["file"]), g["rule"], key(g["rule"], g["span"]["line"], svc))] += 1

bad = 0
seen = Counter()
for side, a, b in (("only-dclint", got_d, got_o), ("only-ours", got_o, got_d)):
    for k, n in sorted((a - b).items()):
        if k[0] in skips:
            skips[k[0]] += n
            continue
        lk = (side, k[0], k[1], k[2])
        take = min(n, listed[lk] - seen[lk])
        seen[lk] += take
        if take < n:
            print("UNEXPECTED %s: %s %s at %s (x%d)" % (side, k[0], k[1], k[2], n - take))
            bad += 1
for lk, n in listed.items():
    if seen[lk] < n:
        print("LISTED BUT NOT SEEN: %s" % " ".join(lk))
        bad += 1
for f, n in skips.items():
    if not n:
        print("SKIPPED FILE SHOWS NO DIFFERENCE (remove the skip?): %s" % f)
agree = sum((got_d & got_o).values())
print("parity: %d findings agree, %d by dclint, %d by compose-lint, %d unexplained" %
      (agree, sum(got_d.values()), sum(got_o.values()), bad))
sys.exit(1 if bad else 0)
