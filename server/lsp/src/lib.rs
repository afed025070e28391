//! The nianbao language server (see issue: language server). Placeholder until it lands.

/// Serves the Language Server Protocol on standard input and output; returns the exit code.
pub fn run_stdio() -> u8 {
    eprintln!("nianbao lsp: the language server is not built yet");
    2
}
