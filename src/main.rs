//! The server binary: `icc-initiatives [serve | migrate | import FILE | export [FILE] |
//! create-moderator --email E [--reset-2fa] | purge [--dry-run] | remind [--dry-run]]`; `--help` documents every command, flag and
//! environment variable.

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
    use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
    use icc_initiatives::domain::Origin;
    use icc_initiatives::server::settings::{self, DatabaseSettings, Settings};
    use icc_initiatives::server::{
        accounts::auth, directory::Directory, mail, privacy::retention, reminders, state::AppState,
        store::db, store::initiatives, store::transfer,
    };
    use icc_initiatives::web::http;
    use icc_initiatives::web::serve as server;
    use leptos::prelude::get_configuration;
    use std::path::PathBuf;
    use std::process::ExitCode;

    /// The living directory of the Intercultural Cities' initiatives in solidarity with Ukraine.
    ///
    /// Without a command it serves the site (as `serve`). Every setting is a flag or its
    /// environment variable (the flag wins); a bad value stops the start with a message.
    #[derive(Debug, Parser)]
    #[command(
        name = "icc-initiatives",
        version,
        args_conflicts_with_subcommands = true,
        after_help = "The address and the site's files come from leptos's variables: \
                      LEPTOS_SITE_ADDR (default 127.0.0.1:3000), LEPTOS_SITE_ROOT, \
                      LEPTOS_SITE_PKG_DIR, LEPTOS_OUTPUT_NAME, LEPTOS_HASH_FILES. \
                      Logging: RUST_LOG (default info). SIGTERM or Ctrl-C stop the server \
                      after the requests under way are answered."
    )]
    struct Cli {
        #[command(subcommand)]
        command: Option<Command>,
        /// The settings of `serve` when no command is given.
        #[command(flatten)]
        serve: Serve,
    }

    #[derive(Debug, Subcommand)]
    enum Command {
        /// Run the web server (the default). On an empty database it first loads the
        /// built-in sample data, unless --no-sample is given
        Serve(Serve),
        /// Apply the database migrations and exit
        Migrate(DatabaseSettings),
        /// Load a JSON file (the format of `export`) as published initiatives: all or
        /// nothing
        Import {
            /// The JSON file
            file: PathBuf,
            /// Label them as sample content
            #[arg(long)]
            sample: bool,
            #[command(flatten)]
            database: DatabaseSettings,
        },
        /// Write the published initiatives as JSON to FILE or to standard output
        Export {
            /// Where to write (standard output when not given)
            file: Option<PathBuf>,
            #[command(flatten)]
            database: DatabaseSettings,
        },
        /// Create a moderator account, or set a new password for it. The password is read
        /// from a prompt, or from standard input when piped — never from the command line;
        /// at least 12 characters and not guessable
        CreateModerator {
            /// The moderator's e-mail address (their sign-in name)
            #[arg(long, value_name = "E")]
            email: String,
            /// Also remove the account's second factor (a lost phone); lifts a lock-out and
            /// ends the account's sessions, as any new password does
            #[arg(long)]
            reset_2fa: bool,
            #[command(flatten)]
            database: DatabaseSettings,
        },
        /// Apply the retention periods of personal data now (the server does it every hour):
        /// notices queued, submitters of long-unchanged initiatives removed, rejected,
        /// withdrawn and abandoned submissions and old e-mails deleted. Prints counts only.
        /// Safe beside running instances
        Purge(Purge),
        /// Send the reminders to confirm that are due now (the server does it by itself every
        /// 15 minutes): one e-mail per due period to each city, one more 30 days later. With
        /// --dry-run, prints one line per reminder with the initiative's slug and sends
        /// nothing. Safe beside running instances
        Remind(Purge),
    }

    /// What `purge` reads: the same settings as `serve` (so the same environment gives the same
    /// periods and the same e-mail notices).
    #[derive(Debug, clap::Args)]
    struct Purge {
        /// Only say what would be done; change nothing
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        settings: Settings,
    }

    #[derive(Debug, clap::Args)]
    struct Serve {
        /// Do not load the sample data into an empty database
        #[arg(long)]
        no_sample: bool,
        #[command(flatten)]
        settings: Settings,
    }

    /// The demo content, labelled as sample content in the UI.
    const SAMPLE_DATA: &str = include_str!("server/sample-initiatives.json");

    /// Reads the command line and the environment once; `--help`, `--version` and refusals
    /// end the process here.
    fn parse() -> Cli {
        let command = Cli::command();
        let matches = match command.clone().try_get_matches() {
            Ok(m) => m,
            Err(e) if !e.use_stderr() => e.exit(),
            Err(e) => {
                let args: Vec<String> = std::env::args().collect();
                eprint!("{}", settings::explain(&e, &command, &args));
                std::process::exit(2);
            }
        };
        match Cli::from_arg_matches(&matches) {
            Ok(cli) => cli,
            Err(e) => e.exit(),
        }
    }

    pub async fn run() -> ExitCode {
        let cli = parse();
        tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
            )
            .with_writer(std::io::stderr)
            .init();
        let result = match cli.command.unwrap_or(Command::Serve(cli.serve)) {
            Command::Serve(serve_args) => serve(serve_args).await,
            Command::Migrate(database) => migrate(&database).await,
            Command::Import {
                file,
                sample,
                database,
            } => {
                let origin = if sample {
                    Origin::Sample
                } else {
                    Origin::Imported
                };
                import(&database, &file, origin).await
            }
            Command::Export { file, database } => export(&database, file.as_deref()).await,
            Command::CreateModerator {
                email,
                reset_2fa,
                database,
            } => create_moderator(&database, &email, reset_2fa).await,
            Command::Purge(purge_args) => purge(purge_args).await,
            Command::Remind(remind_args) => remind(remind_args).await,
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        }
    }

    async fn open(database: &DatabaseSettings) -> Result<sea_orm::DatabaseConnection, String> {
        let conn = db::connect(&database.url)
            .await
            .map_err(|e| format!("cannot connect to the database: {e}"))?;
        db::migrate(&conn)
            .await
            .map_err(|e| format!("migrations failed: {e}"))?;
        Ok(conn)
    }

    async fn migrate(database: &DatabaseSettings) -> Result<(), String> {
        open(database).await?;
        eprintln!("migrations applied");
        Ok(())
    }

    async fn import(
        database: &DatabaseSettings,
        file: &std::path::Path,
        origin: Origin,
    ) -> Result<(), String> {
        let file = file.display();
        let json = std::fs::read_to_string(file.to_string())
            .map_err(|e| format!("cannot read {file}: {e}"))?;
        let records = transfer::parse_records(&json).map_err(|e| e.to_string())?;
        let conn = open(database).await?;
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
        let stored = transfer::store_all(&conn, &records, origin, |done| {
            bar.set_position(done as u64);
        })
        .await
        .map_err(|e| e.to_string())?;
        bar.finish_and_clear();
        eprintln!("imported {stored} initiatives from {file}");
        Ok(())
    }

    async fn create_moderator(
        database: &DatabaseSettings,
        email: &str,
        reset_2fa: bool,
    ) -> Result<(), String> {
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
        let conn = open(database).await?;
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

    async fn export(
        database: &DatabaseSettings,
        file: Option<&std::path::Path>,
    ) -> Result<(), String> {
        let conn = open(database).await?;
        let json = transfer::export_json(&conn)
            .await
            .map_err(|e| format!("export failed: {e}"))?;
        match file {
            Some(path) => {
                std::fs::write(path, json + "\n")
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                eprintln!("exported to {}", path.display());
            }
            None => {
                // `export | head` closes the pipe early: that ends the export quietly, as
                // other command-line tools do, instead of a panic from `println!`.
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                match writeln!(out, "{json}").and_then(|()| out.flush()) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        return Err(format!("cannot write the export: {e}"));
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    async fn purge(args: Purge) -> Result<(), String> {
        let settings = args.settings;
        let periods = settings.retention.periods()?;
        let mailer = settings
            .mail
            .mailer(settings.guard.public_origin.as_deref())?;
        let notices = match &mailer {
            Some(m) => mail::queue::Notices::On { site: m.site() },
            None => mail::queue::Notices::Off,
        };
        let conn = open(&settings.database).await?;
        let mode = if args.dry_run {
            retention::Mode::DryRun
        } else {
            retention::Mode::Apply
        };
        let report = retention::purge(&conn, &periods, chrono::Utc::now(), mode, notices)
            .await
            .map_err(|e| format!("purge failed: {e}"))?;
        let r = report;
        let verb = if args.dry_run { "would" } else { "did" };
        println!(
            "{}",
            if args.dry_run {
                "dry run: nothing changed"
            } else {
                "applied"
            }
        );
        println!("notices to submitters ({verb} queue): {}", r.notices);
        println!(
            "published initiatives whose submitter {verb} get removed: {}",
            r.identities_cleared
        );
        println!(
            "rejected submissions {verb} get deleted: {}",
            r.rejected_deleted
        );
        println!(
            "withdrawn submissions {verb} get deleted: {}",
            r.withdrawn_deleted
        );
        println!(
            "unanswered change requests {verb} get deleted: {}",
            r.changes_never_made_deleted
        );
        println!("old e-mails {verb} get deleted: {}", r.mails_deleted);
        if r.skipped > 0 {
            println!("changed meanwhile, left for the next run: {}", r.skipped);
        }
        Ok(())
    }

    async fn remind(args: Purge) -> Result<(), String> {
        let settings = args.settings;
        let rule = settings.confirm.rule();
        let mailer = settings
            .mail
            .mailer(settings.guard.public_origin.as_deref())?;
        let notices = match &mailer {
            Some(m) => mail::queue::Notices::On { site: m.site() },
            None => mail::queue::Notices::Off,
        };
        let conn = open(&settings.database).await?;
        let mode = if args.dry_run {
            reminders::Mode::DryRun
        } else {
            reminders::Mode::Apply
        };
        let today = icc_initiatives::server::directory::today_by_system();
        let report = reminders::remind(&conn, rule, today, chrono::Utc::now(), mode, notices)
            .await
            .map_err(|e| format!("remind failed: {e}"))?;
        for p in &report.planned {
            let which = match p.reminder {
                icc_initiatives::domain::Reminder::First { .. } => "first",
                icc_initiatives::domain::Reminder::Again { .. } => "second",
            };
            println!(
                "{}\t{which} reminder, due {}, to the {}",
                p.slug,
                p.reminder.period(),
                p.to.as_str()
            );
        }
        if args.dry_run {
            println!("dry run: nothing sent ({} owed)", report.planned.len());
        } else if report.mail_off {
            println!(
                "e-mail is off (ICC_SMTP_URL is not set): nothing sent ({} owed)",
                report.planned.len()
            );
        } else {
            println!("sent: {}", report.sent);
            if report.skipped > 0 {
                println!(
                    "sent by another run or changed meanwhile: {}",
                    report.skipped
                );
            }
        }
        Ok(())
    }

    async fn serve(args: Serve) -> Result<(), String> {
        let Settings {
            database,
            guard,
            mail: mail_settings,
            connections,
            retention: retention_settings,
            confirm,
        } = args.settings;
        let rule = confirm.rule();
        let periods = retention_settings.periods()?;
        // Checked before anything starts: a half-configured mail stops the start.
        let mailer = mail_settings.mailer(guard.public_origin.as_deref())?;
        match &mailer {
            Some(m) => tracing::info!(
                from = %m.from_address(),
                site = m.site(),
                "e-mail is on: confirmations, decisions and the moderators' digest are sent"
            ),
            None if mail_settings.mail_from.is_some() => tracing::warn!(
                "e-mail is off: ICC_SMTP_URL is not set (ICC_MAIL_FROM is ignored without it)"
            ),
            None => tracing::info!("e-mail is off: ICC_SMTP_URL is not set"),
        }
        if guard.secret.is_none() {
            tracing::warn!(
                "ICC_SECRET is not set: form tickets are signed with a random key of this \
                 process (a restart asks people with an open form to send it again; several \
                 instances of one site need the same ICC_SECRET)"
            );
        }
        let conn = open(&database).await?;
        if !args.no_sample
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
        let directory = Directory::default().with_rule(rule);
        directory
            .refresh(&conn)
            .await
            .map_err(|e| format!("cannot read the directory: {e}"))?;
        directory.watch(conn.clone(), std::time::Duration::from_secs(3));

        let conf = get_configuration(None).map_err(|e| e.to_string())?;
        let leptos_options = conf.leptos_options;
        let addr = leptos_options.site_addr;
        let db = conn.clone();
        let state = AppState::new(leptos_options, conn, directory, guard).with_retention(periods);
        // The retention job runs beside the server (once an hour across instances).
        let job = retention::start(
            db.clone(),
            periods,
            mailer.as_ref().map(|m| m.site().to_owned()),
        );
        // So does the reminders' job (each reminder claimed, so every instance may run it).
        let reminding = reminders::start(
            db.clone(),
            rule,
            mailer.as_ref().map(|m| m.site().to_owned()),
        );
        // The e-mail worker runs beside the server and stops after it.
        let (state, worker) = match mailer {
            Some(m) => {
                let (outbox, worker) = mail::start(db.clone(), m);
                (state.with_mail(outbox), Some(worker))
            }
            None => (state, None),
        };
        let app = http::router(state);
        // Listening for the signals starts before the first connection is accepted.
        let stop = stop_requested().map_err(|e| format!("cannot listen for SIGTERM: {e}"))?;
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let limits = connections.limits();
        tracing::info!(
            header_timeout_s = connections.header_timeout_seconds,
            body_timeout_s = connections.body_timeout_seconds,
            request_timeout_s = connections.request_timeout_seconds,
            max_connections = connections.max_connections,
            "listening on http://{addr}"
        );
        // Handlers see the client's address as `ConnectInfo<SocketAddr>`, as with
        // `into_make_service_with_connect_info`; slow clients are cut off (`web::serve`).
        server::serve(listener, app, limits, stop).await;
        if let Some(worker) = worker {
            worker.stop().await;
        }
        job.stop().await;
        reminding.stop().await;
        // Closing the pool checkpoints SQLite's write-ahead log into the database file.
        if let Err(e) = db.close().await {
            tracing::warn!(error = %e, "closing the database");
        }
        tracing::info!("stopped: every request under way was answered");
        Ok(())
    }

    /// A future that resolves on SIGTERM (what `docker stop`, systemd and Kubernetes send) or
    /// Ctrl-C (SIGINT): the server then stops accepting connections, answers the requests
    /// under way and returns.
    fn stop_requested() -> std::io::Result<impl std::future::Future<Output = ()>> {
        use tokio::signal::unix::{signal, SignalKind};
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = terminate.recv() => tracing::info!("SIGTERM: stopping after the requests under way"),
                _ = interrupt.recv() => tracing::info!("Ctrl-C: stopping after the requests under way"),
            }
        })
    }
}
