//! Where the release wasm's bytes go, by crate and by function, read from
//! the name section of the wasm cargo builds (before wasm-bindgen and
//! wasm-opt, which drop the names). Leptos code is instantiated per closure
//! and view type, so a regression shows as a family of instantiations that
//! grew: the report groups functions by their name without generics.

use std::collections::HashMap;
use std::path::Path;
use wasmparser::{Name, Parser, Payload};

/// One function's body size and demangled name (without the hash).
struct Function {
    name: String,
    bytes: u64,
}

pub fn print(wasm: &Path) -> Result<(), String> {
    let bytes = std::fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let functions = functions(&bytes).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let total: u64 = functions.iter().map(|f| f.bytes).sum();
    println!(
        "code: {} in {} functions ({}, before wasm-opt)",
        crate::bundle::kb(total),
        functions.len(),
        wasm.display()
    );
    let share = |b: u64| format!("{:>5.1}%", b as f64 * 100.0 / total.max(1) as f64);

    println!("\nby crate:");
    for (name, (bytes, count)) in top(group(&functions, |f| crate_of(&f.name)), 14) {
        println!(
            "  {:<24} {:>10} {} {:>6} functions",
            name,
            crate::bundle::kb(bytes),
            share(bytes),
            count
        );
    }
    println!("\nby function family (instantiations of one generic function together):");
    for (name, (bytes, count)) in top(group(&functions, |f| without_generics(&f.name)), 20) {
        println!(
            "  {:>10} {} {:>5}x  {}",
            crate::bundle::kb(bytes),
            share(bytes),
            count,
            shorten(&name)
        );
    }
    println!("\nlargest functions:");
    let mut largest: Vec<&Function> = functions.iter().collect();
    largest.sort_by_key(|f| std::cmp::Reverse(f.bytes));
    for f in largest.into_iter().take(12) {
        println!("  {:>10}  {}", crate::bundle::kb(f.bytes), shorten(&f.name));
    }
    Ok(())
}

fn functions(wasm: &[u8]) -> Result<Vec<Function>, wasmparser::BinaryReaderError> {
    let mut imported = 0u32;
    let mut sizes = Vec::new();
    let mut names = HashMap::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if matches!(
                        import?.ty,
                        wasmparser::TypeRef::Func(_) | wasmparser::TypeRef::FuncExact(_)
                    ) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let range = body.range();
                sizes.push(range.end - range.start);
            }
            Payload::CustomSection(section) => {
                if let wasmparser::KnownCustom::Name(reader) = section.as_known() {
                    for subsection in reader {
                        if let Name::Function(map) = subsection? {
                            for naming in map {
                                let naming = naming?;
                                names.insert(naming.index, naming.name.to_owned());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(sizes
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| {
            let index = imported + i as u32;
            let name = names
                .get(&index)
                .map(|n| format!("{:#}", rustc_demangle::demangle(n)))
                .unwrap_or_else(|| format!("function {index}"));
            Function { name, bytes }
        })
        .collect())
}

fn group(functions: &[Function], key: impl Fn(&Function) -> String) -> HashMap<String, (u64, u64)> {
    let mut groups: HashMap<String, (u64, u64)> = HashMap::new();
    for f in functions {
        let entry = groups.entry(key(f)).or_default();
        entry.0 += f.bytes;
        entry.1 += 1;
    }
    groups
}

fn top(groups: HashMap<String, (u64, u64)>, n: usize) -> Vec<(String, (u64, u64))> {
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    groups.truncate(n);
    groups
}

/// The crate a function belongs to: the first path segment of its name, or
/// of the type in `<Type as Trait>::f` (where the instantiated code lives),
/// or of the trait when the type is a bare generic parameter (`<T as …>`).
fn crate_of(name: &str) -> String {
    let first_segment = |s: &str| {
        let s = s.trim_start_matches(['<', '&', '*', ' ']);
        let s = s.strip_prefix("mut ").unwrap_or(s);
        let s = s.strip_prefix("dyn ").unwrap_or(s);
        let end = s.find([':', '<', ' ', '>', '(', ',']).unwrap_or(s.len());
        s[..end].to_owned()
    };
    let segment = first_segment(name);
    if let Some(rest) = name.strip_prefix('<') {
        let bare_parameter = rest.starts_with(&format!("{segment} as "));
        if bare_parameter {
            return first_segment(&rest[segment.len() + 4..]);
        }
    }
    match segment.as_str() {
        "" => "(other)".to_owned(),
        _ => segment,
    }
}

/// A function's name with every generic argument list removed, so all
/// instantiations of one generic function (and their closures) fall into one
/// family. A leading `<Type as Trait>` stays, itself without generics.
fn without_generics(name: &str) -> String {
    if let Some(inner) = name.strip_prefix('<') {
        if let Some(end) = closing(inner) {
            return format!(
                "<{}>{}",
                without_generics(&inner[..end]),
                without_generics(&inner[end + 1..])
            );
        }
    }
    let mut out = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '<' => depth += 1,
            '>' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Where the `>` closing an already opened `<` is in `s`.
fn closing(s: &str) -> Option<usize> {
    let mut depth = 1usize;
    for (i, c) in s.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn shorten(name: &str) -> String {
    const MAX: usize = 110;
    if name.chars().count() <= MAX {
        return name.to_owned();
    }
    let mut s: String = name.chars().take(MAX - 1).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trait_impl_counts_for_the_implementing_type() {
        assert_eq!(
            crate_of(
                "<tachys::html::element::HtmlElement<E, At, Ch> as tachys::view::Render>::build"
            ),
            "tachys"
        );
        assert_eq!(crate_of("reactive_graph::graph::untrack"), "reactive_graph");
        assert_eq!(
            crate_of("core::ptr::drop_in_place<switchboard::Foo>"),
            "core"
        );
        assert_eq!(
            crate_of("<&mut serde_json::de::Deserializer<R> as X>::f"),
            "serde_json"
        );
    }

    #[test]
    fn instantiations_share_one_family() {
        assert_eq!(
            without_generics("reactive_graph::graph::untrack<alloc::vec::Vec<u8>, F>::{{closure}}"),
            "reactive_graph::graph::untrack::{{closure}}"
        );
        assert_eq!(
            without_generics("<tachys::view::any_view::AnyView as tachys::view::Render>::build"),
            "<tachys::view::any_view::AnyView as tachys::view::Render>::build"
        );
        assert_eq!(
            without_generics(
                "<tachys::html::element::HtmlElement<E, At, Ch> as tachys::view::Render>::build"
            ),
            "<tachys::html::element::HtmlElement as tachys::view::Render>::build"
        );
    }
}
