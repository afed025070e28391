//! The nianbao language server: LSP over stdio, thin over `nianbao-core`. It keeps each open
//! document's text, and while it is edited its syntax tree (edited incrementally), converts byte offsets to the
//! negotiated position encoding, and turns the core's findings, fixes and editor features into
//! LSP messages. Only this crate knows LSP types. See docs/lsp.md.

// How these depend on each other, bottom to top: ARCHITECTURE.md (no circle among them:
// tests/tests/import_circles.rs).
mod analysis;
mod backend;
mod convert;
mod document;
mod guard;
mod handlers;
mod memory;
mod publish;
mod reports;
mod rows;
mod rule_docs;
mod server;
mod settings;
mod snapshot;
mod state;
mod transport;
mod workspace;
mod years;

use tracing_subscriber::EnvFilter;

/// Serves the Language Server Protocol on standard input and output; returns the exit code:
/// 0 after `shutdown` then `exit`, 1 when the client exits (or hangs up) without `shutdown`,
/// as the protocol asks, and 2 when the server cannot start.
pub fn run_stdio() -> u8 {
    // Logs go to stderr (stdout carries the protocol); `NIANBAO_LOG=debug` and the like.
    let filter = EnvFilter::try_from_env("NIANBAO_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
    std::panic::set_hook(Box::new(|info| tracing::error!("panic: {info}")));
    memory::no_transparent_huge_pages();

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            tracing::error!("cannot start the async runtime: {e}");
            return 2;
        }
    };
    let clean = runtime.block_on(server::serve(tokio::io::stdin(), tokio::io::stdout()));
    // Analyses still running on the blocking pool are of no use once the client has gone.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    if clean {
        0
    } else {
        1
    }
}
