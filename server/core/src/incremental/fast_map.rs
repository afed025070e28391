//! The memo's hash maps: FxHash (see `crate::fast_hash`), keyed by node ids and by the
//! document's headings and prose.

pub(super) use crate::fast_hash::FastMap;
