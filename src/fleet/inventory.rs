//! Inventory import: one CSV row per host becomes fleet groups.
//!
//! Columns (header names, any order, case-insensitive, spaces or dashes for underscores):
//! `name`, `edition`, `site`, `internet_facing` and `prerequisite_present` (yes/no,
//! true/false, 1/0), and optionally `set`: the availability sets the host is in (names
//! separated by `;`). Hosts with the same edition, site and flags form one group that keeps
//! their names.

use std::collections::HashMap;

use thiserror::Error;

use crate::i18n::Localized;

use super::Group;
use crate::risk::Criticality;

/// What can be wrong with an inventory file; each names its line.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum InventoryError {
    /// A line with more or fewer cells than the header (a stray comma, or a value with a
    /// comma that was not put in quotes).
    #[error("line {line}: {cells} cells, where the header has {header} (a comma too many or too few?)")]
    CellCount { line: u64, cells: usize, header: usize },
    /// A required column is missing from the header.
    #[error(
        "the header has no \"{0}\" column (needed: name, edition, site, internet_facing, prerequisite_present; optional: time_zone)"
    )]
    MissingColumn(&'static str),
    /// A cell is empty or not understood.
    #[error("line {line}, column {column}: {message}")]
    BadCell { line: u64, column: &'static str, message: String },
    /// The same host twice: it would be patched twice.
    #[error("line {line}: host \"{name}\" is already on line {first_line}")]
    DuplicateHost { line: u64, name: String, first_line: u64 },
    /// Bytes that are neither UTF-8 nor Shift_JIS (nor UTF-16 with its byte-order mark).
    #[error(
        "the file is neither UTF-8 nor Shift_JIS text; save it from Excel as \"CSV UTF-8\" and import that"
    )]
    UnknownEncoding,
    /// UTF-8 text (its Japanese or other letters show it) with bytes UTF-8 never has.
    #[error("line {0}: the file is UTF-8 but has bytes here that are not UTF-8 text; save it again as \"CSV UTF-8\"")]
    DamagedUtf8(u64),
    /// UTF-16 without a byte-order mark cannot be told from other encodings safely.
    #[error("the file looks like UTF-16 without a byte-order mark; save it from Excel as \"CSV UTF-8\" and import that")]
    Utf16WithoutBom,
    /// Larger than any inventory Patchcast plans.
    #[error("the file is larger than {} MB; split it or remove columns Patchcast does not read", MAX_INVENTORY_BYTES >> 20)]
    TooLarge,
    /// A site the fleet does not have, and no zone for it in the file.
    #[error("line {line}: site \"{site}\" is new; add a time_zone column with its IANA zone (such as America/New_York)")]
    NoZone { line: u64, site: String },
    /// One site, two zones.
    #[error("line {line}: site \"{site}\" is given time zone {zone}, but {} says {other}", match .other_line { Some(l) => format!("line {l}"), None => "the fleet".to_string() })]
    ZoneConflict { line: u64, site: String, zone: String, other: String, other_line: Option<u64> },
    /// An edition the advisory does not name.
    #[error("line {line}: no edition \"{edition}\" in the advisory; write one of {known}")]
    UnknownEdition { line: u64, edition: String, known: String },
    /// A header and nothing else.
    #[error("the file lists no hosts")]
    Empty,
    /// More refused lines than are listed.
    #[error("and {0} more lines")]
    MoreLines(usize),
}

/// Largest inventory file read.
pub const MAX_INVENTORY_BYTES: usize = 64 << 20;

