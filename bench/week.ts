/**
 * `npm run bench:week`: the Oise-scale week and its repair, with short visits (every visit fits)
 * then with the field's 1h30-2h visits (the pairs are overloaded). `--durations short|field`: one
 * of them only; `--runs`, `--seconds`, `--iterations` as in planning-week.ts.
 */
import { runWeekBenchmark } from './planning-week.js';

const args = process.argv.slice(2);
if (args.includes('--durations')) await runWeekBenchmark(args);
else for (const mix of ['short', 'field']) await runWeekBenchmark([...args, '--durations', mix]);
