// External scanner for the `.nianbao` grammar.
//
// It is stateless and provides the tokens a regular lexer cannot:
//
// - FRONT_MATTER_START: the opening `---` of the front matter. Emitted only if a whole,
//   well-formed front matter follows (`key: value` lines and blank lines, then a closing `---`
//   line), so that an unclosed or malformed block is read as ordinary paragraphs instead of
//   swallowing the document.
// - PARAGRAPH_CONTINUATION / ROW_CONTINUATION: the line ending after a paragraph line / table
//   row, when the next line continues that paragraph / table. Deciding this needs a look at the
//   next line; with a plain line-ending token the grammar would need two tokens of lookahead.
//   Otherwise the scanner declines and the grammar's own line ending ends the block, so no
//   block node ever includes its trailing line ending.
// - DELIMITER_ROW_CONTINUATION: instead of ROW_CONTINUATION after a table's first row, when the
//   next line is a well-formed delimiter row (`| --- | :---: |`). Checking the whole line here
//   means that a row that merely starts like one (`| --- | 本年 |`, `| - | 0 |`) is read as an
//   ordinary row rather than failing halfway.
// - EMPTY_CELL: a zero-width token for a cell with nothing but blanks between its pipes (the
//   pipe token before it took the blanks), so that it still gets its own `table_cell` node.
// - END_OF_FILE: the zero-width end of a last line that has no line ending. The grammar ends
//   every line with a line ending or this, so that the last block of a file can sit inside a
//   section like any other.
// - BLANK_END: a last line of blanks without a line ending (a `_blank_line` needs one).
// - SECTION_INDENT: one to three spaces before a `#` or `##` heading. With the regular
//   `_indent` there, the parser would have to choose between going on with the current
//   section (an indented block) and ending it (an indented heading that opens the next) before
//   seeing the `#`.
//
// The line classification below must agree with the regular tokens in grammar.js.

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>

enum TokenType {
  FRONT_MATTER_START,
  PARAGRAPH_CONTINUATION,
  ROW_CONTINUATION,
  DELIMITER_ROW_CONTINUATION,
  EMPTY_CELL,
  END_OF_FILE,
  BLANK_END,
  SECTION_INDENT,
};

typedef enum {
  LINE_BLANK,
  LINE_TEXT,
  LINE_INDENTED,
  LINE_ROW,
  LINE_HEADING,
  LINE_COMMENT,
} LineKind;

void *tree_sitter_nianbao_external_scanner_create(void) { return NULL; }

void tree_sitter_nianbao_external_scanner_destroy(void *payload) { (void)payload; }

unsigned tree_sitter_nianbao_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}