/// The text of an inventory file as Excel and other programs save it: UTF-8 (with or
/// without a byte-order mark), UTF-16 with its mark, or Shift_JIS (Japanese Excel's "CSV").
///
/// `shift_jis` decodes Shift_JIS strictly, `None` on any byte sequence it does not map
/// (the browser's `TextDecoder` with `fatal`, or `encoding_rs` natively). Nothing is ever
/// replaced silently: a file that is none of these is refused.
pub fn decode(bytes: &[u8], shift_jis: &dyn Fn(&[u8]) -> Option<String>) -> Result<String, InventoryError> {
    if bytes.len() > MAX_INVENTORY_BYTES {
        return Err(InventoryError::TooLarge);
    }
    let utf16 = |bytes: &[u8], little: bool| {
        if !bytes.len().is_multiple_of(2) {
            return Err(InventoryError::UnknownEncoding);
        }
        let units = bytes.chunks_exact(2).map(|p| {
            if little {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| InventoryError::UnknownEncoding)
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => {
            String::from_utf8(rest.to_vec()).map_err(|_| InventoryError::UnknownEncoding)
        }
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        _ => match std::str::from_utf8(bytes) {
            // CSV text never holds NUL: NULs in every other byte are UTF-16.
            Ok(text) if !text.contains('\0') => Ok(text.to_string()),
            _ if looks_like_utf16(bytes) => Err(InventoryError::Utf16WithoutBom),
            Err(e) => {
                // Letters beyond ASCII before the bad byte were UTF-8: a damaged UTF-8 file,
                // which read as Shift_JIS would turn into plausible-looking nonsense.
                let good = &bytes[..e.valid_up_to()];
                if !good.is_ascii() {
                    let line = 1 + good.iter().filter(|b| **b == b'\n').count() as u64;
                    return Err(InventoryError::DamagedUtf8(line));
                }
                shift_jis(bytes).filter(|t| !t.contains('\0')).ok_or(InventoryError::UnknownEncoding)
            }
            Ok(_) => Err(InventoryError::UnknownEncoding),
        },
    }
}

/// Many NUL bytes, nearly all at even or nearly all at odd offsets: UTF-16 text.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    let (even, odd) = sample.iter().enumerate().filter(|(_, b)| **b == 0).fold((0, 0), |(e, o), (i, _)| {
        if i % 2 == 0 {
            (e + 1, o)
        } else {
            (e, o + 1)
        }
    });
    let half = sample.len() / 2;
    half > 0 && (even * 4 > half || odd * 4 > half)
}

/// A column an inventory may have, under any of its names: the inventory format's own,
/// and the headers of Patchcast's host CSV in either language (so an exported host list
/// imports again as it is).
struct Column {
    names: &'static [&'static str],
    required: bool,
}

const NAME: Column = Column { names: &["name", "host", "ホスト"], required: true };
const EDITION: Column = Column { names: &["edition", "エディション"], required: true };
const SITE: Column = Column { names: &["site", "サイト"], required: true };
const INTERNET: Column =
    Column { names: &["internet_facing", "インターネット公開"], required: true };
/// Whether the host already has the prerequisite (`yes` / `no`)…
const PRESENT: Column = Column { names: &["prerequisite_present"], required: false };
/// …or, as the host CSV says it, the prerequisite it still needs (empty when none).
const NEEDED: Column = Column { names: &["prerequisite", "前提条件"], required: false };
const ZONE: Column = Column { names: &["time_zone", "タイムゾーン"], required: false };
/// The availability sets a host is in, `;` between two.
const SET: Column = Column {
    names: &["set", "availability_set", "availability_sets", "可用性セット"],
    required: false,
};

/// What an inventory gives: the groups of its hosts, and the availability sets its `set`
/// column names, each with its hosts' names in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inventory {
    pub groups: Vec<Group>,
    pub sets: Vec<(String, Vec<String>)>,
}

fn flag(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "はい" => Some(true),
        "no" | "n" | "false" | "0" | "いいえ" | "" => Some(false),
        _ => None,
    }
}

fn column_matches(header: &str, column: &str) -> bool {
    header.trim().replace([' ', '-'], "_").eq_ignore_ascii_case(column)
}

/// What the fleet and the advisory already say, for reading an inventory into them.
pub struct Known<'a> {
    /// The zone of a site the fleet already has.
    pub zone_of: &'a dyn Fn(&str) -> Option<String>,
    /// The edition id for an id or a name (`Exchange 2000 Server SP3` → `ex2000-sp3`);
    /// `None` for an edition the advisory does not name.
    pub edition_id: &'a dyn Fn(&str) -> Option<String>,
    /// How the editions may be written, for the message about one that is not.
    pub editions: &'a str,
}

/// The most refused lines an import lists (the rest are counted).
pub const MOST_LISTED: usize = 10;

