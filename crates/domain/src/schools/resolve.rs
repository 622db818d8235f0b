//! Matching a parsed reference against the organizations a municipality can mean: its own and
//! the regional bodies of its region.

use std::collections::HashMap;

use super::ids::{MunicipalityId, OrganizationId};
use super::organization::Organization;
use super::reference::{ReferenceError, SchoolRef, honorary_key};
use crate::text::fold;

/// A way the reference and the organization it was read as disagree, accepted as a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Difference {
    /// «СОШ № 11» for the registry's ООШ № 11.
    Kind,
    /// «МАОУ СОШ № 2» for МБОУ СОШ № 2.
    LegalForm,
    /// «СОШ № 1 им. Ленина» for a СОШ № 1 registered without an honorary name.
    HonoraryName,
    /// A municipal legal form («МКУО ЦОКО») read as a body of the region.
    RegionalBody,
}

impl Difference {
    /// The stable code reports and views carry.
    pub fn code(self) -> &'static str {
        match self {
            Self::Kind => "school_type_differs",
            Self::LegalForm => "legal_form_differs",
            Self::HonoraryName => "honorary_name_differs",
            Self::RegionalBody => "regional_body",
        }
    }
}

/// How a reference was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// The text is a registered name or alias, as written.
    Registered,
    /// The text was parsed and matched; `differences` lists what was accepted (at most one).
    Parsed { differences: Vec<Difference> },
}

/// The outcome of resolving one reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// `note` says in words what was assumed: «СОШ № 11» read as the registry's ООШ № 11.
    Resolved {
        id: OrganizationId,
        note: Option<String>,
        reading: Reading,
    },
    /// Several organizations fit equally well; the caller must choose.
    Ambiguous(Vec<OrganizationId>),
    NotFound,
}

/// The whole text as a comparison key: folded, hyphens as spaces, «№» without spaces around it,
/// so «СОШ № 7», «СОШ №7» and «СОШ№7» compare equal.
fn key(text: &str) -> String {
    let folded = fold(&text.replace(['-', '–', '—'], " "));
    let spaced = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    spaced.replace(" №", "№").replace("№ ", "№")
}

/// The organizations a reference can mean, indexed once per table: a reference then costs what
/// its own candidates cost (the few organizations of its number, its one registered name), not
/// a pass over the whole municipality, so an import stays linear in its file.
#[derive(Debug)]
pub struct Candidates<'a> {
    all: &'a [Organization],
    by_name: HashMap<String, Vec<usize>>,
    by_number: HashMap<u16, Vec<usize>>,
    by_id: HashMap<OrganizationId, usize>,
    words: Vec<Vec<String>>,
}

impl<'a> Candidates<'a> {
    pub fn new(all: &'a [Organization]) -> Self {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_number: HashMap<u16, Vec<usize>> = HashMap::new();
        for (i, org) in all.iter().enumerate() {
            let mut keys: Vec<String> = names(org).map(key).collect();
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                by_name.entry(k).or_default().push(i);
            }
            if let Some(n) = org.number {
                by_number.entry(n.get()).or_default().push(i);
            }
        }
        let by_id = all.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        Self { all, by_name, by_number, by_id, words: all.iter().map(words_of).collect() }
    }

    /// The candidates a parsed reference can fit: those of its number, when it has one.
    fn of(&self, reference: &SchoolRef) -> Vec<usize> {
        match reference.number() {
            Some(n) => self.by_number.get(&n).cloned().unwrap_or_default(),
            None => (0..self.all.len()).collect(),
        }
    }
}

fn names(org: &Organization) -> impl Iterator<Item = &str> {
    std::iter::once(org.name.as_str())
        .chain(org.short_name.iter().map(|n| n.as_str()))
        .chain(org.aliases.iter().map(|n| n.as_str()))
}

