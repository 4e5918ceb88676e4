/**
 * @module Shell-like command splitting (no shell involved), including Pebble's optional
 * trailing default-arguments group `cmd a [ --x 1 ]` (pebble-api.md §2.1).
 */

/** Splits a command line into words, honouring single/double quotes and backslashes. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '' | "'" | '"' = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quote === "'") {
      if (ch === "'") quote = '';
      else current += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = '';
      else if (ch === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1] ?? '')) {
        current += text[++i] ?? '';
      } else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      current += text[++i] ?? '';
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error('EOF found when expecting closing quote');
  if (inWord) words.push(current);
  return words;
}

/** A service command split into its base words and the default `[ ... ]` arguments. */
export interface ServiceCommand {
  readonly base: string[];
  readonly extra: string[];
}

/** Parses a service `command`, validating the `[ ... ]` group rules. */
export function parseServiceCommand(command: string): ServiceCommand {
  const words = splitWords(command);
  const open = words.indexOf('[');
  const close = words.indexOf(']');
  if (open === -1 && close === -1) return { base: words, extra: [] };
  if (open === -1 || close < open) throw new Error('cannot have ] outside of [ ... ] group');
  if (open === 0) throw new Error('cannot start command with [ ... ] group');
  const extra = words.slice(open + 1, close);
  if (extra.includes('[')) throw new Error('cannot nest [ ... ] groups');
  if (close !== words.length - 1) throw new Error('cannot have any arguments after [ ... ] group');
  return { base: words.slice(0, open), extra };
}