/// Reads an inventory and groups its hosts by edition, site and flags, keeping their
/// names. A site's zone comes from the `time_zone` column or, for a site the fleet
/// already has, from the fleet; a new site without a zone, or two zones for one site, is
/// an error naming the line.
///
/// All or nothing: a file with any refused line gives no groups, but every refused line
/// (the first [`MOST_LISTED`] of them, then how many more), each with why.
pub fn parse(text: &str, known: &Known) -> Result<Inventory, Vec<InventoryError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = super::records::records(text);
    let header: Vec<String> = rows.next().map(|(_, cells)| cells).unwrap_or_default();
    let find = |c: &Column| header.iter().position(|h| c.names.iter().any(|n| column_matches(h, n)));
    let mut index = [0usize; 4];
    for (slot, column) in index.iter_mut().zip([&NAME, &EDITION, &SITE, &INTERNET]) {
        debug_assert!(column.required);
        *slot = find(column).ok_or_else(|| vec![InventoryError::MissingColumn(column.names[0])])?;
    }
    let (present, needed, zone, set) = (find(&PRESENT), find(&NEEDED), find(&ZONE), find(&SET));
    if present.is_none() && needed.is_none() {
        return Err(vec![InventoryError::MissingColumn(PRESENT.names[0])]);
    }
    let columns = Columns { index, present, needed, zone, set };
    let mut reading = Reading::default();
    let mut refused = Vec::new();
    for (line, record) in rows {
        if record.len() != header.len() {
            refused.push(InventoryError::CellCount { line, cells: record.len(), header: header.len() });
        } else if let Err(e) = reading.host(line, &record, &columns, known) {
            refused.push(e);
        }
    }
    if refused.len() > MOST_LISTED {
        let more = refused.len() - MOST_LISTED;
        refused.truncate(MOST_LISTED);
        refused.push(InventoryError::MoreLines(more));
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    if reading.groups.is_empty() {
        return Err(vec![InventoryError::Empty]);
    }
    Ok(Inventory { groups: reading.groups, sets: reading.sets })
}

/// Where the columns are in each line.
struct Columns {
    /// Name, edition, site and internet-facing.
    index: [usize; 4],
    present: Option<usize>,
    needed: Option<usize>,
    zone: Option<usize>,
    set: Option<usize>,
}

/// The groups read so far, and what later lines are checked against.
#[derive(Default)]
struct Reading {
    groups: Vec<Group>,
    group_index: HashMap<String, usize>,
    /// The line each host name is on.
    lines: HashMap<String, u64>,
    /// Each site's zone and the line that set it.
    zones: HashMap<String, (String, u64)>,
    /// The availability sets named, with their hosts, and where each is in that list.
    sets: Vec<(String, Vec<String>)>,
    set_index: HashMap<String, usize>,
}

impl Reading {
    /// Adds the host on `line` to its group, or says why the line is refused.
    fn host(
        &mut self,
        line: u64,
        record: &[String],
        c: &Columns,
        known: &Known,
    ) -> Result<(), InventoryError> {
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).map_or("", |c| c.trim());
        let bad = |column: &'static str, message: String| InventoryError::BadCell { line, column, message };
        let (name, edition, site) = (cell(Some(c.index[0])), cell(Some(c.index[1])), cell(Some(c.index[2])));
        for (column, value) in [("name", name), ("edition", edition), ("site", site)] {
            if value.is_empty() {
                return Err(bad(column, "empty".into()));
            }
        }
        let internet = flag(cell(Some(c.index[3]))).ok_or_else(|| {
            bad("internet_facing", format!("\"{}\" is not yes or no", cell(Some(c.index[3]))))
        })?;
        let prerequisite = match c.present {
            Some(i) => flag(cell(Some(i))).ok_or_else(|| {
                bad("prerequisite_present", format!("\"{}\" is not yes or no", cell(Some(i))))
            })?,
            None => cell(c.needed).is_empty(),
        };
        let Some(edition) = (known.edition_id)(edition) else {
            return Err(InventoryError::UnknownEdition {
                line,
                edition: edition.into(),
                known: known.editions.into(),
            });
        };
        if let Some(&first_line) = self.lines.get(name) {
            return Err(InventoryError::DuplicateHost { line, name: name.into(), first_line });
        }
        let time_zone = match (cell(c.zone), self.zones.get(site), (known.zone_of)(site)) {
            ("", Some((z, _)), _) => z.clone(),
            ("", None, Some(z)) => z,
            ("", None, None) => return Err(InventoryError::NoZone { line, site: site.into() }),
            (z, Some((first, first_line)), _) if first != z => {
                return Err(InventoryError::ZoneConflict {
                    line,
                    site: site.into(),
                    zone: z.into(),
                    other: first.clone(),
                    other_line: Some(*first_line),
                })
            }
            (z, None, Some(fleet)) if fleet != z => {
                return Err(InventoryError::ZoneConflict {
                    line,
                    site: site.into(),
                    zone: z.into(),
                    other: fleet,
                    other_line: None,
                })
            }
            (z, _, _) => z.to_string(),
        };
        self.lines.insert(name.into(), line);
        self.zones.entry(site.to_string()).or_insert_with(|| (time_zone.clone(), line));
        let group_name = format!(
            "{site}/{edition}{}{}",
            if internet { "/internet" } else { "" },
            if prerequisite { "/prereq" } else { "" }
        );
        let at = match self.group_index.get(&group_name) {
            Some(&i) => i,
            None => {
                self.group_index.insert(group_name.clone(), self.groups.len());
                self.groups.push(Group {
                    name: group_name,
                    edition,
                    hosts: 0,
                    site: site.into(),
                    time_zone,
                    internet_facing: 0,
                    prerequisite_present: 0,
                    criticality: Criticality::Normal,
                    host_names: Vec::new(),
                });
                self.groups.len() - 1
            }
        };
        for set in cell(c.set).split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let at = *self.set_index.entry(set.to_string()).or_insert_with(|| {
                self.sets.push((set.to_string(), Vec::new()));
                self.sets.len() - 1
            });
            self.sets[at].1.push(name.into());
        }
        let group = &mut self.groups[at];
        group.hosts += 1;
        group.internet_facing += u32::from(internet);
        group.prerequisite_present += u32::from(prerequisite);
        group.host_names.push(name.into());
        Ok(())
    }
}

