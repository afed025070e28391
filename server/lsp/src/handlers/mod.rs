//! The LSP handlers, one file per feature group, each translating LSP ⇄ the core's `ide` (or the
//! server's state). `server.rs` routes every method here; to add a request, add its function to
//! the group it belongs to (or a new file), route it in `server.rs` and announce it in
//! `lifecycle::capabilities`.

pub mod completion;
pub mod configuration;
pub mod diagnostics;
pub mod editing;
pub mod highlighting;
pub mod lifecycle;
pub mod navigation;
mod request;
pub mod sync;
