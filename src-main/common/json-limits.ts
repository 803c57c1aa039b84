/**
 * Bounds on JSON that comes from outside (a request, a run file): checked on the text, before
 * JSON.parse, because what parses is then walked by recursive code (structured clone,
 * JSON.stringify, the validators) that a deeply nested value would overflow. Pure: the page and
 * the services use it alike.
 */

/** The deepest nesting of lists and objects accepted (our own values nest fewer than 10 levels). */
export const MAX_JSON_DEPTH = 64;

/**
 * The index in `text` of the bracket that opens level `maxDepth + 1` of nested lists and objects,
 * or -1 when the text nests no deeper than `maxDepth`. Linear, allocates nothing; brackets inside
 * strings do not count. The text need not be valid JSON (JSON.parse judges that afterwards).
 */
export function jsonTooDeepAt(text: string, maxDepth = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}
