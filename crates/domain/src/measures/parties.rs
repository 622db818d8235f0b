//! Venues and responsible parties as roadmaps write them, several to a cell: «МАОУ-СОШ №1, МКУО
//! ЦОКО», «МКУО ЦОКО ОО», «МКУО ЦОКО тьюторы», «ГДК», «КубГУ г. Краснодар». Each run of words that
//! names an organization of the registry becomes that organization; «ОО» is the schools the
//! measure reaches; anything else stays a named place or role, as written. Nothing is guessed:
//! a run that could name several organizations stays text.

use super::model::Party;
use crate::schools::{Candidates, LegalForm, MunicipalityId, OrganizationId, Resolution, resolve_text};

/// Which column a cell came from: a venue's «ОО» is the schools; in a responsible cell it
/// belongs to the role it follows («педагоги-психологи ОО»).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyColumn {
    Venue,
    Responsible,
}

/// The longest run of words tried as one organization's name.
const MAX_NAME_WORDS: usize = 8;
/// A segment longer than this is prose, kept as it is.
const MAX_SEGMENT_WORDS: usize = 40;

fn is_schools(text: &str) -> bool {
    matches!(crate::text::fold(text).as_str(), "оо" | "оу")
}

/// Reads a cell into parties.
pub fn read_parties(
    cell: &str,
    column: PartyColumn,
    candidates: &Candidates<'_>,
    municipality: MunicipalityId,
) -> Vec<Party> {
    let resolves = |text: &str| match resolve_text(text, candidates, municipality) {
        Ok(Resolution::Resolved { id, .. }) => Some(id),
        _ => None,
    };
    let mut parties = Vec::new();
    let push = |party: Party, parties: &mut Vec<Party>| {
        if !parties.contains(&party) {
            parties.push(party);
        }
    };
    for segment in cell.split([',', ';', '\n']).map(|s| s.trim().trim_end_matches('.').trim()) {
        if segment.is_empty() {
            continue;
        }
        if is_schools(segment) {
            push(Party::Schools, &mut parties);
            continue;
        }
        let words: Vec<&str> = segment.split_whitespace().collect();
        if words.len() > MAX_SEGMENT_WORDS {
            push(Party::Named(segment.to_owned()), &mut parties);
            continue;
        }
        // «МБОУ СОШ №45 МАОУ лицей пгт Афипского»: a legal form starts the next organization,
        // so that the first is never read as the whole run.
        let mut runs: Vec<Vec<&str>> = vec![Vec::new()];
        for word in words {
            let head = word.split('-').next().unwrap_or(word).to_uppercase();
            if LegalForm::is_known(&head) && runs.last().is_some_and(|r| !r.is_empty()) {
                runs.push(Vec::new());
            }
            runs.last_mut().expect("one run at least").push(word);
        }
        for run in runs {
            read_run(&run, column, &resolves, &mut |party| push(party, &mut parties));
        }
    }
    parties
}

/// Reads a run of words: each longest stretch that names an organization becomes it, the
/// words between stay a named place or role.
fn read_run(
    words: &[&str],
    column: PartyColumn,
    resolves: &dyn Fn(&str) -> Option<OrganizationId>,
    emit: &mut dyn FnMut(Party),
) {
    let mut unnamed: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let venue_schools = column == PartyColumn::Venue && is_schools(words[i]);
        let found = if venue_schools {
            Some((Party::Schools, i + 1))
        } else {
            (i + 1..=words.len().min(i + MAX_NAME_WORDS))
                .rev()
                .find_map(|j| resolves(&words[i..j].join(" ")).map(|id| (Party::Organization(id), j)))
        };
        match found {
            Some((party, next)) => {
                if !unnamed.is_empty() {
                    emit(Party::Named(unnamed.join(" ")));
                    unnamed.clear();
                }
                emit(party);
                i = next;
            }
            None => {
                unnamed.push(words[i]);
                i += 1;
            }
        }
    }
    if !unnamed.is_empty() {
        emit(Party::Named(unnamed.join(" ")));
    }
}
