//! A catalogue as reference data or a client writes it, checked in one pass.

use super::model::{Factor, Parameter};
use crate::core::code::ParameterCode;
use crate::core::document::SourceDocument;
use crate::core::validation::{Coded, ValidationErrors};
use crate::schools::{MunicipalityId, Name, RegionId};

/// Whose catalogue it is, as the client names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerRef {
    Federal,
    Region(RegionId),
    Municipality(MunicipalityId),
}

#[derive(Debug, Clone)]
pub struct CatalogueDraft {
    pub name: String,
    pub owner: OwnerRef,
    pub version: Option<String>,
    pub source: Option<SourceDocument>,
    pub factors: Vec<(i64, String)>,
    pub parameters: Vec<(String, String)>,
}

/// The checked content of a new catalogue.
#[derive(Debug, Clone)]
pub struct CatalogueContent {
    pub name: Name,
    pub owner: OwnerRef,
    pub version: Option<String>,
    pub source: Option<SourceDocument>,
    pub factors: Vec<Factor>,
    pub parameters: Vec<Parameter>,
}

impl CatalogueDraft {
    /// Every problem at once: names, factor numbers, codes, and parameters whose code names a
    /// factor the catalogue does not have.
    pub fn parse(&self) -> Result<CatalogueContent, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check("name", Name::parse(&self.name));
        let mut factors: Vec<Factor> = Vec::new();
        for (i, (code, factor_name)) in self.factors.iter().enumerate() {
            let Some(code) = u16::try_from(*code).ok().filter(|c| (1..=99).contains(c)) else {
                let message = format!("{code} is not a factor number from 1 to 99");
                errors.push(format!("factors[{i}].code"), "out_of_range", message);
                continue;
            };
            if factors.iter().any(|f| f.code == code) {
                errors.push(format!("factors[{i}].code"), "duplicate", format!("factor {code} appears twice"));
            }
            if let Some(name) = errors.check(&format!("factors[{i}].name"), Name::parse(factor_name)) {
                factors.push(Factor { code, name });
            }
        }
        let mut parameters: Vec<Parameter> = Vec::new();
        for (i, (code, parameter_name)) in self.parameters.iter().enumerate() {
            let field = format!("parameters[{i}].code");
            let code = match ParameterCode::parse(code) {
                Ok(code) => code,
                Err(e) => {
                    errors.push(field, e.code(), e.to_string());
                    continue;
                }
            };
            if parameters.iter().any(|p| p.code == code) {
                errors.push(field.clone(), "duplicate", format!("parameter {code} appears twice"));
            }
            if !self.factors.iter().any(|(f, _)| *f == i64::from(code.factor())) {
                errors.push(
                    field,
                    "unknown_factor",
                    format!("parameter {code} names factor {}, which the catalogue does not have", code.factor()),
                );
            }
            if let Some(name) = errors.check(&format!("parameters[{i}].name"), Name::parse(parameter_name)) {
                parameters.push(Parameter { code, name });
            }
        }
        if self.parameters.is_empty() {
            errors.push("parameters", "required", "a catalogue needs at least one parameter");
        }
        let source = self.source.as_ref().and_then(|s| {
            SourceDocument::parse(
                s.issuer.as_deref(),
                s.number.as_deref(),
                s.date,
                s.title.as_deref(),
                |part| format!("source.{part}"),
                &mut errors,
            )
        });
        errors.finish(|| CatalogueContent {
            name: name.expect("checked"),
            owner: self.owner,
            version: self.version.clone(),
            source,
            factors,
            parameters,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_of_a_missing_factor_and_bad_codes_are_reported_together() {
        let draft = CatalogueDraft {
            name: "Факторы".into(),
            owner: OwnerRef::Federal,
            version: None,
            source: None,
            factors: vec![(1, "Кадры".into()), (1, "Кадры ещё раз".into())],
            parameters: vec![
                ("1.1".into(), "Дефицит".into()),
                ("7.1".into(), "Вакансии".into()),
                ("x".into(), "?".into()),
            ],
        };
        let fields: Vec<String> = draft.parse().unwrap_err().errors().iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, ["factors[1].code", "parameters[1].code", "parameters[2].code"]);
    }
}
