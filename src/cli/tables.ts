/** Readable tables and JSON listings of the registries, for `descent functions` and `descent optimizers`. */
import type { FunctionPreset } from '../core/functions/types.ts';
import { formatRange } from '../core/optimizers/index.ts';
import type { OptimizerDef, ParamSpec } from '../core/optimizers/types.ts';

/** Left-aligned columns separated by two spaces; the first row is the header. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return `${[line(rows[0]), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n')}\n`;
}

const range = ([a, b]: readonly [number, number]) => `[${a}, ${b}]`;

export function functionsTable(presets: readonly FunctionPreset[]): string {
  const rows = presets.map((p) => {
    const best = p.critical[0];
    return [
      p.id,
      p.name,
      `${range(p.domain.x)} × ${range(p.domain.y)}`,
      `${best.kind} f(${best.x}, ${best.y}) = ${best.f}`,
      `(${p.start.join(', ')})`,
      p.colorScale,
    ];
  });
  const table = formatTable([
    ['id', 'name', 'domain x × y', 'minimum / critical point', 'start', 'colour'],
    ...rows,
  ]);
  const expressions = presets.map((p) => `  ${p.id.padEnd(16)} ${p.expression}`).join('\n');
  return `${table}\nExpressions:\n${expressions}\n`;
}

export function functionsJson(presets: readonly FunctionPreset[]): string {
  return `${JSON.stringify(presets, null, 2)}\n`;
}

function describeParam(p: ParamSpec): string {
  switch (p.kind) {
    case 'number':
      return `${p.name}=${p.default}  (${formatRange(p)})`;
    case 'boolean':
      return `${p.name}=${p.default} (true|false)`;
    case 'choice':
      return `${p.name}=${p.default} (${p.options.join('|')})`;
  }
}

export function optimizersTable(optimizers: readonly OptimizerDef[]): string {
  const blocks = optimizers.map((o) => {
    const params = o.params.map((p) => `    ${describeParam(p).padEnd(44)} ${p.description}`).join('\n');
    return `${o.id} — ${o.name}: ${o.summary}\n  rule: ${o.rule.replace(/\n/g, '\n        ')}\n${params}`;
  });
  return `${blocks.join('\n\n')}\n`;
}

export function optimizersJson(optimizers: readonly OptimizerDef[]): string {
  const data = optimizers.map(({ id, name, summary, rule, params }) => ({ id, name, summary, rule, params }));
  return `${JSON.stringify(data, null, 2)}\n`;
}
