//! The score of a school under a rule set, with what each input contributed; the ranking; and
//! what a change of weights would change in it.

use super::model::RuleSet;
use crate::schools::OrganizationId;

/// What the score of one school is computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolSignals {
    pub organization: OrganizationId,
    pub name: String,
    /// Present parameters at the latest audit, per factor.
    pub present_by_factor: Vec<(u16, u32)>,
    /// Parameters that appeared and that were resolved since the audit before; zero without one.
    pub appeared: u32,
    pub resolved: u32,
    /// The change of each indicator between the school's two latest periods, where it has two.
    pub indicator_changes: Vec<(String, f64)>,
}

/// One input's part of a score: `points = amount × weight`.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// `factor:4`, `appeared`, `resolved` or `indicator:<code>`.
    pub input: String,
    /// Parameters counted, or an indicator's change.
    pub amount: f64,
    pub weight: f64,
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WatchEntry {
    /// From 1.
    pub rank: u32,
    pub organization: OrganizationId,
    pub name: String,
    pub score: f64,
    /// Sum to `score`.
    pub contributions: Vec<Contribution>,
}

fn entry(rule: &RuleSet, s: &SchoolSignals) -> WatchEntry {
    let mut contributions: Vec<Contribution> = s
        .present_by_factor
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(factor, n)| Contribution {
            input: format!("factor:{factor}"),
            amount: f64::from(*n),
            weight: rule.weight(*factor),
            points: f64::from(*n) * rule.weight(*factor),
        })
        .collect();
    for (input, count, sign) in [("appeared", s.appeared, 1.0), ("resolved", s.resolved, -1.0)] {
        if count > 0 {
            let weight = sign * rule.trend_weight;
            let amount = f64::from(count);
            contributions.push(Contribution { input: input.into(), amount, weight, points: amount * weight });
        }
    }
    for (code, weight) in &rule.indicator_weights {
        if let Some((_, change)) = s.indicator_changes.iter().find(|(c, v)| c == code && *v != 0.0) {
            contributions.push(Contribution {
                input: format!("indicator:{code}"),
                amount: *change,
                weight: *weight,
                points: change * weight,
            });
        }
    }
    WatchEntry {
        rank: 0,
        organization: s.organization,
        name: s.name.clone(),
        score: contributions.iter().map(|c| c.points).sum(),
        contributions,
    }
}

/// Every school ranked by its score, highest first; ties by name, so that the order is stable.
pub fn watchlist(rule: &RuleSet, signals: &[SchoolSignals]) -> Vec<WatchEntry> {
    let mut entries: Vec<WatchEntry> = signals.iter().map(|s| entry(rule, s)).collect();
    entries.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.name.cmp(&b.name)));
    for (i, e) in entries.iter_mut().enumerate() {
        e.rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    entries
}

/// The schools that would enter and leave the first `top` places if `proposed` replaced
/// `current`.
pub fn compare(
    current: &[WatchEntry],
    proposed: &[WatchEntry],
    top: usize,
) -> (Vec<OrganizationId>, Vec<OrganizationId>) {
    let head = |list: &[WatchEntry]| list.iter().take(top).map(|e| e.organization).collect::<Vec<_>>();
    let (now, then) = (head(current), head(proposed));
    let entering = then.iter().filter(|o| !now.contains(o)).copied().collect();
    let leaving = now.iter().filter(|o| !then.contains(o)).copied().collect();
    (entering, leaving)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::warning::{RuleSetId, RuleStatus};

    fn rule(weights: Vec<(u16, f64)>) -> RuleSet {
        RuleSet {
            id: RuleSetId::generate(),
            name: "Тест".into(),
            version: 1,
            source: "тест".into(),
            author: "test".into(),
            factor_weights: weights,
            default_weight: 1.0,
            trend_weight: 2.0,
            indicator_weights: vec![("vpr_fail_share".into(), 0.5)],
            status: RuleStatus::Published,
            recorded_at: Utc::now(),
        }
    }

    fn school(name: &str, factors: &[(u16, u32)], appeared: u32, resolved: u32) -> SchoolSignals {
        SchoolSignals {
            organization: OrganizationId::generate(),
            name: name.into(),
            present_by_factor: factors.to_vec(),
            appeared,
            resolved,
            indicator_changes: Vec::new(),
        }
    }

    #[test]
    fn each_entry_explains_its_score_and_a_weight_moves_the_ranking_as_predicted() {
        let schools =
            [school("А", &[(1, 3)], 0, 0), school("Б", &[(1, 1), (4, 1)], 1, 0), school("В", &[(4, 1)], 0, 1)];
        let flat = watchlist(&rule(vec![]), &schools);
        assert_eq!(
            flat.iter().map(|e| (e.name.as_str(), e.score)).collect::<Vec<_>>(),
            [("Б", 4.0), ("А", 3.0), ("В", -1.0)]
        );
        for e in &flat {
            assert_eq!(e.contributions.iter().map(|c| c.points).sum::<f64>(), e.score);
        }
        // Factor 4 at 6 points: В gains 5 × its one finding and passes А, as its explanation says.
        let heavy = watchlist(&rule(vec![(4, 6.0)]), &schools);
        assert_eq!(
            heavy.iter().map(|e| (e.name.as_str(), e.score)).collect::<Vec<_>>(),
            [("Б", 9.0), ("В", 4.0), ("А", 3.0)]
        );
        let (entering, leaving) = compare(&flat, &heavy, 2);
        assert_eq!((entering, leaving), (vec![schools[2].organization], vec![schools[0].organization]));

        // А's failing share rose by 6 points: at 0.5 a point it gains 3 and passes Б.
        let mut rising = schools;
        rising[0].indicator_changes = vec![("vpr_fail_share".into(), 6.0)];
        let trend = watchlist(&rule(vec![]), &rising);
        assert_eq!(trend[0].name, "А");
        assert_eq!(trend[0].score, 6.0);
        assert_eq!(
            trend[0].contributions.last().map(|c| (c.input.as_str(), c.amount, c.points)),
            Some(("indicator:vpr_fail_share", 6.0, 3.0))
        );
    }
}
