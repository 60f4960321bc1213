// semantics_compare.mjs - compares `docker stack config` output (YAML) with
// `compose-lint config --format json` output on the values both keep:
// services, image, command, entrypoint, environment, labels, ports'
// target/published, volumes' source/target.
// usage: node semantics_compare.mjs LIST  (LIST: lines "name<TAB>docker.yaml<TAB>ours.json")
// Prints one line per disagreement and a closing "agreement: N of M".
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(process.env.YAML_MODULE_DIR + "/");
const YAML = require("yaml");

const str = (v) => (v === null || v === undefined ? null : String(v));
const kv = (v) => {
  if (!v) return {};
  if (Array.isArray(v)) {
    const o = {};
    for (const e of v) { const s = String(e), i = s.indexOf("="); o[i < 0 ? s : s.slice(0, i)] = i < 0 ? null : s.slice(i + 1); }
    return o;
  }
  const o = {};
  for (const [k, x] of Object.entries(v)) o[k] = str(x);
  return o;
};
const words = (v) => (v === undefined || v === null ? null : Array.isArray(v) ? v.map(String) : [String(v)]);
const ports = (v) => (v || []).map((p) => typeof p === "object" ? `${str(p.target)}:${str(p.published) ?? ""}` : `?${p}`).sort();
const vols = (v) => (v || []).map((p) => typeof p === "object" ? `${p.source ?? ""}:${p.target}` : `?${p}`).sort();

function view(doc) {
  const out = {};
  for (const [name, s] of Object.entries((doc && doc.services) || {})) {
    const x = s || {};
    out[name] = {
      image: str(x.image), command: words(x.command), entrypoint: words(x.entrypoint),
      environment: kv(x.environment), labels: kv(x.labels), ports: ports(x.ports), volumes: vols(x.volumes),
    };
  }
  return out;
}

const list = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
let agree = 0;
for (const line of list) {
  const [name, dfile, ofile] = line.split("\t");
  let d, o;
  try { d = view(YAML.parse(readFileSync(dfile, "utf8"))); o = view(JSON.parse(readFileSync(ofile, "utf8"))); }
  catch (e) { console.log(`DIFF\t${name}\tunreadable output (${e.message})`); continue; }
  const diffs = [];
  const names = new Set([...Object.keys(d), ...Object.keys(o)]);
  for (const svc of names) {
    if (!d[svc] || !o[svc]) { diffs.push(`service ${svc} only in ${d[svc] ? "docker" : "compose-lint"}`); continue; }
    for (const f of Object.keys(d[svc])) {
      const a = JSON.stringify(d[svc][f]), b = JSON.stringify(o[svc][f]);
      if (a !== b) diffs.push(`${svc}.${f}: docker ${a} vs compose-lint ${b}`);
    }
  }
  if (diffs.length) console.log(`DIFF\t${name}\t${diffs.join("; ")}`);
  else agree++;
}
console.log(`agreement: ${agree} of ${list.length}`);
