//! Inventory import: one CSV row per host becomes fleet groups.
//!
//! Columns (header names, any order, case-insensitive, spaces or dashes for underscores):
//! `name`, `edition`, `site`, `internet_facing` and `prerequisite_present` (yes/no,
//! true/false, 1/0). Hosts with the same edition, site and flags form one group that keeps
//! their names.

use std::collections::HashMap;

use thiserror::Error;

use crate::i18n::Localized;

use super::{Criticality, Group};

/// What can be wrong with an inventory file; each names its line.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum InventoryError {
    /// The file is not readable CSV.
    #[error("line {line}: {message}")]
    Malformed { line: u64, message: String },
    /// A required column is missing from the header.
    #[error(
        "the header has no \"{0}\" column (needed: name, edition, site, internet_facing, prerequisite_present)"
    )]
    MissingColumn(&'static str),
    /// A cell is empty or not understood.
    #[error("line {line}, column {column}: {message}")]
    BadCell { line: u64, column: &'static str, message: String },
    /// The same host twice: it would be patched twice.
    #[error("line {line}: host \"{name}\" is already on line {first_line}")]
    DuplicateHost { line: u64, name: String, first_line: u64 },
    /// A header and nothing else.
    #[error("the file lists no hosts")]
    Empty,
}

const COLUMNS: [&str; 5] = ["name", "edition", "site", "internet_facing", "prerequisite_present"];

fn flag(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "はい" => Some(true),
        "no" | "n" | "false" | "0" | "いいえ" | "" => Some(false),
        _ => None,
    }
}

fn column_matches(header: &str, column: &str) -> bool {
    header.replace([' ', '-'], "_").eq_ignore_ascii_case(column)
}

/// Reads an inventory and groups its hosts. `time_zone_of` gives each site's IANA zone.
pub fn parse(text: &str, time_zone_of: impl Fn(&str) -> String) -> Result<Vec<Group>, InventoryError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let malformed = |e: csv::Error| InventoryError::Malformed {
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    };
    let header = reader.headers().map_err(malformed)?.clone();
    let mut index = [0usize; 5];
    for (slot, column) in index.iter_mut().zip(COLUMNS) {
        *slot = header
            .iter()
            .position(|h| column_matches(h, column))
            .ok_or(InventoryError::MissingColumn(column))?;
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut group_index: HashMap<String, usize> = HashMap::new();
    let mut lines: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(malformed)?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| record.get(index[i]).unwrap_or("");
        for (i, column) in COLUMNS.iter().enumerate().take(3) {
            if cell(i).is_empty() {
                return Err(InventoryError::BadCell { line, column, message: "empty".into() });
            }
        }
        let mut flags = [false; 2];
        for (k, f) in flags.iter_mut().enumerate() {
            *f = flag(cell(3 + k)).ok_or_else(|| InventoryError::BadCell {
                line,
                column: COLUMNS[3 + k],
                message: format!("\"{}\" is not yes or no", cell(3 + k)),
            })?;
        }
        let [internet, prerequisite] = flags;
        let (edition, site) = (cell(1), cell(2));
        let name = format!(
            "{site}/{edition}{}{}",
            if internet { "/internet" } else { "" },
            if prerequisite { "/prereq" } else { "" }
        );
        if let Some(&first_line) = lines.get(cell(0)) {
            return Err(InventoryError::DuplicateHost { line, name: cell(0).into(), first_line });
        }
        lines.insert(cell(0).into(), line);
        let at = match group_index.get(&name) {
            Some(&i) => i,
            None => {
                group_index.insert(name.clone(), groups.len());
                groups.push(Group {
                    name,
                    edition: edition.into(),
                    hosts: 0,
                    site: site.into(),
                    time_zone: time_zone_of(site),
                    internet_facing: 0,
                    prerequisite_present: 0,
                    criticality: Criticality::Normal,
                    host_names: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[at];
        group.hosts += 1;
        group.internet_facing += u32::from(internet);
        group.prerequisite_present += u32::from(prerequisite);
        group.host_names.push(cell(0).into());
    }
    if groups.is_empty() {
        return Err(InventoryError::Empty);
    }
    Ok(groups)
}

impl Localized for InventoryError {
    fn ja(&self) -> String {
        match self {
            Self::Malformed { line, message } => format!("{line}行目: CSV として読めません（{message}）"),
            Self::MissingColumn(c) => format!(
                "見出し行に「{c}」列がありません（必要な列: name, edition, site, internet_facing, prerequisite_present）"
            ),
            Self::BadCell { line, column, message } => format!("{line}行目の{column}列: {message}"),
            Self::DuplicateHost { line, name, first_line } => {
                format!("{line}行目: ホスト「{name}」は{first_line}行目にもあります")
            }
            Self::Empty => "ホストが1台も書かれていません".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "name,edition,site,internet_facing,prerequisite_present\n";

    #[test]
    fn hosts_group_by_edition_site_and_flags() {
        let csv = "\u{feff}Name,Edition,Site,Internet facing,Prerequisite-present\n\
                   mx1,ex2000-sp3,Tokyo,yes,no\nmx2,ex2000-sp3,Tokyo,yes,no\nmx3,ex2003,Osaka,no,no\n";
        let groups = parse(csv, |_| "Asia/Tokyo".into()).unwrap();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].hosts, 2);
        assert_eq!(groups[0].internet_facing, 2);
        assert_eq!(groups[0].host_names, ["mx1", "mx2"]);
        assert_eq!(groups[1].site, "Osaka");
    }

    #[test]
    fn bad_files_name_the_line_and_column() {
        let tz = |_: &str| "UTC".to_string();
        assert_eq!(parse("name,edition,site\n", tz), Err(InventoryError::MissingColumn("internet_facing")));
        let bad = format!("{HEADER}mx1,ex2003,Tokyo,maybe,no\n");
        let err = parse(&bad, tz).unwrap_err();
        assert!(matches!(err, InventoryError::BadCell { line: 2, column: "internet_facing", .. }), "{err:?}");
        let ragged = format!("{HEADER}mx1,ex2003\n");
        assert!(matches!(parse(&ragged, tz), Err(InventoryError::Malformed { line: 2, .. })));
        assert_eq!(parse(HEADER, tz), Err(InventoryError::Empty));
        let twice =
            format!("{HEADER}mx1,ex2003,Tokyo,no,no\nmx2,ex2003,Tokyo,no,no\nmx1,ex2000-sp3,Osaka,no,no\n");
        assert_eq!(
            parse(&twice, tz),
            Err(InventoryError::DuplicateHost { line: 4, name: "mx1".into(), first_line: 2 })
        );
    }
}
