//! nianbao-bench: a deterministic corpus of synthetic reports and the scoring of the checker's
//! findings against the errors injected into it. The `nianbao-bench` binary uses both to print
//! throughput beside its floors (reading, parsing) and recall/precision; the property tests
//! use the generator for realistic inputs.

pub mod generate;
pub mod prose;
pub mod rng;
pub mod score;
pub mod values;

pub use generate::{generate, Expected, Generated, Kind, Options};
