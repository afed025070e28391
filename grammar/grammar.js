/**
 * @file Tree-sitter grammar for the `.nianbao` report markup (see docs/markup.md).
 * @license MIT
 *
 * The markup is a line-based Markdown subset: front matter, ATX headings, paragraphs,
 * GFM pipe tables and HTML comments. The tree is flat: every block is a visible child of
 * `document` (hidden `_section` nodes group them, for reuse on reparse; see `document`).
 *
 * No node includes the line ending that follows it. Whitespace is never an `extra`: it is
 * matched explicitly, inside the tokens next to it where it means nothing (the pipes of a table
 * row take the blanks around them), so that content nodes are trimmed and a blank costs no node.
 *
 * The external scanner (src/scanner.c) provides the tokens a regular lexer cannot:
 *  - `_front_matter_start`: the opening `---`, only if a well-formed front matter follows;
 *  - `_paragraph_continuation` / `_row_continuation`: a line ending after which the current
 *    paragraph / table goes on (decided by looking at the next line);
 *  - `_delimiter_row_continuation`: the line ending after a table's first row when the next
 *    line is a well-formed delimiter row (otherwise that line is an ordinary row);
 *  - `_empty_cell`: the zero-width content of an empty cell written `||`;
 *  - `_end_of_file`: the zero-width end of a last line that has no line ending;
 *  - `_blank_end`: a last line of spaces and tabs only, without a line ending;
 *  - `_section_indent`: the indentation before a `#` or `##` heading, told apart from other
 *    indentation so that one token of lookahead decides whether a section ends.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

// One character of a table cell that is not white space (`\|` is an escaped pipe).
const CELL_CHAR = /[^|\\ \t\r\n]|\\[^\r\n]?/.source;

// A cell of a delimiter row: `:?-+:?`, blanks around it allowed.
const DELIMITER_CELL = /[ \t]*:?-+:?[ \t]*/;

// What follows a heading's marker: a blank, then the content and an optional closing sequence.
function headingRest($) {
  return optional(seq(
    $._ws,
    optional(choice(
      seq(
        field('content', $.heading_content),
        optional(seq($._ws, optional(seq($._closing_sequence, optional($._ws))))),
      ),
      seq($._closing_sequence, optional($._ws)),
    )),
  ));
}

