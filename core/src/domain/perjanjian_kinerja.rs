//! The Perjanjian Kinerja (PermenPAN-RB 53/2014) of the agency or one of
//! its units for a year: who promises to whom, the sasaran with their
//! indicators and the year's targets, and the programmes with their
//! ceilings. The agency's is signed by the head of the agency and the
//! regent (the letterhead's signatories); a unit's by its head and the head
//! of the unit above (the users who hold those posts). The print view and
//! the DOCX lay out this one value, so both say the same. Pure.

use crate::domain::budget::{Ceiling, Program, ProgramCeiling};
use crate::domain::letterhead::{Letterhead, Signatory, SignedDocument};
use crate::domain::org::{Role, Unit, UnitKind, UnitTree, User, agency};
use crate::domain::plan::{Indicator, Renstra};
use crate::domain::report::lkjip::{PkIndicator, PkSasaran, by_sasaran};
use crate::domain::target::Targets;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerjanjianKinerja {
    pub year: i32,
    pub unit_id: String,
    pub unit_name: String,
    /// Who promises the targets (the party's name empty when nobody holds
    /// the post: dots on paper).
    pub first_party: Signatory,
    /// The first party's superior, who supervises and evaluates.
    pub second_party: Signatory,
    pub sasaran: Vec<PkSasaran>,
    pub programs: Vec<ProgramCeiling>,
    /// The ceilings of the lines not already counted in a line above them.
    pub total_pagu: Option<Decimal>,
}

/// What an agreement is drawn from.
pub struct PkSources<'a> {
    pub units: &'a [Unit],
    pub users: &'a [User],
    pub indicators: &'a [Indicator],
    /// The year's targets by indicator.
    pub targets: &'a HashMap<String, Targets>,
    pub renstra: &'a Renstra,
    pub programs: &'a [Program],
    /// The year's ceilings.
    pub ceilings: &'a [Ceiling],
    pub letterhead: &'a Letterhead,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PkError {
    #[error("no such unit")]
    UnknownUnit,
    #[error("another agency or institution makes no performance agreement here")]
    ExternalUnit,
}

impl PkSources<'_> {
    /// The party who heads `unit`: the agency's head from the letterhead,
    /// otherwise the active user holding the post, under the post's title.
    fn head(&self, unit: &Unit) -> Signatory {
        if unit.kind == UnitKind::Dinas {
            return self.letterhead.signatory(SignedDocument::PkFirstParty);
        }
        let (position, role) = match unit.kind {
            UnitKind::Sekretariat => ("Sekretaris".to_owned(), Role::Sekretaris),
            UnitKind::Bidang => (format!("Kepala {}", unit.name), Role::KepalaBidang),
            _ => (format!("Kepala {}", unit.name), Role::KepalaSeksi),
        };
        let holder = self.users.iter().find(|u| {
            u.active && u.role == role && (role == Role::Sekretaris || u.unit_id.as_deref() == Some(&unit.id))
        });
        Signatory {
            position,
            name: holder.map(|u| u.full_name.clone()).unwrap_or_default(),
            nip: holder.map(|u| u.nip.clone()).unwrap_or_default(),
        }
    }
}

/// The agreement of `unit` (the agency when `None`) for `year`.
pub fn perjanjian_kinerja(
    year: i32,
    unit: Option<&str>,
    sources: &PkSources<'_>,
) -> Result<PerjanjianKinerja, PkError> {
    let root = agency(sources.units).ok_or(PkError::UnknownUnit)?;
    let unit = match unit {
        None => root,
        Some(id) => sources.units.iter().find(|u| u.id == id).ok_or(PkError::UnknownUnit)?,
    };
    if unit.kind.is_external() {
        return Err(PkError::ExternalUnit);
    }
    let second_party = match unit.parent_id.as_deref().and_then(|p| sources.units.iter().find(|u| u.id == p))
    {
        None => sources.letterhead.signatory(SignedDocument::PkSecondParty),
        Some(parent) => sources.head(parent),
    };
    let tree = UnitTree::new(sources.units.iter().map(|u| (u.id.as_str(), u.parent_id.as_deref())));
    let inside = |id: &str| tree.is_within(id, &unit.id);
    let lines = sources
        .indicators
        .iter()
        .filter(|i| i.active && inside(&i.responsible_unit_id))
        .map(|i| {
            let line = PkIndicator {
                indicator_id: i.id.clone(),
                code: i.code.clone(),
                name: i.name.clone(),
                unit_of_measure: i.unit_of_measure.clone(),
                target: sources.targets.get(&i.id).and_then(|t| t.annual_range().low),
                target_upper: sources.targets.get(&i.id).and_then(|t| t.annual_range().high),
                decimals: i.rule.decimals,
            };
            (i.sasaran_id.as_deref(), line)
        })
        .collect();
    let pagu: HashMap<&str, Decimal> =
        sources.ceilings.iter().filter(|c| c.year == year).map(|c| (c.program_id.as_str(), c.pagu)).collect();
    let mut carried: Vec<&Program> = sources
        .programs
        .iter()
        .filter(|p| p.unit_id.as_deref().is_some_and(inside) || unit.parent_id.is_none())
        .collect();
    carried.sort_by(|a, b| a.code.cmp(&b.code));
    let listed: HashSet<&str> = carried.iter().map(|p| p.id.as_str()).collect();
    let total_pagu = carried
        .iter()
        .filter(|p| p.parent_id.as_deref().is_none_or(|parent| !listed.contains(parent)))
        .filter_map(|p| pagu.get(p.id.as_str()))
        .fold(None, |total: Option<Decimal>, amount| Some(total.unwrap_or_default() + amount));
    Ok(PerjanjianKinerja {
        year,
        unit_id: unit.id.clone(),
        unit_name: unit.name.clone(),
        first_party: sources.head(unit),
        second_party,
        sasaran: by_sasaran(sources.renstra, lines),
        programs: carried
            .into_iter()
            .map(|p| ProgramCeiling {
                code: p.code.clone(),
                name: p.name.clone(),
                level: p.level,
                pagu: pagu.get(p.id.as_str()).copied(),
            })
            .collect(),
        total_pagu,
    })
}

impl PerjanjianKinerja {
    /// The agreement's text above the signatures, paragraph by paragraph,
    /// as the regulation's form words it.
    pub fn statement(&self) -> Vec<String> {
        vec![
            "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta \
             berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
                .to_owned(),
            format!("Nama: {}; Jabatan: {}; selanjutnya disebut pihak pertama.", self.first_party.name_or_blank(), self.first_party.position),
            format!(
                "Nama: {}; Jabatan: {}; selaku atasan pihak pertama, selanjutnya disebut pihak kedua.",
                self.second_party.name_or_blank(),
                self.second_party.position
            ),
            "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian \
             ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam \
             dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi \
             tanggung jawab kami."
                .to_owned(),
            "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap \
             capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka \
             pemberian penghargaan dan sanksi."
                .to_owned(),
        ]
    }

    /// `Perjanjian Kinerja Tahun 2026`.
    pub fn title(&self) -> String {
        format!("Perjanjian Kinerja Tahun {}", self.year)
    }
}

#[cfg(test)]
mod tests;
