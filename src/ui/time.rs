//! Timestamps as people read them: "3 days ago", with the exact time on
//! hover and on keyboard focus.

use leptos::prelude::*;

/// Milliseconds since the Unix epoch of an ISO-8601 / RFC 3339 timestamp
/// (`2026-11-22T20:58:00Z`, `…+02:00`, `…T20:58:00.123Z`), if it is one.
pub fn parse_iso(s: &str) -> Option<i64> {
    let s = s.trim();
    let num = |range: std::ops::Range<usize>| s.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if s.get(4..5) != Some("-")
        || s.get(7..8) != Some("-")
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
    {
        return None;
    }
    let (hour, minute, second) = if s.len() > 10 {
        if !matches!(s.get(10..11), Some("T" | "t" | " ")) {
            return None;
        }
        (num(11..13)?, num(14..16)?, num(17..19).unwrap_or(0))
    } else {
        (0, 0, 0)
    };
    let rest = s.get(19..).unwrap_or("");
    // Milliseconds matter to a flow run's duration; finer digits do not.
    let fraction = rest
        .strip_prefix('.')
        .map(|f| {
            f.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .unwrap_or_default();
    let millis = format!("{fraction:0<3}")
        .get(..3)
        .and_then(|m| m.parse::<i64>().ok())
        .unwrap_or(0);
    let rest = rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let offset_minutes = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            let h = rest.get(1..3)?.parse::<i64>().ok()?;
            let m = rest
                .get(4..6)
                .and_then(|m| m.parse::<i64>().ok())
                .unwrap_or(0);
            sign * (h * 60 + m)
        }
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

/// "just now", "5 minutes ago", "in 2 days", "3 years ago".
pub fn relative(then_ms: i64, now_ms: i64) -> String {
    let seconds = (now_ms - then_ms) / 1000;
    let (past, s) = (seconds >= 0, seconds.unsigned_abs());
    if s < 45 {
        return "just now".to_owned();
    }
    let (n, unit) = match s {
        0..=5_399 => ((s + 30) / 60, "minute"),
        5_400..=129_599 => ((s + 1800) / 3600, "hour"),
        129_600..=3_887_999 => ((s + 43_200) / 86_400, "day"),
        3_888_000..=29_807_999 => ((s + 1_296_000) / 2_592_000, "month"),
        _ => ((s + 15_768_000) / 31_536_000, "year"),
    };
    let unit = if n == 1 {
        unit.to_owned()
    } else {
        format!("{unit}s")
    };
    if past {
        format!("{n} {unit} ago")
    } else {
        format!("in {n} {unit}")
    }
}

/// A timestamp shown relative to now; the exact local time shows on hover
/// and when the element has keyboard focus. Unknown or odd values are shown
/// as they are.
#[component]
pub fn RelativeTime(value: Option<String>) -> impl IntoView {
    let Some(value) = value else {
        return view! { <span class="muted">"—"</span> }.into_any();
    };
    let Some(ms) = parse_iso(&value) else {
        return view! { <span>{value}</span> }.into_any();
    };
    let exact = exact_time(ms);
    let text = relative(ms, js_sys::Date::now() as i64);
    view! {
        <time datetime=value title=exact.clone() data-exact=exact tabindex="0" class="relative-time">
            {text}
        </time>
    }
    .into_any()
}

/// The local date and time of `ms`, as `Date.toLocaleString("en-GB")` writes
/// it ("30/11/2026, 00:53:20"), written here: the browser's own formatter
/// costs a cold page ~30 ms the first time it is made.
fn exact_time(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    // Minutes behind UTC at that moment, so summer and winter times differ.
    let behind = date.get_timezone_offset() as i64;
    wall_clock(ms - behind * 60_000)
}

/// "dd/mm/yyyy, hh:mm:ss" of milliseconds since the epoch on a wall clock.
fn wall_clock(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let (days, in_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // The civil date from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{day:02}/{month:02}/{year}, {:02}:{:02}:{:02}",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339_variants() {
        assert_eq!(parse_iso("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso("1970-01-02T00:00:00.500Z"), Some(86_400_500));
        assert_eq!(parse_iso("1970-01-01T00:00:01.1234Z"), Some(1_123));
        assert_eq!(parse_iso("2000-03-01T00:00:00Z"), Some(951_868_800_000));
        assert_eq!(parse_iso("1970-01-01T02:00:00+02:00"), Some(0));
        assert_eq!(parse_iso("1970-01-01"), Some(0));
        assert_eq!(parse_iso("yesterday"), None);
        assert_eq!(parse_iso("2026-13-01T00:00:00Z"), None);
        assert_eq!(parse_iso(""), None);
        assert_eq!(parse_iso("2026-1"), None);
    }

    #[test]
    fn wall_clock_reads_as_en_gb() {
        assert_eq!(wall_clock(0), "01/01/1970, 00:00:00");
        assert_eq!(wall_clock(1_796_000_000_000), "30/11/2026, 00:53:20");
        assert_eq!(wall_clock(951_868_800_000 - 1000), "29/02/2000, 23:59:59");
        assert_eq!(wall_clock(-1000), "31/12/1969, 23:59:59");
    }

    #[test]
    fn relative_wording() {
        let now = 1_000_000_000_000;
        assert_eq!(relative(now - 10_000, now), "just now");
        assert_eq!(relative(now - 60_000, now), "1 minute ago");
        assert_eq!(relative(now - 5 * 60_000, now), "5 minutes ago");
        assert_eq!(relative(now - 3 * 3_600_000, now), "3 hours ago");
        assert_eq!(relative(now - 2 * 86_400_000, now), "2 days ago");
        assert_eq!(relative(now + 2 * 86_400_000, now), "in 2 days");
        assert_eq!(relative(now - 400 * 86_400_000, now), "1 year ago");
    }
}