void tree_sitter_nianbao_external_scanner_deserialize(void *payload, const char *buffer,
                                                      unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

static inline bool at_line_end(TSLexer *lexer) {
  return lexer->eof(lexer) || lexer->lookahead == '\n' || lexer->lookahead == '\r';
}

static inline bool is_blank(int32_t c) { return c == ' ' || c == '\t'; }

static inline bool is_colon(int32_t c) { return c == ':' || c == 0xFF1A; /* ： */ }

static void skip_blanks(TSLexer *lexer) {
  while (!lexer->eof(lexer) && is_blank(lexer->lookahead)) advance(lexer);
}

// Consumes one line ending (`\r\n`, `\n` or `\r`); false if there is none here.
static bool consume_line_ending(TSLexer *lexer) {
  if (lexer->eof(lexer)) return false;
  if (lexer->lookahead == '\r') {
    advance(lexer);
    if (!lexer->eof(lexer) && lexer->lookahead == '\n') advance(lexer);
    return true;
  }
  if (lexer->lookahead == '\n') {
    advance(lexer);
    return true;
  }
  return false;
}

// Skips to the end of the current line, not consuming the line ending.
static void skip_to_line_end(TSLexer *lexer) {
  while (!at_line_end(lexer)) advance(lexer);
}

// Classifies the line that starts at the current position (consuming part of it). Mirrors
// `_indent`, `_code_indent`, `_blank_line`, `heading_marker`, `text`, `html_comment` and `|`.
static LineKind classify_line(TSLexer *lexer) {
  unsigned spaces = 0;
  while (spaces < 4 && !lexer->eof(lexer) && lexer->lookahead == ' ') {
    advance(lexer);
    spaces++;
  }
  if (spaces == 4 || (!lexer->eof(lexer) && lexer->lookahead == '\t')) {
    skip_blanks(lexer);
    return at_line_end(lexer) ? LINE_BLANK : LINE_INDENTED;
  }
  if (at_line_end(lexer)) return LINE_BLANK;
  switch (lexer->lookahead) {
    case '|':
      return LINE_ROW;
    case '#': {
      unsigned hashes = 0;
      while (hashes < 7 && !lexer->eof(lexer) && lexer->lookahead == '#') {
        advance(lexer);
        hashes++;
      }
      if (hashes <= 6 && (at_line_end(lexer) || is_blank(lexer->lookahead))) return LINE_HEADING;
      return LINE_TEXT;
    }
    case '<': {
      static const char rest[] = "!--";
      advance(lexer);
      for (unsigned i = 0; i < 3; i++) {
        if (lexer->eof(lexer) || lexer->lookahead != rest[i]) return LINE_TEXT;
        advance(lexer);
      }
      return LINE_COMMENT;
    }
    default:
      return LINE_TEXT;
  }
}

// On the `|` that starts a row: whether the line is a delimiter row. Mirrors
// `table_delimiter_row`: pipes, then at least one cell `:?-+:?` (blanks around it allowed), each
// followed by `|` or the line end; blanks may trail the last pipe.
static bool is_delimiter_row(TSLexer *lexer) {
  advance(lexer);  // the `|`
  unsigned cells = 0;
  for (;;) {
    skip_blanks(lexer);
    if (at_line_end(lexer)) return cells > 0;
    if (lexer->lookahead == ':') advance(lexer);
    if (lexer->eof(lexer) || lexer->lookahead != '-') return false;
    while (!lexer->eof(lexer) && lexer->lookahead == '-') advance(lexer);
    if (!lexer->eof(lexer) && lexer->lookahead == ':') advance(lexer);
    skip_blanks(lexer);
    cells++;
    if (at_line_end(lexer)) return true;
    if (lexer->lookahead != '|') return false;
    advance(lexer);
  }
}

// At the very start of the document, on `-`. Mirrors the `front_matter` rule: the token is
// the opening `---`; it is produced only if the lines up to a closing `---` line are all
// blank or `key: value` fields, so that the grammar cannot fail inside the front matter.
static bool scan_front_matter_start(TSLexer *lexer) {
  for (unsigned i = 0; i < 3; i++) {
    if (lexer->eof(lexer) || lexer->lookahead != '-') return false;
    advance(lexer);
  }
  lexer->mark_end(lexer);
  skip_blanks(lexer);
  if (!consume_line_ending(lexer)) return false;

  for (;;) {
    if (lexer->eof(lexer)) return false;
    bool indented = is_blank(lexer->lookahead);
    skip_blanks(lexer);
    if (lexer->eof(lexer)) return false;
    if (consume_line_ending(lexer)) continue;  // a blank line

    if (!indented && lexer->lookahead == '-') {
      // A line starting with `---` is the closing line when `---` is the whole key-like run
      // (the lexer prefers the string `---` to an equally long `field_key`).
      unsigned dashes = 0;
      while (dashes < 3 && !lexer->eof(lexer) && lexer->lookahead == '-') {
        advance(lexer);
        dashes++;
      }
      if (dashes == 3) {
        skip_blanks(lexer);
        if (at_line_end(lexer)) {
          lexer->result_symbol = FRONT_MATTER_START;
          return true;
        }
        if (is_colon(lexer->lookahead)) return false;  // `---: x` would not parse
      }
    } else if (is_colon(lexer->lookahead)) {
      return false;  // a field without a key
    }

    // A field: a colon must follow on this line.
    while (!at_line_end(lexer) && !is_colon(lexer->lookahead)) advance(lexer);
    if (at_line_end(lexer)) return false;
    skip_to_line_end(lexer);
    if (!consume_line_ending(lexer)) return false;  // end of file before the closing line
  }
}

bool tree_sitter_nianbao_external_scanner_scan(void *payload, TSLexer *lexer,
                                               const bool *valid_symbols) {
  (void)payload;

  // During error recovery every symbol is valid: produce nothing and let the lexer work.
  if (valid_symbols[FRONT_MATTER_START] && valid_symbols[PARAGRAPH_CONTINUATION] &&
      valid_symbols[ROW_CONTINUATION] && valid_symbols[DELIMITER_ROW_CONTINUATION] &&
      valid_symbols[EMPTY_CELL] && valid_symbols[END_OF_FILE] && valid_symbols[BLANK_END] &&
      valid_symbols[SECTION_INDENT]) {
    return false;
  }
  if (lexer->eof(lexer)) {
    if (!valid_symbols[END_OF_FILE]) return false;
    lexer->result_symbol = END_OF_FILE;
    return true;
  }

  if ((valid_symbols[BLANK_END] || valid_symbols[SECTION_INDENT]) && is_blank(lexer->lookahead)) {
    unsigned spaces = 0;
    while (spaces < 4 && !lexer->eof(lexer) && lexer->lookahead == ' ') {
      advance(lexer);
      spaces++;
    }
    lexer->mark_end(lexer);
    if (valid_symbols[SECTION_INDENT] && spaces < 4 && lexer->lookahead == '#') {
      unsigned hashes = 0;
      while (hashes < 3 && !lexer->eof(lexer) && lexer->lookahead == '#') {
        advance(lexer);
        hashes++;
      }
      if (hashes <= 2 && (at_line_end(lexer) || is_blank(lexer->lookahead))) {
        lexer->result_symbol = SECTION_INDENT;
        return true;
      }
      return false;
    }
    skip_blanks(lexer);
    if (valid_symbols[BLANK_END] && lexer->eof(lexer)) {
      lexer->mark_end(lexer);
      lexer->result_symbol = BLANK_END;
      return true;
    }
    return false;  // blanks before more text: the regular tokens read them
  }

  if (valid_symbols[EMPTY_CELL] && lexer->lookahead == '|') {
    lexer->mark_end(lexer);
    lexer->result_symbol = EMPTY_CELL;
    return true;
  }

  if ((valid_symbols[PARAGRAPH_CONTINUATION] || valid_symbols[ROW_CONTINUATION] ||
       valid_symbols[DELIMITER_ROW_CONTINUATION]) &&
      (lexer->lookahead == '\n' || lexer->lookahead == '\r')) {
    consume_line_ending(lexer);
    lexer->mark_end(lexer);
    LineKind kind = classify_line(lexer);
    if (valid_symbols[PARAGRAPH_CONTINUATION] && (kind == LINE_TEXT || kind == LINE_INDENTED)) {
      lexer->result_symbol = PARAGRAPH_CONTINUATION;
      return true;
    }
    if (kind == LINE_ROW) {
      if (valid_symbols[DELIMITER_ROW_CONTINUATION] && is_delimiter_row(lexer)) {
        lexer->result_symbol = DELIMITER_ROW_CONTINUATION;
        return true;
      }
      if (valid_symbols[ROW_CONTINUATION]) {
        lexer->result_symbol = ROW_CONTINUATION;
        return true;
      }
    }
    return false;
  }

  if (valid_symbols[FRONT_MATTER_START] && lexer->lookahead == '-') {
    return scan_front_matter_start(lexer);
  }

  return false;
}
