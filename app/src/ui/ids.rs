//! Ids made in the browser, so a record or request has its identity before
//! the server ever sees it. Both kinds draw on the Web Crypto API's random
//! numbers, which work on plain-HTTP office networks too (`randomUUID`
//! needs a secure context).

use crate::offline::outbox::uuid_v7;

/// `N` random bytes from the browser's random source; in the browser only.
fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes
}

/// A new random id (UUID version 4) for a record of the master data.
pub fn new_id() -> String {
    new_uuid().to_string()
}

/// `new_id` as a UUID, for workflow requests (cycle actions, dispositions).
pub fn new_uuid() -> uuid::Uuid {
    uuid::Builder::from_random_bytes(random()).into_uuid()
}

/// A new id whose text order is its creation order (UUID version 7 from
/// the browser's clock), for sync ops and the device's id.
pub fn time_ordered_id() -> String {
    uuid_v7(js_sys::Date::now() as u64, random())
}
