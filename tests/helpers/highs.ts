/** The HiGHS solver (WebAssembly), the oracle of the matching tests and benchmark. */
import * as highsModule from 'highs';

type Loader = typeof import('highs').default;
// `highs` is CommonJS: under NodeNext its function is the namespace's `default`.
export const loadHighs: Loader = (highsModule as unknown as { default: Loader }).default;
