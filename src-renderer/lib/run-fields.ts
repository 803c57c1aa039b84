/**
 * What the page checks before it saves a run's name or tag, in words for the field: the rules the
 * services enforce (src-main/common/limits.ts; the store's checkName and checkTag), so a refusal
 * shows at the field as the user types rather than as a message from the services. Pure.
 */
import { MAX_NAME_LENGTH, MAX_TAG_LENGTH, TAG_FORBIDDEN } from '../../src-main/common/limits.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why this tag (as typed; it is trimmed) cannot be saved, or null when it can (or is empty: nothing is saved). */
export function tagProblem(typed: string): string | null {
  const tag = typed.trim();
  if (tag === '') return null;
  if (TAG_FORBIDDEN.test(tag)) {
    const words = tag.split(TAG_FORBIDDEN).filter((w) => w !== '');
    const joined = words.join('-');
    if (/\s/.test(tag) && words.length > 1 && joined.length <= MAX_TAG_LENGTH) {
      return `A tag is one word, without spaces: join the words with a dash, e.g. “${joined}”.`;
    }
    return /\s/.test(tag) ? 'A tag is one word, without spaces.' : 'A tag cannot contain invisible control characters: type it again.';
  }
  if (tag.length > MAX_TAG_LENGTH) return `A tag has at most ${MAX_TAG_LENGTH} characters (this one has ${tag.length}).`;
  return null;
}

/** Why this run name (as typed; it is trimmed) cannot be saved, or null when it can (or is empty). */
export function nameProblem(typed: string): string | null {
  const name = typed.trim();
  if (name === '') return null;
  if (CONTROL.test(name)) return 'A name cannot contain line breaks, tabs or other control characters.';
  if (name.length > MAX_NAME_LENGTH) return `A name has at most ${MAX_NAME_LENGTH} characters (this one has ${name.length}).`;
  return null;
}
