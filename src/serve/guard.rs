//! Which requests the development server answers at all, checked before routing so that every
//! route (pages, files, the 404 page, the reload script and the event stream) is covered.
//!
//! In: a request's method, `Host` header and target. Out: the request passed on, or a refusal:
//! `400` without exactly one `Host`, `403` for a host that is not this machine's loopback
//! (DNS rebinding: a page on another site whose name now resolves to 127.0.0.1 would otherwise
//! read the course and its build errors, issue 22), `405` for any method but GET and HEAD.

use std::net::{Ipv4Addr, Ipv6Addr};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Why a request is not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No `Host` header, or more than one (HTTP/1.1 requires exactly one).
    NoHost,
    /// The host is not a loopback name or address.
    ForeignHost,
    /// A method other than GET and HEAD.
    Method,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::NoHost => (
                StatusCode::BAD_REQUEST,
                "A request must name its host in exactly one Host header.\n",
            )
                .into_response(),
            Refusal::ForeignHost => (
                StatusCode::FORBIDDEN,
                "This development server only answers requests for localhost.\n",
            )
                .into_response(),
            Refusal::Method => (
                StatusCode::METHOD_NOT_ALLOWED,
                [(header::ALLOW, HeaderValue::from_static("GET, HEAD"))],
                "This development server only answers GET and HEAD.\n",
            )
                .into_response(),
        }
    }
}

/// The middleware: answers a refused request itself, passes the others on. Its state says
/// whether the server is bound to loopback; only then are hosts checked (bound to the network,
/// any name that reaches the machine is meant).
pub async fn guard(State(loopback_only): State<bool>, req: Request, next: Next) -> Response {
    match check_request(req.method(), req.headers(), req.uri(), loopback_only) {
        Some(refusal) => refusal.into_response(),
        None => next.run(req).await,
    }
}

/// Why a request with this method, headers and target is refused, or `None` to answer it.
pub fn check_request(
    method: &Method,
    headers: &HeaderMap,
    uri: &Uri,
    loopback_only: bool,
) -> Option<Refusal> {
    if loopback_only {
        let mut hosts = headers.get_all(header::HOST).iter();
        let (Some(host), None) = (hosts.next(), hosts.next()) else {
            return Some(Refusal::NoHost);
        };
        // A target in absolute form (`GET http://evil.example/`) names a host too.
        let named = [host.to_str().ok(), uri.authority().map(|a| a.as_str())];
        if named[0].is_none() || named.into_iter().flatten().any(|h| !is_loopback_host(h)) {
            return Some(Refusal::ForeignHost);
        }
    }
    (method != Method::GET && method != Method::HEAD).then_some(Refusal::Method)
}

/// Whether `host` (a `Host` value or a URL's authority) names this machine's loopback:
/// `localhost` in any case, an IPv4 address in 127.0.0.0/8 written as four decimal numbers, or
/// `[::1]`, each with an optional `:port` of digits. Anything else is refused, look-alikes
/// (`127.evil.example`, `127.0.0.1.nip.io`), other spellings of an address (`2130706433`,
/// `0x7f.0.0.1`) and `localhost.` with its trailing dot included: browsers send these only
/// when the address bar says so.
pub fn is_loopback_host(host: &str) -> bool {
    // The port follows the first colon after a bracketed IPv6 address, if any.
    let after_brackets = host.rfind(']').map_or(0, |i| i + 1);
    let (name, port) = match host[after_brackets..].find(':') {
        Some(i) => (
            &host[..after_brackets + i],
            Some(&host[after_brackets + i + 1..]),
        ),
        None => (host, None),
    };
    let port_ok = port.is_none_or(|p| {
        !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok()
    });
    let name_ok = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback()),
        None => {
            name.eq_ignore_ascii_case("localhost")
                || name.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
        }
    };
    port_ok && name_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_and_addresses_are_loopback_hosts() {
        for (host, ok) in [
            ("localhost", true),
            ("LOCALHOST:1111", true),
            ("127.0.0.1", true),
            ("127.0.0.1:1111", true),
            ("127.0.0.2:80", true),
            ("127.255.255.254", true),
            ("[::1]", true),
            ("[::1]:1111", true),
            ("[0:0:0:0:0:0:0:1]:1111", true),
            ("127.evil.example", false),
            ("127.0.0.1.nip.io", false),
            ("127.0.0.1.evil.example:1111", false),
            ("localhost.evil.example", false),
            ("localhost.", false),
            ("evil.example:1111", false),
            ("[::1].evil.example", false),
            ("[::1]evil", false),
            ("[::2]", false),
            ("::1", false),
            ("localhost:1111@evil.example", false),
            ("localhost:", false),
            ("localhost:+80", false),
            ("localhost:99999", false),
            ("localhost:http", false),
            ("0x7f.0.0.1", false),
            ("2130706433", false),
            ("127.1", false),
            ("0127.0.0.1", false),
            ("128.0.0.1", false),
            ("0.0.0.0", false),
            ("", false),
        ] {
            assert_eq!(is_loopback_host(host), ok, "{host}");
        }
    }

    #[test]
    fn requests_need_one_loopback_host_and_get_or_head() {
        let local = |hosts: &[&'static str]| {
            let mut h = HeaderMap::new();
            for host in hosts {
                h.append(header::HOST, HeaderValue::from_static(host));
            }
            h
        };
        let root: Uri = "/".parse().unwrap();
        let check = |method: Method, hosts: &[&'static str], uri: &Uri, loopback: bool| {
            check_request(&method, &local(hosts), uri, loopback)
        };
        assert_eq!(check(Method::GET, &["localhost:1"], &root, true), None);
        assert_eq!(check(Method::HEAD, &["[::1]:1"], &root, true), None);
        assert_eq!(check(Method::GET, &[], &root, true), Some(Refusal::NoHost));
        assert_eq!(
            check(Method::GET, &["localhost", "evil.example"], &root, true),
            Some(Refusal::NoHost)
        );
        assert_eq!(
            check(Method::GET, &["evil.example"], &root, true),
            Some(Refusal::ForeignHost)
        );
        let absolute: Uri = "http://evil.example/".parse().unwrap();
        assert_eq!(
            check(Method::GET, &["localhost"], &absolute, true),
            Some(Refusal::ForeignHost),
            "the target's authority is checked too"
        );
        for method in ["POST", "PUT", "DELETE", "OPTIONS", "BREW"] {
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            assert_eq!(
                check(method.clone(), &["localhost"], &root, true),
                Some(Refusal::Method),
                "{method}"
            );
            assert_eq!(
                check(method, &["evil.example"], &root, false),
                Some(Refusal::Method)
            );
        }
        assert_eq!(
            check(Method::GET, &["evil.example"], &root, false),
            None,
            "bound to the network, any host is meant"
        );
    }
}
