#!/usr/bin/env python3
"""fix_corpus_check.py WORK - after tests/scripts/rules_fix_corpus.sh ran --fix
on copies of the corpus, checks every file: (1) a second --fix changed
nothing, (2) a file that parsed still parses and has no more errors than
before, (3) every original line that the fix removed or changed lies inside an
edit the original report announced (nothing outside the edits moved), and
(4) a file without changes was not rewritten (its mtime is the original's)."""
import difflib, json, os, sys

work = sys.argv[1]
orig = json.load(open(os.path.join(work, "orig.json")))
once = json.load(open(os.path.join(work, "once.json")))
names = [l.strip() for l in open(os.path.join(work, "files.txt")) if l.strip()]

def per_file(rep):
    files = {f["file"]: f for f in rep["files"]}
    yaml_err, ranges = set(), {}
    for g in rep["diagnostics"]:
        if g["rule"].startswith("yaml-"):
            yaml_err.add(g["file"])
        fx = g.get("fix")
        if fx and fx.get("safe"):
            for e in fx["edits"]:
                s = e["span"]
                last = s["end_line"] - 1 if s["end_col"] == 1 and s["end_line"] > s["line"] else s["end_line"]
                ranges.setdefault(g["file"], []).append((s["line"], last))
    return files, yaml_err, ranges

of, oy, oranges = per_file(orig)
nf, ny, _ = per_file(once)
bad = changed = 0
for n in names:
    a = open(os.path.join(work, "orig", n), "rb").read()
    b = open(os.path.join(work, "once", n), "rb").read()
    c = open(os.path.join(work, "twice", n), "rb").read()
    if b != c:
        print("NOT IDEMPOTENT: %s (a second --fix changed it)" % n); bad += 1
    if a == b:
        if os.stat(os.path.join(work, "once", n)).st_mtime_ns != os.stat(os.path.join(work, "orig", n)).st_mtime_ns:
            print("TOUCHED: %s has no change but was rewritten" % n); bad += 1
        continue
    changed += 1
    if n not in oy:
        if n in ny:
            print("BROKE PARSING: %s" % n); bad += 1
        elif nf.get(n, {}).get("errors", 0) > of.get(n, {}).get("errors", 0):
            print("MORE ERRORS: %s (%d -> %d)" % (n, of[n]["errors"], nf[n]["errors"])); bad += 1
    al, bl = a.decode("utf-8", "replace").splitlines(True), b.decode("utf-8", "replace").splitlines(True)
    sm = difflib.SequenceMatcher(None, al, bl, autojunk=False)
    rs = oranges.get(n, [])
    for op, i1, i2, _, _ in sm.get_opcodes():
        if op in ("replace", "delete"):
            for ln in range(i1 + 1, i2 + 1):
                if not any(lo <= ln <= hi for lo, hi in rs):
                    print("OUTSIDE EDITS: %s line %d changed but no reported edit covers it" % (n, ln)); bad += 1
                    break
print("fix over the corpus: %d files, %d changed by --fix, %d problem(s)" % (len(names), changed, bad))
sys.exit(1 if bad else 0)
