//! Generates the typed translation module from `locales/{en,fr,uk}.json`, and versions
//! `public/enhance.js` (with `public/outbox.js`).

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");
    println!("cargo::rerun-if-changed=public/enhance.js");
    println!("cargo::rerun-if-changed=public/outbox.js");
    // The script's version in its address, so browsers may keep it for a year. `outbox.js`,
    // which it imports with the same version, is part of it.
    let mut script = std::fs::read("public/enhance.js")?;
    script.extend(std::fs::read("public/outbox.js")?);
    println!(
        "cargo::rustc-env=ENHANCE_JS_VERSION={:016x}",
        fnv1a(&script)
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let cfg = Config::new("en")?
        .add_locales(["fr", "uk"])?
        .parse_options(ParseOptions::default().interpolate_display(true));
    let translations_infos = TranslationsInfos::parse(cfg)?;
    translations_infos.emit_diagnostics();
    translations_infos.rerun_if_locales_changed();
    translations_infos.generate_i18n_module(out_dir.join("i18n"))?;
    Ok(())
}

/// FNV-1a, 64 bits: enough to tell one version of a file from the next.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
