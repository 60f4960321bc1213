// kubernetes_validate.mjs - the oracle for the Kubernetes emitter: validates
// every object of every given multi-document YAML file with kubernetes-models
// (the Kubernetes OpenAPI schemas). Lines starting with "### " (the golden
// files' diagnostics) are ignored. Prints one line per invalid object and a
// closing line "objects: N, valid: N, invalid: N, files: N"; exits 1 when an
// object is invalid, has an unknown kind, or a file does not parse.
// Besides the schemas it checks the API server's own rules that the schemas
// leave out: names (DNS-1035 labels, as the emitter promises everywhere),
// label keys and values, selectors matching the pod template, Service port
// names, pod volume names and the volumes that mounts refer to, data keys.
// Run from a folder where kubernetes-models@5 and yaml@2 are installed.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const groups = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
};
const modules = {};
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IANA_SVC = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

function labelKeyOk(k) {
  const i = k.indexOf("/");
  const prefix = i < 0 ? null : k.slice(0, i), name = i < 0 ? k : k.slice(i + 1);
  if (prefix !== null && (prefix.length > 253 || !SUBDOMAIN.test(prefix))) return false;
  return name.length <= 63 && LABEL_NAME.test(name);
}
function checkLabels(where, labels, errs) {
  for (const [k, v] of Object.entries(labels || {})) {
    if (!labelKeyOk(k)) errs.push(`${where}: bad label key ${k}`);
    if (typeof v !== "string" || v.length > 63 || (v !== "" && !LABEL_NAME.test(v))) errs.push(`${where}: bad label value ${k}=${v}`);
  }
}
function name63(where, n, errs) {
  if (typeof n !== "string" || n.length > 63 || !DNS_LABEL.test(n)) errs.push(`${where}: '${n}' is not a DNS-1035 label`);
}
function checkPod(where, tmpl, selector, errs, claimTemplates) {
  const labels = (tmpl.metadata && tmpl.metadata.labels) || {};
  checkLabels(`${where} template`, labels, errs);
  for (const [k, v] of Object.entries(selector || {}))
    if (labels[k] !== v) errs.push(`${where}: selector ${k}=${v} does not match the template`);
  const spec = tmpl.spec || {};
  const vols = new Set();
  for (const v of spec.volumes || []) {
    name63(`${where} volume`, v.name, errs);
    if (vols.has(v.name)) errs.push(`${where}: volume ${v.name} twice`);
    vols.add(v.name);
    const items = (v.configMap && v.configMap.items) || (v.secret && v.secret.items) || [];
    for (const it of items) {
      if (!DATA_KEY.test(it.key || "")) errs.push(`${where}: volume ${v.name}: bad item key ${it.key}`);
      if (!it.path || it.path.startsWith("/") || it.path.split("/").includes("..")) errs.push(`${where}: volume ${v.name}: bad item path ${it.path}`);
    }
    const HOST_TYPES = ["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"];
    if (v.hostPath && !HOST_TYPES.includes(v.hostPath.type || "")) errs.push(`${where}: volume ${v.name}: bad hostPath type ${v.hostPath.type}`);
  }
  // a StatefulSet's volumeClaimTemplates are volumes of its pods too, named apart from the others
  for (const t of claimTemplates || []) {
    const n = t.metadata && t.metadata.name;
    name63(`${where} volumeClaimTemplate`, n, errs);
    if (vols.has(n)) errs.push(`${where}: volume ${n} twice (pod volume and claim template)`);
    vols.add(n);
    const modes = (t.spec && t.spec.accessModes) || [];
    if (!modes.length || !(t.spec.resources && t.spec.resources.requests && t.spec.resources.requests.storage))
      errs.push(`${where}: volumeClaimTemplate ${n} without accessModes or a storage request`);
  }
  const containers = new Set();
  for (const c of [...(spec.initContainers || []), ...(spec.containers || [])]) {
    name63(`${where} container`, c.name, errs);
    if (containers.has(c.name)) errs.push(`${where}: container ${c.name} twice`);
    containers.add(c.name);
    for (const m of c.volumeMounts || []) if (!vols.has(m.name)) errs.push(`${where}: mount of unknown volume ${m.name}`);
    const seen = new Set();
    for (const p of c.ports || []) {
      const key = `${p.containerPort}/${p.protocol}`;
      if (seen.has(key)) errs.push(`${where}: container port ${key} twice`);
      seen.add(key);
    }
  }
  if (spec.hostname) name63(`${where} hostname`, spec.hostname, errs);
}
function semantic(obj, where) {
  const errs = [];
  const md = obj.metadata || {};
  name63(where, md.name, errs);
  if (md.namespace !== undefined) name63(`${where} namespace`, md.namespace, errs);
  checkLabels(where, md.labels, errs);
  for (const k of Object.keys(md.annotations || {})) if (!labelKeyOk(k)) errs.push(`${where}: bad annotation key ${k}`);
  const spec = obj.spec || {};
  if (["Deployment", "StatefulSet", "DaemonSet"].includes(obj.kind)) checkPod(where, spec.template, spec.selector.matchLabels, errs, obj.kind === "StatefulSet" ? spec.volumeClaimTemplates : null);
  if (obj.kind === "Job") checkPod(where, spec.template, {}, errs);
  if (obj.kind === "CronJob") checkPod(where, spec.jobTemplate.spec.template, {}, errs);
  if (obj.kind === "Service") {
    checkLabels(`${where} selector`, spec.selector, errs);
    const names = new Set();
    for (const p of spec.ports || []) {
      if (spec.ports.length > 1 && !p.name) errs.push(`${where}: ports need names`);
      if (p.name && (p.name.length > 15 || !IANA_SVC.test(p.name) || !/[a-z]/.test(p.name) || p.name.includes("--")))
        errs.push(`${where}: bad port name ${p.name}`);
      if (names.has(p.name)) errs.push(`${where}: port name ${p.name} twice`);
      names.add(p.name);
    }
  }
  if (obj.kind === "Secret" || obj.kind === "ConfigMap")
    for (const k of [...Object.keys(obj.data || {}), ...Object.keys(obj.binaryData || {})])
      if (!DATA_KEY.test(k)) errs.push(`${where}: bad data key ${k}`);
  return errs;
}
let objects = 0, valid = 0, invalid = 0, files = 0;
const kinds = {};
for (const file of process.argv.slice(2)) {
  files++;
  const text = readFileSync(file, "utf8").split("\n").filter((l) => !l.startsWith("### ")).join("\n");
  const docs = parseAllDocuments(text);
  for (const doc of docs) {
    if (doc.errors.length) { console.log(`${file}: YAML error: ${doc.errors[0].message}`); invalid++; continue; }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) continue;
    objects++;
    const where = `${file}: ${obj.kind}/${obj.metadata && obj.metadata.name}`;
    const mod = groups[obj.apiVersion];
    if (!mod) { console.log(`${where}: unknown apiVersion ${obj.apiVersion}`); invalid++; continue; }
    modules[mod] ??= await import(mod);
    const Cls = modules[mod][obj.kind];
    if (!Cls) { console.log(`${where}: unknown kind ${obj.kind}`); invalid++; continue; }
    try {
      new Cls(obj).validate();
      const errs = semantic(obj, where);
      if (errs.length) throw new Error(errs.join(" | "));
      valid++;
      kinds[obj.kind] = (kinds[obj.kind] || 0) + 1;
    } catch (e) {
      invalid++;
      console.log(`${where}: ${String(e.message || e).split("\n").slice(0, 6).join(" | ")}`);
    }
  }
}
console.log(`kinds: ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(", ")}`);
console.log(`objects: ${objects}, valid: ${valid}, invalid: ${invalid}, files: ${files}`);
process.exit(invalid ? 1 : 0);
