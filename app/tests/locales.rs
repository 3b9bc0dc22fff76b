//! Every interface string exists in both languages: the Indonesian and
//! English locale files hold exactly the same keys, none of them empty.

use std::collections::BTreeSet;

fn keys(value: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                keys(child, &path, out);
            }
        }
        serde_json::Value::String(text) => {
            assert!(!text.trim().is_empty(), "{prefix} is empty");
            out.insert(prefix.to_owned());
        }
        other => panic!("{prefix} holds {other}, not text"),
    }
}

fn locale_keys(name: &str) -> BTreeSet<String> {
    let path = format!("{}/locales/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = BTreeSet::new();
    keys(&serde_json::from_str(&text).unwrap(), "", &mut out);
    out
}

#[test]
fn indonesian_and_english_have_the_same_keys() {
    let id = locale_keys("id");
    let en = locale_keys("en");
    assert!(id.len() > 10);
    let only_id: Vec<_> = id.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&id).collect();
    assert!(only_id.is_empty() && only_en.is_empty(), "only in id: {only_id:?}; only in en: {only_en:?}");
}