fn words_of(org: &Organization) -> Vec<String> {
    names(org)
        .chain(org.honorary_name.iter().map(|n| n.as_str()))
        .flat_map(|n| fold(n).split(|c: char| !c.is_alphanumeric()).map(str::to_owned).collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Two words match when they are the same word in another grammatical case: documents write
/// «Некрасовской СОШ» for «Некрасовская СОШ» and «лицей пгт Афипского» for «Афипский».
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let shorter = a.chars().count().min(b.chars().count());
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    shorter >= 5 && common + 3 >= shorter
}

fn surname(honorary: &str) -> &str {
    honorary.rsplit(' ').next().unwrap_or(honorary)
}

struct Fit {
    id: OrganizationId,
    score: usize,
    local: bool,
}

/// Resolves a reference as written: a registered name or alias of the municipality's
/// organizations (or, failing that, of the region's bodies) wins before the text is parsed,
/// so that an organization registered as «ВСОШ» or «ЦОКО» is found even where the parser
/// would read a bare kind.
pub fn resolve_text(
    text: &str,
    candidates: &Candidates<'_>,
    municipality: MunicipalityId,
) -> Result<Resolution, ReferenceError> {
    let len = text.trim().chars().count();
    if len > SchoolRef::MAX_CHARS {
        return Err(ReferenceError::TooLong { len, max: SchoolRef::MAX_CHARS });
    }
    if let Some(resolution) = registered(text, candidates, municipality) {
        return Ok(resolution);
    }
    Ok(resolve(&SchoolRef::parse(text)?, candidates, municipality))
}

fn registered(text: &str, candidates: &Candidates<'_>, municipality: MunicipalityId) -> Option<Resolution> {
    let exact: Vec<&Organization> = candidates.by_name.get(&key(text))?.iter().map(|&i| &candidates.all[i]).collect();
    let local: Vec<&Organization> = exact.iter().copied().filter(|o| o.municipality_id == Some(municipality)).collect();
    let chosen = if local.is_empty() { exact } else { local };
    match chosen.as_slice() {
        [] => None,
        [one] => Some(Resolution::Resolved { id: one.id, note: None, reading: Reading::Registered }),
        many => Some(Resolution::Ambiguous(many.iter().map(|o| o.id).collect())),
    }
}

/// Resolves `reference` among `candidates`. `municipality` breaks a final tie in favour of the
/// municipality's own organizations over the region's bodies. A match that disagrees with the
/// reference in more than one way (kind, legal form, honorary name) is not a match: it is
/// ambiguous, and its candidate is named for a person to decide.
pub fn resolve(reference: &SchoolRef, candidates: &Candidates<'_>, municipality: MunicipalityId) -> Resolution {
    if let Some(resolution) = registered(reference.original(), candidates, municipality) {
        return resolution;
    }
    let resolution = parsed(reference, candidates, municipality);
    match resolution {
        Resolution::Resolved { id, note, .. } => {
            let org = &candidates.all[candidates.by_id[&id]];
            let differences = differences(reference, org);
            if differences.len() > 1 {
                return Resolution::Ambiguous(vec![id]);
            }
            let note = note.or_else(|| {
                differences.first().map(|d| format!("'{}' read as {} ({})", reference.original(), org.name, d.code()))
            });
            Resolution::Resolved { id, note, reading: Reading::Parsed { differences } }
        }
        other => other,
    }
}

/// What the reference says that the organization does not.
fn differences(reference: &SchoolRef, org: &Organization) -> Vec<Difference> {
    let mut found = Vec::new();
    if reference.kind().is_some_and(|k| k != org.kind) {
        found.push(Difference::Kind);
    }
    if let (Some(written), Some(registered)) = (reference.legal_form(), org.legal_form.as_ref())
        && written != registered.as_str()
    {
        found.push(Difference::LegalForm);
    }
    if reference.honorary().is_some() && org.honorary_name.is_none() {
        found.push(Difference::HonoraryName);
    }
    // Municipal legal forms begin with «М» (МБОУ, МКУО, МАОУ): such a reference means the
    // municipality's own body, not the region's.
    if reference.legal_form().is_some_and(|f| f.starts_with('М')) && org.municipality_id.is_none() {
        found.push(Difference::RegionalBody);
    }
    found
}

/// Whether every word written besides the legal form («Департамент образования») is found
/// in the organization's names: a bare kind must be the kind the organization is called by.
fn names_the_kind(reference: &SchoolRef, words: &[String]) -> bool {
    let form = reference.legal_form().map(fold);
    fold(reference.original())
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && Some(*w) != form.as_deref())
        .all(|w| words.iter().any(|o| same_word(w, o)))
}

