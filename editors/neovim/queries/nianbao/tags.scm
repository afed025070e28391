; Outline of a .nianbao report.

; Headings (title, sections 一…六, table blocks 第二十条第（X）项, sub-heads).
(heading
  content: (heading_content) @name) @definition.section

; Row labels: the first cell of every data row.
(table
  header: (table_row)
  (table_row
    .
    (table_cell
      (cell_text) @name)) @definition.row)
