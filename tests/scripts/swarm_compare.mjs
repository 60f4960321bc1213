// swarm_compare.mjs - oracle comparison for the swarm emitter, one process for
// every case: reads a list of "label<TAB>normalized.json<TAB>docker.yaml"
// lines (the project as `compose-lint config --format json` prints it, and
// what `docker stack config` printed for the emitted stack file) and checks
// that services (provider services are left out), images, commands,
// entrypoints, environment, ports (target, published, protocol, mode; none on
// the host network), replicas and resource limits/reservations that docker
// read equal the source project's normalized values. Prints every
// mismatch and a summary line; exits 1 when anything disagrees.
// Usage: node swarm_compare.mjs YAML_MODULE_DIR LIST
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(process.argv[2] + '/');
const YAML = require('yaml');
const lines = readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean);

let fields = 0, agree = 0, filesOk = 0;
const bad = [];

function bytes(v) {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)i?b?$/i.exec(String(v).trim());
  if (!m) return String(v);
  const mul = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 }[m[2].toLowerCase()];
  return Math.floor(parseFloat(m[1]) * mul);
}
const num = (v) => (v === undefined || v === null ? undefined : Number(v));
const canon = (v) => JSON.stringify(v === undefined ? null : v);

function portsOf(list, fromSource) {
  return (list || []).map((p) => {
    let pub = p.published;
    if (fromSource) pub = pub === undefined || pub === '' ? undefined : parseInt(String(pub), 10);
    return { target: Number(p.target), published: pub === undefined ? null : Number(pub),
             protocol: p.protocol || 'tcp', mode: p.mode || 'ingress' };
  });
}

function envOf(e, fromSource) {
  const out = {};
  for (const [k, v] of Object.entries(e || {})) out[k] = v === null || v === undefined ? null : String(v);
  if (fromSource) return out;
  return out;
}

for (const line of lines) {
  const [label, normPath, dockPath] = line.split('\t');
  let norm, dock;
  try {
    norm = JSON.parse(readFileSync(normPath, 'utf8'));
    dock = YAML.parse(readFileSync(dockPath, 'utf8'));
  } catch (e) {
    bad.push(`${label}: unreadable: ${e.message}`);
    continue;
  }
  let ok = true;
  const check = (what, want, got) => {
    fields++;
    if (canon(want) === canon(got)) { agree++; return; }
    ok = false;
    bad.push(`${label}: ${what}: source ${canon(want)} but docker read ${canon(got)}`);
  };
  const ns = norm.services || {}, ds = (dock && dock.services) || {};
  // provider services (run by compose plugins) are left out of the stack, with a warning
  check('services', Object.keys(ns).filter((n) => !ns[n].provider).sort(), Object.keys(ds).sort());
  for (const [name, s] of Object.entries(ns)) {
    const d = ds[name];
    if (!d) continue;
    const dep = s.deploy || {};
    const res = dep.resources || {};
    const lim = res.limits || {}, rsv = res.reservations || {};
    const dd = d.deploy || {}, dr = dd.resources || {};
    const dl = dr.limits || {}, dv = dr.reservations || {};
    // a service that is only built runs the image docker compose builds for it:
    // <project>-<service> (lowercase, as docker takes image names)
    const image = s.image ?? (s.build ? `${norm.name}-${name}`.toLowerCase() : undefined);
    check(`${name}.image`, image, d.image);
    check(`${name}.command`, s.command, d.command);
    check(`${name}.entrypoint`, s.entrypoint, d.entrypoint);
    check(`${name}.environment`, envOf(s.environment, true), envOf(d.environment, false));
    // on the host network docker publishes nothing (it discards the ports)
    check(`${name}.ports`, s.network_mode === 'host' ? [] : portsOf(s.ports, true), portsOf(d.ports, false));
    const global = dep.mode === 'global' || dep.mode === 'global-job';
    const replicas = global ? undefined : (dep.replicas ?? s.scale);
    check(`${name}.replicas`, num(replicas), num(dd.replicas));
    check(`${name}.limits.cpus`, num(lim.cpus ?? s.cpus), num(dl.cpus));
    check(`${name}.limits.memory`, bytes(lim.memory ?? s.mem_limit), bytes(dl.memory));
    const pids = lim.pids ?? (s.pids_limit > 0 ? s.pids_limit : undefined);
    check(`${name}.limits.pids`, num(pids), num(dl.pids));
    check(`${name}.reservations.memory`, bytes(rsv.memory ?? s.mem_reservation), bytes(dv.memory));
    if (rsv.cpus !== undefined) check(`${name}.reservations.cpus`, num(rsv.cpus), num(dv.cpus));
  }
  if (ok) filesOk++;
}

for (const b of bad) console.log('MISMATCH ' + b);
const pct = fields ? ((100 * agree) / fields).toFixed(2) : '100.00';
console.log(`swarm oracle: ${lines.length} stacks compared, ${filesOk} agree fully; fields ${agree}/${fields} agree (${pct}%)`);
process.exit(bad.length ? 1 : 0);
