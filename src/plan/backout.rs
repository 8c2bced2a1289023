//! The back-out plan the change summary prints when the planner has written none: what the
//! plan itself gives to stop the rollout and to undo it on a host.

use crate::i18n::{grouped, Lang};

use super::Plan;

impl Plan {
    /// The back-out plan in sentences: where the rollout stops itself (each phase's failure
    /// threshold), how long each phase is watched before the next begins, and how a
    /// patched host is rolled back (uninstalled, or restored when it cannot be).
    pub fn backout(&self, lang: Lang) -> Vec<String> {
        let mut lines = Vec::new();
        let phases = || self.phases.iter().zip(&self.phase_summaries).filter(|(_, s)| s.hosts > 0);
        let stops: Vec<String> = phases()
            .filter_map(|(phase, summary)| {
                let threshold = phase.failure_threshold_percent?;
                // The rollout halts when failures pass the threshold: this many or more.
                let failures = (f64::from(summary.hosts) * threshold / 100.0).floor() as u64 + 1;
                let hosts = u64::from(summary.hosts);
                (failures <= hosts).then(|| {
                    let (name, hosts, failures) = (&phase.name, grouped(hosts), grouped(failures));
                    match lang {
                        Lang::En => {
                            format!("“{name}” at {failures} of its {hosts} hosts (over {threshold} %)")
                        }
                        Lang::Ja => format!("「{name}」は{hosts}台中{failures}台（{threshold}%超）"),
                    }
                })
            })
            .collect();
        lines.push(match (lang, stops.is_empty()) {
            (Lang::En, false) => format!(
                "The rollout stops in the phase where too many installs fail, and no later phase starts: {}.",
                stops.join(", ")
            ),
            (Lang::Ja, false) => format!(
                "失敗が上限を超えたフェーズで展開を止め、以降のフェーズは始めません: {}。",
                stops.join("、")
            ),
            (_, true) => lang
                .pick(
                    "No phase has a failure threshold: the rollout is stopped by hand (a threshold can be set for each phase).",
                    "失敗の上限を設けたフェーズはありません: 展開は手動で止めます（上限はフェーズごとに設定できます）。",
                )
                .into(),
        });
        let last = self.phases.len().saturating_sub(1);
        let soaks: Vec<String> = phases()
            .filter(|(p, s)| s.soak_hours > 0.0 && !std::ptr::eq(*p, &self.phases[last]))
            .map(|(p, s)| match lang {
                Lang::En => format!("“{}” {} h", p.name, s.soak_hours),
                Lang::Ja => format!("「{}」{}時間", p.name, s.soak_hours),
            })
            .collect();
        if !soaks.is_empty() {
            lines.push(match lang {
                Lang::En => format!(
                    "Each phase is watched before the next begins ({}): a fault found then stops the rollout.",
                    soaks.join(", ")
                ),
                Lang::Ja => format!(
                    "次のフェーズの前に様子を見る時間を置きます（{}）。その間に見つかった障害で展開を止めます。",
                    soaks.join("、")
                ),
            });
        }
        let a = &self.advisory;
        let kb = format!("KB{}", a.kb);
        lines.push(match (lang, a.uninstallable, a.reboot_required) {
            (Lang::En, true, true) => format!(
                "{kb} can be uninstalled: a host with problems is rolled back from Add or Remove Programs and restarted."
            ),
            (Lang::En, true, false) => {
                format!("{kb} can be uninstalled: a host with problems is rolled back from Add or Remove Programs.")
            }
            (Lang::En, false, _) => {
                format!("{kb} cannot be uninstalled: a host with problems is restored from its backup.")
            }
            (Lang::Ja, true, true) => format!(
                "{kb}はアンインストールできます: 問題のあるホストは「プログラムの追加と削除」から元に戻し、再起動します。"
            ),
            (Lang::Ja, true, false) => {
                format!("{kb}はアンインストールできます: 問題のあるホストは「プログラムの追加と削除」から元に戻します。")
            }
            (Lang::Ja, false, _) => {
                format!("{kb}はアンインストールできません: 問題のあるホストはバックアップから復元します。")
            }
        });
        lines
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::plan::Plan;
    use crate::scenario::Scenario;

    #[test]
    fn the_back_out_plan_says_where_the_rollout_stops_and_how_a_host_is_undone() {
        // The default phases: a pilot that stops at over 20 % failed, the others at 10 or 5 %.
        let plan = Plan::make(&Scenario::sample()).unwrap();
        let pilot = plan.phases.iter().position(|p| p.name == "Pilot").unwrap();
        assert_eq!(plan.phases[pilot].failure_threshold_percent, Some(20.0));
        let hosts = plan.phase_summaries[pilot].hosts;
        let failures = hosts / 5 + 1;
        let lines = plan.backout(Lang::En);
        assert!(
            lines[0].starts_with(&format!(
                "The rollout stops in the phase where too many installs fail, and no later phase starts: “Pilot” at {failures} of its {hosts} hosts (over 20 %), "
            )),
            "{lines:?}"
        );
        let watched = lines.iter().find(|l| l.starts_with("Each phase is watched")).unwrap();
        assert!(
            watched.contains("“Pilot” 12 h") && !watched.contains("All other hosts"),
            "the last phase has no next: {watched}"
        );
        assert_eq!(
            lines.last().unwrap(),
            "KB894549 can be uninstalled: a host with problems is rolled back from Add or Remove Programs and restarted."
        );
        let ja = plan.backout(Lang::Ja);
        assert_eq!(ja.len(), lines.len());
        assert!(ja[0].contains(&format!("「Pilot」は{hosts}台中{failures}台（20%超）")), "{ja:?}");
    }

    #[test]
    fn without_thresholds_the_rollout_is_stopped_by_hand() {
        let mut s = Scenario::sample();
        let mut phases = s.check().unwrap().phases;
        for p in &mut phases {
            p.failure_threshold_percent = None;
        }
        s.phases = Some(phases);
        let mut plan = Plan::make(&s).unwrap();
        assert!(plan.backout(Lang::En)[0].starts_with("No phase has a failure threshold"));
        plan.advisory.uninstallable = false;
        assert_eq!(
            plan.backout(Lang::En).last().unwrap(),
            "KB894549 cannot be uninstalled: a host with problems is restored from its backup."
        );
    }
}
