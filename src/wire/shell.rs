//! The addresses the page shell names (`app::shell`), worked out once when the server starts:
//! the state carries them to every render (issue 20).

use leptos::prelude::LeptosOptions;

/// What the shell names that stays the same while the server runs — the stylesheet's and the
/// island bundle's addresses (read from the build's hash file) and whether `cargo leptos watch`
/// reloads the page — worked out once at start (issue 20: every render read the hash file from
/// disk, twice on form pages, and cloned the whole `LeptosOptions`).
#[derive(Clone)]
pub struct ShellAssets(std::sync::Arc<Assets>);

struct Assets {
    stylesheet: String,
    island_js: String,
    island_wasm: String,
    /// The options, kept only while `cargo leptos watch` serves (for its reload script).
    watching: Option<LeptosOptions>,
}

impl ShellAssets {
    /// The stylesheet's address.
    pub fn stylesheet(&self) -> &str {
        &self.0.stylesheet
    }

    /// The island bundle's module address.
    pub fn island_js(&self) -> &str {
        &self.0.island_js
    }

    /// The island bundle's wasm address.
    pub fn island_wasm(&self) -> &str {
        &self.0.island_wasm
    }

    /// The options for `cargo leptos watch`'s reload script, while it serves.
    pub fn watching(&self) -> Option<LeptosOptions> {
        self.0.watching.clone()
    }

    pub fn new(options: &LeptosOptions) -> Self {
        let hashes = if options.hash_files {
            std::env::current_exe()
                .ok()
                .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())))
                .and_then(|path| std::fs::read_to_string(path).ok())
                .unwrap_or_default()
        } else {
            String::new()
        };
        let hash = |kind: &str| {
            hashes
                .lines()
                .filter_map(|l| l.trim().split_once(':'))
                .filter(|(file, _)| *file == kind)
                .map(|(_, hash)| format!(".{}", hash.trim()))
                .next_back()
                .unwrap_or_default()
        };
        let name = &options.output_name;
        let pkg = &options.site_pkg_dir;
        let wasm_suffix = if !options.hash_files && option_env!("LEPTOS_OUTPUT_NAME").is_none() {
            "_bg"
        } else {
            ""
        };
        Self(std::sync::Arc::new(Assets {
            stylesheet: format!("/{pkg}/{name}{}.css", hash("css")),
            island_js: format!("/{pkg}/{name}{}.js", hash("js")),
            island_wasm: format!("/{pkg}/{name}{}{wasm_suffix}.wasm", hash("wasm")),
            watching: std::env::var("LEPTOS_WATCH")
                .is_ok()
                .then(|| options.clone()),
        }))
    }
}
