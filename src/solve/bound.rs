//! Where the answer can be: a lower bound on when each target can be reached with a given
//! number of consoles (so an upper bound on its margin), proved from capacity alone, so
//! the search plans no count that cannot meet the targets or come closer than a count
//! already planned.
//!
//! The bound relaxes the scheduler, never tightens it. At one site, one window opening
//! takes at most the per-site limit's hosts, and each console at most as many as fit in
//! what is left of the opening by the cautious estimate (one batch holds the most: every
//! further batch pays the overhead again). Over all sites together, the consoles work only
//! while some site's window is open, each at most as many hosts as fit in that stretch of
//! time. Prerequisite installs and the limit's sharing between phases are left out, and
//! each phase may start once the previous one could have ended and soaked. Every real plan
//! therefore ends each phase, and reaches each target, no earlier than the bound says; a
//! count the bound rules out cannot meet the targets, and a target the bound misses with
//! every console the search allows is missed by every count. The bound only grows looser
//! with more consoles, so the least count it allows is found by bisection.

use crate::fleet::ExpandedFleet;
use crate::maintenance_window::Occurrences;
use crate::phase::{Phase, Selector};
use crate::scenario::{Checked, Scenario};
use crate::scheduler::{hosts_within, SiteLimit};
use crate::target::{Hosts, Resolved};
use crate::time_zone;
use crate::timing::TimingModel;

/// How far past the last deadline the bound follows openings: a reach beyond that is
/// bounded by it (a margin at most minus this much).
const LOOK_PAST_DEADLINE_MINUTES: i64 = 366 * 24 * 60;

/// One site's window openings (start, end) from the plan's start up to [`Bound::until`].
struct Site {
    openings: Vec<(i64, i64)>,
    /// The per-site limit: hosts in one opening.
    cap: u64,
}

/// One phase: its installs per site, the model that times them, its soak.
struct PhaseNeed {
    installs: Vec<u64>,
    prerequisite: bool,
    soak_minutes: i64,
}

/// One target: its deadline and the hosts it needs, per phase and site (a share: how
/// many of all hosts).
struct TargetNeed {
    deadline: i64,
    need: Need,
}

enum Need {
    /// This many hosts of phase `k` at site `s`: `per_phase[k][s]`.
    Hosts { per_phase: Vec<Vec<u64>> },
    /// At least this many of all hosts, from any phase and site.
    Share(u64),
}

pub struct Bound<'a> {
    start: i64,
    /// The bound follows openings up to here; what is not done by then is done no earlier.
    until: i64,
    sites: Vec<Site>,
    /// Every site's openings together, overlapping ones joined, with no per-site limit:
    /// when the consoles can work at all.
    all: Site,
    phases: Vec<PhaseNeed>,
    targets: Vec<TargetNeed>,
    hotfix: &'a TimingModel,
    prerequisite: &'a TimingModel,
    caution: f64,
}

