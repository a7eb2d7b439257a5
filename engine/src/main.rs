//! The `engine` command line: serve, mint tokens, benchmark.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use engine::{app, auth, bench, db, log, open_db, server, AppState, Config, Seed};
use tracing_subscriber::filter::LevelFilter;

#[derive(Parser)]
#[command(name = "engine", about = "Local integration engine for Switchboard")]
struct Cli {
    /// Workspace key: the `iss` of every token.
    #[arg(
        long,
        env = "ENGINE_WORKSPACE_KEY",
        default_value = "switchboard-dev",
        global = true
    )]
    workspace_key: String,
    /// Workspace secret that signs tokens (HS256/HS512).
    #[arg(
        long,
        env = "ENGINE_WORKSPACE_SECRET",
        default_value = "switchboard-dev-secret",
        global = true,
        hide_env_values = true
    )]
    workspace_secret: String,
    /// Log level on stderr: off, error, warn, info (one line per request), debug, trace.
    #[arg(long, env = "ENGINE_LOG", default_value_t = log::DEFAULT_LEVEL, global = true)]
    log: LevelFilter,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the engine API.
    Serve {
        /// Address to listen on; port 0 picks a free port.
        #[arg(long, default_value = "127.0.0.1:8787")]
        listen: SocketAddr,
        /// SQLite database file, or :memory:.
        #[arg(long, default_value = "engine.db")]
        db: String,
        /// Data to create when the database is empty.
        #[arg(long, value_enum, default_value_t = SeedKind::Demo)]
        seed: SeedKind,
        /// Number of demo customers.
        #[arg(long, default_value_t = 3000)]
        customers: usize,
        /// Browser origin allowed to call the engine (repeatable); default: any loopback origin.
        #[arg(long = "allow-origin")]
        allow_origin: Vec<String>,
        /// Enable the /_faults fault-injection routes.
        #[arg(long)]
        faults: bool,
        /// Allow listening on a non-loopback address.
        #[arg(long)]
        public: bool,
    },
    /// Print a signed token.
    Token {
        #[command(subcommand)]
        kind: TokenKind,
    },
    /// Measure customer list/search, create, and flow instance and flow run list latency over
    /// loopback HTTP.
    Bench {
        #[arg(long, default_value_t = 100_000)]
        customers: usize,
    },
}

#[derive(Subcommand)]
enum TokenKind {
    /// A workspace admin token.
    Admin {
        /// Lifetime in seconds.
        #[arg(long, default_value_t = 30 * 86_400)]
        ttl: i64,
    },
    /// A customer token for the customer with internal id ID.
    Customer {
        id: String,
        #[arg(long)]
        name: Option<String>,
        /// Lifetime in seconds.
        #[arg(long, default_value_t = 30 * 86_400)]
        ttl: i64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SeedKind {
    Demo,
    None,
}

const ADMIN_TOKEN_TTL: i64 = 30 * 86_400;
const DAY_MS: i64 = 86_400_000;

fn main() -> ExitCode {
    let cli = Cli::parse();
    log::init(cli.log);
    let result = match cli.command {
        Command::Token {
            kind: TokenKind::Admin { ttl },
        } => auth::admin_token(&cli.workspace_key, &cli.workspace_secret, ttl)
            .map(|token| println!("{token}")),
        Command::Token {
            kind: TokenKind::Customer { id, name, ttl },
        } => auth::customer_token(
            &cli.workspace_key,
            &cli.workspace_secret,
            &id,
            name.as_deref(),
            None,
            ttl,
        )
        .map(|token| println!("{token}")),
        Command::Bench { customers } => runtime().and_then(|rt| {
            rt.block_on(bench::run(
                customers,
                &cli.workspace_key,
                &cli.workspace_secret,
            ))
        }),
        Command::Serve {
            listen,
            db,
            seed,
            customers,
            allow_origin,
            faults,
            public,
        } => {
            if !listen.ip().is_loopback() && !public {
                Err(format!("refusing to listen on {listen}: it is not a loopback address (pass --public to allow it)"))
            } else {
                let seed = match seed {
                    SeedKind::Demo => Seed::Demo { customers },
                    SeedKind::None => Seed::None,
                };
                runtime().and_then(|rt| {
                    rt.block_on(serve(
                        listen,
                        &db,
                        seed,
                        allow_origin,
                        faults,
                        cli.workspace_key,
                        cli.workspace_secret,
                    ))
                })
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // The reason the command failed is its output, not a log line: it is printed
            // whatever the log level.
            eprintln!("engine: {message}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start runtime: {e}"))
}

async fn serve(
    listen: SocketAddr,
    db_path: &str,
    seed: Seed,
    allowed_origins: Vec<String>,
    faults: bool,
    workspace_key: String,
    workspace_secret: String,
) -> Result<(), String> {
    // The demo timeline is anchored at the start of today, so it reads as recent yet a reseed on
    // the same day is identical.
    let anchor = db::now_ms() / DAY_MS * DAY_MS;
    let (db, seeded) = open_db(db_path, seed, &workspace_key, anchor)
        .map_err(|e| format!("cannot open database {db_path}: {e}"))?;
    if seeded {
        tracing::info!("seeded {db_path} ({seed:?})");
    }
    let (listener, base_url) = server::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let admin_token = auth::admin_token(&workspace_key, &workspace_secret, ADMIN_TOKEN_TTL)?;
    let config = Config {
        workspace_key,
        workspace_secret,
        base_url: base_url.clone(),
        allowed_origins,
        faults,
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on {base_url}")
        .and_then(|_| writeln!(out, "admin token: {admin_token}"))
        .and_then(|_| out.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))?;
    drop(out);
    server::serve(listener, app(AppState::new(db, config))).await;
    Ok(())
}
