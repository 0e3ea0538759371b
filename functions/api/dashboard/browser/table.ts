import { type Child, h } from './dom';

export type Column = { readonly label: string; readonly field?: string; readonly num?: boolean };
export type Row = {
  readonly attrs: Readonly<Record<string, string>>;
  readonly head: Child;
  readonly cells: readonly Child[];
};

/**
 * A table whose rows turn into labelled cards on a phone (CSS: table.stack); the roles keep it
 * a table for screen readers whatever its display. The first column heads the rows.
 */
export const table = (
  caption: string,
  columns: readonly Column[],
  rows: readonly Row[],
  stack = true,
): HTMLTableElement =>
  h('table', { class: stack ? 'stack' : undefined, role: 'table' }, [
    h('caption', { class: 'sr-only', text: caption }),
    h('thead', { role: 'rowgroup' }, [
      h(
        'tr',
        { role: 'row' },
        columns.map((column) =>
          h('th', {
            scope: 'col',
            role: 'columnheader',
            class: column.num ? 'num' : undefined,
            text: column.label,
          }),
        ),
      ),
    ]),
    h(
      'tbody',
      { role: 'rowgroup' },
      rows.map((row) =>
        h('tr', { role: 'row', ...row.attrs }, [
          h('th', { scope: 'row', role: 'rowheader' }, [row.head]),
          ...row.cells.map((value, i) => {
            const column = columns[i + 1];
            return h(
              'td',
              {
                role: 'cell',
                class: column?.num ? 'num' : undefined,
                'data-field': column?.field,
                'data-label': column?.label,
              },
              [value],
            );
          }),
        ]),
      ),
    ),
  ]);