impl<'a> Bound<'a> {
    /// The bound for `scenario` as checked, its phases and their hosts as the plan takes
    /// them; `None` when a site's time zone cannot be read (the plan says why).
    pub fn new(
        scenario: &Scenario,
        checked: &'a Checked,
        phases: &[Phase],
        hosts: &[Vec<u32>],
    ) -> Option<Self> {
        let expanded = &checked.expanded;
        let n_sites = expanded.sites.len();
        let site_hosts = per_site(expanded, 0..expanded.hosts.len() as u32);
        let last =
            checked.targets.iter().map(|t| t.deadline_at(checked.start)).max().unwrap_or(checked.start);
        let until = last.max(checked.start).saturating_add(LOOK_PAST_DEADLINE_MINUTES);
        let mut sites = Vec::with_capacity(n_sites);
        for (s, site) in expanded.sites.iter().enumerate() {
            let zone = time_zone::zone(&site.time_zone).ok()?;
            let occurrences = Occurrences::new(
                &scenario.windows,
                &site.name,
                zone,
                checked.blackouts.at(&site.name),
                checked.start,
            );
            let openings =
                occurrences.take_while(|o| o.start < until).map(|o| (o.start, o.close())).collect();
            let cap = match scenario.site_limit {
                None => u64::MAX,
                limit => u64::from(SiteLimit::per_opening(limit, site_hosts[s] as u32)),
            };
            sites.push(Site { openings, cap });
        }
        let mut together: Vec<(i64, i64)> = sites.iter().flat_map(|s| s.openings.iter().copied()).collect();
        together.sort_unstable();
        let mut joined: Vec<(i64, i64)> = Vec::with_capacity(together.len());
        for (start, end) in together {
            match joined.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => joined.push((start, end)),
            }
        }
        let all = Site { openings: joined, cap: u64::MAX };
        let phase_needs = phases
            .iter()
            .zip(hosts)
            .map(|(phase, hosts)| {
                let prerequisite = phase.selector == Selector::Prerequisite;
                PhaseNeed {
                    installs: per_site(expanded, hosts.iter().copied()),
                    prerequisite,
                    soak_minutes: phase.soak_minutes(),
                }
            })
            .collect();
        let targets = checked
            .targets
            .iter()
            .map(|t| TargetNeed {
                deadline: t.deadline_at(checked.start),
                need: need(t, phases, hosts, checked),
            })
            .collect();
        Some(Self {
            start: checked.start,
            until,
            all,
            sites,
            phases: phase_needs,
            targets,
            hotfix: &checked.hotfix_model,
            prerequisite: &checked.prerequisite_model,
            caution: scenario.capacity.caution,
        })
    }

    /// The fewest consoles (1..=`max`) whose bound on the worst margin is above `floor`
    /// (`-1`: every target may be met); `None` when not even `max`'s is.
    pub fn least_consoles_above(&self, floor: i64, max: u32) -> Option<u32> {
        if self.margin(max) <= floor {
            return None;
        }
        let (mut lo, mut hi) = (1, max);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.margin(mid) > floor {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Some(lo)
    }

    /// An upper bound on the worst margin over the targets (minutes to spare, negative
    /// when late) of any plan with `consoles`.
    pub fn margin(&self, consoles: u32) -> i64 {
        let c = u64::from(consoles.max(1));
        // When each phase may start, by the bound.
        let mut starts = Vec::with_capacity(self.phases.len());
        let mut from = self.start;
        for phase in &self.phases {
            starts.push(from);
            // A phase with no installs has no batches: the next starts when it could.
            if phase.installs.iter().all(|&n| n == 0) {
                continue;
            }
            let model = if phase.prerequisite { self.prerequisite } else { self.hotfix };
            let end = self.finish_all(&phase.installs, from, c, model);
            from = (end + phase.soak_minutes).min(self.until);
        }
        self.targets
            .iter()
            .map(|t| {
                let reached = match &t.need {
                    Need::Hosts { per_phase } => (per_phase.iter().enumerate())
                        .filter(|(_, sites)| sites.iter().any(|&n| n > 0))
                        .map(|(k, sites)| self.finish_all(sites, starts[k], c, self.hotfix))
                        .max(),
                    Need::Share(0) => None,
                    Need::Share(n) => Some(self.share_reached(*n, &starts, c)),
                };
                // A target that covers no host is met, with the whole time to spare.
                t.deadline - reached.unwrap_or(self.start)
            })
            .min()
            .unwrap_or(i64::MAX)
    }

    /// The earliest time `installs[s]` installs at each site `s` may all be done from
    /// `from` with `c` consoles: the latest site's, and no earlier than all of them
    /// together take the consoles.
    fn finish_all(&self, installs: &[u64], from: i64, c: u64, model: &TimingModel) -> i64 {
        let each = (installs.iter().enumerate())
            .filter(|(_, &n)| n > 0)
            .map(|(s, &n)| self.finish(&self.sites[s], from, n, c, model))
            .max()
            .unwrap_or(from);
        let total = installs.iter().fold(0u64, |a, &n| a.saturating_add(n));
        each.max(self.finish(&self.all, from, total, c, model))
    }

    /// The earliest time `n` installs at `site` may be done from `from` with `c`
    /// consoles ([`Bound::until`] when not by then).
    fn finish(&self, site: &Site, from: i64, n: u64, c: u64, model: &TimingModel) -> i64 {
        if n == 0 {
            return from;
        }
        let mut done = 0u64;
        // Openings are in time order and apart, so their ends are too.
        let first = site.openings.partition_point(|o| o.1 <= from);
        for &(start, end) in &site.openings[first..] {
            let open_from = start.max(from);
            let room = self.per_opening(site, end - open_from, c, model);
            if done + room >= n {
                // The last of them: some console takes at least an even share of them.
                let share = (n - done).div_ceil(c);
                return (open_from + self.least_minutes(share, model)).min(self.until);
            }
            done += room;
        }
        self.until.max(from)
    }

    /// The earliest time at least `n` hosts may be patched, over every phase and site:
    /// each phase's hosts from when that phase may start.
    fn share_reached(&self, n: u64, starts: &[i64], c: u64) -> i64 {
        let model = self.hotfix;
        let done_by = |t: i64| -> u64 {
            let mut each = 0u64;
            let mut together = 0u64;
            for (phase, &from) in self.phases.iter().zip(starts) {
                if phase.prerequisite || from >= t {
                    continue;
                }
                for (s, &hosts) in phase.installs.iter().enumerate().filter(|(_, &h)| h > 0) {
                    each = each.saturating_add(hosts.min(self.capacity(&self.sites[s], from, t, c, model)));
                }
                let hosts = phase.installs.iter().fold(0u64, |a, &h| a.saturating_add(h));
                together = together.saturating_add(hosts.min(self.capacity(&self.all, from, t, c, model)));
            }
            each.min(together).min(self.capacity(&self.all, self.start, t, c, model))
        };
        let (mut lo, mut hi) = (self.start, self.until);
        if done_by(hi) < n {
            return hi;
        }
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if done_by(mid) >= n {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    }

    /// Installs `site` may have done between `from` and `until` with `c` consoles.
    fn capacity(&self, site: &Site, from: i64, until: i64, c: u64, model: &TimingModel) -> u64 {
        let first = site.openings.partition_point(|o| o.1 <= from);
        site.openings[first..]
            .iter()
            .take_while(|o| o.0 < until)
            .map(|&(start, end)| self.per_opening(site, end.min(until) - start.max(from), c, model))
            .fold(0u64, u64::saturating_add)
    }

    /// The most installs one opening with `minutes` left can take: the limit, or what `c`
    /// consoles fit.
    fn per_opening(&self, site: &Site, minutes: i64, c: u64, model: &TimingModel) -> u64 {
        site.cap.min(c.saturating_mul(self.per_console(minutes, model)))
    }

    /// The most installs one console fits in `minutes`, over any number of batches: one
    /// batch when each batch costs an overhead; with a negative overhead (a fitted line
    /// can have one), single hosts at the per-host cost.
    fn per_console(&self, minutes: i64, model: &TimingModel) -> u64 {
        if model.overhead_minutes >= 0.0 {
            u64::from(hosts_within(model, self.caution, minutes))
        } else {
            let one = (model.overhead_minutes + model.per_host_minutes) * self.caution;
            (minutes as f64 / one).floor().max(0.0) as u64
        }
    }

    /// The least minutes one console takes for `n` installs (over any number of batches).
    fn least_minutes(&self, n: u64, model: &TimingModel) -> i64 {
        let n = n.min(u64::from(u32::MAX)) as u32;
        if model.overhead_minutes >= 0.0 {
            (model.console_minutes(n) * self.caution).ceil() as i64
        } else {
            (f64::from(n) * (model.overhead_minutes + model.per_host_minutes) * self.caution).floor() as i64
        }
    }
}

/// How many of `hosts` are at each site.
fn per_site(expanded: &ExpandedFleet, hosts: impl Iterator<Item = u32>) -> Vec<u64> {
    let mut out = vec![0u64; expanded.sites.len()];
    for h in hosts {
        out[expanded.hosts[h as usize].site as usize] += 1;
    }
    out
}

/// The hosts target `t` needs patched, per phase (the one that patches each) and site.
fn need(t: &Resolved, phases: &[Phase], hosts: &[Vec<u32>], checked: &Checked) -> Need {
    let expanded = &checked.expanded;
    // The phase a `phase:<name>` target covers: the first that answers to the name.
    let named = match &t.hosts {
        Hosts::Phase(name) => phases.iter().position(|p| p.answers_to(name, &checked.advisory)),
        _ => None,
    };
    let all = expanded.hosts.len() as u64;
    if let Hosts::Share(p) = t.hosts {
        return Need::Share(if all == 0 {
            0
        } else {
            ((p / 100.0 * all as f64).ceil() as u64).clamp(1, all)
        });
    }
    let per_phase = phases
        .iter()
        .zip(hosts)
        .enumerate()
        .map(|(k, (phase, list))| {
            // A prerequisite wave patches nothing; a phase target covers its phase's hosts.
            let covered = |h: u32| {
                let host = &expanded.hosts[h as usize];
                match &t.hosts {
                    Hosts::All | Hosts::Share(_) => true,
                    Hosts::InternetFacing => host.internet_facing,
                    Hosts::Tier(tier) => host.tier == *tier,
                    Hosts::Phase(_) => true,
                }
            };
            let counts = match (&t.hosts, phase.selector == Selector::Prerequisite) {
                (_, true) => None,
                (Hosts::Phase(_), _) if named != Some(k) => None,
                _ => Some(per_site(expanded, list.iter().copied().filter(|&h| covered(h)))),
            };
            counts.unwrap_or_else(|| vec![0; expanded.sites.len()])
        })
        .collect();
    Need::Hosts { per_phase }
}
