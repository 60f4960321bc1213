// Are two multi-document YAML streams the same set of Kubernetes objects?
// Each is parsed (yaml@2.6.1), its objects sorted by apiVersion/kind/
// namespace/name and compared as JSON with their keys sorted (list order
// counts, key order does not). Prints the first difference; exit 1 on one.
// usage: node kubernetes_same_objects.mjs A.yaml B.yaml
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const canon = (v) => Array.isArray(v) ? v.map(canon)
  : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])])) : v;
const id = (o) => [o.apiVersion, o.kind, o.metadata?.namespace ?? '', o.metadata?.name].join('/');
const load = (f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => {
  if (d.errors.length) throw new Error(`${f}: ${d.errors[0].message}`);
  return d.toJS();
}).filter((o) => o != null).map(canon).sort((x, y) => id(x) < id(y) ? -1 : id(x) > id(y));

const [a, b] = [load(process.argv[2]), load(process.argv[3])];
const ids = (l) => l.map(id).join('\n');
if (ids(a) !== ids(b)) {
  console.log(`different objects:\n--- ${process.argv[2]}\n${ids(a)}\n--- ${process.argv[3]}\n${ids(b)}`);
  process.exit(1);
}
for (let i = 0; i < a.length; i++) {
  const x = JSON.stringify(a[i], null, 1), y = JSON.stringify(b[i], null, 1);
  if (x !== y) {
    const xl = x.split('\n'), yl = y.split('\n');
    let k = 0;
    while (k < xl.length && xl[k] === yl[k]) k++;
    console.log(`${id(a[i])} differs at line ${k + 1} of its JSON:\n< ${xl.slice(Math.max(0, k - 3), k + 3).join('\n< ')}\n> ${yl.slice(Math.max(0, k - 3), k + 3).join('\n> ')}`);
    process.exit(1);
  }
}
console.log(`${a.length} objects, the same`);
