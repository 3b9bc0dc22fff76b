//! Record ids made in the browser (UUID version 4 from the Web Crypto API's
//! random numbers, which work on plain-HTTP office networks too), so a
//! record has its identity before the server ever sees it.

/// A new random id; in the browser only.
pub fn new_id() -> String {
    new_uuid().to_string()
}

/// `new_id` as a UUID.
pub fn new_uuid() -> uuid::Uuid {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}
