/** `npm run bench`: every benchmark of the project, one after the other. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

for (const bench of ['matching.ts', 'planning.ts', 'week.ts']) {
  console.log(`== ${bench}`);
  execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL(bench, import.meta.url))],
    { stdio: 'inherit' },
  );
}
