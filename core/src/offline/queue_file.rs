//! The queue file: everything a device has not yet delivered, written out so
//! the work can travel to another device when this one cannot reach the
//! server (a broken phone, a laptop left at the site). It carries the
//! unsent and refused ops, the evidence files only this device holds (an
//! op naming a file the server lacks is refused), and the queued workflow
//! requests (step actions, dispositions). Importing it adds what the other
//! device does not hold yet; every item keeps its id, so sending it from
//! both devices changes the server once.
//!
//! Version 1 was the bare outbox; it is still read.

use crate::domain::sync::is_sha256;
use crate::offline::outbox::{Entry, Outbox};
use crate::offline::requests::Queued;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

/// The version this code writes.
pub const VERSION: u32 = 2;

/// The largest file carried, as the server takes it (`domain::evidence`).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// An evidence file only the exporting device held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarriedFile {
    pub sha256: String,
    pub file_name: String,
    pub media_type: String,
    /// The file's bytes, base64 (standard alphabet, padded).
    pub data: String,
}

impl CarriedFile {
    pub fn new(sha256: String, file_name: String, media_type: String, bytes: &[u8]) -> CarriedFile {
        CarriedFile { sha256, file_name, media_type, data: STANDARD.encode(bytes) }
    }

    /// The file's bytes.
    pub fn bytes(&self) -> Result<Vec<u8>, Unreadable> {
        STANDARD.decode(&self.data).map_err(|_| Unreadable::File(self.sha256.clone()))
    }
}

/// What one device hands to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueFile {
    pub version: u32,
    /// The ops not yet accepted: waiting or refused (`sent` is left out).
    pub outbox: Outbox,
    pub requests: Vec<Queued>,
    pub files: Vec<CarriedFile>,
}

/// Why a queue file was not taken in (nothing of it is kept).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("not a queue file")]
    Format,
    #[error("a newer version ({0}) than this app reads")]
    Newer(u32),
    #[error("file {0} is damaged")]
    File(String),
}

/// The forms a queue file has had.
#[derive(Deserialize)]
#[serde(untagged)]
enum AnyVersion {
    Current(QueueFile),
    Outbox(Outbox),
}

impl QueueFile {
    /// The file of a device's undelivered work: its outbox without the
    /// accepted ops it keeps, its requests, and `files`.
    pub fn new(outbox: &Outbox, requests: &[Queued], files: Vec<CarriedFile>) -> QueueFile {
        QueueFile {
            version: VERSION,
            outbox: Outbox { sent: Vec::new(), ..outbox.clone() },
            requests: requests.to_vec(),
            files,
        }
    }

    /// Reads a queue file of any version, checking every carried file: it
    /// decodes, is no larger than the server takes, and is named by a hash.
    pub fn read(text: &str) -> Result<QueueFile, Unreadable> {
        let file = match serde_json::from_str(text).map_err(|_| Unreadable::Format)? {
            AnyVersion::Current(file) if file.version > VERSION => {
                return Err(Unreadable::Newer(file.version));
            }
            AnyVersion::Current(file) => file,
            AnyVersion::Outbox(outbox) => QueueFile::new(&outbox, &[], Vec::new()),
        };
        for carried in &file.files {
            let fits = is_sha256(&carried.sha256) && carried.bytes()?.len() <= MAX_FILE_BYTES;
            if !fits {
                return Err(Unreadable::File(carried.sha256.clone()));
            }
        }
        Ok(file)
    }

    /// The ops it carries.
    pub fn entries(&self) -> &[Entry] {
        &self.outbox.entries
    }
}

