/**
 * Splits `a,b(c,d),"e,f"` on the commas that are outside parentheses and double
 * quotes, as PostgREST reads select lists, `in` lists and logic trees. Returns
 * undefined when quotes or parentheses are unbalanced.
 */
export function splitTopLevel(text: string, separator = ','): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      current += ch;
      if (ch === '\\' && i + 1 < text.length) current += text[++i];
      else if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return undefined;
    if (ch === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (quoted || depth !== 0) return undefined;
  parts.push(current);
  return parts;
}

/** `"a\"b"` → `a"b`; anything not wrapped in double quotes is returned unchanged. */
export function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}
