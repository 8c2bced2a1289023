//! Built-in advisories. MS05-021 carries every fact of the HotFix Report of 2005-04-15.

use super::*;
use crate::timing::SEED_POINTS;

/// Names of the built-in advisories, for pickers and scenario files.
pub const PRESETS: &[&str] = &["MS05-021"];

/// A built-in advisory by its identifier.
pub fn preset(id: &str) -> Option<Advisory> {
    match id {
        "MS05-021" => Some(ms05_021()),
        _ => None,
    }
}

fn file(name: &str, version: &str, size_bytes: u64, description: &str) -> PatchedFile {
    PatchedFile { name: name.into(), version: version.into(), size_bytes, description: description.into() }
}

/// MS05-021 (KB894549): unchecked buffer in the SMTP service of Exchange Server.
pub fn ms05_021() -> Advisory {
    let ex2003_package = |version: &str| Package {
        file_name: "Exchange2003-KB894549-x86-JPN.exe".into(),
        version: version.into(),
        size_bytes: 517_368,
        released: "2005-03-04".into(),
        files: vec![file("xlsasink.dll", version, 60_416, "X-LINKSTATE handler")],
    };
    Advisory {
        id: "MS05-021".into(),
        kb: "894549".into(),
        title: "Unchecked buffer in the SMTP service of Exchange Server: remote code execution".into(),
        title_ja:
            "ExchangeにおけるSMTPサービスの未チェック・バッファの脆弱性により、任意のコードが実行される危険性"
                .into(),
        registered: "2005-04-14".into(),
        updated: "2005-04-15".into(),
        severity: Severity::Critical,
        exploit: ExploitStatus::None,
        recommended_urgency: Some(Urgency::ApplyUrgently),
        reboot_required: true,
        reboot_note: "Not required if every application has been closed".into(),
        uninstallable: true,
        services_restarted: vec![
            "IIS".into(),
            "SMTP".into(),
            "Exchange Information Store".into(),
            "FTP".into(),
            "NNTP".into(),
        ],
        interruption_minutes_per_host: 10.0,
        deliverable_by_windows_update: false,
        includes_fixes: vec!["MS04-035 (Exchange 2000 Server SP3 only)".into()],
        editions: vec![
            Edition {
                id: "ex2000-sp3".into(),
                name: "Exchange 2000 Server SP3".into(),
                attack_vector: AttackVector::Anonymous,
                package: Package {
                    file_name: "Exchange2000-KB894549-x86-JPN.exe".into(),
                    version: "6.0.6617.52".into(),
                    size_bytes: 785_144,
                    released: "2005-03-04".into(),
                    files: vec![
                        file("reapi.dll", "6.0.6617.52", 532_480, "Mail Routing Engine"),
                        file("resvc.dll", "6.0.6617.52", 311_296, "mail routing service"),
                        file("xlsasink.dll", "6.0.6617.52", 69_632, "X-LINKSTATE handler"),
                    ],
                },
                prerequisite: Some("KB870540".into()),
                registry_key: r"HKLM\SOFTWARE\Microsoft\Updates\Exchange Server 2000\SP4\KB894549\Filelist"
                    .into(),
            },
            Edition {
                id: "ex2003".into(),
                name: "Exchange Server 2003 (no SP)".into(),
                attack_vector: AttackVector::Authenticated,
                package: ex2003_package("6.5.6981.3"),
                prerequisite: None,
                registry_key: r"HKLM\SOFTWARE\Microsoft\Updates\Exchange Server 2003\SP1\KB894549\Filelist"
                    .into(),
            },
            Edition {
                id: "ex2003-sp1".into(),
                name: "Exchange Server 2003 SP1".into(),
                attack_vector: AttackVector::Authenticated,
                package: ex2003_package("6.5.7232.89"),
                prerequisite: None,
                registry_key: r"HKLM\SOFTWARE\Microsoft\Updates\Exchange Server 2003\SP2\KB894549\Filelist"
                    .into(),
            },
        ],
        prerequisites: vec![Prerequisite {
            id: "KB870540".into(),
            title: "Exchange 2000 Server post-SP3 update rollup (August 2004)".into(),
            reboot_required: true,
            timing: Vec::new(),
            note: "Without it the MS05-021 installer stops with an error before applying. It updates \
                   many files: test it well before installing."
                .into(),
        }],
        unaffected_editions: vec!["ex5.0-sp2".into(), "ex5.5-sp4".into()],
        scanner_check: "MBSA 1.21: Exchange Server の脆弱性により、リモートでコードが実行される (894549)"
            .into(),
        timing: SEED_POINTS.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ms05_021_carries_the_seed_facts() {
        let a = ms05_021();
        assert_eq!((a.id.as_str(), a.kb.as_str()), ("MS05-021", "894549"));
        assert_eq!(a.severity.level(), 1);
        assert_eq!(a.severity.label_ja(), "緊急");
        assert_eq!(a.exploit, ExploitStatus::None);
        assert_eq!(a.recommended_urgency, Some(Urgency::ApplyUrgently));
        assert!(a.reboot_required && a.uninstallable && !a.deliverable_by_windows_update);
        assert_eq!(a.interruption_minutes_per_host, 10.0);
        let ex2000 = a.edition("ex2000-sp3").unwrap();
        assert_eq!(ex2000.package.size_bytes, 785_144);
        assert_eq!(ex2000.package.files.len(), 3);
        assert_eq!(ex2000.prerequisite.as_deref(), Some("KB870540"));
        assert_eq!(a.edition("ex2003").unwrap().package.version, "6.5.6981.3");
        assert_eq!(a.edition("ex2003-sp1").unwrap().package.version, "6.5.7232.89");
        assert!(a.is_unaffected("ex5.5-sp4") && a.is_unaffected("ex5.0-sp2"));
        assert_eq!(a.timing, SEED_POINTS.to_vec());
        assert!(a.prerequisite("KB870540").unwrap().reboot_required);
    }

    #[test]
    fn the_two_exchange_2003_packages_share_name_and_size() {
        let a = ms05_021();
        let same = a.same_named_packages();
        assert_eq!(same.len(), 1);
        let ids: Vec<&str> = same[0].iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["ex2003", "ex2003-sp1"]);
        assert_eq!(same[0][0].package.size_bytes, same[0][1].package.size_bytes);
    }

    #[test]
    fn presets_are_found_by_name() {
        for id in PRESETS {
            assert_eq!(preset(id).unwrap().id, *id);
        }
        assert!(preset("MS99-999").is_none());
    }
}