/// How much of a queue file was new to the device that took it in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Taken {
    pub ops: usize,
    pub files: usize,
    pub requests: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::sync::Op;
    use crate::domain::merge::Fields;
    use crate::domain::sync::Key;
    use crate::offline::requests::RequestKind;
    use proptest::prelude::*;

    fn request() -> Queued {
        Queued {
            id: "r-1".into(),
            user_id: "u-1".into(),
            kind: RequestKind::CycleAction,
            path: "/api/v1/cycles/2026-TW1/actions".into(),
            body: serde_json::json!({"id": "r-1", "action": {"complete": {"step": 2}}}),
            created: "2026-12-06T01:00:00Z".into(),
            refused: None,
        }
    }

    fn sha(byte: u8) -> String {
        format!("{byte:02x}").repeat(32)
    }

    #[test]
    fn a_file_carries_ops_requests_and_files_but_not_the_accepted_ops() {
        let mut outbox = Outbox::new("device-a".into());
        let op = Op {
            op_id: "op-1".into(),
            seq: 1,
            key: Key::Realisation {
                indicator_id: "i".into(),
                unit_id: "u".into(),
                period: "2026-03".parse().unwrap(),
            },
            base_revision: 0,
            base: Fields::new(),
            new: Fields::from([("value".to_owned(), Some("1".to_owned()))]),
            client_time: "2026-12-06T01:00:00Z".into(),
        };
        outbox.sent.push(Entry { device_id: "device-a".into(), op: op.clone(), refused: None });
        outbox.entries.push(Entry {
            device_id: "device-a".into(),
            op: Op { op_id: "op-2".into(), seq: 2, ..op },
            refused: None,
        });
        let photo =
            CarriedFile::new(sha(1), "lokasi.jpg".into(), "image/jpeg".into(), b"\xff\xd8\xff\xe0 photo");
        let written = QueueFile::new(&outbox, &[request()], vec![photo.clone()]);
        let read = QueueFile::read(&serde_json::to_string(&written).unwrap()).unwrap();
        assert_eq!(read.version, VERSION);
        assert!(read.outbox.sent.is_empty());
        assert_eq!(read.entries().len(), 1);
        assert_eq!(read.requests, vec![request()]);
        assert_eq!(read.files, vec![photo]);
        assert_eq!(read.files[0].bytes().unwrap(), b"\xff\xd8\xff\xe0 photo");
    }

    #[test]
    fn a_bare_outbox_of_version_one_is_read() {
        let outbox = Outbox::new("device-a".into());
        let read = QueueFile::read(&serde_json::to_string(&outbox).unwrap()).unwrap();
        assert_eq!(read.outbox.device_id, "device-a");
        assert!(read.requests.is_empty() && read.files.is_empty());
    }

    #[test]
    fn damaged_newer_or_foreign_files_are_refused() {
        let outbox = Outbox::new("device-a".into());
        let text = |file: &QueueFile| serde_json::to_string(file).unwrap();
        let mut file = QueueFile::new(
            &outbox,
            &[],
            vec![CarriedFile::new(sha(2), "a.png".into(), "image/png".into(), b"x")],
        );
        file.files[0].data = "not base64!".into();
        assert_eq!(QueueFile::read(&text(&file)), Err(Unreadable::File(sha(2))));
        file.files[0] = CarriedFile::new("../etc".into(), "a.png".into(), "image/png".into(), b"x");
        assert_eq!(QueueFile::read(&text(&file)), Err(Unreadable::File("../etc".into())));
        file.files[0] =
            CarriedFile::new(sha(3), "a.png".into(), "image/png".into(), &vec![0; MAX_FILE_BYTES + 1]);
        assert_eq!(QueueFile::read(&text(&file)), Err(Unreadable::File(sha(3))));
        let newer = QueueFile { version: VERSION + 1, ..QueueFile::new(&outbox, &[], Vec::new()) };
        assert_eq!(QueueFile::read(&text(&newer)), Err(Unreadable::Newer(VERSION + 1)));
        assert_eq!(QueueFile::read(r#"{"device_id": 7"#), Err(Unreadable::Format));
        assert_eq!(QueueFile::read(r#"[1, 2]"#), Err(Unreadable::Format));
    }

    proptest! {
        #[test]
        fn any_file_comes_back_byte_for_byte(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let carried = CarriedFile::new(sha(4), "f.pdf".into(), "application/pdf".into(), &bytes);
            let file = QueueFile::new(&Outbox::new("d".into()), &[], vec![carried]);
            let read = QueueFile::read(&serde_json::to_string(&file).unwrap()).unwrap();
            prop_assert_eq!(read.files[0].bytes().unwrap(), bytes);
        }
    }
}