fn parsed(reference: &SchoolRef, candidates: &Candidates<'_>, municipality: MunicipalityId) -> Resolution {
    // Words alone («Северский») name a place, not an organization: only a registered name
    // or alias resolves them, and that was tried first.
    if reference.kind().is_none()
        && !reference.any_school()
        && reference.number().is_none()
        && reference.honorary().is_none()
    {
        return Resolution::NotFound;
    }
    let bare_kind = reference.number().is_none() && reference.words().is_empty() && reference.honorary().is_none();
    let fits: Vec<Fit> = candidates
        .of(reference)
        .into_iter()
        .filter(|&i| !bare_kind || names_the_kind(reference, &candidates.words[i]))
        .filter_map(|i| fit(reference, &candidates.all[i], &candidates.words[i], municipality, true))
        .collect();
    let Some(best) = fits.iter().map(|f| f.score).max() else {
        return by_number_alone(reference, candidates, municipality);
    };
    let mut top: Vec<&Fit> = fits.iter().filter(|f| f.score == best).collect();
    if top.len() > 1 && top.iter().any(|f| f.local) {
        top.retain(|f| f.local);
    }
    match top.as_slice() {
        [one] => Resolution::Resolved { id: one.id, note: None, reading: Reading::Parsed { differences: Vec::new() } },
        many => Resolution::Ambiguous(many.iter().map(|f| f.id).collect()),
    }
}

/// Tables write the school type loosely: seed 001 lists its ООШ № 11 as «СОШ № 11». When the
/// type and number match nothing, a single school of that number is taken, and the resolution
/// says so.
fn by_number_alone(reference: &SchoolRef, candidates: &Candidates<'_>, municipality: MunicipalityId) -> Resolution {
    let written = match reference.kind() {
        Some(kind) if kind.is_school() && reference.number().is_some() => kind,
        _ => return Resolution::NotFound,
    };
    let schools: Vec<&Organization> = candidates
        .of(reference)
        .into_iter()
        .filter(|&i| {
            let org = &candidates.all[i];
            org.kind.is_school() && fit(reference, org, &candidates.words[i], municipality, false).is_some()
        })
        .map(|i| &candidates.all[i])
        .collect();
    match schools.as_slice() {
        [one] => Resolution::Resolved {
            id: one.id,
            reading: Reading::Parsed { differences: Vec::new() },
            note: Some(format!(
                "'{}' is written as {} but the registry has {} of that number",
                reference.original(),
                written.label(),
                one.name
            )),
        },
        [] => Resolution::NotFound,
        many => Resolution::Ambiguous(many.iter().map(|o| o.id).collect()),
    }
}

/// Whether `org` can be what the reference means, and how well it fits. Number, kind and honorary
/// name must agree; words must all be found unless a number already pins the school, in which
/// case they only add to the score (the registry may not spell «станицы Ставропольской»).
fn fit(
    reference: &SchoolRef,
    org: &Organization,
    words: &[String],
    municipality: MunicipalityId,
    strict_kind: bool,
) -> Option<Fit> {
    if let Some(number) = reference.number()
        && org.number.map(|n| n.get()) != Some(number)
    {
        return None;
    }
    if (strict_kind && reference.kind().is_some_and(|k| k != org.kind))
        || (reference.any_school() && !org.kind.is_school())
    {
        return None;
    }
    let mut score = 0;
    if let (Some(wanted), Some(has)) = (reference.honorary(), &org.honorary_name) {
        if !same_word(surname(wanted), surname(&honorary_key(has.as_str()))) {
            return None;
        }
        score += 1;
    }
    let found = reference.words().iter().filter(|w| words.iter().any(|o| same_word(w, o))).count();
    if reference.number().is_none() && found < reference.words().len() {
        return None;
    }
    score += found;
    if reference.legal_form().is_some() && org.legal_form.as_ref().map(|f| f.as_str()) == reference.legal_form() {
        score += 1;
    }
    Some(Fit { id: org.id, score, local: org.municipality_id == Some(municipality) })
}

#[cfg(test)]
mod tests;
