; Folds for the .nianbao markup.
;
; The tree is flat (every block is a child of `document`), so a section (a heading and the
; blocks up to the next heading of the same or a higher level) has no node of its own: folding
; whole sections is left to the language server (textDocument/foldingRange). A heading is
; still a fold point for editors that fold by node start.

[
  (front_matter)
  (heading)
  (paragraph)
  (table)
  (html_comment)
] @fold
