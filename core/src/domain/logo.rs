//! The agency's logo, printed at the left of the letterhead on every page,
//! DOCX and XLSX. It is a PNG — the kind every output can embed (a Word
//! document's images are PNG here) and the one that keeps a transparent
//! background on the kop surat — read only as far as its header: the
//! signature, then the IHDR chunk's width and height. Anything else, a
//! file too large, or a picture too small to print or too large to lay out
//! is refused before it is kept.

use serde::{Deserialize, Serialize};

/// The largest logo file: a crest at print resolution is well under this.
pub const MAX_BYTES: usize = 256 * 1024;
/// The fewest pixels on a side that still print sharply at letterhead size.
pub const SIDE_MIN: u32 = 32;
/// The most pixels on a side.
pub const SIDE_MAX: u32 = 2048;
/// The logo's printed height, in millimetres: the height of the heading's lines.
pub const PRINTED_HEIGHT_MM: u32 = 22;

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// The logo kept with the letterhead: the file's SHA-256 and its size in pixels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logo {
    pub sha256: String,
    pub width: u32,
    pub height: u32,
}

/// Why a file cannot be the logo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogoRefusal {
    /// Not a PNG (its first bytes are not a PNG's signature and header).
    NotPng,
    /// Larger than `MAX_BYTES`.
    TooLarge,
    /// A side below `SIDE_MIN` or above `SIDE_MAX` pixels.
    Dimensions,
}

impl LogoRefusal {
    /// The stable code an API answer carries.
    pub fn code(self) -> &'static str {
        match self {
            LogoRefusal::NotPng => "logo_not_png",
            LogoRefusal::TooLarge => "logo_too_large",
            LogoRefusal::Dimensions => "logo_dimensions",
        }
    }
}

/// The width and height of a PNG fit to be the logo.
pub fn read(content: &[u8]) -> Result<(u32, u32), LogoRefusal> {
    if content.len() > MAX_BYTES {
        return Err(LogoRefusal::TooLarge);
    }
    let header = content.get(..24).ok_or(LogoRefusal::NotPng)?;
    if &header[..8] != SIGNATURE || &header[8..16] != b"\0\0\0\x0dIHDR" {
        return Err(LogoRefusal::NotPng);
    }
    let side = |at: usize| u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]);
    let (width, height) = (side(16), side(20));
    let fits = |side: u32| (SIDE_MIN..=SIDE_MAX).contains(&side);
    if fits(width) && fits(height) { Ok((width, height)) } else { Err(LogoRefusal::Dimensions) }
}

impl Logo {
    /// The width, in the same unit, that keeps the logo's proportions at `height`.
    pub fn width_at(&self, height: u32) -> u32 {
        (u64::from(self.width) * u64::from(height) / u64::from(self.height.max(1))) as u32
    }

    /// The printed width and height in a unit with `per_inch` to the inch
    /// (914 400 EMU in a Word document, 96 pixels in a workbook's header).
    pub fn printed_size(&self, per_inch: u32) -> (u32, u32) {
        let height = (u64::from(PRINTED_HEIGHT_MM) * u64::from(per_inch) * 10 / 254) as u32;
        (self.width_at(height), height)
    }

    /// Where the file is read: its hash names it, so it may be kept as long as wanted.
    pub fn path(&self) -> String {
        format!("/api/v1/settings/logo/{}", self.sha256)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The first bytes of a PNG of `width` × `height` pixels.
    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = SIGNATURE.to_vec();
        bytes.extend_from_slice(b"\0\0\0\x0dIHDR");
        bytes.extend_from_slice(&width.to_be_bytes());
        bytes.extend_from_slice(&height.to_be_bytes());
        bytes.extend_from_slice(&[8, 6, 0, 0, 0]);
        bytes
    }

    #[test]
    fn a_png_of_printable_size_is_read_with_its_dimensions() {
        assert_eq!(read(&png(400, 480)), Ok((400, 480)));
        assert_eq!(read(&png(SIDE_MIN, SIDE_MAX)), Ok((SIDE_MIN, SIDE_MAX)));
    }

    #[test]
    fn other_files_tiny_or_huge_pictures_and_large_files_are_refused() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'].repeat(4);
        assert_eq!(read(&jpeg), Err(LogoRefusal::NotPng));
        assert_eq!(read(b"<svg onload=alert(1)></svg>                 "), Err(LogoRefusal::NotPng));
        assert_eq!(read(&png(400, 480)[..20]), Err(LogoRefusal::NotPng));
        assert_eq!(read(&png(SIDE_MIN - 1, 100)), Err(LogoRefusal::Dimensions));
        assert_eq!(read(&png(100, SIDE_MAX + 1)), Err(LogoRefusal::Dimensions));
        let mut large = png(400, 480);
        large.resize(MAX_BYTES + 1, 0);
        assert_eq!(read(&large), Err(LogoRefusal::TooLarge));
        assert_eq!(LogoRefusal::Dimensions.code(), "logo_dimensions");
    }

    #[test]
    fn the_printed_width_keeps_the_proportions() {
        let logo = Logo { sha256: String::new(), width: 400, height: 480 };
        assert_eq!(logo.width_at(PRINTED_HEIGHT_MM * 10), 183);
        assert_eq!(logo.width_at(480), 400);
        assert_eq!(logo.printed_size(96), (69, 83));
        assert_eq!(logo.printed_size(914_400), (660_000, 792_000));
    }

    proptest! {
        #[test]
        fn a_read_logo_is_never_wider_than_its_proportions_allow(width in SIDE_MIN..=SIDE_MAX, height in SIDE_MIN..=SIDE_MAX, at in 1u32..10_000) {
            let (width, height) = read(&png(width, height)).unwrap();
            let logo = Logo { sha256: String::new(), width, height };
            let scaled = logo.width_at(at);
            prop_assert!(u64::from(scaled) * u64::from(height) <= u64::from(width) * u64::from(at));
            prop_assert!(u64::from(scaled + 1) * u64::from(height) > u64::from(width) * u64::from(at));
        }
    }
}
