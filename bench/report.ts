/**
 * Budgets, results and their presentation: a plain-text table (default), Markdown (`--markdown`, for
 * docs/benchmarks.md) or JSON (`--json`). Every budgeted measurement becomes a `Check` with PASS / FAIL
 * (SKIP when it could not be measured here, with the reason).
 */

export type Op = '<=' | '>=';

export interface Budget {
  readonly id: string;
  /** What is limited, in words. */
  readonly label: string;
  readonly op: Op;
  readonly limit: number;
  readonly unit: string;
}

/** The budgets of the performance issue. */
export const BUDGETS = {
  compiledVsHand: {
    id: 'compiled-vs-hand',
    label: 'compiled value+gradient time ÷ hand-written JavaScript',
    op: '<=',
    limit: 1.5,
    unit: '×',
  },
  seedSpeedup: {
    id: 'seed-speedup',
    label: "speed-up per step over the seed's Python loop",
    op: '>=',
    limit: 100,
    unit: '×',
  },
  orbitFps: {
    id: 'orbit-fps',
    label: 'frames per second while orbiting (software WebGL, 1280×720)',
    op: '>=',
    limit: 30,
    unit: 'frames/s',
  },
  playJsPerFrame: {
    id: 'play-js-per-frame',
    label: 'main-thread JavaScript per rendered frame while playing four trajectories',
    op: '<=',
    limit: 2,
    unit: 'ms',
  },
  idleFrames: {
    id: 'idle-frames',
    label: 'frames rendered in 2 s of idling',
    op: '<=',
    limit: 0,
    unit: 'frames',
  },
  firstFrame: {
    id: 'first-frame',
    label: 'navigation → first rendered frame',
    op: '<=',
    limit: 1500,
    unit: 'ms',
  },
  initialJs: {
    id: 'initial-js',
    label: 'initial JavaScript, gzip (1 kB = 1000 B)',
    op: '<=',
    limit: 250_000,
    unit: 'B',
  },
} as const satisfies Record<string, Budget>;

export type Status = 'PASS' | 'FAIL' | 'SKIP';

export interface Check {
  readonly budget: string;
  readonly subject: string;
  /** null when not measured (status SKIP). */
  readonly measured: number | null;
  readonly unit: string;
  readonly op: Op;
  readonly limit: number;
  readonly status: Status;
  readonly detail?: string;
}

/** Compares `measured` with `budget`; null or NaN (not measured) gives SKIP. */
export function check(budget: Budget, subject: string, measured: number | null, detail?: string): Check {
  const ok =
    measured === null || Number.isNaN(measured)
      ? null
      : budget.op === '<='
        ? measured <= budget.limit
        : measured >= budget.limit;
  return {
    budget: budget.id,
    subject,
    measured: measured === null || Number.isNaN(measured) ? null : measured,
    unit: budget.unit,
    op: budget.op,
    limit: budget.limit,
    status: ok === null ? 'SKIP' : ok ? 'PASS' : 'FAIL',
    ...(detail === undefined ? {} : { detail }),
  };
}

export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Per column: 'l' or 'r' (default: first column left, the rest right). */
  readonly align?: readonly ('l' | 'r')[];
}

export type SectionName = 'core' | 'grid' | 'batch' | 'nn' | 'page';

export interface SectionResult {
  readonly name: SectionName;
  readonly tables: readonly Table[];
  readonly checks: readonly Check[];
  /** Method, caveats and anything skipped, one sentence each. */
  readonly notes: readonly string[];
  /** Every raw number behind the tables, for `--json`. */
  readonly data: unknown;
  /** Wall time of the section, in seconds. */
  readonly seconds: number;
}

export interface Machine {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  readonly load: readonly number[];
}

export interface Report {
  readonly machine: Machine;
  readonly options: { readonly quick: boolean; readonly only: readonly SectionName[] };
  readonly sections: readonly SectionResult[];
  readonly seconds: number;
  /** Load average when the run ended (the machine is shared: compare with `machine.load`). */
  readonly loadAfter: readonly number[];
}

// ---- number formatting ------------------------------------------------------------------------------

/** `x` with `digits` significant digits, no exponent for ordinary magnitudes. */
export function sig(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 10 ** digits) return Math.round(x).toLocaleString('en');
  if (a < 1e-3) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}

/** 3 620 000 → `3.62 M`. */
export function rate(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x >= 1e9) return `${sig(x / 1e9)} G`;
  if (x >= 1e6) return `${sig(x / 1e6)} M`;
  if (x >= 1e3) return `${sig(x / 1e3)} k`;
  return sig(x);
}

