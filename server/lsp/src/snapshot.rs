//! The snapshot: a document analysed at one version — everything a request or a publication
//! needs, immutable, shared by `Arc` between the store, the publisher and requests in flight.

use crate::convert::Lines;
use nianbao_core::text::{Encoding, LineIndex};
use nianbao_core::{Analysis, Config};
use std::sync::Arc;

/// A document analysed at one version.
pub struct Snapshot {
    pub version: i32,
    /// The configuration generation it was analysed under (see `state::State::generation`).
    pub generation: u64,
    pub text: Arc<str>,
    pub index: LineIndex,
    pub analysis: Analysis,
    pub config: Arc<Config>,
}

impl Snapshot {
    pub fn lines(&self, encoding: Encoding) -> Lines<'_> {
        Lines {
            text: &self.text,
            index: &self.index,
            encoding,
        }
    }
}
