/**
 * Text from outside (a file's line, a name, an error message about either) made safe to print on a
 * terminal or in a log. Pure: the CLI, the server's log lines and the page share it.
 */

// C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates
// (they reorder what the terminal shows).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Writes control characters as \u escapes (\u001b, \u202e), keeping tabs and newlines: the form
 * JSON uses, so JSON output stays valid JSON with the same meaning.
 */
export function escapeControls(s: string): string {
  return s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An error as one log entry: its stack (or message), control characters escaped. */
export function describeForLog(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return escapeControls(text);
}
