//! A written label looked up in every template table at once. Binding scores a table against
//! each template table by the labels it recognises, and most labels belong to one table: looked
//! up table by table, a label ran every fallback step (ordinal stripped, group in front,
//! truncated) in each table it is not in. Here each step is one lookup for all tables, and
//! gives, table by table, what [`LabelSet::find_keyed`] gives.

use super::label_set::{KeyMap, LabelSet, Owners};
use super::labels::{LabelKeys, Spelling};
use crate::normalize::strip_ordinal;
use std::ops::Range;

/// A label's match in one table: the label's index and how it was recognised.
pub type Found = Option<(usize, Spelling)>;

/// The labels of one kind (rows or columns) of every table of a template.
#[derive(Debug, Clone, Default)]
pub struct AllTables {
    tables: usize,
    /// Each key, ordinal-stripped key and beginning of one (`LabelSet`'s, for truncated
    /// labels), with its owners: one lookup for a key without an ordinal, two with one.
    entries: KeyMap<Entry>,
    /// The owners of every entry, a run for each of its roles: per table that has it (tables
    /// ascending), which of its labels. In one vector, near each other in memory.
    owners: Vec<(usize, Owners)>,
    /// Each key a sub-row's group may be written as: a label is asked only of the groups it
    /// starts with.
    groups: Vec<Group>,
    /// The tables with sub-rows.
    grouped_tables: Tables,
    /// Per table, its labels.
    labels: Vec<Vec<LabelKeys>>,
}

/// A key a sub-row's group may be written as, in front of the sub-row's label.
#[derive(Debug, Clone)]
struct Group {
    /// Its first character, which rules out most labels without a comparison of strings.
    first: Option<char>,
    key: String,
    /// The sub-rows (table, label) of the group.
    members: Vec<(usize, usize)>,
}

/// Where an entry's owners are in `AllTables::owners`: as a key, as an ordinal-stripped key,
/// as the beginning of one.
#[derive(Debug, Clone, Default)]
struct Entry {
    key: Range<u32>,
    stripped: Range<u32>,
    begun: Range<u32>,
}

/// Tables are tracked in a bit set, one bit per table.
const MAX_TABLES: usize = 64;

impl AllTables {
    /// `sets[t]` is table `t`'s labels of the kind.
    pub fn new(sets: &[&LabelSet]) -> Self {
        assert!(
            sets.len() <= MAX_TABLES,
            "a template has at most {MAX_TABLES} tables"
        );
        let mut all = AllTables {
            tables: sets.len(),
            ..AllTables::default()
        };
        // Per entry, per role (key, stripped, begun), per table: the table's owners.
        let mut roles: KeyMap<[Vec<(usize, Owners)>; 3]> = KeyMap::default();
        for (t, set) in sets.iter().enumerate() {
            for (role, map) in [set.keys(), set.stripped(), set.begun()].iter().enumerate() {
                for (k, &owners) in *map {
                    roles.entry(k.clone()).or_default()[role].push((t, owners));
                }
            }
            for &i in set.grouped() {
                all.grouped_tables.add(t);
                for g in &set[i].group {
                    match all.groups.iter_mut().find(|known| &known.key == g) {
                        Some(known) => known.members.push((t, i)),
                        None => all.groups.push(Group {
                            first: g.chars().next(),
                            key: g.clone(),
                            members: vec![(t, i)],
                        }),
                    }
                }
            }
            all.labels.push(set.to_vec());
        }
        for (k, [key, stripped, begun]) in roles {
            let mut run = |owners: Vec<(usize, Owners)>| {
                let start = all.owners.len();
                all.owners.extend(owners);
                as_u32(start)..as_u32(all.owners.len())
            };
            let entry = Entry {
                key: run(key),
                stripped: run(stripped),
                begun: run(begun),
            };
            all.entries.insert(k, entry);
        }
        all
    }

    #[cfg(test)]
    pub fn tables(&self) -> usize {
        self.tables
    }

    /// Into `found[t]`, for every table `t`: what `sets[t].find_keyed(written, k)` finds, step
    /// for step — a step that finds several labels of a table passes that table to the next.
    pub fn find_keyed(&self, written: &str, k: &str, found: &mut [Found]) {
        assert_eq!(found.len(), self.tables, "one slot per table");
        found.fill(None);
        if k.is_empty() {
            return;
        }
        let entry = self.entries.get(k);
        let mut done = Tables::default();
        for &(t, owners) in self.run(entry.map(|e| &e.key)) {
            if let Owners::One(i) = owners {
                let spelling = if written.trim() == self.labels[t][i].canonical {
                    Spelling::Canonical
                } else {
                    Spelling::Variant
                };
                found[t] = Some((i, spelling));
                done.add(t);
            }
        }
        if done.count() == self.tables {
            return;
        }
        let stripped = strip_ordinal(k);
        let stripped_entry = if stripped.len() == k.len() {
            entry
        } else {
            self.entries.get(stripped)
        };
        for &(t, owners) in self.run(stripped_entry.map(|e| &e.stripped)) {
            if let (Owners::One(i), false) = (owners, done.has(t)) {
                found[t] = Some((i, Spelling::Variant));
                done.add(t);
            }
        }
        if !self.grouped_tables.within(done) {
            let first = k.chars().next();
            let grouped = self
                .groups
                .iter()
                .filter(|g| g.first.is_none() || g.first == first)
                .filter_map(|g| Some((k.strip_prefix(g.key.as_str())?, &g.members)))
                .flat_map(|(rest, members)| {
                    members.iter().copied().filter(move |&(t, i)| {
                        !done.has(t) && self.labels[t][i].follows_group(rest)
                    })
                });
            done = settle(grouped, Spelling::Variant, done, found);
        }
        for &(t, owners) in self.run(stripped_entry.map(|e| &e.begun)) {
            if let (Owners::One(i), false) = (owners, done.has(t)) {
                found[t] = Some((i, Spelling::Truncated));
            }
        }
    }
}

