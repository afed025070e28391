//! The snapshot: a document analysed at one version — everything a request or a publication
//! needs, immutable, shared by `Arc` between the store, the publisher and requests in flight.
//! Not the syntax tree: no feature reads it, and it is most of an analysis's memory (the
//! document keeps it only while it is being edited, see `document`).

use crate::convert::Lines;
use nianbao_core::text::{Encoding, LineIndex};
use nianbao_core::{Config, Finding, Report};
use std::sync::Arc;

/// A document analysed at one version.
pub struct Snapshot {
    pub version: i32,
    /// The configuration generation it was analysed under (see `state::State::generation`).
    pub generation: u64,
    pub text: Arc<str>,
    pub index: LineIndex,
    pub report: Report,
    pub findings: Vec<Finding>,
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
