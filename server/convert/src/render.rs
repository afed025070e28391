//! Markup to an HTML page in the official layout.
