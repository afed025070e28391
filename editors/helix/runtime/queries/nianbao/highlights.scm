; Generated from grammar/queries/highlights.scm by tests/editors/sync-queries.py --write: do not edit.
; Capture names as Helix themes know them: @number -> @constant.numeric, @property -> @variable.other.member.

; Highlights for the .nianbao markup.
;
; Capture names follow the common tree-sitter / Neovim conventions. More specific names
; (`label.row`, `label.column`) fall back to their prefix (`label`) in editors whose theme does
; not define them. No node is captured by two patterns, so the result does not depend on
; whether an editor lets the first or the last matching pattern win.

; Front matter
(front_matter
  "---" @punctuation.delimiter)

(front_matter_field
  key: (field_key) @variable.other.member)

(front_matter_field
  [
    ":"
    "："
  ] @punctuation.delimiter)

(front_matter_field
  value: (field_value) @string)

; Headings
(heading
  marker: (heading_marker) @punctuation.special)

(heading
  content: (heading_content) @markup.heading)

; Tables
"|" @punctuation.delimiter

(table_delimiter_row) @punctuation.special

; Column labels: the cells of the header row.
(table
  header: (table_row
    (table_cell
      (cell_text) @label.column)))

; Row labels: the first cell of every data row (any row after the header).
(table
  header: (table_row)
  (table_row
    .
    (table_cell
      (cell_text) @label.row)))

; Other text in data cells: 待核, —, /, 无 …
(table
  header: (table_row)
  (table_row
    (table_cell)
    .
    (table_cell
      (cell_text) @string)))

(number) @constant.numeric

; Comments
(html_comment) @comment
