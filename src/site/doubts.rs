//! Warnings about the linked site: values that parse and link but are probably wrong, and
//! that only the whole site can tell.
//!
//! "Expired" needs a today, but a build must give the same result whenever it runs, so the
//! clock is never read for what the site shows. The reference date is the latest date the
//! site itself knows: the newest visit (its last day), the newest agreement signing or
//! renewal, or the last commit of a content file when the site is in git. An agreement that
//! ended before that date has certainly ended by the time the site is built.
//!
//! "Expires soon" is different: it is for the office to act on before the day comes, so it is
//! counted from the real today, the clock's (or `HAMKOR_TODAY`, for tests and for asking
//! "what will need renewing by then?"). It changes only warnings, never the output.

use crate::content::model::{Source, Status};
use crate::diagnostic::Diagnostic;
use crate::site::Site;

/// Days since 1970-01-01 as a calendar day (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (u16, u8, u8) {
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

/// Days since 1970-01-01 of a calendar day (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil((y, m, d): (u16, u8, u8)) -> i64 {
    let (m, d) = (i64::from(m), i64::from(d));
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The environment variable that sets the day "expires soon" is counted from
/// (`YYYY-MM-DD`), instead of the clock's.
pub const TODAY_VAR: &str = "HAMKOR_TODAY";

/// Today for the "expires soon" warning: `HAMKOR_TODAY` if set, else the clock's day (UTC);
/// an unreadable `HAMKOR_TODAY` is a warning of its own, and the clock is used.
pub fn today() -> ((u16, u8, u8), Option<Diagnostic>) {
    let clock = || {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        civil_from_days(secs.div_euclid(86_400))
    };
    let Ok(raw) = std::env::var(TODAY_VAR) else {
        return (clock(), None);
    };
    match crate::values::Date::parse(&raw) {
        Ok(d) if d.iso().len() == 10 => (d.first_day(), None),
        _ => (
            clock(),
            Some(
                Diagnostic::new(
                    TODAY_VAR,
                    None,
                    format!("{TODAY_VAR}='{raw}' is not a day: today's date is used instead"),
                )
                .help("write it as YYYY-MM-DD, e.g. HAMKOR_TODAY=2025-01-31, or unset it")
                .warning(),
            ),
        ),
    }
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
        .flat_map(|p| p.data.agreements.iter())
        .flat_map(|a| [a.signed, a.renewed])
        .flatten()
        .map(|d| d.first_day());
    let committed = newest_commit.map(|t| civil_from_days(t.div_euclid(86_400)));
    visits.chain(signed).chain(committed).max()
}

/// Every warning that needs the linked site.
pub fn doubts(site: &Site, newest_commit: Option<i64>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let within = site.config.expiring_within_days;
    if within > 0 && site.partners.iter().any(|p| !p.data.agreements.is_empty()) {
        let (today, problem) = today();
        out.extend(problem);
        out.extend(expiring(site, today, within));
    }
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

/// A warning for each agreement of a partner not `status: ended` that expires between `today`
/// and `within` days after it, at the agreement's `expires:`.
fn expiring(site: &Site, today: (u16, u8, u8), within: u32) -> Vec<Diagnostic> {
    let from = days_from_civil(today);
    let mut out = Vec::new();
    for p in &site.partners {
        if p.data.status == Status::Ended {
            continue;
        }
        for (i, a) in p.data.agreements.iter().enumerate() {
            let Some(expires) = a.expires else { continue };
            let left = days_from_civil(expires.last_day()) - from;
            if !(0..=i64::from(within)).contains(&left) {
                continue;
            }
            let kind = site.config.agreement_types.title(
                a.kind.as_str(),
                &site.config.default_language,
                &site.config.default_language,
            );
            let when = match left {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            };
            let message = format!(
                "the agreement with {} ({kind}) expires on {} ({when})",
                p.meta.title,
                expires.iso()
            );
            let found = crate::content::parse::split(&p.source.text)
                .ok()
                .and_then(|parts| {
                    use crate::yaml::Seg;
                    crate::yaml::locate(
                        parts.yaml,
                        &[Seg::Key("agreements"), Seg::Index(i), Seg::Key("expires")],
                        crate::yaml::Target::Value,
                    )
                });
            out.push(
                p.source
                    .error_at(found, message)
                    .help(format!(
                        "once it is renewed, write the new end as `expires:` and the day as `renewed:`; `expiring_within_days:` in site.yaml sets how early this warns ({within} days)"
                    ))
                    .warning(),
            );
        }
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
        for days in [-700_000, -1, 0, 59, 19_782, 2_932_896] {
            assert_eq!(days_from_civil(civil_from_days(days)), days);
        }
    }
}
