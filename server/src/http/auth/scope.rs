//! The units a signed-in user's requests are confined to, beside the
//! extractors that say who the user is: every route that lists, pulls or
//! compiles asks here, so the scope rule (`Actor::sees_unit`) is applied
//! one way.

use super::Auth;
use crate::db::UnitScope;
use crate::http::AppState;
use crate::http::error::ApiError;

impl Auth {
    /// The units whose records the user may pull or list: everything, or
    /// the user's own unit and the units below it.
    pub async fn unit_scope(&self, state: &AppState) -> Result<UnitScope, ApiError> {
        let actor = self.actor();
        if actor.sees_all() {
            return Ok(UnitScope::All);
        }
        let tree = state.db.unit_tree().await?;
        let units = state.db.units().await?;
        Ok(UnitScope::Units(
            units.into_iter().map(|u| u.id).filter(|id| actor.sees_unit(&tree, id)).collect(),
        ))
    }

    /// The unit a table or report is for: the one asked for, if the user
    /// sees it; unasked, the agency for those who see everything and the
    /// user's own unit for the others.
    pub async fn unit_asked(
        &self,
        state: &AppState,
        asked: Option<String>,
    ) -> Result<Option<String>, ApiError> {
        let actor = self.actor();
        let tree = state.db.unit_tree().await?;
        match asked {
            Some(unit) if actor.sees_unit(&tree, &unit) => Ok(Some(unit)),
            Some(_) => Err(ApiError::forbidden("see this unit's data")),
            None if actor.sees_all() => Ok(None),
            None => {
                Ok(Some(actor.unit_id.clone().ok_or_else(|| ApiError::forbidden("see the agency's data"))?))
            }
        }
    }
}
