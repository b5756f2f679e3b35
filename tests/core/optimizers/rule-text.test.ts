/**
 * One source for each optimizer's rule text: the `rule` string a registry entry shows (`*_RULE`) must be
 * stated in the doc comment of the `create*` function of its file, clause by clause. Each `;`-separated
 * clause of the rule must appear verbatim in the doc comment, both with all whitespace removed (and the
 * comment's leading `*` of each line), so the comment may add notes and layout but cannot drift from the
 * text the page and the CLI print.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS } from '../../../src/core/optimizers/index.ts';

const DIR = join(import.meta.dirname, '../../../src/core/optimizers');

/** Drop all whitespace: the comment may space an operator differently from the one-line rule. */
function normalise(text: string): string {
  return text.replace(/\s+/g, '');
}

/** The text of the `/** … *\/` comment directly above `export function create…` in `source`. */
function createDocs(source: string): string[] {
  const docs: string[] = [];
  for (const m of source.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export function create\w+\(/g)) {
    const body = m[1]!
      .split('\n')
      .map((line) => line.replace(/^\s*\*\s?/, ''))
      .join('\n');
    docs.push(normalise(body));
  }
  return docs;
}

/** Each file's exported `*_RULE` strings, with the doc comments of its `create*` functions. */
const FILES = await Promise.all(
  readdirSync(DIR)
    .filter((name) => name.endsWith('.ts'))
    .map(async (name) => {
      const module: Record<string, unknown> = await import(join(DIR, name));
      const rules = Object.entries(module).filter(
        (entry): entry is [string, string] => entry[0].endsWith('_RULE') && typeof entry[1] === 'string',
      );
      return { name, rules, docs: createDocs(readFileSync(join(DIR, name), 'utf8')) };
    }),
);

describe('rule text', () => {
  it("every registry entry's rule is an exported *_RULE constant", () => {
    const exported = new Set(FILES.flatMap((f) => f.rules.map(([, text]) => text)));
    const missing = OPTIMIZERS.filter((d) => !exported.has(d.rule)).map((d) => d.id);
    expect(missing).toEqual([]);
  });

  const cases = FILES.flatMap((f) =>
    f.rules.map(([constant, text]) => ({ file: f.name, constant, text, docs: f.docs })),
  );
  it.each(cases)(
    '$constant ($file) is stated clause by clause in the create* doc comment',
    ({ text, docs }) => {
      expect(docs.length).toBeGreaterThan(0);
      const doc = docs.join(' ');
      const clauses = text
        .split(';')
        .map(normalise)
        .filter((c) => c !== '');
      expect(clauses.filter((c) => !doc.includes(c))).toEqual([]);
    },
  );
});
