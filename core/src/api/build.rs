//! Which build of the app a server serves, so a page loaded from an older
//! build learns it while it runs (its calls go on, and the service worker
//! is asked to fetch the new version, which it then offers to load). Every
//! API answer of a server whose site has content-hashed file names carries
//! the hash of its main module in `X-Kinerja-Build`; the page finds its own
//! in the main module's file name, `/pkg/kinerja.<hash>.js`.

/// The answer header naming the server's build.
pub const BUILD_HEADER: &str = "x-kinerja-build";

/// The build hash in a main module's path: `/pkg/kinerja.<hash>.js`.
pub fn build_in_path(path: &str) -> Option<&str> {
    let file = path.rsplit('/').next()?;
    let hash = file.strip_prefix("kinerja.")?.strip_suffix(".js")?;
    (!hash.is_empty() && !hash.contains('.')).then_some(hash)
}

/// Whether the server answers from another build than the page's (unknown
/// on either side: no).
pub fn server_is_other(page: Option<&str>, server: Option<&str>) -> bool {
    matches!((page, server), (Some(page), Some(server)) if page != server)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_is_read_from_the_main_module_s_name() {
        assert_eq!(build_in_path("/pkg/kinerja.KoiV9Qpex12_jC5xg3V_QQ.js"), Some("KoiV9Qpex12_jC5xg3V_QQ"));
        assert_eq!(build_in_path("http://127.0.0.1:3000/pkg/kinerja.abc.js"), Some("abc"));
        assert_eq!(build_in_path("/pkg/kinerja.js"), None, "an unhashed build names none");
        assert_eq!(build_in_path("/pkg/split_12.abc.js"), None);
        assert_eq!(build_in_path("/pkg/kinerja.abc.wasm"), None);
    }

    #[test]
    fn only_two_known_and_different_builds_differ() {
        assert!(server_is_other(Some("a"), Some("b")));
        assert!(!server_is_other(Some("a"), Some("a")));
        assert!(!server_is_other(None, Some("b")));
        assert!(!server_is_other(Some("a"), None));
    }
}
