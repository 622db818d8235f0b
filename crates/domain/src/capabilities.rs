//! The capabilities' use-case services, wired to one database: the one list of them. The server
//! builds it once (`wire()`), the API holds it, and the combined views (`insights`) read
//! through it; a new capability adds its service here and nowhere else.

use crate::access::AccessService;
use crate::factors::FactorsService;
use crate::indicators::IndicatorsService;
use crate::lists::ListsService;
use crate::measures::MeasuresService;
use crate::monitoring::MonitoringService;
use crate::notes::NotesService;
use crate::schools::TerritoryService;
use crate::warning::WarningService;

#[derive(Clone)]
pub struct Capabilities {
    pub territory: TerritoryService,
    pub access: AccessService,
    pub factors: FactorsService,
    pub lists: ListsService,
    pub measures: MeasuresService,
    pub monitoring: MonitoringService,
    pub indicators: IndicatorsService,
    pub warning: WarningService,
    pub notes: NotesService,
}

impl std::fmt::Debug for Capabilities {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Capabilities").finish_non_exhaustive()
    }
}
