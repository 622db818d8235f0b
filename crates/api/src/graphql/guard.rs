//! Checks a GraphQL request must pass before the engine sees it. The engine's own parser
//! recurses on nested values and its validators walk every fragment spread again, so a small
//! document could overflow a worker's stack or cost seconds of CPU: both are bounded here in
//! time linear in the document.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// Why a request was refused before execution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refused(pub(crate) String);

/// Refuses a document whose brackets (selections, arguments, list and object literals) nest
/// deeper than `max`. Strings, block strings and comments are skipped.
pub(crate) fn check_nesting(query: &str, max: usize) -> Result<(), Refused> {
    let bytes = query.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i..].starts_with(b"\\\"\"\"") { 4 } else { 1 };
                }
                i += 2;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > max {
                    return Err(Refused(format!("the document nests deeper than {max} levels")));
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Refuses a document whose operations, with every fragment spread expanded, hold more than
/// `max` selections. Each fragment is counted once and remembered, so a fan-out of 2^25
/// costs as much to count as its text is long; a fragment that spreads itself is refused.
pub(crate) fn check_expansion(doc: &ExecutableDocument, max: usize) -> Result<(), Refused> {
    let mut sizes: HashMap<&str, Option<usize>> = HashMap::new();
    for (_, operation) in doc.operations.iter() {
        let size = selections(doc, &operation.node.selection_set.node, &mut sizes, 0)?;
        if size > max {
            return Err(Refused(format!(
                "the operation expands to {size} selections once its fragments are spread; at most {max} are accepted"
            )));
        }
    }
    Ok(())
}

/// Fragments nested deeper than this are refused; the parser's own limit is lower.
const MAX_FRAGMENT_CHAIN: usize = 64;

fn selections<'a>(
    doc: &'a ExecutableDocument,
    set: &'a SelectionSet,
    sizes: &mut HashMap<&'a str, Option<usize>>,
    chain: usize,
) -> Result<usize, Refused> {
    if chain > MAX_FRAGMENT_CHAIN {
        return Err(Refused("fragments spread each other too deeply".into()));
    }
    let mut total = 0usize;
    for item in &set.items {
        let size = match &item.node {
            Selection::Field(field) => 1 + selections(doc, &field.node.selection_set.node, sizes, chain)?,
            Selection::InlineFragment(fragment) => selections(doc, &fragment.node.selection_set.node, sizes, chain)?,
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                match sizes.get(name) {
                    Some(Some(size)) => *size,
                    Some(None) => return Err(Refused(format!("fragment '{name}' spreads itself"))),
                    // Unknown fragments are left for validation to report.
                    None => match doc.fragments.get(name) {
                        None => 0,
                        Some(fragment) => {
                            sizes.insert(name, None);
                            let size = selections(doc, &fragment.node.selection_set.node, sizes, chain + 1)?;
                            sizes.insert(name, Some(size));
                            size
                        }
                    },
                }
            }
        };
        total = total.saturating_add(size);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    #[test]
    fn a_list_literal_nested_two_thousand_deep_is_refused() {
        let query = format!("{{ regions(search: {}\"x\"{}) {{ totalCount }} }}", "[".repeat(2000), "]".repeat(2000));
        assert!(check_nesting(&query, 64).is_err());
    }

    #[test]
    fn brackets_inside_strings_and_comments_do_not_count() {
        let query = format!(
            "# {}\n{{ regions(search: \"{}\") {{ edges {{ node {{ name }} }} }} }}",
            "[".repeat(100),
            "{".repeat(100)
        );
        assert_eq!(check_nesting(&query, 8), Ok(()));
        let block = format!("{{ regions(search: \"\"\"{}\"\"\") {{ totalCount }} }}", "(".repeat(100));
        assert_eq!(check_nesting(&block, 8), Ok(()));
    }

    fn fan_out(levels: usize) -> String {
        let mut query = String::from("query { ...F0 }\n");
        for level in 0..levels {
            query.push_str(&format!("fragment F{level} on QueryRoot {{ ...F{next} ...F{next} }}\n", next = level + 1));
        }
        query.push_str(&format!("fragment F{levels} on QueryRoot {{ me {{ role }} }}\n"));
        query
    }

    #[test]
    fn a_fragment_fan_out_of_two_to_the_25th_is_counted_without_being_walked() {
        let doc = parse_query(fan_out(25)).unwrap();
        let refused = check_expansion(&doc, 10_000).unwrap_err();
        assert!(refused.0.contains(&(2usize.pow(25) * 2).to_string()), "{refused:?}");
    }

    #[test]
    fn a_small_fan_out_is_accepted() {
        let doc = parse_query(fan_out(3)).unwrap();
        assert_eq!(check_expansion(&doc, 10_000), Ok(()));
    }

    #[test]
    fn a_fragment_that_spreads_itself_is_refused() {
        let doc =
            parse_query("query { ...A } fragment A on QueryRoot { ...B } fragment B on QueryRoot { ...A }").unwrap();
        assert!(check_expansion(&doc, 10_000).is_err());
    }
}
