use switchboard_schema::Format;

fn check(format: Format, good: &[&str], bad: &[&str]) {
    for text in good {
        assert!(format.matches(text), "{format:?} should accept {text:?}");
    }
    for text in bad {
        assert!(!format.matches(text), "{format:?} should reject {text:?}");
    }
}

#[test]
fn email() {
    check(
        Format::Email,
        &[
            "name@example.com",
            "first.last+tag@sub.example.co.uk",
            "x@b-c.io",
            "jörg@bücher.de",
        ],
        &[
            "",
            "name",
            "@example.com",
            "name@",
            "name@example",
            "a b@example.com",
            "a@@b.com",
            "a@b.c",
            "a@example..com",
            "a@-x.com",
            ".a@b.com",
            "a..b@c.com",
            "a@b.123",
            "a@b.com ",
        ],
    );
}

#[test]
fn uri() {
    check(
        Format::Uri,
        &[
            "https://example.com",
            "mailto:a@b.co",
            "urn:isbn:123",
            "x-y+z.1:rest",
        ],
        &[
            "",
            "example.com",
            "://x",
            "1http://x",
            "http:",
            "http://a b",
            "ht tp://x",
            "http://x\n",
        ],
    );
}

#[test]
fn date() {
    check(
        Format::Date,
        &[
            "2024-01-31",
            "2024-02-29",
            "2000-02-29",
            "1999-12-31",
            "0001-01-01",
        ],
        &[
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "24-01-01",
            "2024-1-01",
            "2024/01/01",
            "2024-01-01T00:00",
            "",
            "２０２４-01-01",
        ],
    );
}

#[test]
fn time() {
    check(
        Format::Time,
        &[
            "09:30",
            "23:59",
            "00:00:00",
            "12:30:45.123",
            "12:30:45Z",
            "12:30:45+05:30",
            "09:30-08:00",
            "23:59:60",
        ],
        &[
            "24:00",
            "9:30",
            "12:60",
            "12:30:61",
            "12:30:4",
            "12:30:45.",
            "12:30:45+5",
            "12:30:45+24:00",
            "noon",
            "",
        ],
    );
}

#[test]
fn date_time() {
    check(
        Format::DateTime,
        &[
            "2024-01-31T09:30:00Z",
            "2024-01-31t09:30:00z",
            "2024-01-31T09:30:00.5+01:00",
            "2024-02-29T23:59:59-12:00",
        ],
        &[
            "2024-01-31",
            "2024-01-31T09:30",
            "2024-01-31T09:30:00",
            "2024-01-31 09:30:00Z",
            "2023-02-29T00:00:00Z",
            "2024-01-31T25:00:00Z",
            "2024-01-31T09:30:00+0100",
            "",
        ],
    );
}

#[test]
fn names_and_hints() {
    assert_eq!(Format::from_name("date-time"), Format::DateTime);
    assert_eq!(Format::from_name("ipv4"), Format::Other("ipv4".into()));
    assert!(Format::Other("ipv4".into()).matches("anything"));
    assert_eq!(Format::Other("x".into()).hint(), None);
    assert!(Format::Time.hint().is_some());
}
