//! The development server's socket: bind a port, say where it is, and serve HTTP/1 on every
//! connection with two timeouts, so that slow or stalled clients cannot hold connections
//! (issue 22).
//!
//! - **Header timeout**: a request's headers must have arrived this long after the connection
//!   opened or its last response ended; this also closes idle keep-alive connections.
//! - **Idle timeout**: a connection that moves no byte either way for this long is closed, e.g.
//!   a client that stopped reading a response. The event stream sends a comment more often
//!   ([`Timeouts::event_keep_alive`]), so open pages keep theirs.

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use anyhow::{Context as _, bail};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

/// How long a client may take.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// To send a request's headers, from the connection's start or its last response's end.
    pub header: Duration,
    /// To move any byte, either way.
    pub idle: Duration,
}

impl Timeouts {
    /// How often the event stream sends a comment: a third of the idle timeout, at most 15 s
    /// (the usual interval), so an open page's connection is never idle.
    pub fn event_keep_alive(&self) -> Duration {
        (self.idle / 3).clamp(Duration::from_millis(10), Duration::from_secs(15))
    }
}

/// Binds `port`, or the next free one of the ten after it.
pub async fn bind(interface: IpAddr, port: u16) -> anyhow::Result<TcpListener> {
    let last = port.saturating_add(10);
    for p in port..=last {
        match TcpListener::bind((interface, p)).await {
            Ok(l) => {
                if p != port {
                    log::warn!("port {port} is in use; using {p}");
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => continue,
            Err(e) => {
                return Err(e).with_context(|| format!("could not listen on {interface}:{p}"));
            }
        }
    }
    bail!("ports {port} to {last} are all in use; choose another with --port")
}

/// The URL to print for a server bound to `addr`: one that reaches it. `localhost` for
/// 127.0.0.1 and for all interfaces (`0.0.0.0`, `::`), the bound address itself otherwise:
/// `--interface 127.0.0.2` once printed `localhost`, which is 127.0.0.1 and does not reach it
/// (issue 22).
pub fn url_of(addr: SocketAddr) -> String {
    let ip = addr.ip();
    if ip == IpAddr::from([127, 0, 0, 1]) || ip.is_unspecified() {
        format!("http://localhost:{}/", addr.port())
    } else {
        format!("http://{addr}/")
    }
}

/// Accepts connections on `listener` and serves `router` on each, until `stop` completes.
pub async fn serve_connections(
    listener: TcpListener,
    router: Router,
    timeouts: Timeouts,
    stop: impl Future<Output = ()>,
) {
    let mut stop = std::pin::pin!(stop);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => return,
        };
        match accepted {
            Ok((stream, _)) => {
                tokio::spawn(serve_connection(stream, router.clone(), timeouts));
            }
            Err(e) => {
                // Out of file descriptors, most likely: wait for connections to close rather
                // than spin.
                log::warn!("could not accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

/// Serves HTTP/1 on one connection until it closes, the client is too slow sending headers,
/// or nothing moves for the idle timeout.
async fn serve_connection(stream: TcpStream, router: Router, timeouts: Timeouts) {
    // Small responses (events, redirects) go out at once.
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        io: stream,
        activity: activity.clone(),
    });
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts.header)
        .serve_connection(io, TowerToHyperService::new(router));
    tokio::select! {
        ended = conn => {
            if let Err(e) = ended {
                log::debug!("connection ended: {e}");
            }
        }
        () = activity.stalled(timeouts.idle) => {
            log::debug!("closed a connection that moved nothing for {:?}", timeouts.idle);
        }
    }
}

/// When a connection last moved a byte.
struct Activity {
    start: Instant,
    /// Milliseconds from `start` to the last byte read or written.
    last: AtomicU64,
}

impl Activity {
    fn new() -> Self {
        Activity {
            start: Instant::now(),
            last: AtomicU64::new(0),
        }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(ms, Ordering::Relaxed);
    }

    /// Completes once nothing has moved for `idle`.
    async fn stalled(&self, idle: Duration) {
        loop {
            let last = self.start + Duration::from_millis(self.last.load(Ordering::Relaxed));
            let deadline = last + idle;
            if Instant::now() >= deadline {
                return;
            }
            tokio::time::sleep_until(deadline).await;
        }
    }
}

/// A connection that records in its [`Activity`] every time a byte moves.
struct Watched {
    io: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.io).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write(cx, data);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt as _;

    use super::*;

    #[test]
    fn open_pages_hear_from_the_event_stream_before_the_idle_timeout() {
        for idle in [300, 1_000, 60_000, 3_600_000] {
            let t = Timeouts {
                header: Duration::from_secs(30),
                idle: Duration::from_millis(idle),
            };
            assert!(t.event_keep_alive() < t.idle, "{idle} ms");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_connection_is_stalled_only_after_idle_without_a_byte() {
        let activity = Activity::new();
        let idle = Duration::from_secs(60);
        tokio::time::advance(Duration::from_secs(50)).await;
        activity.touch();
        let stalled = activity.stalled(idle);
        tokio::pin!(stalled);
        // 50 s after the touch: not yet; the full minute after it: stalled.
        tokio::time::advance(Duration::from_secs(50)).await;
        assert!(stalled.as_mut().now_or_never().is_none());
        tokio::time::advance(Duration::from_secs(10)).await;
        assert!(stalled.as_mut().now_or_never().is_some());
    }

    #[test]
    fn the_printed_url_reaches_the_bound_address() {
        for (addr, url) in [
            ("127.0.0.1:1111", "http://localhost:1111/"),
            ("127.0.0.2:1111", "http://127.0.0.2:1111/"),
            ("0.0.0.0:1111", "http://localhost:1111/"),
            ("[::]:1111", "http://localhost:1111/"),
            ("[::1]:1111", "http://[::1]:1111/"),
            ("192.168.1.20:1111", "http://192.168.1.20:1111/"),
        ] {
            assert_eq!(url_of(addr.parse().unwrap()), url, "{addr}");
        }
    }
}
