//! Parents read with their children in one statement.

/// The rows of a left join from parents to their children, ordered by parent, folded into each
/// parent with its children in order (none when the join found none). `same` tells whether two
/// rows carry the same parent.
pub(crate) fn grouped<P, C>(rows: Vec<(P, Option<C>)>, same: impl Fn(&P, &P) -> bool) -> Vec<(P, Vec<C>)> {
    let mut out: Vec<(P, Vec<C>)> = Vec::new();
    for (parent, child) in rows {
        if out.last().is_none_or(|(p, _)| !same(p, &parent)) {
            out.push((parent, Vec::new()));
        }
        if let (Some(child), Some((_, children))) = (child, out.last_mut()) {
            children.push(child);
        }
    }
    out
}
