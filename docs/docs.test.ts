/**
 * @module Keeps the docs honest: every code block tagged `file=<path>` in docs/*.md must
 * appear verbatim in that file (indentation aside: prettier re-indents snippets in Markdown),
 * which is type-checked and tested with the rest of the repo.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const docs = readdirSync(new URL('docs/', root)).filter((f) => f.endsWith('.md'));

interface Block {
  readonly doc: string;
  readonly file: string;
  readonly code: string;
}

const blocks: Block[] = docs.flatMap((doc) => {
  const text = readFileSync(new URL(`docs/${doc}`, root), 'utf8');
  return [...text.matchAll(/```\w+ file=(\S+)\n([\s\S]*?)```/g)].map((m) => ({
    doc,
    file: m[1]!,
    code: m[2]!,
  }));
});

function dedent(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimStart())
    .join('\n');
}

describe('docs code blocks', () => {
  it('has blocks to check', () => {
    expect(blocks.length).toBeGreaterThan(5);
  });
  it.each(blocks.map((b, i) => ({ ...b, name: `${b.doc} #${i + 1} (${b.file})` })))(
    '$name is in the tested file',
    ({ file, code }) => {
      expect(dedent(readFileSync(new URL(file, root), 'utf8'))).toContain(dedent(code));
    },
  );
});