export const ms = (x: number): string => `${sig(x)} ms`;
export const ns = (x: number): string => `${sig(x)} ns`;
export const ratio = (x: number): string => `${sig(x)}×`;
export const kB = (bytes: number): string => `${sig(bytes / 1000, 4)} kB`;

function formatMeasured(c: Check): string {
  if (c.measured === null) return '—';
  if (c.unit === 'B') return kB(c.measured);
  if (c.unit === '×') return ratio(c.measured);
  return `${sig(c.measured)} ${c.unit}`;
}

function formatLimit(c: Check): string {
  const op = c.op === '<=' ? '≤' : '≥';
  if (c.unit === 'B') return `${op} ${kB(c.limit)}`;
  if (c.unit === '×') return `${op} ${ratio(c.limit)}`;
  return `${op} ${sig(c.limit)} ${c.unit}`;
}

/** All checks of the report as one table. */
export function budgetTable(checks: readonly Check[]): Table {
  return {
    title: 'Budgets',
    columns: ['budget', 'subject', 'measured', 'limit', 'status'],
    rows: checks.map((c) => [c.budget, c.subject, formatMeasured(c), formatLimit(c), c.status]),
    align: ['l', 'l', 'r', 'r', 'l'],
  };
}

// ---- rendering ----------------------------------------------------------------------------------------

/** Display width: counts code points, so `≤` and `×` take one column. */
const width = (s: string) => [...s].length;

function pad(s: string, w: number, align: 'l' | 'r'): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'l' ? s + fill : fill + s;
}

const alignOf = (t: Table, i: number): 'l' | 'r' => t.align?.[i] ?? (i === 0 ? 'l' : 'r');

export function textTable(t: Table): string {
  const widths = t.columns.map((c, i) => Math.max(width(c), ...t.rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!, alignOf(t, i)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [t.title, line(t.columns), rule, ...t.rows.map(line)].join('\n');
}

export function markdownTable(t: Table): string {
  const esc = (s: string) => s.replaceAll('|', '\\|');
  const head = `| ${t.columns.map(esc).join(' | ')} |`;
  const sep = `|${t.columns.map((_, i) => (alignOf(t, i) === 'r' ? '---:' : ':---')).join('|')}|`;
  const rows = t.rows.map((r) => `| ${r.map(esc).join(' | ')} |`);
  return [`**${t.title}**`, '', head, sep, ...rows].join('\n');
}

function machineLine(m: Machine): string {
  return (
    `${m.date} · ${m.cpu} · ${m.cores} cores · Node ${m.node} · ${m.platform} · ` +
    `load ${m.load.map((l) => l.toFixed(2)).join(' ')}`
  );
}

/** The whole report as text (`markdown`: Markdown tables). */
export function renderReport(report: Report, markdown = false): string {
  const table = markdown ? markdownTable : textTable;
  const out: string[] = [];
  out.push(
    markdown ? `Measured: ${machineLine(report.machine)}` : `descent bench — ${machineLine(report.machine)}`,
  );
  if (report.options.quick) out.push('(--quick: fewer rounds and smaller workloads; numbers are rougher)');
  for (const s of report.sections) {
    out.push(
      '',
      markdown ? `### ${s.name} (${s.seconds.toFixed(0)} s)` : `== ${s.name} (${s.seconds.toFixed(1)} s) ==`,
    );
    for (const t of s.tables) out.push('', table(t));
    if (s.notes.length > 0) {
      out.push('');
      for (const n of s.notes) out.push(markdown ? `- ${n}` : `  · ${n}`);
    }
  }
  const checks = report.sections.flatMap((s) => s.checks);
  out.push('', table(budgetTable(checks)));
  const count = (st: Status) => checks.filter((c) => c.status === st).length;
  out.push(
    '',
    `${count('PASS')} pass, ${count('FAIL')} fail, ${count('SKIP')} skipped · total ${report.seconds.toFixed(1)} s · ` +
      `load average at the end ${report.loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
  );
  return out.join('\n');
}

/** The report as JSON: the same tables and checks, plus every raw number. */
export function renderJson(report: Report): string {
  const checks = report.sections.flatMap((s) => s.checks);
  return JSON.stringify(
    {
      machine: report.machine,
      options: report.options,
      seconds: report.seconds,
      loadAfter: report.loadAfter,
      summary: {
        pass: checks.filter((c) => c.status === 'PASS').length,
        fail: checks.filter((c) => c.status === 'FAIL').length,
        skip: checks.filter((c) => c.status === 'SKIP').length,
      },
      checks,
      sections: Object.fromEntries(
        report.sections.map((s) => [
          s.name,
          { seconds: s.seconds, checks: s.checks, notes: s.notes, tables: s.tables, data: s.data },
        ]),
      ),
    },
    (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value),
    2,
  );
}
