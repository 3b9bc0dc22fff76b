//! A file the user picks to keep as evidence — a photo of a realisation's
//! proof, or of a socialisation's signed attendance list: checked as the
//! server will check it (`domain::evidence`: an allowed type whose first
//! bytes are of that type, at most 10 MB), named by its SHA-256 and kept in
//! the device store until a sync round (or the request that names it)
//! uploads it.

use crate::domain::evidence::accept;
use crate::i18n::{Locale, td_string};
use crate::offline::store::EvidenceMeta;
use crate::ui::device::Local;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The largest file the server takes.
const MAX_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

/// Why a picked file was not kept.
pub enum Unfit {
    TooBig,
    Unreadable,
    Refused,
    Store(String),
}

impl Unfit {
    /// The sentence the user reads.
    pub fn text(&self, locale: Locale) -> String {
        match self {
            Unfit::TooBig => td_string!(locale, entry.file_too_big).to_owned(),
            Unfit::Unreadable => td_string!(locale, entry.file_unreadable).to_owned(),
            Unfit::Refused => td_string!(locale, entry.file_kind_refused).to_owned(),
            Unfit::Store(error) => format!("{} {error}", td_string!(locale, entry.store_broken)),
        }
    }
}

/// The SHA-256 of a file the agency keeps as evidence.
async fn evidence_hash(file: &web_sys::File, media_type: &str) -> Result<String, Unfit> {
    let buffer: js_sys::ArrayBuffer =
        JsFuture::from(file.array_buffer()).await.map_err(|_| Unfit::Unreadable)?.unchecked_into();
    let head = js_sys::Uint8Array::new_with_byte_offset_and_length(&buffer, 0, buffer.byte_length().min(16));
    accept(media_type, &head.to_vec()).map_err(|_| Unfit::Refused)?;
    let subtle = window().crypto().map_err(|_| Unfit::Unreadable)?.subtle();
    let promise =
        subtle.digest_with_str_and_buffer_source("SHA-256", &buffer).map_err(|_| Unfit::Unreadable)?;
    let digest =
        js_sys::Uint8Array::new(&JsFuture::from(promise).await.map_err(|_| Unfit::Unreadable)?).to_vec();
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// Checks `file` and keeps it on the device; what was kept.
pub async fn keep_picked(local: Local, file: &web_sys::File) -> Result<EvidenceMeta, Unfit> {
    if file.size() > MAX_BYTES {
        return Err(Unfit::TooBig);
    }
    let media_type = file.type_();
    let sha256 = evidence_hash(file, &media_type).await?;
    let meta = EvidenceMeta {
        sha256,
        file_name: file.name(),
        media_type,
        size: file.size() as u64,
        uploaded: false,
    };
    local.keep_file(meta.clone(), file).await.map_err(|error| Unfit::Store(error.0))?;
    Ok(meta)
}