module.exports = grammar({
  name: 'nianbao',

  extras: _ => [],

  // Helper rules that are only shorthand: inlining them saves a hidden node per use.
  inline: $ => [
    $._block,
    $._paragraph_line,
    $._cell_content,
    $._line_end,
  ],

  externals: $ => [
    $._front_matter_start,
    $._paragraph_continuation,
    $._row_continuation,
    $._delimiter_row_continuation,
    $._empty_cell,
    $._end_of_file,
    $._blank_end,
    $._section_indent,
  ],

  rules: {
    // The tree is flat to its users: every block is a visible child of `document`. Underneath,
    // each `#` or `##` heading opens a hidden `_section` holding the blocks up to the next such
    // heading. Tree-sitter cannot reuse the nodes of a long `repeat` on reparse (they are built
    // where the parse table offers both a reduce and a repeat-shift, which marks them fragile),
    // so in a flat document every keystroke re-shifts every block; a section is one reusable
    // node, so a keystroke re-shifts only the blocks of its own section.
    //
    // Blocks are also allowed after a section at the top level, though the parser always puts
    // them in the section (`prec.right`): a section's first token is read as the lookahead that
    // ends the section before it, and is reused only where the same tokens are valid — so the
    // top level after a section must accept what a section accepts.
    document: $ => seq(
      optional($._bom),
      optional($.front_matter),
      repeat(choice($._item, $._section)),
    ),

    _section: $ => prec.right(seq(
      optional($._section_indent),
      alias($._major_heading, $.heading),
      $._line_end,
      repeat($._item),
    )),

    // A blank line, or a block and the end of its line. The last line of a file may have no
    // line ending, and may be blank (spaces only).
    _item: $ => choice(
      $._blank_line,
      $._blank_end,
      seq($._block, $._line_end),
    ),

    _line_end: $ => choice($._eol, $._end_of_file),

    _bom: _ => token(prec(2, '\uFEFF')),

    // A line ending (after a block) and a blank line (where a block could start).
    _eol: _ => /\r\n|\n|\r/,
    _blank_line: _ => /[ \t]*(\r\n|\n|\r)/,
    // Indentation before a block: up to three spaces; four or more columns (or a tab) make
    // the line plain text, as indented code is not part of the markup.
    _indent: _ => / {1,3}/,
    _code_indent: _ => /( {0,3}\t| {4})[ \t]*/,
    _ws: _ => /[ \t]+/,

    _block: $ => choice(
      seq(optional($._indent), choice(
        $.heading,
        $.table,
        $.html_comment,
        $.paragraph,
      )),
      seq($._code_indent, alias($._indented_paragraph, $.paragraph)),
    ),

    // ---------------------------------------------------------------- front matter

    front_matter: $ => seq(
      alias($._front_matter_start, '---'),
      optional($._ws),
      $._eol,
      repeat(choice(
        $._blank_line,
        seq(optional($._ws), $.front_matter_field, optional($._ws), $._eol),
      )),
      '---',
      optional($._ws),
    ),

    front_matter_field: $ => seq(
      field('key', $.field_key),
      choice(
        alias(/[ \t]*:[ \t]*/, ':'),
        alias(/[ \t]*：[ \t]*/, '：'),
      ),
      optional(field('value', $.field_value)),
    ),

    field_key: _ => /[^:： \t\r\n]([^:：\r\n]*[^:： \t\r\n])?/,
    field_value: _ => /[^ \t\r\n]([^\r\n]*[^ \t\r\n])?/,

    // ---------------------------------------------------------------- headings

    // A heading of level 3 to 6 is a block like any other; one of level 1 or 2 opens a section
    // (it is the same `heading` node to users).
    heading: $ => seq(
      field('marker', alias($._minor_marker, $.heading_marker)),
      headingRest($),
    ),

    _major_heading: $ => seq(
      field('marker', alias($._major_marker, $.heading_marker)),
      headingRest($),
    ),

    _major_marker: _ => /#{1,2}/,
    _minor_marker: _ => /#{3,6}/,

    // Words separated by blanks; the last word is not made of `#` only (that is the optional
    // closing sequence of an ATX heading, which is not content).
    heading_content: _ => /([^ \t\r\n]+[ \t]+)*[^ \t\r\n]*[^# \t\r\n][^ \t\r\n]*/,

    // The closing `#`s; runs of `#` separated by blanks all count (`## ## ######`), so that a
    // heading line can never fail to parse.
    _closing_sequence: _ => /#+([ \t]+#+)*/,

    // ---------------------------------------------------------------- comments

    // `<!--` up to and including the line that holds the first `-->` (as in CommonMark). An
    // unterminated comment runs to the end of the file.
    html_comment: _ => token(prec(1, seq(
      '<!--',
      /([^-]|-[^-]|--+[^->])*/,
      /(-*|--+>[^\r\n]*)/,
    ))),

    // ---------------------------------------------------------------- paragraphs

    paragraph: $ => seq(
      $.text,
      repeat($._paragraph_line),
    ),

    _indented_paragraph: $ => seq(
      alias($._indented_text, $.text),
      repeat($._paragraph_line),
    ),

    _paragraph_line: $ => seq(
      $._paragraph_continuation,
      choice(
        seq(optional($._indent), $.text),
        seq($._code_indent, alias($._indented_text, $.text)),
      ),
    ),

    // A line that is none of the other blocks: not a row (`|`), not a heading (`#` … `######`
    // followed by a blank or the line end), not a comment (`<!--`, which wins by precedence).
    text: _ => /([^ \t\r\n|#]|#{1,6}[^# \t\r\n]|#######)[^\r\n]*/,

    // After deep indentation any line is text.
    _indented_text: _ => /[^ \t\r\n][^\r\n]*/,

    // ---------------------------------------------------------------- tables

    table: $ => seq(
      field('header', $.table_row),
      optional(seq(
        $._delimiter_row_continuation,
        optional($._indent),
        $.table_delimiter_row,
      )),
      repeat(seq(
        $._row_continuation,
        optional($._indent),
        $.table_row,
      )),
    ),

    // The whole delimiter row is one token: the scanner has already checked the line as a
    // whole (`_delimiter_row_continuation`), and a token costs a fraction of the nodes its
    // pipes, blanks and dashes would.
    table_delimiter_row: _ => token(seq(
      '|',
      choice(
        seq(
          repeat1(seq(DELIMITER_CELL, '|')),
          optional(choice(DELIMITER_CELL, /[ \t]+/)),
        ),
        DELIMITER_CELL,
      ),
    )),

    // A cell is two tokens: its content (or the zero-width `_empty_cell`) and the pipe after
    // it, which takes the blanks on both of its sides. Parsing costs per node, and blanks as
    // tokens of their own made a cell four; a `table_cell` holding its closing pipe is one
    // node for the row's `repeat` rather than two. Its content is trimmed; the range between
    // two pipes is found from the pipe tokens (the core's `syntax::row`).
    table_row: $ => seq(
      alias($._row_start, '|'),
      repeat($.table_cell),
      // A last cell without its closing pipe, and the blanks after it.
      optional(seq(alias($._open_cell, $.table_cell), optional($._ws))),
    ),

    table_cell: $ => seq(choice($._empty_cell, $._cell_content), alias($._pipe, '|')),

    // The last cell of a row without its closing pipe: its content alone.
    _open_cell: $ => $._cell_content,

    _cell_content: $ => choice($.number, $.cell_text),

    // The pipe that opens a row, with the blanks after it; a pipe after a cell, with the
    // blanks before and after it.
    _row_start: _ => /\|[ \t]*/,
    _pipe: _ => /[ \t]*\|[ \t]*/,

    // Must come before `cell_text`: on a tie (`12`) the earlier token wins; `12 个` is longer
    // as `cell_text`, so it is text.
    number: _ => /[+-]?[0-9][0-9,，]*(\.[0-9]+)?/,

    cell_text: _ => new RegExp(`(${CELL_CHAR})([ \\t]*(${CELL_CHAR}))*`),
  },
});
