//! Label cells remembered per thread and template: what each folds to and finds among every
//! template table's columns and rows. A report's labels are mostly the template's own, the
//! same in table after table and report after report, and looking one up in every table cost
//! more than the rest of binding; remembered, it is one hash lookup, as `normalize::key`
//! remembers keys and `heading_role` roles.

use super::all_tables::Found;
use super::index::index;
use crate::fast_hash::FastMap;
use crate::normalize::key;
use std::cell::RefCell;

/// A label cell as written: its key, and what it finds in each template table (by table).
pub(super) struct Recognised {
    pub(super) key: Box<str>,
    pub(super) columns: Box<[Found]>,
    pub(super) rows: Box<[Found]>,
}

/// How many labels a thread remembers per template before it forgets them all.
const REMEMBERED: usize = 4096;

/// The remembered labels of one template.
pub(super) struct Labels<'m> {
    template_no: usize,
    known: &'m mut FastMap<Box<str>, Recognised>,
}

impl Labels<'_> {
    /// Runs `with` on what `written` folds to and finds, remembered or worked out.
    pub(super) fn recognise(&mut self, written: &str, with: impl FnOnce(&Recognised)) {
        if let Some(known) = self.known.get(written) {
            return with(known);
        }
        let idx = index(self.template_no);
        let k = key(written);
        let mut columns = vec![None; idx.tables.len()];
        idx.all_columns.find_keyed(written, &k, &mut columns);
        let mut rows = vec![None; idx.tables.len()];
        idx.all_rows.find_keyed(written, &k, &mut rows);
        let recognised = Recognised {
            key: k.into(),
            columns: columns.into(),
            rows: rows.into(),
        };
        with(&recognised);
        if self.known.len() >= REMEMBERED {
            self.known.clear(); // bounded: a cache, not a leak
        }
        self.known.insert(written.into(), recognised);
    }
}

/// Runs `with` on this thread's remembered labels of template `template_no`.
pub(super) fn with_labels<R>(template_no: usize, with: impl FnOnce(&mut Labels) -> R) -> R {
    thread_local! {
        static KNOWN: RefCell<Vec<FastMap<Box<str>, Recognised>>> = RefCell::default();
    }
    KNOWN.with(|known| {
        let mut known = known.borrow_mut();
        if known.len() <= template_no {
            known.resize_with(template_no + 1, FastMap::default);
        }
        with(&mut Labels {
            template_no,
            known: &mut known[template_no],
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A remembered label is what a fresh lookup finds, under the template asked about.
    #[test]
    fn remembered_labels_are_what_a_lookup_finds() {
        let templates = crate::knowledge::Knowledge::get().templates.len();
        let mut compared = 0;
        for written in [
            "自然人",
            "（三）不予公开",
            "三、不予公开",
            "本年新收政府信息公开申请数量",
            "规章",
            "甲",
        ] {
            for _ in 0..2 {
                for t in 0..templates {
                    let idx = index(t);
                    let k = key(written);
                    let mut columns = vec![None; idx.tables.len()];
                    idx.all_columns.find_keyed(written, &k, &mut columns);
                    let mut rows = vec![None; idx.tables.len()];
                    idx.all_rows.find_keyed(written, &k, &mut rows);
                    with_labels(t, |labels| {
                        labels.recognise(written, |r| {
                            assert_eq!((&*r.key, &*r.columns, &*r.rows), (&*k, &*columns, &*rows));
                            compared += 1;
                        })
                    });
                }
            }
        }
        assert_eq!(compared, 6 * 2 * templates);
    }
}
