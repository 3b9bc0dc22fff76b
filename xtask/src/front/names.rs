//! The site's file names: every file the browser caches for a year
//! (`/pkg`, served `immutable`) is named for its content, so a new build can
//! never be answered from a stale cache, and an unchanged page chunk keeps
//! its name (and the phone its cached copy) across builds.
//!
//! Pure: it takes the unhashed build outputs in memory and returns the named
//! files, their references rewritten, and the `hash.txt` the server and
//! Leptos's `HydrationScripts` read (`js`, `wasm`, `css`, `manifest`, `split`).
//!
//! One cycle needs a decision: the main JS imports the split loader (for the
//! lazy routes) and the loader imports the main JS (`initSync`). Neither can
//! be named for its own final content, so both carry one name taken from
//! their contents together, with each other's name left out: a change to
//! either renames both. The page chunks come first (the loader names them),
//! and the manifest of which chunks each lazy route needs comes last.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// What wasm-split writes where a name's hash will go: as long as the hash,
/// so that it can be replaced inside a wasm binary without moving a byte.
pub const PLACEHOLDER: &str = "______________________";

/// The build's outputs before naming.
pub struct Unnamed {
    /// The output name (`kinerja`): `kinerja.js`, `kinerja.wasm`, `kinerja.css`.
    pub name: String,
    /// The JS glue wasm-bindgen wrote for the main module.
    pub main_js: String,
    pub main_wasm: Vec<u8>,
    pub css: Vec<u8>,
    /// The split loader (`__wasm_split.<PLACEHOLDER>.js`).
    pub loader: String,
    /// The page chunks by file stem (`chunk_3`, `split_field_pages`).
    pub chunks: BTreeMap<String, Vec<u8>>,
    /// Each lazy route's chunks, by file stem, as wasm-split reports them.
    pub prefetch: HashMap<String, Vec<String>>,
}

/// The named files, for `pkg/`, and the hash file.
#[derive(Debug)]
pub struct Named {
    pub files: BTreeMap<String, Vec<u8>>,
    pub hashes: Hashes,
}

/// The lines of `hash.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hashes {
    pub js: String,
    pub wasm: String,
    pub css: String,
    pub manifest: String,
    pub split: String,
}

impl Hashes {
    /// `hash.txt`, in the format cargo-leptos writes and Leptos reads.
    pub fn text(&self) -> String {
        format!(
            "js: {}\nwasm: {}\ncss: {}\nmanifest: {}\nsplit: {}\n",
            self.js, self.wasm, self.css, self.manifest, self.split
        )
    }
}

/// 128 bits of the content's SHA-256 in URL-safe base64: 22 characters,
/// the placeholder's length.
pub fn content_hash(parts: &[&[u8]]) -> String {
    let mut digest = Sha256::new();
    for part in parts {
        digest.update((part.len() as u64).to_le_bytes());
        digest.update(part);
    }
    URL_SAFE_NO_PAD.encode(&digest.finalize()[..16])
}

/// The split loader's file name, unhashed or hashed.
pub fn loader_name(hash: &str) -> String {
    format!("__wasm_split.{hash}.js")
}

