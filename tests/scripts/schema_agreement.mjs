// schema_agreement.mjs - verdict agreement between `compose-lint validate` and
// the official compose-spec schema (../shared/tools/spec-validate.mjs, ajv) on
// every corpus file and on deterministic mutants of them (unknown key, wrong
// type, bad enum value, missing required key, bad pattern, wrong short/long
// form, duplicate list item, removed key). Run by schema_agreement.sh with the
// npm packages resolvable from the current folder.
// Usage: node schema_agreement.mjs CL SHARED OUTDIR MIN_CORPUS_PCT MIN_MUTANT_PCT
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(join(process.cwd(), "noop.js"));
const YAML = require("yaml");
const [CL, SHARED, OUT, MIN_CORPUS, MIN_MUTANT] = process.argv.slice(2);
const PER_FILE = 8;

// ---- deterministic randomness ----
let seed = 0x5eed;
function rnd() {   // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];
const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// ---- corpus ----
const corpusDir = join(SHARED, "corpus");
const corpus = [];
for (const d of readdirSync(corpusDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort())
  for (const f of readdirSync(join(corpusDir, d)).sort())
    if (/\.ya?ml$/.test(f)) corpus.push(join(corpusDir, d, f));

// Every container (object or array) of a document with its path.
function nodes(v, path = [], out = []) {
  if (v === null || typeof v !== "object") return out;
  out.push({ v, path });
  if (Array.isArray(v)) v.forEach((x, i) => nodes(x, path.concat(i), out));
  else for (const k of Object.keys(v)) nodes(v[k], path.concat(k), out);
  return out;
}
function typo(k) {
  if (k.length < 3) return k + "s";
  const i = 1 + Math.floor(rnd() * (k.length - 2));
  switch (Math.floor(rnd() * 3)) {
    case 0: return k.slice(0, i) + k[i + 1] + k[i] + k.slice(i + 2);   // swap
    case 1: return k.slice(0, i) + k.slice(i + 1);                      // drop
    default: return k.slice(0, i) + k[i] + k.slice(i);                  // double
  }
}
const otherValues = [42, "text", true, null, ["a"], { k: "v" }, 1.5, -7, "80:80", { target: 80 }];
function services(doc) {
  if (!isObj(doc.services)) doc.services = {};
  let names = Object.keys(doc.services).filter((n) => isObj(doc.services[n]));
  if (!names.length) { doc.services.added = { image: "alpine" }; names = ["added"]; }
  return names;
}
function aService(doc) { const n = pick(services(doc)); return doc.services[n]; }

// Templates: [property, value] put into a service; some valid, most not.
const enumCases = [
  ["cgroup", "hots"], ["cgroup", "host"], ["cgroup", "Private"],
  ["depends_on", { db: { condition: "service_ready" } }], ["depends_on", { db: { condition: "service_healthy" } }],
  ["volumes", [{ type: "bnd", source: ".", target: "/x" }]], ["volumes", [{ type: "tmpfs", target: "/x" }]],
  ["volumes", [{ type: "bind", source: ".", target: "/x", bind: { selinux: "x" } }]],
  ["volumes", [{ type: "bind", source: ".", target: "/x", bind: { recursive: "on" } }]],
  ["deploy", { update_config: { order: "first-start" } }], ["deploy", { rollback_config: { order: "stop-first" } }],
  ["develop", { watch: [{ path: ".", action: "reload" }] }], ["develop", { watch: [{ path: ".", action: "sync+exec" }] }],
  ["gpus", "some"], ["gpus", "all"],
];
const requiredCases = [
  ["depends_on", { db: { restart: true } }], ["depends_on", { db: { required: false, condition: "service_started" } }],
  ["volumes", [{ source: ".", target: "/x" }]], ["devices", [{ target: "/dev/x" }]], ["devices", [{ source: "/dev/x" }]],
  ["ulimits", { nofile: { soft: 1024 } }], ["ulimits", { nofile: { soft: 1024, hard: 2048 } }],
  ["extends", { file: "base.yaml" }], ["extends", { service: "base" }], ["post_start", [{ user: "root" }]],
  ["pre_stop", [{ command: "true" }]], ["provider", { options: { a: 1 } }], ["env_file", [{ required: false }]],
  ["deploy", { resources: { reservations: { devices: [{ count: 1 }] } } }],
  ["develop", { watch: [{ action: "rebuild" }] }],
];
const patternCases = [
  ["container_name", "x"], ["container_name", "-_"], ["container_name", "my-app_1"],
  ["pull_policy", "sometimes"], ["pull_policy", "every_12h"], ["pull_policy", "daily"], ["pull_policy", "every_"],
];
const formCases = [
  ["ports", [{ host: 80 }]], ["ports", [{ published: "8080", target: 80 }]], ["ports", "80:80"],
  ["environment", "A=B"], ["environment", { A: ["x"] }], ["environment", ["A=B", "A=B"]],
  ["depends_on", { db: null }], ["depends_on", "db"], ["build", { context: ".", dockerfil: "Dockerfile" }],
  ["build", ["."]], ["command", { sh: "-c" }], ["healthcheck", { test: { cmd: "true" } }],
  ["networks", { front: null }], ["networks", { front: ["x"] }], ["networks", ["a", "a"]],
  ["extra_hosts", { "host.docker.internal": ["10.0.0.1", "10.0.0.2"] }], ["extra_hosts", "a:1.2.3.4"],
  ["env_file", [{ path: ".env", format: "raw" }]], ["env_file", { path: ".env" }],
  ["ulimits", { nofile: [1] }], ["ulimits", { NOFILE: 1 }], ["secrets", { s: "x" }], ["secrets", [{ source: "s", mode: 0o440 }]],
  ["tmpfs", ["/run", "/run"]], ["logging", { options: { "max-size": ["1m"] } }], ["cpu_percent", 150],
  ["cpu_count", -1], ["oom_score_adj", 500], ["blkio_config", { weight: 300, foo: 1 }], ["models", { m: null }],
];

// ---- mutation operators: each takes the document, changes it, returns a label ----
const ops = [
  function unknownKey(doc) {
    const objs = nodes(doc).filter((n) => isObj(n.v));
    const n = pick(objs);
    const keys = Object.keys(n.v);
    const k = keys.length && rnd() < 0.8 ? typo(pick(keys)) : pick(["x-custom", "foo_bar", "enviroment", "imgae"]);
    n.v[k] = "mutant";
    return `unknown-key ${n.path.join(".")}.${k}`;
  },
  function wrongType(doc) {
    const all = [];
    for (const n of nodes(doc)) for (const k of Object.keys(n.v)) all.push({ o: n.v, k, path: n.path.concat(k) });
    if (!all.length) { doc.name = 5; return "wrong-type name"; }
    const t = pick(all);
    const val = pick(otherValues);
    t.o[t.k] = structuredClone(val);
    return `wrong-type ${t.path.join(".")} = ${JSON.stringify(val)}`;
  },
  function badEnum(doc) { const [k, v] = pick(enumCases); aService(doc)[k] = structuredClone(v); return `enum ${k}`; },
  function missingRequired(doc) {
    const [k, v] = pick(requiredCases);
    aService(doc)[k] = structuredClone(v);
    return `required ${k}`;
  },
  function badPattern(doc) {
    if (rnd() < 0.4) {
      const names = services(doc);
      const old = pick(names), bad = pick([old + " copy", old + "/x", "web", old + ":1", "é" + old]);
      doc.services[bad] = doc.services[old];
      delete doc.services[old];
      return `pattern services.${bad}`;
    }
    const [k, v] = pick(patternCases);
    aService(doc)[k] = v;
    return `pattern ${k}=${v}`;
  },
  function shortLongForm(doc) { const [k, v] = pick(formCases); aService(doc)[k] = structuredClone(v); return `form ${k}`; },
  function duplicateItem(doc) {
    const arrs = nodes(doc).filter((n) => Array.isArray(n.v) && n.v.length);
    if (!arrs.length) { aService(doc).cap_add = ["NET_ADMIN", "NET_ADMIN"]; return "duplicate cap_add"; }
    const n = pick(arrs);
    n.v.push(structuredClone(pick(n.v)));
    return `duplicate ${n.path.join(".")}`;
  },
  function removeKey(doc) {
    const objs = nodes(doc).filter((n) => isObj(n.v) && Object.keys(n.v).length && n.path.length);
    if (!objs.length) return "remove nothing";
    const n = pick(objs);
    const k = pick(Object.keys(n.v));
    delete n.v[k];
    return `remove ${n.path.join(".")}.${k}`;
  },
];

// ---- generate ----
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const mutants = [], labels = new Map();
const yamlOpts = { merge: true, uniqueKeys: true, maxAliasCount: 10000, customTags: [
  { tag: "!reset", resolve: () => null }, { tag: "!override", resolve: (v) => v }] };
for (const [fi, file] of corpus.entries()) {
  let base;
  try { base = YAML.parse(readFileSync(file, "utf8"), yamlOpts); } catch { continue; }
  if (!isObj(base)) continue;
  for (let m = 0; m < PER_FILE; m++) {
    const doc = structuredClone(base);
    const label = ops[m % ops.length](doc);
    const out = join(OUT, `m${String(fi).padStart(3, "0")}-${m}.yaml`);
    writeFileSync(out, YAML.stringify(doc, { aliasDuplicateObjects: false }));
    mutants.push(out);
    labels.set(out, label);
  }
}

// Text-level mutants keep the original YAML (anchors, merges, tags, quoting,
// comments): one mapping key per file gets a typo, or one value its quotes removed.
for (const [fi, file] of corpus.entries()) {
  const lines = readFileSync(file, "utf8").split("\n");
  const keyLines = [], quoted = [];
  lines.forEach((l, i) => {
    if (/^\s+[A-Za-z_][A-Za-z0-9_]*:(\s|$)/.test(l)) keyLines.push(i);
    if (/(:|-)\s+"[^"\\#]*"\s*$/.test(l)) quoted.push(i);
  });
  if (!keyLines.length) continue;
  let label;
  if (quoted.length && rnd() < 0.5) {
    const i = pick(quoted);
    lines[i] = lines[i].replace(/"([^"\\#]*)"\s*$/, "$1");
    label = `text-unquote line ${i + 1}`;
  } else {
    const i = pick(keyLines);
    const m = /^(\s+)([A-Za-z_][A-Za-z0-9_]*):(.*)$/.exec(lines[i]);
    const k = typo(m[2]);
    lines[i] = `${m[1]}${k}:${m[3]}`;
    label = `text-typo line ${i + 1}: ${m[2]} -> ${k}`;
  }
  const out = join(OUT, `t${String(fi).padStart(3, "0")}.yaml`);
  writeFileSync(out, lines.join("\n"));
  mutants.push(out);
  labels.set(out, label);
}

// ---- verdicts ----
function oracle(files) {
  const r = spawnSync("node", [join(SHARED, "tools", "spec-validate.mjs"), ...files], { encoding: "utf8", maxBuffer: 1 << 28 });
  const v = new Map();
  for (const line of r.stdout.split("\n")) {
    if (!line) continue;
    const [f, verdict, err] = line.split("\t");
    v.set(f, { verdict: verdict === "valid" ? "valid" : "invalid", why: verdict === "valid" ? "" : `${verdict}: ${err}` });
  }
  return v;
}
function ours(files) {
  const r = spawnSync(CL, ["validate", "--format", "json", "--color", "never", ...files], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status > 1 || r.error) { console.log(`compose-lint failed (exit ${r.status}): ${r.stderr}`); process.exit(1); }
  const j = JSON.parse(r.stdout);
  const first = new Map();
  for (const d of j.diagnostics) if (!first.has(d.file) && d.severity === "error") first.set(d.file, `${d.rule}: ${d.message}`);
  const v = new Map();
  for (const f of j.files) v.set(f.file, { verdict: f.errors ? "invalid" : "valid", why: first.get(f.file) || "" });
  return v;
}
function compare(name, files) {
  const a = oracle(files), b = ours(files);
  let agree = 0, nvalid = 0;
  const diffs = [];
  for (const f of files) {
    const x = a.get(f), y = b.get(f);
    if (!x || !y) { diffs.push(`${f}: missing verdict (oracle ${!!x}, compose-lint ${!!y})`); continue; }
    if (x.verdict === "valid") nvalid++;
    if (x.verdict === y.verdict) agree++;
    else diffs.push(`${f} [${labels.get(f) || "corpus"}]: official ${x.verdict} ${x.why} | compose-lint ${y.verdict} ${y.why}`);
  }
  const pct = (100 * agree) / files.length;
  console.log(`${name}: ${agree}/${files.length} verdicts agree (${pct.toFixed(2)}%); official: ${nvalid} valid, ${files.length - nvalid} invalid`);
  for (const d of diffs) console.log(`  DISAGREE ${d}`);
  return pct;
}
const pc = compare("corpus", corpus);
const pm = compare("mutants", mutants);
const kinds = {};
for (const l of labels.values()) { const k = l.split(" ")[0]; kinds[k] = (kinds[k] || 0) + 1; }
console.log(`mutant kinds: ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(", ")}`);
let ok = true;
if (corpus.length < 298) { console.log(`only ${corpus.length} corpus files`); ok = false; }
if (mutants.length < 2000) { console.log(`only ${mutants.length} mutants`); ok = false; }
if (pc < Number(MIN_CORPUS)) { console.log(`corpus agreement below ${MIN_CORPUS}%`); ok = false; }
if (pm < Number(MIN_MUTANT)) { console.log(`mutant agreement below ${MIN_MUTANT}%`); ok = false; }
process.exit(ok ? 0 : 1);
