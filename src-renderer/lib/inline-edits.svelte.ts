/**
 * The History's inline editors: at most one is open (a run's name, or a new tag for a run), with
 * its draft. Enter and leaving the field save, Escape abandons; an empty or unchanged draft saves
 * nothing. What the page can tell before saving (a tag with a space) shows at the field as it is
 * typed, and the editor stays open; a save the services refuse reopens the editor with what was
 * typed and their reason, also at the field.
 */
export type EditedField = 'name' | 'tag';

/** Saves the text; resolves with null when saved, else why not, in words for the field. */
export type SaveEdit = (id: number, field: EditedField, text: string) => Promise<string | null>;

/** Why the text cannot be saved (the services' own rule, checked in the page), or null. */
export type CheckEdit = (field: EditedField, text: string) => string | null;

export class InlineEdits {
  open = $state.raw<{ id: number; field: EditedField } | null>(null);
  draft = $state('');
  /** The services' refusal of a text, shown while the draft is still that text. */
  #refusal = $state.raw<{ text: string; message: string } | null>(null);
  /** The value the editor opened with (a save of the same text changes nothing). */
  #initial = '';
  readonly #save: SaveEdit;
  readonly #check: CheckEdit;

  constructor(save: SaveEdit, check: CheckEdit = () => null) {
    this.#save = save;
    this.#check = check;
  }

  /** Why the open editor's text cannot be saved: the page's check as it is typed, or the services' refusal. */
  readonly error: string | null = $derived.by(() => {
    if (!this.open) return null;
    const text = this.draft.trim();
    const refusal = this.#refusal;
    return this.#check(this.open.field, text) ?? (refusal && refusal.text === text ? refusal.message : null);
  });

  isOpen(id: number, field: EditedField): boolean {
    return this.open !== null && this.open.id === id && this.open.field === field;
  }

  /** Opens the editor for a run's field (closing any other), with `initial` as the draft. */
  start(id: number, field: EditedField, initial = ''): void {
    this.open = { id, field };
    this.draft = initial;
    this.#initial = initial;
    this.#refusal = null;
  }

  cancel(): void {
    this.open = null;
    this.#refusal = null;
  }

  /**
   * Saves the trimmed draft; nothing when this editor is not open (a blur after Enter or Escape).
   * A text the page's check refuses is not sent: the editor stays open with the reason.
   */
  async commit(id: number, field: EditedField): Promise<void> {
    if (!this.isOpen(id, field)) return;
    const text = this.draft.trim();
    const initial = this.#initial;
    if (text !== '' && text !== initial && this.#check(field, text) !== null) return;
    this.open = null;
    this.#refusal = null;
    if (text === '' || text === initial) return;
    const refused = await this.#save(id, field, text);
    if (refused !== null) {
      this.start(id, field, text);
      this.#initial = initial;
      this.#refusal = { text, message: refused };
    }
  }
}
