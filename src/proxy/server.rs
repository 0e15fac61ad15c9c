//! The listener of `rosterwire proxy`: bind, print the URL line (as `serve` does, so harnesses
//! read it the same way), forward until Ctrl-C or SIGTERM, drain in-flight exchanges, then
//! print the drift table (`--report text|json`).

use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use super::args::{ProxyArgs, ReportFormat};
use super::drift::DriftBook;
use super::error::ProxyError;
use super::forward::{Proxy, ProxyBody, forward};
use super::journal::ProxyJournal;
use super::judge::Judge;
use super::known::KnownDepartures;
use super::secrets::SecretBook;
use super::upstreams::Upstreams;
use super::{VendorName, admin};
use crate::contracts::Contracts;
use crate::exit;

/// How long shutdown waits for in-flight exchanges before closing their connections.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Runs the proxy until Ctrl-C or SIGTERM; returns the exit code.
///
/// # Errors
/// Bad upstreams, a targets file or contracts that cannot be read, an address that cannot be
/// bound.
pub fn run(args: ProxyArgs) -> Result<u8, ProxyError> {
    let proxy = Arc::new(build(&args)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ProxyError::listen(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async move {
        let address = format!("{}:{}", args.host, args.port);
        let listener = TcpListener::bind(&address)
            .await
            .map_err(|e| ProxyError::listen(format!("cannot listen on {address}: {e}")))?;
        let local = listener
            .local_addr()
            .map_err(|e| ProxyError::listen(format!("cannot listen on {address}: {e}")))?;
        // Before the banner: a supervisor may send SIGTERM as soon as it has read it.
        let signal = crate::serve::shutdown_signal()
            .map_err(|e| ProxyError::listen(format!("cannot handle signals: {e}")))?;
        print_banner(local, &proxy.upstreams)
            .map_err(|e| ProxyError::listen(format!("cannot write the banner: {e}")))?;
        accept_until(listener, Arc::clone(&proxy), signal).await;
        tracing::info!("shut down");
        let report = proxy.drift.report();
        let text = match args.report {
            ReportFormat::Text => report.render_text(),
            ReportFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        };
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
        Ok(exit::SUCCESS)
    })
}

/// Everything the exchanges share, from the arguments.
fn build(args: &ProxyArgs) -> Result<Proxy, ProxyError> {
    let (upstreams, secrets) = args.upstreams()?;
    let dir = args
        .contracts
        .clone()
        .unwrap_or_else(crate::builtin::contracts);
    let contracts = Contracts::load(&dir).map_err(|e| {
        ProxyError::bad_input(format!(
            "cannot load the contracts in {}: {e}",
            dir.display()
        ))
    })?;
    let known = KnownDepartures::load(&dir).map_err(|e| {
        ProxyError::bad_input(format!(
            "cannot load the overlays in {}: {e}",
            dir.display()
        ))
    })?;
    let timeout = Duration::from_millis(args.timeout.max(1));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeout)
        .read_timeout(timeout)
        .build()
        .map_err(|e| ProxyError::listen(format!("cannot build the HTTP client: {e}")))?;
    Ok(Proxy {
        upstreams,
        client,
        timeout,
        judge: Judge::new(contracts, known),
        drift: DriftBook::default(),
        journal: ProxyJournal::new(args.journal_size),
        secrets: SecretBook::new(secrets),
    })
}

/// `rosterwire listening on ORIGIN`, then each vendor's base URL and its upstream.
fn print_banner(address: SocketAddr, upstreams: &Upstreams) -> std::io::Result<()> {
    let origin = format!("http://{address}");
    let mut out = std::io::stdout().lock();
    writeln!(out, "rosterwire listening on {origin}")?;
    for (vendor, upstream) in upstreams.lines() {
        writeln!(
            out,
            "  {:<10} {}  -> {}",
            vendor.as_str(),
            vendor.client_base_url(&origin),
            upstream.map_or_else(
                || "(no upstream)".to_owned(),
                |u| u.to_owned() + vendor_path(vendor)
            ),
        )?;
    }
    out.flush()
}

/// The path the vendor's clients add to a base URL of the banner (ChatDash's is in it).
fn vendor_path(vendor: VendorName) -> &'static str {
    match vendor {
        VendorName::ChatDash => vendor.base_path(),
        VendorName::RocketChat | VendorName::Chatwoot => "",
    }
}

/// Accepts connections until `stop` completes, then drains them gracefully.
async fn accept_until(
    listener: TcpListener,
    proxy: Arc<Proxy>,
    stop: impl std::future::Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let builder = auto::Builder::new(TokioExecutor::new());
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let proxy = Arc::clone(&proxy);
        let service = service_fn(move |request| {
            let proxy = Arc::clone(&proxy);
            async move { Ok::<_, Infallible>(handle(proxy, peer, request).await) }
        });
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
        let connection = graceful.watch(connection.into_owned());
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("shutdown grace period over; closing remaining connections");
    }
}

/// The admin API, or a forwarded exchange.
async fn handle(
    proxy: Arc<Proxy>,
    peer: SocketAddr,
    request: hyper::Request<Incoming>,
) -> hyper::Response<ProxyBody> {
    if admin::is_admin_path(request.uri().path()) {
        return admin::serve(
            &proxy,
            peer,
            request.method(),
            request.uri().path(),
            request.uri().query(),
        );
    }
    forward(proxy, request).await
}
