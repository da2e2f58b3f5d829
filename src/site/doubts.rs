//! Warnings about the linked site: values that parse and link but are probably wrong, and
//! that only the whole site can tell.
//!
//! "Expired" needs a today, but a build must give the same result whenever it runs, so the
//! clock is never read. The reference date is the latest date the site itself knows: the
//! newest visit (its last day), the newest agreement signing, or the last commit of a content
//! file when the site is in git. An agreement that ended before that date has certainly ended
//! by the time the site is built.

use crate::content::model::{Source, Status};
use crate::diagnostic::Diagnostic;
use crate::site::Site;

/// Days since 1970-01-01 as a calendar day (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (u16, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y.clamp(0, 9999) as u16, m as u8, d as u8)
}

/// The latest day the site's own content names (see the module documentation), if any.
pub fn reference_day(site: &Site, newest_commit: Option<i64>) -> Option<(u16, u8, u8)> {
    let visits = site
        .visits
        .iter()
        .flat_map(|v| [v.data.date, v.data.end_date])
        .flatten()
        .map(|d| d.last_day());
    let signed = site
        .partners
        .iter()
        .flat_map(|p| p.data.agreements.iter().filter_map(|a| a.signed))
        .map(|d| d.first_day());
    let committed = newest_commit.map(|t| civil_from_days(t.div_euclid(86_400)));
    visits.chain(signed).chain(committed).max()
}

/// Every warning that needs the linked site.
pub fn doubts(site: &Site, newest_commit: Option<i64>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(today) = reference_day(site, newest_commit) else {
        return out;
    };
    for p in &site.partners {
        let agreements = &p.data.agreements;
        let all_expired = !agreements.is_empty()
            && agreements
                .iter()
                .all(|a| a.expires.is_some_and(|e| e.last_day() < today));
        if p.data.status != Status::Active || !all_expired {
            continue;
        }
        let latest = agreements
            .iter()
            .filter_map(|a| a.expires)
            .max_by_key(|d| d.last_day())
            .map(|d| d.iso())
            .unwrap_or_default();
        let (y, m, d) = today;
        let message = format!(
            "the partner is active, but every agreement has expired (the last in {latest}; the newest date in the site is {y:04}-{m:02}-{d:02})"
        );
        out.push(
            at_status(&p.source, message)
                .help("set `status: ended`, or add the agreement that renewed the cooperation")
                .warning(),
        );
    }
    out
}

/// A diagnostic at the partner's `status:`, or at its `agreements:` when the status is the
/// default.
fn at_status(source: &Source, message: String) -> Diagnostic {
    let at = source
        .keys
        .key("status")
        .or_else(|| source.keys.key("agreements"));
    source.error_at(at, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_calendar_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}
