/** `npm run bench:week`: the Oise-scale week alone (the same as `tsx bench/planning.ts --week`). */
import { runWeekBenchmark } from './planning-week.js';

await runWeekBenchmark(process.argv.slice(2));
