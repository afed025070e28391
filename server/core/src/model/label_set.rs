//! The template's labels of one kind (a table's rows, its columns, the sections, the block
//! headings) with their folded keys hashed, so that matching a written label is a lookup or two
//! rather than a comparison with every key of every label. Binding scores each table against
//! every template table, so most labels are looked up where they do not belong, which a linear
//! search learnt only after comparing them with everything.

use super::labels::{LabelKeys, Spelling};
use crate::normalize::strip_ordinal;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Deref;

/// Which labels have a key: one (its index) or several (ambiguous, as `labels::find` treats it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owners {
    One(usize),
    Several,
}

type KeyMap = HashMap<String, Owners, BuildHasherDefault<KeyHasher>>;

/// Labels with an index of their keys; a slice of [`LabelKeys`] for everything else.
#[derive(Debug, Clone, Default)]
pub struct LabelSet {
    labels: Vec<LabelKeys>,
    keys: KeyMap,
    stripped: KeyMap,
    /// Every ordinal-stripped key and its label, sorted: the labels a truncated key begins are
    /// the run of those that start with it.
    sorted_stripped: Vec<(String, usize)>,
    /// The labels that may be written with their group in front (sub-rows).
    grouped: Vec<usize>,
}

impl LabelSet {
    pub fn new(labels: Vec<LabelKeys>) -> Self {
        let mut keys = KeyMap::default();
        let mut stripped = KeyMap::default();
        let mut sorted_stripped = Vec::new();
        let mut grouped = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            for k in &label.keys {
                own(&mut keys, k, i);
            }
            for s in &label.stripped {
                own(&mut stripped, s, i);
                sorted_stripped.push((s.clone(), i));
            }
            if !label.group.is_empty() {
                grouped.push(i);
            }
        }
        sorted_stripped.sort();
        LabelSet {
            labels,
            keys,
            stripped,
            sorted_stripped,
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
        // Six characters at least (`chars().count()` would walk all of them).
        if stripped.chars().nth(5).is_some() {
            let from = self
                .sorted_stripped
                .partition_point(|(s, _)| s.as_str() < stripped);
            let begun = self.sorted_stripped[from..]
                .iter()
                .take_while(|(s, _)| s.starts_with(stripped))
                .filter(|(s, _)| s != stripped)
                .map(|&(_, i)| i);
            if let Some(i) = distinct_one(begun) {
                return Some((i, Spelling::Truncated));
            }
        }
        None
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
    distinct_one(indices.filter(|&i| pred(i)))
}

/// The one label `found` names, however often; `None` for none or several.
fn distinct_one(mut found: impl Iterator<Item = usize>) -> Option<usize> {
    let first = found.next()?;
    found.all(|i| i == first).then_some(first)
}

/// FxHash (rustc's): the keys are the template's and the document's labels, so they need
/// mixing, not SipHash's defence against keys chosen to collide.
#[derive(Default)]
struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Whole words without a copy (a copy of a slice of unknown length is a call to memcpy).
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let word: [u8; 8] = word.try_into().unwrap_or_default();
            self.add(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut word = 0u64;
            for (i, &b) in rest.iter().enumerate() {
                word |= u64::from(b) << (8 * i);
            }
            self.add(word);
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::index;
    use crate::model::labels::find_keyed;
    use crate::normalize::key;

    /// Every template's labels, their variants, their keys cut short, with ordinals and groups
    /// written in front, and labels of the other tables: the index finds what the linear search
    /// finds.
    #[test]
    fn finds_what_the_linear_search_finds() {
        let mut sets: Vec<&LabelSet> = Vec::new();
        for t in 0..crate::knowledge::Knowledge::get().templates.len() {
            let idx = index(t);
            sets.push(&idx.sections);
            sets.push(&idx.blocks);
            for table in &idx.tables {
                sets.push(&table.rows);
                sets.push(&table.columns);
            }
        }
        let mut written: Vec<String> = Vec::new();
        for set in &sets {
            for label in set.iter() {
                written.push(label.canonical.clone());
                written.extend(label.keys.iter().chain(&label.stripped).cloned());
                let chars: Vec<char> = label.canonical.chars().collect();
                for cut in [2, 4, 6, 7, 9, 12] {
                    if cut < chars.len() {
                        written.push(chars[..chars.len() - cut].iter().collect());
                        written.push(chars[cut..].iter().collect());
                    }
                }
                for prefix in ["（三）", "三、", "1.", "（二）", "二", "(三) "] {
                    written.push(format!("{prefix}{}", label.canonical));
                }
            }
        }
        written.extend(
            ["", "   ", "其他", "不相干", "合计", "总计", "1.其他", "一"].map(String::from),
        );
        let mut compared = 0;
        for set in &sets {
            for w in &written {
                let k = key(w);
                assert_eq!(
                    set.find_keyed(w, &k),
                    find_keyed(w, &k, set),
                    "{w:?} among {:?}",
                    set.iter().map(|l| &l.canonical).collect::<Vec<_>>()
                );
                compared += 1;
            }
        }
        assert!(compared > 10_000, "{compared}");
    }
}