impl AllTables {
    /// The owners in `run`, if any.
    fn run(&self, run: Option<&Range<u32>>) -> &[(usize, Owners)] {
        run.map_or(&[], |r| &self.owners[r.start as usize..r.end as usize])
    }
}

/// An index into the owners: a template has a few thousand.
fn as_u32(i: usize) -> u32 {
    u32::try_from(i).expect("a template's labels have fewer than 2^32 keys")
}

/// Records in `found` the labels `candidates` name (table, label) for tables not yet `done`:
/// a table whose candidates name one label, however often, has found it; one whose candidates
/// name several has found nothing and passes on. Returns the tables done after this step.
fn settle(
    candidates: impl Iterator<Item = (usize, usize)>,
    spelling: Spelling,
    done: Tables,
    found: &mut [Found],
) -> Tables {
    let mut named = Tables::default();
    let mut several = Tables::default();
    for (t, i) in candidates {
        match found[t] {
            Some((other, _)) if named.has(t) && other != i => several.add(t),
            Some(_) if named.has(t) => {}
            _ => {
                found[t] = Some((i, spelling));
                named.add(t);
            }
        }
    }
    for t in several.iter() {
        found[t] = None;
    }
    Tables(done.0 | (named.0 & !several.0))
}

/// A set of a template's tables.
#[derive(Debug, Clone, Copy, Default)]
struct Tables(u64);

impl Tables {
    fn add(&mut self, t: usize) {
        self.0 |= 1 << t;
    }

    fn has(self, t: usize) -> bool {
        self.0 & (1 << t) != 0
    }

    /// Whether every table of this set is in `other`.
    fn within(self, other: Tables) -> bool {
        self.0 & !other.0 == 0
    }

    fn count(self) -> usize {
        self.0.count_ones() as usize
    }

    fn iter(self) -> impl Iterator<Item = usize> {
        (0..MAX_TABLES).filter(move |&t| self.has(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::key;

    /// The templates' own tables never make a step find several labels of one table (no two
    /// labels of a table share six characters, no two sub-rows a group and a key); made-up
    /// tables do, and a table that finds several passes to the next step as alone.
    #[test]
    fn a_table_finding_several_passes_on_as_alone() {
        let three = LabelKeys::new("（三）不予公开", &[]);
        let other = LabelKeys::new("三、其他处理", &[]);
        let tables = [
            vec![
                LabelKeys::new("政府信息公开申请数量甲", &[]),
                LabelKeys::new("政府信息公开申请数量乙", &[]),
                three.clone(),
                other.clone(),
                LabelKeys::new("1.其他", &[]).with_group(&three),
                LabelKeys::new("2.其他", &[]).with_group(&other),
            ],
            vec![
                LabelKeys::new("政府信息公开申请数量甲", &[]),
                three.clone(),
                LabelKeys::new("1.其他", &[]).with_group(&three),
            ],
            vec![
                LabelKeys::new("其他", &[]),
                LabelKeys::new("其他", &["另".to_string()]),
            ],
            vec![],
        ]
        .map(LabelSet::new);
        let all = AllTables::new(&tables.iter().collect::<Vec<_>>());
        let mut found = vec![None; all.tables()];
        let mut several = 0;
        for written in [
            "政府信息公开申请",
            "政府信息公开申请数量",
            "政府信息公开申请数量甲",
            "三其他",
            "三1其他",
            "不予公开其他",
            "其他",
            "另",
            "",
            "（三）不予公开",
        ] {
            let k = key(written);
            all.find_keyed(written, &k, &mut found);
            for (t, set) in tables.iter().enumerate() {
                let linear = crate::model::labels::find_keyed(written, &k, set);
                assert_eq!(set.find_keyed(written, &k), linear, "{written:?} in {t}");
                assert_eq!(found[t], linear, "{written:?} in {t}");
            }
            several += usize::from(found[0].is_none() && !k.is_empty());
        }
        assert!(several >= 2, "{several}");
    }
}