/// Names every file and rewrites the references between them.
pub fn name(unnamed: Unnamed) -> Result<Named, String> {
    let Unnamed { name, main_js, main_wasm, css, loader, chunks, prefetch } = unnamed;
    let mut files = BTreeMap::new();

    let mut chunk_stems = HashMap::new();
    let mut loader = loader;
    for (stem, bytes) in chunks {
        let named = format!("{stem}.{}", content_hash(&[&bytes]));
        let reference = format!("\"./{stem}.wasm\"");
        if !loader.contains(&reference) {
            return Err(format!("the split loader does not load {stem}.wasm"));
        }
        loader = loader.replace(&reference, &format!("\"./{named}.wasm\""));
        files.insert(format!("{named}.wasm"), bytes);
        chunk_stems.insert(stem, named);
    }

    let unhashed_loader = loader_name(PLACEHOLDER);
    let main_js_reference = format!("\"./{name}.js\"");
    if !loader.contains(&main_js_reference) {
        return Err(format!("the split loader does not import {name}.js"));
    }
    if !main_js.contains(&unhashed_loader) {
        return Err(format!("{name}.js does not import the split loader"));
    }
    let pair = content_hash(&[loader.as_bytes(), main_js.as_bytes()]);
    let loader = loader.replace(&main_js_reference, &format!("\"./{name}.{pair}.js\""));
    let main_js = main_js.replace(&unhashed_loader, &loader_name(&pair));
    files.insert(loader_name(&pair), loader.into_bytes());
    files.insert(format!("{name}.{pair}.js"), main_js.into_bytes());

    let main_wasm = replace_bytes(main_wasm, unhashed_loader.as_bytes(), loader_name(&pair).as_bytes());
    let wasm = content_hash(&[&main_wasm]);
    files.insert(format!("{name}.{wasm}.wasm"), main_wasm);

    let css_hash = content_hash(&[&css]);
    files.insert(format!("{name}.{css_hash}.css"), css);

    let mut routes = BTreeMap::new();
    for (route, stems) in prefetch {
        let named = stems
            .iter()
            .map(|stem| {
                chunk_stems
                    .get(stem)
                    .cloned()
                    .ok_or_else(|| format!("route {route} needs an unknown chunk {stem}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        routes.insert(route, named);
    }
    let manifest = serde_json::to_vec(&routes).map_err(|e| e.to_string())?;
    let manifest_hash = content_hash(&[&manifest]);
    files.insert(format!("__wasm_split_manifest.{manifest_hash}.json"), manifest);

    let hashes = Hashes { js: pair.clone(), wasm, css: css_hash, manifest: manifest_hash, split: pair };
    Ok(Named { files, hashes })
}

/// `bytes` with every `from` replaced by `to`, which has the same length.
fn replace_bytes(mut bytes: Vec<u8>, from: &[u8], to: &[u8]) -> Vec<u8> {
    debug_assert_eq!(from.len(), to.len());
    let mut at = 0;
    while let Some(found) = bytes[at..].windows(from.len()).position(|window| window == from) {
        let start = at + found;
        bytes[start..start + to.len()].copy_from_slice(to);
        at = start + to.len();
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Unnamed {
        let loader = "import { initSync } from \"./kinerja.js\";\n\
                      fetch(new URL(\"./chunk_1.wasm\", import.meta.url));\n\
                      fetch(new URL(\"./chunk_10.wasm\", import.meta.url));\n\
                      fetch(new URL(\"./split_entry.wasm\", import.meta.url));\n"
            .to_owned();
        Unnamed {
            name: "kinerja".into(),
            main_js: format!("import * as split from './{}';\n", loader_name(PLACEHOLDER)),
            main_wasm: [b"\0asm".as_slice(), loader_name(PLACEHOLDER).as_bytes(), b"\x01"].concat(),
            css: b"body{}".to_vec(),
            loader,
            chunks: BTreeMap::from([
                ("chunk_1".into(), b"one".to_vec()),
                ("chunk_10".into(), b"ten".to_vec()),
                ("split_entry".into(), b"entry".to_vec()),
            ]),
            prefetch: HashMap::from([
                ("entry_view".into(), vec!["chunk_1".into(), "chunk_10".into(), "split_entry".into()]),
                ("audit_view".into(), vec!["chunk_10".into()]),
            ]),
        }
    }

    fn text(named: &Named, file: &str) -> String {
        String::from_utf8(named.files[file].clone()).unwrap()
    }

    #[test]
    fn a_hash_is_as_long_as_the_placeholder_and_url_safe() {
        let hash = content_hash(&[b"kinerja"]);
        assert_eq!(hash.len(), PLACEHOLDER.len());
        assert!(hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{hash}");
        assert_ne!(content_hash(&[b"ab", b"c"]), content_hash(&[b"a", b"bc"]));
    }

    #[test]
    fn every_file_is_named_and_every_reference_follows_it() {
        let named = name(sample()).unwrap();
        let h = &named.hashes;
        assert_eq!(h.js, h.split, "the main JS and the loader share one name");
        let main_js = text(&named, &format!("kinerja.{}.js", h.js));
        assert!(main_js.contains(&format!("'./__wasm_split.{}.js'", h.split)), "{main_js}");
        let loader = text(&named, &format!("__wasm_split.{}.js", h.split));
        assert!(loader.contains(&format!("\"./kinerja.{}.js\"", h.js)), "{loader}");
        let one = format!("chunk_1.{}", content_hash(&[b"one"]));
        let ten = format!("chunk_10.{}", content_hash(&[b"ten"]));
        assert!(
            loader.contains(&format!("\"./{one}.wasm\"")) && loader.contains(&format!("\"./{ten}.wasm\""))
        );
        assert!(named.files.contains_key(&format!("{one}.wasm")));
        assert!(!named.files.keys().any(|file| file.contains(PLACEHOLDER)));
        assert!(
            named
                .files
                .values()
                .all(|bytes| !bytes.windows(PLACEHOLDER.len()).any(|w| w == PLACEHOLDER.as_bytes()))
        );
        let wasm = &named.files[&format!("kinerja.{}.wasm", h.wasm)];
        assert_eq!(wasm.len(), sample().main_wasm.len(), "the binary is patched in place");
        assert!(named.files.contains_key(&format!("kinerja.{}.css", h.css)));
    }

    #[test]
    fn the_manifest_names_each_routes_chunks_as_the_server_reads_them() {
        let named = name(sample()).unwrap();
        let file = format!("__wasm_split_manifest.{}.json", named.hashes.manifest);
        let manifest: HashMap<String, Vec<String>> = serde_json::from_slice(&named.files[&file]).unwrap();
        let ten = format!("chunk_10.{}", content_hash(&[b"ten"]));
        assert_eq!(manifest["audit_view"], std::slice::from_ref(&ten));
        assert_eq!(manifest["entry_view"].len(), 3);
        assert_eq!(manifest["entry_view"][1], ten);
        for stem in manifest.values().flatten() {
            assert!(named.files.contains_key(&format!("{stem}.wasm")), "{stem}");
        }
    }

    #[test]
    fn the_hash_file_has_the_lines_leptos_reads() {
        let named = name(sample()).unwrap();
        let text = named.hashes.text();
        let keys: Vec<&str> = text.lines().map(|line| line.split_once(": ").unwrap().0).collect();
        assert_eq!(keys, ["js", "wasm", "css", "manifest", "split"]);
        assert!(text.contains(&format!("wasm: {}\n", named.hashes.wasm)));
    }

    #[test]
    fn a_changed_chunk_renames_it_and_the_loader_but_not_the_others() {
        let before = name(sample()).unwrap();
        let mut changed = sample();
        changed.chunks.insert("chunk_1".into(), b"one, edited".to_vec());
        let after = name(changed).unwrap();
        assert_ne!(before.hashes.split, after.hashes.split);
        assert_ne!(before.hashes.js, after.hashes.js);
        assert_eq!(before.hashes.css, after.hashes.css);
        let ten = format!("chunk_10.{}.wasm", content_hash(&[b"ten"]));
        assert!(
            before.files.contains_key(&ten) && after.files.contains_key(&ten),
            "an unchanged chunk keeps its name"
        );
    }

    #[test]
    fn the_same_outputs_give_the_same_names() {
        let first = name(sample()).unwrap();
        let second = name(sample()).unwrap();
        assert_eq!(first.hashes, second.hashes);
        assert_eq!(first.files, second.files);
    }

    #[test]
    fn outputs_that_do_not_refer_to_each_other_are_refused() {
        let mut stray = sample();
        stray.chunks.insert("chunk_99".into(), b"?".to_vec());
        assert!(name(stray).unwrap_err().contains("chunk_99"));
        let mut unknown = sample();
        unknown.prefetch.insert("lost_view".into(), vec!["chunk_7".into()]);
        assert!(name(unknown).unwrap_err().contains("chunk_7"));
        let mut lone = sample();
        lone.main_js = "export function initSync() {}".into();
        assert!(name(lone).unwrap_err().contains("split loader"));
    }
}
