/**
 * `npm run bench` — Descent's performance benchmark (see docs/benchmarks.md).
 *
 *   npm run bench                       all sections, a readable report (progress on stderr)
 *   npm run bench -- --json             the same as JSON on stdout
 *   npm run bench -- --markdown         the report with Markdown tables (for docs/benchmarks.md)
 *   npm run bench -- --only core,grid   some sections: core | grid | batch | nn | page
 *   npm run bench -- --quick            fewer rounds, smaller workloads (a smoke run)
 *
 * Every comparison is measured side by side in the one run (interleaved rounds, medians, ratios), and
 * each budgeted number is reported PASS / FAIL against its budget. Exit status is 0 when the benchmark
 * ran (whatever the budgets say), 2 on bad arguments.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { benchBatch } from './batch.ts';
import { benchCore } from './core.ts';
import { benchGrid } from './grid.ts';
import { benchNn } from './nn.ts';
import { benchPage } from './page.ts';
import {
  type Machine,
  type Report,
  renderJson,
  renderReport,
  type SectionName,
  type SectionResult,
} from './report.ts';
import { checksum } from './stats.ts';

const SECTIONS: readonly SectionName[] = ['core', 'grid', 'batch', 'nn', 'page'];

const USAGE = `usage: npm run bench -- [--json | --markdown] [--only ${SECTIONS.join('|')}[,…]] [--quick]`;

interface Options {
  readonly json: boolean;
  readonly markdown: boolean;
  readonly quick: boolean;
  readonly only: readonly SectionName[];
}

function parseArgs(argv: readonly string[]): Options | string {
  let json = false;
  let markdown = false;
  let quick = false;
  let only: SectionName[] = [...SECTIONS];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--markdown') markdown = true;
    else if (arg === '--quick') quick = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) return `--only needs a section: ${SECTIONS.join(', ')}`;
      const names = value.split(',').map((s) => s.trim());
      const bad = names.filter((n) => !SECTIONS.includes(n as SectionName));
      if (bad.length > 0)
        return `unknown section ${bad.map((b) => `"${b}"`).join(', ')} (sections: ${SECTIONS.join(', ')})`;
      only = SECTIONS.filter((s) => names.includes(s));
    } else if (arg === '--help' || arg === '-h') return '';
    else return `unknown argument "${arg}"`;
  }
  if (json && markdown) return '--json and --markdown exclude each other';
  return { json, markdown, quick, only };
}

function machine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':')[1]!.trim();
  } catch {
    // Not Linux: keep os.cpus()'s model.
  }
  return {
    date: new Date().toISOString(),
    cpu,
    cores: cpus().length,
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    load: loadavg(),
  };
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (typeof parsed === 'string') {
    if (parsed) process.stderr.write(`bench: ${parsed}\n`);
    process.stderr.write(`${USAGE}\n`);
    return parsed ? 2 : 0;
  }
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const t0 = performance.now();
  const info = machine();
  const sections: SectionResult[] = [];
  for (const name of parsed.only) {
    const options = { quick: parsed.quick, log };
    if (name === 'core') sections.push(benchCore(options));
    else if (name === 'grid') sections.push(benchGrid(options));
    else if (name === 'nn') sections.push(await benchNn(options));
    else if (name === 'batch') sections.push(await benchBatch(options));
    else sections.push(await benchPage(options));
  }
  const report: Report = {
    machine: info,
    options: { quick: parsed.quick, only: parsed.only },
    sections,
    seconds: (performance.now() - t0) / 1000,
    loadAfter: loadavg(),
  };
  process.stdout.write(`${parsed.json ? renderJson(report) : renderReport(report, parsed.markdown)}\n`);
  // Keeps every measured result observable (see stats.ts); printed only where it disturbs nothing.
  log(`bench: checksum ${checksum().toExponential(3)}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
