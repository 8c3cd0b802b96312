//! The server binary: `icc-initiatives [serve | migrate | import FILE | export [FILE] |
//! create-moderator --email E [--reset-2fa]]`.

/// Rendering a page allocates many small values; with mimalloc instead of glibc's allocator
/// `scripts/bench.sh` served 7 % more uncached list pages and 34 % more uncached detail pages.
#[cfg(feature = "ssr")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    cli::run().await
}

#[cfg(not(feature = "ssr"))]
pub fn main() {
    // The browser bundle starts from `lib.rs`'s `hydrate`; this binary needs the `ssr` feature.
}

#[cfg(feature = "ssr")]
mod cli {
    use icc_initiatives::api::types::Origin;
    use icc_initiatives::server::{
        db, directory::Directory, http, services::auth, services::initiatives, services::transfer,
        state::AppState,
    };
    use leptos::prelude::get_configuration;
    use std::process::ExitCode;

    const USAGE: &str = "\
usage: icc-initiatives [COMMAND]

commands:
  serve [--no-sample]      run the web server (the default); on an empty database it first
                           loads the built-in sample data unless --no-sample is given
  migrate                  apply the database migrations and exit
  import FILE [--sample]   load a JSON file (format of sample-initiatives.json) as published
                           initiatives: all or nothing; --sample labels them as sample content
  export [FILE]            write the published initiatives as JSON to FILE or standard output
  create-moderator --email E [--reset-2fa]
                           create a moderator account (or set a new password for it, which
                           lifts a lock-out and ends its sessions); the password is read from a
                           prompt, or from standard input when piped; at least 12 characters
                           and not guessable. --reset-2fa also removes the account's second
                           factor (a lost phone)

DATABASE_URL selects the database (default: sqlite://data/icc-initiatives.db; postgres://… works).";

    /// The demo content, labelled as sample content in the UI.
    const SAMPLE_DATA: &str = include_str!("server/sample-initiatives.json");

    pub async fn run() -> ExitCode {
        tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
            )
            .with_writer(std::io::stderr)
            .init();
        let args: Vec<String> = std::env::args().skip(1).collect();
        let words: Vec<&str> = args.iter().map(String::as_str).collect();
        let result = match words.as_slice() {
            [] | ["serve"] => serve(true).await,
            ["serve", "--no-sample"] => serve(false).await,
            ["migrate"] => migrate().await,
            ["import", file] => import(file, Origin::Imported).await,
            ["import", file, "--sample"] | ["import", "--sample", file] => {
                import(file, Origin::Sample).await
            }
            ["create-moderator", "--email", email] => create_moderator(email, false).await,
            ["create-moderator", "--email", email, "--reset-2fa"]
            | ["create-moderator", "--reset-2fa", "--email", email] => {
                create_moderator(email, true).await
            }
            ["create-moderator", ..] => Err(format!(
                "create-moderator takes --email E [--reset-2fa]; the password is never given on the command line\n\n{USAGE}"
            )),
            ["export"] => export(None).await,
            ["export", file] => export(Some(file)).await,
            ["-h" | "--help" | "help"] => {
                println!("{USAGE}");
                Ok(())
            }
            _ => Err(format!("unknown command\n\n{USAGE}")),
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        }
    }

    async fn open() -> Result<sea_orm::DatabaseConnection, String> {
        let url = db::database_url();
        let conn = db::connect(&url)
            .await
            .map_err(|e| format!("cannot connect to the database: {e}"))?;
        db::migrate(&conn)
            .await
            .map_err(|e| format!("migrations failed: {e}"))?;
        Ok(conn)
    }

    async fn migrate() -> Result<(), String> {
        open().await?;
        eprintln!("migrations applied");
        Ok(())
    }

    async fn import(file: &str, origin: Origin) -> Result<(), String> {
        let json = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        let records = transfer::parse_records(&json).map_err(|e| e.to_string())?;
        let conn = open().await?;
        let bar = indicatif::ProgressBar::new(records.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "importing {bar:40} {pos}/{len} ({per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        if records.len() < 100 {
            bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
        }
        let stored = transfer::store_all(&conn, &records, origin, |_| bar.inc(1))
            .await
            .map_err(|e| e.to_string())?;
        bar.finish_and_clear();
        eprintln!("imported {stored} initiatives from {file}");
        Ok(())
    }

    async fn create_moderator(email: &str, reset_2fa: bool) -> Result<(), String> {
        use std::io::{BufRead, IsTerminal};
        let password = if std::io::stdin().is_terminal() {
            let first = rpassword::prompt_password(format!("Password for {email}: "))
                .map_err(|e| e.to_string())?;
            let again = rpassword::prompt_password("The same password again: ")
                .map_err(|e| e.to_string())?;
            if first != again {
                return Err("the two passwords differ; nothing was changed".into());
            }
            first
        } else {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        };
        let conn = open().await?;
        let created = auth::create_moderator(&conn, email, &password)
            .await
            .map_err(|e| e.to_string())?;
        eprintln!(
            "{} {email}",
            if created {
                "created moderator"
            } else {
                "set a new password for moderator"
            }
        );
        if reset_2fa && !created {
            auth::remove_second_factor(&conn, email)
                .await
                .map_err(|e| e.to_string())?;
            eprintln!("removed the second factor of {email}");
        }
        Ok(())
    }

    async fn export(file: Option<&str>) -> Result<(), String> {
        let conn = open().await?;
        let json = transfer::export_json(&conn)
            .await
            .map_err(|e| format!("export failed: {e}"))?;
        match file {
            Some(path) => {
                std::fs::write(path, json + "\n")
                    .map_err(|e| format!("cannot write {path}: {e}"))?;
                eprintln!("exported to {path}");
            }
            None => println!("{json}"),
        }
        Ok(())
    }

    async fn serve(load_sample: bool) -> Result<(), String> {
        let conn = open().await?;
        if load_sample
            && initiatives::count_all(&conn)
                .await
                .map_err(|e| e.to_string())?
                == 0
        {
            let records = transfer::parse_records(SAMPLE_DATA).map_err(|e| e.to_string())?;
            let n = transfer::store_all(&conn, &records, Origin::Sample, |_| ())
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!("empty database: loaded {n} sample initiatives");
        }
        let directory = Directory::load(&conn)
            .await
            .map_err(|e| format!("cannot read the directory: {e}"))?;
        directory.watch(conn.clone(), std::time::Duration::from_secs(3));

        let conf = get_configuration(None).map_err(|e| e.to_string())?;
        let leptos_options = conf.leptos_options;
        let addr = leptos_options.site_addr;
        let state = AppState::new(leptos_options, conn, directory);
        let app = http::router(state);
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        tracing::info!("listening on http://{addr}");
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
    }
}
