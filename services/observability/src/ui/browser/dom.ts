/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// DOM helpers of the dashboard. The browser modules of src/ui/browser are compiled with the service
// (this reference gives their program the DOM types) and served as they are at /ui/js/.
// Elements are built from data with textContent, never innerHTML: payloads, keys and error messages
// are shown as text.

/** What an element can hold: nodes, text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;

/** Attributes (`true` = present, `false`/nullish = absent) and `on<event>` listeners. */
export type Props = Readonly<
  Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>
>;

function append(parent: Node, children: readonly (Child | readonly Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** `<tag ...props>children</tag>`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: (Child | readonly Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined)
      element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

/** Replaces what `parent` holds. */
export function show(parent: Element, ...children: (Child | readonly Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => Child | readonly Child[];
  /** Right-aligned (counts, offsets, durations). */
  readonly numeric?: boolean;
}

/**
 * A table with a caption and column headers; the first column's cells are row headers (a screen
 * reader names each row by it). `empty` is said in one row when there are no rows; `rowClass`
 * gives a row a class (an error row marked).
 */
export function table<T>(
  caption: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
  empty: string,
  rowClass: (row: T) => string | undefined = () => undefined,
): HTMLTableElement {
  const cls = (c: Column<T>): string | undefined => (c.numeric ? 'numeric' : undefined);
  const body =
    rows.length === 0
      ? [h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, empty))]
      : rows.map((row) =>
          h(
            'tr',
            { class: rowClass(row) },
            columns.map((c, i) =>
              i === 0
                ? h('th', { scope: 'row', class: cls(c) }, c.cell(row))
                : h('td', { class: cls(c) }, c.cell(row)),
            ),
          ),
        );
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map((c) => h('th', { scope: 'col', class: cls(c) }, c.header)),
      ),
    ),
    h('tbody', {}, body),
  );
}

/** `<dt>term</dt><dd>value</dd>`, an entry of a `<dl>`. */
export function entry(term: string, value: Child | readonly Child[]): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, value)];
}

/** A labelled form field: `<label>Text <input|select></label>` (the label names the control). */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement,
): HTMLLabelElement {
  return h('label', {}, h('span', {}, label), control);
}

/** A `<select>` of `options` (value = text; '' = any), `selected` chosen. */
export function select(
  name: string,
  options: readonly string[],
  selected: string,
  any = 'any',
): HTMLSelectElement {
  return h(
    'select',
    { name },
    h('option', { value: '', selected: selected === '' }, any),
    options.map((o) => h('option', { value: o, selected: o === selected }, o)),
  );
}

/** A text `<input>` named `name` holding `value`. */
export function input(name: string, value: string, props: Props = {}): HTMLInputElement {
  const element = h('input', { name, type: 'text', autocomplete: 'off', ...props });
  element.value = value;
  return element;
}

/** The form's named values, trimmed, empty ones left out. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string' && value.trim() !== '') values[name] = value.trim();
  }
  return values;
}
