/**
 * The History's inline editors: at most one is open (a run's name, or a new tag for a run), with
 * its draft. Enter and leaving the field save, Escape abandons; an empty or unchanged draft saves
 * nothing. A save the services refuse reopens the editor with what was typed (the view shows why).
 */
export type EditedField = 'name' | 'tag';

export type SaveEdit = (id: number, field: EditedField, text: string) => Promise<boolean>;

export class InlineEdits {
  open = $state.raw<{ id: number; field: EditedField } | null>(null);
  draft = $state('');
  /** The value the editor opened with (a save of the same text changes nothing). */
  #initial = '';
  readonly #save: SaveEdit;

  constructor(save: SaveEdit) {
    this.#save = save;
  }

  isOpen(id: number, field: EditedField): boolean {
    return this.open !== null && this.open.id === id && this.open.field === field;
  }

  /** Opens the editor for a run's field (closing any other), with `initial` as the draft. */
  start(id: number, field: EditedField, initial = ''): void {
    this.open = { id, field };
    this.draft = initial;
    this.#initial = initial;
  }

  cancel(): void {
    this.open = null;
  }

  /** Saves the trimmed draft; nothing when this editor is not open (a blur after Enter or Escape). */
  async commit(id: number, field: EditedField): Promise<void> {
    if (!this.isOpen(id, field)) return;
    const text = this.draft.trim();
    const initial = this.#initial;
    this.open = null;
    if (text === '' || text === initial) return;
    if (!(await this.#save(id, field, text))) {
      this.start(id, field, text);
      this.#initial = initial;
    }
  }
}
