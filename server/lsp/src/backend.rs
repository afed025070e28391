//! The server's handle: the client (for requests to it), our own outbox (for publications) and
//! the shared state. Cloned into every task; it holds no logic of its own.

use crate::state::State;
use crate::transport::Outbox;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use tower_lsp_server::Client;

#[derive(Clone)]
pub struct Backend {
    pub client: Client,
    /// Where diagnostics are published: our own writer, not `client` (see
    /// `publish::publish_diagnostics`).
    pub outbox: Outbox,
    pub state: Arc<State>,
}

impl Backend {
    pub fn new(client: Client, outbox: Outbox, shutdown: Arc<AtomicBool>) -> Backend {
        Backend {
            client,
            outbox,
            state: Arc::new(State::new(shutdown)),
        }
    }
}
