//! Which evidence files (bukti dukung) the agency keeps: photos and scanned
//! documents only. A file is accepted when its declared media type is on the
//! allow-list and its first bytes say it is that kind of file, so a page or
//! a script can never be stored under an image's name and later opened in a
//! reader's browser. Shared by the server (upload), the device (before a
//! file is queued) and the sync decision (an evidence record's media type).

/// The kinds of evidence file the agency keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Jpeg,
    Png,
    Webp,
    Pdf,
}

/// Why a file is not accepted as evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileRefusal {
    /// The declared media type is not one the agency keeps.
    TypeNotAllowed,
    /// The content is not a file of the declared type.
    ContentMismatch,
}

impl FileKind {
    pub const ALL: [FileKind; 4] = [FileKind::Jpeg, FileKind::Png, FileKind::Webp, FileKind::Pdf];

    /// The media type a file of this kind is stored and served with.
    pub fn media_type(self) -> &'static str {
        match self {
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Webp => "image/webp",
            FileKind::Pdf => "application/pdf",
        }
    }

    /// The kind a media type names, if it is on the allow-list.
    pub fn from_media_type(media_type: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|kind| kind.media_type() == media_type)
    }

    /// The kind the content's first bytes announce.
    pub fn sniff(content: &[u8]) -> Option<FileKind> {
        match content {
            [0xFF, 0xD8, 0xFF, ..] => Some(FileKind::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(FileKind::Png),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(FileKind::Webp),
            [b'%', b'P', b'D', b'F', b'-', ..] => Some(FileKind::Pdf),
            _ => None,
        }
    }

    /// Whether a browser may show the file in place: images only; a PDF is
    /// always downloaded, since a browser's PDF viewer runs the file's scripts.
    pub fn shown_inline(self) -> bool {
        self != FileKind::Pdf
    }

    /// The file name extension of this kind.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
            FileKind::Webp => "webp",
            FileKind::Pdf => "pdf",
        }
    }
}

/// Checks a file declared as `media_type` with `content` before it is kept.
pub fn accept(media_type: &str, content: &[u8]) -> Result<FileKind, FileRefusal> {
    let kind = FileKind::from_media_type(media_type).ok_or(FileRefusal::TypeNotAllowed)?;
    if FileKind::sniff(content) == Some(kind) { Ok(kind) } else { Err(FileRefusal::ContentMismatch) }
}

/// The `accept` attribute of a file picker offering the allowed kinds.
pub fn picker_accept() -> String {
    FileKind::ALL.iter().map(|kind| kind.media_type()).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const WEBP: &[u8] = b"RIFF\x24\0\0\0WEBPVP8 ";
    const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";

    #[test]
    fn photos_and_pdfs_of_their_declared_type_are_accepted() {
        assert_eq!(accept("image/jpeg", JPEG), Ok(FileKind::Jpeg));
        assert_eq!(accept("image/png", PNG), Ok(FileKind::Png));
        assert_eq!(accept("image/webp", WEBP), Ok(FileKind::Webp));
        assert_eq!(accept("application/pdf", PDF), Ok(FileKind::Pdf));
    }

    #[test]
    fn pages_scripts_and_disguised_files_are_refused() {
        let html = b"<html><script>fetch('/api/v1/users')</script></html>";
        let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>";
        assert_eq!(accept("text/html", html), Err(FileRefusal::TypeNotAllowed));
        assert_eq!(accept("image/svg+xml", svg), Err(FileRefusal::TypeNotAllowed));
        assert_eq!(accept("image/jpeg", html), Err(FileRefusal::ContentMismatch));
        assert_eq!(accept("image/png", JPEG), Err(FileRefusal::ContentMismatch));
        assert_eq!(accept("application/pdf", b""), Err(FileRefusal::ContentMismatch));
        assert_eq!(accept("IMAGE/JPEG", JPEG), Err(FileRefusal::TypeNotAllowed));
    }

    #[test]
    fn only_images_are_shown_in_place() {
        assert!(
            FileKind::Jpeg.shown_inline() && FileKind::Png.shown_inline() && FileKind::Webp.shown_inline()
        );
        assert!(!FileKind::Pdf.shown_inline());
        assert_eq!(picker_accept(), "image/jpeg,image/png,image/webp,application/pdf");
    }

    proptest! {
        #[test]
        fn an_accepted_file_is_what_its_bytes_say(media_type in "[a-z/+.-]{0,20}", content in proptest::collection::vec(any::<u8>(), 0..32)) {
            if let Ok(kind) = accept(&media_type, &content) {
                prop_assert_eq!(kind.media_type(), media_type.as_str());
                prop_assert_eq!(FileKind::sniff(&content), Some(kind));
            }
        }

        #[test]
        fn each_kind_round_trips_through_its_media_type(index in 0usize..4) {
            let kind = FileKind::ALL[index];
            prop_assert_eq!(FileKind::from_media_type(kind.media_type()), Some(kind));
        }
    }
}