impl Localized for InventoryError {
    fn ja(&self) -> String {
        match self {
            Self::CellCount { line, cells, header } => {
                format!("{line}行目: セルが{cells}個あります。見出し行は{header}個です（カンマが多すぎるか少なすぎませんか）")
            }
            Self::MissingColumn(c) => format!(
                "見出し行に「{c}」列がありません（必要な列: name, edition, site, internet_facing, prerequisite_present。任意: time_zone）"
            ),
            Self::BadCell { line, column, message } => format!("{line}行目の{column}列: {message}"),
            Self::DuplicateHost { line, name, first_line } => {
                format!("{line}行目: ホスト「{name}」は{first_line}行目にもあります")
            }
            Self::DamagedUtf8(line) => format!(
                "{line}行目: UTF-8 のファイルですが、UTF-8 の文字でないバイトがあります。「CSV UTF-8」形式で保存し直してください"
            ),
            Self::UnknownEncoding => {
                "UTF-8 でも Shift_JIS でもないファイルです。Excel で「CSV UTF-8」形式で保存して取り込んでください".into()
            }
            Self::Utf16WithoutBom => {
                "BOM のない UTF-16 のファイルのようです。Excel で「CSV UTF-8」形式で保存して取り込んでください".into()
            }
            Self::TooLarge => format!(
                "ファイルが{} MBを超えています。分割するか、使わない列を削除してください",
                MAX_INVENTORY_BYTES >> 20
            ),
            Self::NoZone { line, site } => format!(
                "{line}行目: サイト「{site}」は新しいサイトです。time_zone 列に IANA のタイムゾーン（Asia/Tokyo など）を加えてください"
            ),
            Self::ZoneConflict { line, site, zone, other, other_line } => format!(
                "{line}行目: サイト「{site}」のタイムゾーンが {zone} ですが、{}では {other} です",
                match other_line {
                    Some(l) => format!("{l}行目"),
                    None => "フリート".to_string(),
                }
            ),
            Self::UnknownEdition { line, edition, known } => {
                format!("{line}行目: アドバイザリにエディション「{edition}」はありません。次のいずれかを書いてください: {known}")
            }
            Self::Empty => "ホストが1台も書かれていません".into(),
            Self::MoreLines(n) => format!("ほかに{n}行"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "name,edition,site,internet_facing,prerequisite_present\n";

    fn tokyo(_: &str) -> Option<String> {
        Some("Asia/Tokyo".into())
    }
    fn nowhere(_: &str) -> Option<String> {
        None
    }
    fn as_is(edition: &str) -> Option<String> {
        Some(edition.into())
    }
    /// The first refusal, if any: the file as the earlier, one-error reader saw it.
    fn read(text: &str, known: &Known) -> Result<Vec<Group>, InventoryError> {
        parse(text, known).map(|i| i.groups).map_err(|mut errors| errors.remove(0))
    }

    /// Every site known, in Tokyo.
    const KNOWN: Known = Known { zone_of: &tokyo, edition_id: &as_is, editions: "any" };

    #[test]
    fn hosts_group_by_edition_site_and_flags() {
        let csv = "\u{feff}Name,Edition,Site,Internet facing,Prerequisite-present\n\
                   mx1,ex2000-sp3,Tokyo,yes,no\nmx2,ex2000-sp3,Tokyo,yes,no\nmx3,ex2003,Osaka,no,no\n";
        let groups = read(csv, &KNOWN).unwrap();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].hosts, 2);
        assert_eq!(groups[0].internet_facing, 2);
        assert_eq!(groups[0].host_names, ["mx1", "mx2"]);
        assert_eq!(groups[1].site, "Osaka");
    }

    #[test]
    fn bad_files_name_the_line_and_column() {
        let tz = &KNOWN;
        assert_eq!(read("name,edition,site\n", tz), Err(InventoryError::MissingColumn("internet_facing")));
        let bad = format!("{HEADER}mx1,ex2003,Tokyo,maybe,no\n");
        let err = read(&bad, tz).unwrap_err();
        assert!(matches!(err, InventoryError::BadCell { line: 2, column: "internet_facing", .. }), "{err:?}");
        // Excel's line breaks (\r\n), a blank line: the line is the one the problem is on.
        let excel = format!(
            "{}\r\nmx1,ex2003,Tokyo,no,no\r\n\r\nmx2,ex2003,Tokyo,sometimes,no\r\n",
            HEADER.trim_end()
        );
        assert!(
            matches!(read(&excel, tz), Err(InventoryError::BadCell { line: 4, .. })),
            "{:?}",
            read(&excel, tz)
        );
        let ragged = format!("{HEADER}mx1,ex2003\n");
        assert_eq!(read(&ragged, tz), Err(InventoryError::CellCount { line: 2, cells: 2, header: 5 }));
        // A value with a comma reads as one cell when quoted, as Excel writes it.
        let quoted = format!("{HEADER}\"mx1, old\",ex2003,\"Tokyo\",no,no\n");
        assert_eq!(read(&quoted, tz).unwrap()[0].host_names, ["mx1, old"]);
        assert_eq!(read(HEADER, tz), Err(InventoryError::Empty));
        let twice =
            format!("{HEADER}mx1,ex2003,Tokyo,no,no\nmx2,ex2003,Tokyo,no,no\nmx1,ex2000-sp3,Osaka,no,no\n");
        assert_eq!(
            read(&twice, tz),
            Err(InventoryError::DuplicateHost { line: 4, name: "mx1".into(), first_line: 2 })
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn shift_jis(bytes: &[u8]) -> Option<String> {
        encoding_rs::SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|t| t.into_owned())
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn excel_encodings_are_read_and_nothing_is_replaced_silently() {
        let text = format!("{HEADER}東京-mx1,ex2003,東京,no,no\n福岡-mx1,ex2003,福岡,no,no\n");
        let (sjis, _, lossy) = encoding_rs::SHIFT_JIS.encode(&text);
        assert!(!lossy);
        // Japanese Excel's CSV: Shift_JIS, and the two sites stay two sites.
        let decoded = decode(&sjis, &shift_jis).unwrap();
        assert_eq!(decoded, text);
        let groups = read(&decoded, &KNOWN).unwrap();
        let sites: Vec<&str> = groups.iter().map(|g| g.site.as_str()).collect();
        assert_eq!(sites, ["東京", "福岡"]);
        // UTF-8 with and without a BOM, UTF-16 with a BOM.
        assert_eq!(decode(text.as_bytes(), &shift_jis).unwrap(), text);
        assert_eq!(decode(format!("\u{feff}{text}").as_bytes(), &shift_jis).unwrap(), text);
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le, &shift_jis).unwrap(), text);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be, &shift_jis).unwrap(), text);
        // UTF-16 without its mark, and bytes no encoding maps, are refused.
        let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&bare, &shift_jis), Err(InventoryError::Utf16WithoutBom));
        assert_eq!(decode(&[0x82, 0xA0, 0xFF, 0xFF, 0x85], &shift_jis), Err(InventoryError::UnknownEncoding));
        // UTF-8 with one damaged byte on line 4 is not read as Shift_JIS nonsense.
        let mut damaged = text.into_bytes();
        damaged.extend_from_slice(b"mx3,ex2003,\x80,no,no\n");
        assert_eq!(decode(&damaged, &shift_jis), Err(InventoryError::DamagedUtf8(4)));
    }

    #[test]
    fn zones_come_from_the_file_or_the_fleet_and_never_silently() {
        let fleet_knows_tokyo = |site: &str| (site == "Tokyo").then(|| "Asia/Tokyo".to_string());
        let known = Known { zone_of: &fleet_knows_tokyo, edition_id: &as_is, editions: "any" };
        let header = "name,edition,site,internet_facing,prerequisite_present,time_zone\n";
        let ok = format!("{header}mx1,ex2003,Tokyo,no,no,\nny1,ex2003,New York,no,no,America/New_York\nny2,ex2003,New York,no,no,\n");
        let groups = read(&ok, &known).unwrap();
        let zones: Vec<(&str, &str)> =
            groups.iter().map(|g| (g.site.as_str(), g.time_zone.as_str())).collect();
        assert_eq!(zones, [("Tokyo", "Asia/Tokyo"), ("New York", "America/New_York")]);
        // A new site without a zone: the line, never the start's zone.
        let missing = format!("{HEADER}ny1,ex2003,New York,no,no\n");
        assert_eq!(read(&missing, &known), Err(InventoryError::NoZone { line: 2, site: "New York".into() }));
        let none = Known { zone_of: &nowhere, edition_id: &as_is, editions: "any" };
        assert!(matches!(read(&missing, &none), Err(InventoryError::NoZone { .. })));
        // Two zones for one site, in the file or against the fleet.
        let twice = format!("{header}a,ex2003,Osaka,no,no,Asia/Tokyo\nb,ex2003,Osaka,no,no,Asia/Seoul\n");
        assert!(matches!(
            read(&twice, &known),
            Err(InventoryError::ZoneConflict { line: 3, other_line: Some(2), .. })
        ));
        let against = format!("{header}a,ex2003,Tokyo,no,no,Europe/Berlin\n");
        let err = read(&against, &known).unwrap_err();
        assert!(err.to_string().contains("the fleet says Asia/Tokyo"), "{err}");
    }

    #[test]
    fn a_file_with_refused_lines_adds_nothing_and_names_every_line() {
        let editions = |e: &str| crate::advisory::presets::ms05_021().edition_named(e);
        let known = Known { zone_of: &tokyo, edition_id: &editions, editions: "\"2003 SP1\", ex2003-sp1" };
        let text = format!(
            "{HEADER}mx1,Exchange Server 2003 SP1,Tokyo,no,no\nmx2,Exchange 2007,Tokyo,no,no\n\
             mx3,2000 SP3,Tokyo,perhaps,no\nmx4,ex2003,Tokyo,no,no\n"
        );
        let errors = parse(&text, &known).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            matches!(&errors[0], InventoryError::UnknownEdition { line: 3, edition, .. } if edition == "Exchange 2007")
        );
        assert!(errors[0].to_string().contains("write one of \"2003 SP1\", ex2003-sp1"), "{}", errors[0]);
        assert!(matches!(errors[1], InventoryError::BadCell { line: 4, column: "internet_facing", .. }));
        // Past ten refused lines, the rest are counted.
        let many: String = (0..15).map(|i| format!("h{i},Exchange 4.0,Tokyo,no,no\n")).collect();
        let errors = parse(&format!("{HEADER}{many}"), &known).unwrap_err();
        assert_eq!(errors.len(), MOST_LISTED + 1);
        assert_eq!(errors[MOST_LISTED], InventoryError::MoreLines(5));
        // Every way a planner writes an edition reads.
        let fine = format!(
            "{HEADER}a,Exchange 2003 SP1,Tokyo,no,no\nb,Exchange Server 2003 SP1,Tokyo,no,no\n\
             c,2000 SP3,Tokyo,no,no\nd,ex2003,Tokyo,no,no\n"
        );
        let groups = parse(&fine, &known).unwrap().groups;
        let ids: Vec<&str> = groups.iter().map(|g| g.edition.as_str()).collect();
        assert_eq!(ids, ["ex2003-sp1", "ex2000-sp3", "ex2003"]);
    }
}
