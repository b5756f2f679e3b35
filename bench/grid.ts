/**
 * Grid section: `sampleGrid(f, domain, n, n)` at 256², 512² and 1024² samples, with the compiled
 * `value` and with the same function hand-written, interleaved round by round; median ms and the
 * median paired ratio.
 *
 * Both variants go through the one `sampleGrid` of src/core/grid.ts, as the page does, so its call
 * site sees several functions (polymorphic), exactly as in the app when the preset changes.
 */

import { SYNC_SAMPLES } from '../src/app/derived.ts';
import { sampleGrid } from '../src/core/grid.ts';
import { surfaceMesh } from '../src/core/mesh.ts';
import { BENCH_FUNCTION_IDS, benchFunction } from './functions.ts';
import { ms, ratio, type SectionResult, type Table } from './report.ts';
import { consume, interleave, median, pairedRatio, summarize } from './stats.ts';

export interface GridOptions {
  readonly quick: boolean;
  readonly log: (message: string) => void;
}

const SIZES = [256, 512, 1024] as const;

export function benchGrid(options: GridOptions): SectionResult {
  const t0 = performance.now();
  const rounds = options.quick ? 5 : 9;
  const fns = BENCH_FUNCTION_IDS.map(benchFunction);
  const cells = fns.flatMap((fn) =>
    SIZES.map((n) => {
      options.log(`grid: ${fn.id} ${n}²`);
      const sample = (value: (x: number, y: number) => number) => () => {
        const g = sampleGrid(value, fn.domain, n, n);
        consume(g.min + g.max + g.heights[g.heights.length >> 1]!);
      };
      const { times } = interleave(
        [
          { name: 'hand', run: sample(fn.hand.value) },
          { name: 'compiled', run: sample(fn.compiled.value) },
        ],
        { rounds, warmup: 2, targetMs: 15 },
      );
      return {
        fn: fn.id,
        name: fn.name,
        n,
        handMs: times.hand!,
        compiledMs: times.compiled!,
        ratio: pairedRatio(times.compiled!, times.hand!),
      };
    }),
  );
  // The other half of a surface: its mesh (the compute worker's work above 257² samples).
  const book = fns.find((f) => f.id === 'book') ?? fns[0]!;
  const meshes = [257, 513, 1025].map((n) => {
    options.log(`grid: mesh ${n}²`);
    const grid = sampleGrid(book.compiled.value, book.domain, n, n);
    const { times } = interleave(
      [
        {
          name: 'mesh',
          run: () => {
            const m = surfaceMesh(grid);
            consume(m.triangles.length + m.neighbours[m.neighbours.length >> 1]!);
          },
        },
      ],
      { rounds, warmup: 2, targetMs: 15 },
    );
    return { n, meshMs: times.mesh! };
  });
  const meshTable: Table = {
    title: `surfaceMesh: ms per mesh of an n × n grid (${book.name}), median of ${rounds} rounds`,
    columns: ['n²', 'mesh', 'ns/vertex', 'where the page builds it'],
    rows: meshes.map((m) => [
      `${m.n}²`,
      ms(median(m.meshMs)),
      ((median(m.meshMs) * 1e6) / (m.n * m.n)).toFixed(1),
      m.n * m.n <= SYNC_SAMPLES ? 'main thread (at once)' : 'compute worker',
    ]),
  };
  const table: Table = {
    title: `sampleGrid: ms per grid (n × n samples of f), compiled value vs hand-written, median of ${rounds} interleaved rounds`,
    columns: ['function', 'n²', 'hand-written', 'compiled', 'compiled ÷ hand', 'compiled ns/sample'],
    rows: cells.map((c) => [
      c.name,
      `${c.n}²`,
      ms(median(c.handMs)),
      ms(median(c.compiledMs)),
      ratio(c.ratio),
      ((median(c.compiledMs) * 1e6) / (c.n * c.n)).toFixed(1),
    ]),
  };
  return {
    name: 'grid',
    tables: [table, meshTable],
    checks: [],
    notes: [
      'No budget of its own: the issue budgets value+gradient (core section); the ratio here is for information.',
      'The page samples the default scene at 129² (resolution 128); 1024² is 64× that.',
      `Surfaces of more than ${SYNC_SAMPLES.toLocaleString('en')} samples (257²) are sampled and meshed in the compute worker; smaller ones at once.`,
    ],
    data: {
      sampling: cells.map((c) => ({ ...c, hand: summarize(c.handMs), compiled: summarize(c.compiledMs) })),
      meshes: meshes.map((m) => ({ n: m.n, mesh: summarize(m.meshMs) })),
    },
    seconds: (performance.now() - t0) / 1000,
  };
}
