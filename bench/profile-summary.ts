/**
 * Where a CPU profile's time went: self time summed per package, per file and per function, from
 * a `.cpuprofile` written by `node --cpu-prof`.
 * `npx tsx bench/profile-summary.ts /tmp/prof/CPU….cpuprofile [--top 25]`
 */
import { readFileSync } from 'node:fs';

// Piped into `head`: stop quietly when the reader has had enough.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
});
const top = Number(values.top);
const file = positionals[0];
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [--top N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const nodeOf = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) =>
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
);
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

/** `node_modules/.pnpm/x/node_modules/@scope/pkg/…` → `@scope/pkg`; our files → `src/…` dir. */
function packageOf(url: string, functionName: string) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const inModules = url.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const parts = url.slice(inModules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return url;
  const src = url.indexOf('/src/');
  return src >= 0
    ? url
        .slice(src + 1)
        .split('/')
        .slice(0, 3)
        .join('/')
    : url;
}

const shortFile = (url: string) => {
  const inModules = url.lastIndexOf('node_modules/');
  if (inModules >= 0) return url.slice(inModules + 'node_modules/'.length);
  const src = url.indexOf('/src/');
  return src >= 0 ? url.slice(src + 1) : url;
};

/**
 * The nearest function of ours (under src/, not the command line) on the stack: what a library's
 * or Node's time was spent for.
 */
function ourCaller(id: number): string {
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const { callFrame } = nodeOf.get(at)!;
    if (callFrame.url.includes('/src/') && !callFrame.url.includes('/src/cli/'))
      return `${callFrame.functionName || '(anonymous)'} ${shortFile(callFrame.url)}:${callFrame.lineNumber + 1}`;
  }
  return '(not under our code)';
}

const byPackage = new Map<string, number>();
const byCaller = new Map<string, number>();
const byFile = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const { callFrame } = nodeOf.get(id)!;
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + micros);
  add(byPackage, packageOf(callFrame.url, callFrame.functionName));
  add(byCaller, ourCaller(id));
  add(byFile, callFrame.url ? shortFile(callFrame.url) : callFrame.functionName || '(anonymous)');
  add(
    byFunction,
    `${callFrame.functionName || '(anonymous)'} ${callFrame.url ? `${shortFile(callFrame.url)}:${callFrame.lineNumber + 1}` : ''}`,
  );
}

function print(title: string, map: Map<string, number>) {
  console.log(`\n## ${title} (self time, top ${top})`);
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`,
    );
}

console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
print('Packages', byPackage);
print('Files', byFile);
print('Functions', byFunction);
print('Nearest function of ours on the stack', byCaller);
