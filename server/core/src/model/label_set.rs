//! The template's labels of one kind (a table's rows, its columns, the sections, the block
//! headings) with their folded keys hashed, so that matching a written label is a lookup or two
//! rather than a comparison with every key of every label. Binding scores each table against
//! every template table, so most labels are looked up where they do not belong, which a linear
//! search learnt only after comparing them with everything.

use super::labels::{LabelKeys, Spelling};
use crate::fast_hash::FastMap;
use crate::normalize::strip_ordinal;
use std::ops::Deref;

/// Which labels have a key: one (its index) or several (ambiguous, as `labels::find` treats it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owners {
    One(usize),
    Several,
}

/// What a label set maps its keys to.
pub(super) type KeyMap<V = Owners> = FastMap<String, V>;

/// How long a truncated label must be to be recognised, in characters (`labels::find_keyed`).
const TRUNCATED_CHARS: usize = 6;

/// Labels with an index of their keys; a slice of [`LabelKeys`] for everything else.
#[derive(Debug, Clone, Default)]
pub struct LabelSet {
    labels: Vec<LabelKeys>,
    keys: KeyMap,
    stripped: KeyMap,
    /// Every beginning of six characters or more, and shorter than the key, of each
    /// ordinal-stripped key: a truncated label is looked up rather than searched for.
    begun: KeyMap,
    /// The labels that may be written with their group in front (sub-rows).
    grouped: Vec<usize>,
}

impl LabelSet {
    pub fn new(labels: Vec<LabelKeys>) -> Self {
        let mut keys = KeyMap::default();
        let mut stripped = KeyMap::default();
        let mut begun = KeyMap::default();
        let mut grouped = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            for k in &label.keys {
                own(&mut keys, k, i);
            }
            for s in &label.stripped {
                own(&mut stripped, s, i);
                for (end, _) in s.char_indices().skip(TRUNCATED_CHARS) {
                    own(&mut begun, &s[..end], i);
                }
            }
            if !label.group.is_empty() {
                grouped.push(i);
            }
        }
        LabelSet {
            labels,
            keys,
            stripped,
            begun,
            grouped,
        }
    }

    /// [`labels::find_keyed`](super::labels::find_keyed) over these labels, step for step:
    /// the key, then the key without its ordinal, then a sub-row with its group in front, then
    /// a truncated label; a step that finds several labels passes to the next.
    pub fn find_keyed(&self, written: &str, k: &str) -> Option<(usize, Spelling)> {
        if k.is_empty() {
            return None;
        }
        if let Some(&Owners::One(i)) = self.keys.get(k) {
            let spelling = if written.trim() == self.labels[i].canonical {
                Spelling::Canonical
            } else {
                Spelling::Variant
            };
            return Some((i, spelling));
        }
        let stripped = strip_ordinal(k);
        if let Some(&Owners::One(i)) = self.stripped.get(stripped) {
            return Some((i, Spelling::Variant));
        }
        let labels = &self.labels;
        if let Some(i) = unique(self.grouped.iter().copied(), |i| {
            labels[i].matches_with_group(k)
        }) {
            return Some((i, Spelling::Variant));
        }
        // Beginnings are kept from TRUNCATED_CHARS characters on only.
        if let Some(&Owners::One(i)) = self.begun.get(stripped) {
            return Some((i, Spelling::Truncated));
        }
        None
    }

    /// What [`AllTables`](super::all_tables::AllTables) gathers from every table's set.
    pub(super) fn keys(&self) -> &KeyMap {
        &self.keys
    }

    pub(super) fn stripped(&self) -> &KeyMap {
        &self.stripped
    }

    pub(super) fn begun(&self) -> &KeyMap {
        &self.begun
    }

    pub(super) fn grouped(&self) -> &[usize] {
        &self.grouped
    }
}

impl Deref for LabelSet {
    type Target = [LabelKeys];

    fn deref(&self) -> &[LabelKeys] {
        &self.labels
    }
}

fn own(map: &mut KeyMap, key: &str, label: usize) {
    match map.get_mut(key) {
        None => {
            map.insert(key.to_string(), Owners::One(label));
        }
        Some(Owners::One(other)) if *other == label => {}
        Some(owners) => *owners = Owners::Several,
    }
}

/// The one index of `indices` (ascending) that `pred` holds for, if exactly one does.
fn unique(indices: impl Iterator<Item = usize>, pred: impl Fn(usize) -> bool) -> Option<usize> {
    let mut found = indices.filter(|&i| pred(i));
    let first = found.next()?;
    found.all(|i| i == first).then_some(first)
}
