//! Hand-written `format` checks; a date or URL crate would cost bundle size
//! for the few rules a form needs.

/// A string `format`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// `email`
    Email,
    /// `uri`
    Uri,
    /// `date`: a real calendar date, `YYYY-MM-DD`.
    Date,
    /// `date-time`: RFC 3339.
    DateTime,
    /// `time`: `HH:MM` or `HH:MM:SS`, optional fraction and offset.
    Time,
    /// Any other format name; not checked.
    Other(String),
}

impl Format {
    /// The format for a schema's `format` name.
    pub fn from_name(name: &str) -> Format {
        match name {
            "email" => Format::Email,
            "uri" => Format::Uri,
            "date" => Format::Date,
            "date-time" => Format::DateTime,
            "time" => Format::Time,
            other => Format::Other(other.to_string()),
        }
    }

    /// Whether `text` is well-formed; unknown formats accept everything.
    pub fn matches(&self, text: &str) -> bool {
        match self {
            Format::Email => is_email(text),
            Format::Uri => is_uri(text),
            Format::Date => is_date(text),
            Format::DateTime => is_date_time(text),
            Format::Time => is_time(text),
            Format::Other(_) => true,
        }
    }

    /// What a form shows when the text does not match.
    pub fn hint(&self) -> Option<&'static str> {
        Some(match self {
            Format::Email => "Enter an email address like name@example.com",
            Format::Uri => "Enter an address like https://example.com",
            Format::Date => "Enter a date like 2024-01-31",
            Format::DateTime => "Enter a date and time like 2024-01-31T09:30:00Z",
            Format::Time => "Enter a time like 09:30",
            Format::Other(_) => return None,
        })
    }
}

/// A pragmatic address check: what a person would type, not all of RFC 5322.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"@()<>,;:\\\"[]".contains(c));
    local_ok && is_domain(domain)
}

/// A dotted host name whose last label is not numeric ("example.com").
fn is_domain(domain: &str) -> bool {
    if domain.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    labels.len() >= 2
        && labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()))
}

/// RFC 3986 scheme, a colon, and a non-empty rest without whitespace.
fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Parses exactly `n` ASCII digits.
fn digits(text: &str, n: usize) -> Option<u32> {
    if text.len() != n || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_date(text: &str) -> bool {
    let mut parts = text.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let (Some(year), Some(month), Some(day)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

/// `HH:MM` with hours 0-23 and minutes 0-59.
fn is_hour_minute(text: &str) -> bool {
    let Some((h, m)) = text.split_once(':') else {
        return false;
    };
    digits(h, 2).is_some_and(|h| h < 24) && digits(m, 2).is_some_and(|m| m < 60)
}

/// `Z` or `+HH:MM` / `-HH:MM`.
fn is_offset(text: &str) -> bool {
    text.eq_ignore_ascii_case("z")
        || ((text.starts_with('+') || text.starts_with('-'))
            && text.get(1..).is_some_and(is_hour_minute))
}

/// `HH:MM:SS` with an optional fraction; 60 is a leap second, as RFC 3339 allows.
fn is_seconds_time(text: &str) -> bool {
    let (main, fraction) = match text.split_once('.') {
        Some((main, fraction)) => (main, Some(fraction)),
        None => (text, None),
    };
    let fraction_ok =
        fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    let seconds_ok = main.len() == 8
        && main.get(..5).is_some_and(is_hour_minute)
        && main.get(5..6) == Some(":")
        && main
            .get(6..)
            .and_then(|s| digits(s, 2))
            .is_some_and(|s| s <= 60);
    fraction_ok && seconds_ok
}

/// Splits a trailing `Z`/`+HH:MM`/`-HH:MM` offset off a time, if present.
fn split_offset(text: &str) -> (&str, Option<&str>) {
    if let Some(stripped) = text.strip_suffix(['Z', 'z']) {
        return (stripped, Some(&text[stripped.len()..]));
    }
    match text.rfind(['+', '-']) {
        Some(at) => (&text[..at], Some(&text[at..])),
        None => (text, None),
    }
}

fn is_time(text: &str) -> bool {
    let (clock, offset) = split_offset(text);
    let clock_ok = if clock.len() == 5 {
        is_hour_minute(clock)
    } else {
        is_seconds_time(clock)
    };
    clock_ok && offset.is_none_or(is_offset)
}

fn is_date_time(text: &str) -> bool {
    let Some(at) = text.find(['T', 't']) else {
        return false;
    };
    let (date, time) = (&text[..at], &text[at + 1..]);
    let (clock, offset) = split_offset(time);
    is_date(date) && is_seconds_time(clock) && offset.is_some_and(is_offset)
}
