//! Checked reports, open or on disk. An open document is a `Snapshot` of the editor's text; a
//! workspace file that is not open is read and checked once per content — its modification time
//! and length — and configuration, and kept without its syntax tree (cross-year checks and
//! workspace diagnostics need only its text, model and findings).

use crate::snapshot::Snapshot;
use nianbao_core::cross_year;
use nianbao_core::text::LineIndex;
use nianbao_core::{Config, Finding, Report};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// A report's organ (folded) and year: what pairs the reports of consecutive years.
pub type Key = (String, i32);

pub fn key(report: &Report) -> Option<Key> {
    Some((cross_year::organization(report)?, cross_year::year(report)?))
}

/// What diagnostics and cross-year checks need of a checked report.
pub trait Checked: Send + Sync {
    fn text(&self) -> &str;
    fn index(&self) -> &LineIndex;
    fn report(&self) -> &Report;
    fn findings(&self) -> &[Finding];
    fn config(&self) -> &Config;
    fn key(&self) -> Option<Key> {
        key(self.report())
    }
}

impl Checked for Snapshot {
    fn text(&self) -> &str {
        &self.text
    }
    fn index(&self) -> &LineIndex {
        &self.index
    }
    fn report(&self) -> &Report {
        &self.report
    }
    fn findings(&self) -> &[Finding] {
        &self.findings
    }
    fn config(&self) -> &Config {
        &self.config
    }
}

/// When a file was read: its modification time and length. A file whose stamp is unchanged is
/// not read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> std::io::Result<Stamp> {
        let meta = std::fs::metadata(path)?;
        Ok(Stamp {
            modified: meta.modified().ok(),
            len: meta.len(),
        })
    }

    /// For result ids: nanoseconds since the epoch and length.
    pub fn id(&self) -> String {
        let nanos = self
            .modified
            .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        format!("{nanos:x}.{:x}", self.len)
    }
}

/// A workspace file as it is on disk, checked.
pub struct DiskReport {
    pub path: PathBuf,
    pub stamp: Stamp,
    /// The configuration generation it was checked under.
    pub generation: u64,
    pub text: Arc<str>,
    pub index: LineIndex,
    pub report: Report,
    pub findings: Vec<Finding>,
    pub config: Arc<Config>,
    pub key: Option<Key>,
}

impl DiskReport {
    pub fn check(
        path: PathBuf,
        stamp: Stamp,
        generation: u64,
        text: String,
        config: Arc<Config>,
    ) -> DiskReport {
        let analysis = nianbao_core::analyze(&text, &config);
        DiskReport {
            path,
            stamp,
            generation,
            index: LineIndex::new(&text),
            text: Arc::from(text),
            key: key(&analysis.report),
            // The tree is dropped here: it is most of a checked report's memory.
            report: analysis.report,
            findings: analysis.findings,
            config,
        }
    }
}

impl Checked for DiskReport {
    fn text(&self) -> &str {
        &self.text
    }
    fn index(&self) -> &LineIndex {
        &self.index
    }
    fn report(&self) -> &Report {
        &self.report
    }
    fn findings(&self) -> &[Finding] {
        &self.findings
    }
    fn config(&self) -> &Config {
        &self.config
    }
    fn key(&self) -> Option<Key> {
        self.key.clone()
    }
}
