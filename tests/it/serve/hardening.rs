//! Issue 22, the dev server: only loopback hosts and GET/HEAD are answered, redirects stay on
//! the host, a file swapped for a link after the build is not read through the last good site,
//! big files are streamed, slow clients are dropped, and the printed address is the bound one.
//! Each test runs the real binary over real HTTP (S01–S06 in docs/reliability.md).

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use super::{Served, next_event};
use crate::harness::SiteTest;

/// Hosts a DNS-rebinding page or a look-alike name can send; none is a loopback name.
const FOREIGN_HOSTS: [&str; 10] = [
    "127.evil.example",
    "127.0.0.1.nip.io",
    "127.0.0.1.evil.example:1111",
    "localhost.evil.example",
    "evil.example",
    "[::1].evil.example",
    "localhost:1111@evil.example",
    "localhost:http",
    "0x7f.0.0.1",
    "2130706433",
];

#[test]
fn s01_only_loopback_hosts_are_answered_on_every_route() {
    let site = SiteTest::fixture("basic");
    let server = Served::start(&site);
    for path in [
        "/",
        "/first/beta.html",
        "/first/diagram.png",
        "/no/such/page.html",
        "/__syllabus/reload.js",
        "/__syllabus/events",
    ] {
        for host in FOREIGN_HOSTS {
            let reply = server.fetch("GET", path, Some(host));
            assert_eq!(reply.status, 403, "{path} for Host {host}");
            assert!(!reply.text().contains("<main"), "{path} for {host}");
        }
        // HTTP/1.1 requires a Host; without one a page could not say which site it means.
        assert_eq!(server.fetch("GET", path, None).status, 400, "{path}");
    }
    for host in [
        "localhost",
        "LocalHost:1111",
        "127.0.0.1",
        "127.0.0.2:8080",
        "127.255.255.254",
        "[::1]",
        "[::1]:1111",
    ] {
        for path in ["/", "/__syllabus/reload.js"] {
            assert_eq!(
                server.fetch("GET", path, Some(host)).status,
                200,
                "{path} {host}"
            );
        }
    }
}

#[test]
fn s02_only_get_and_head_are_answered() {
    let site = SiteTest::fixture("basic");
    let server = Served::start(&site);
    for path in [
        "/",
        "/first/beta.html",
        "/first/diagram.png",
        "/__syllabus/reload.js",
    ] {
        for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "BREW"] {
            let reply = server.fetch(method, path, Some("localhost"));
            assert_eq!(reply.status, 405, "{method} {path}");
            assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{method} {path}");
            assert!(
                !reply.text().contains("<main"),
                "{method} {path} sent the page"
            );
        }
        let get = server.fetch("GET", path, Some("localhost"));
        let head = server.fetch("HEAD", path, Some("localhost"));
        assert_eq!((get.status, head.status), (200, 200), "{path}");
        assert_eq!(
            head.header("content-length"),
            Some(get.body.len().to_string().as_str()),
            "HEAD {path} says the length GET sends"
        );
        assert!(head.body.is_empty(), "HEAD {path} sent a body");
    }
}

#[test]
fn s03_folder_redirects_never_name_another_host() {
    let site = SiteTest::fixture("basic");
    let server = Served::start(&site);
    for path in [
        "/first",
        "//first",
        "///first",
        "/%2F%2Ffirst",
        "/%2ffirst",
        "//first?x=1",
    ] {
        let reply = server.fetch("GET", path, Some("localhost"));
        assert_eq!(reply.status, 301, "{path}");
        assert_eq!(reply.header("location"), Some("/first/"), "{path}");
    }
    // A backslash is a slash to browsers (`/\evil` is `//evil`): never a redirect.
    for path in ["/\\first", "/%5Cfirst", "/%5C%5Cfirst", "/\\\\first"] {
        let reply = server.fetch("GET", path, Some("localhost"));
        assert!(
            matches!(reply.status, 400 | 404),
            "{path}: {}",
            reply.status
        );
        assert_eq!(reply.header("location"), None, "{path}");
    }
}

#[cfg(unix)]
#[test]
fn s04_a_file_swapped_for_a_link_is_not_read_through_the_last_good_site() {
    let site = SiteTest::fixture("basic").write("content/01-first/notes.txt", "Course notes.");
    let secret = site.root.parent().unwrap().join("secret.txt");
    std::fs::write(&secret, "TOP SECRET").unwrap();
    let notes = site.root.join("content/01-first/notes.txt");
    // A link the build accepts (inside the course) is served as before.
    std::os::unix::fs::symlink(&notes, site.root.join("content/01-first/same.txt")).unwrap();
    let server = Served::start(&site);
    let events = server.events();
    assert_eq!(
        server.get("/first/same.txt"),
        (200, "Course notes.".to_owned())
    );
    // An edited asset is served with its new bytes once rebuilt (saved by renaming over it, so
    // the rebuild never sees it half written).
    let draft = site.root.parent().unwrap().join("notes.new");
    std::fs::write(&draft, "Edited notes.").unwrap();
    std::fs::rename(&draft, &notes).unwrap();
    assert_eq!(next_event(&events).0, "reload");
    assert_eq!(
        server.get("/first/notes.txt"),
        (200, "Edited notes.".to_owned())
    );

    std::fs::remove_file(&notes).unwrap();
    std::os::unix::fs::symlink(&secret, &notes).unwrap();
    // The rebuild refuses the link (the removal may come as a rebuild of its own, whose error
    // is the link `same.txt` left dangling).
    loop {
        let (name, data) = next_event(&events);
        assert_eq!(name, "build-error", "{data}");
        if data.contains("symbolic link points outside the course folder") {
            break;
        }
    }
    for path in ["/first/notes.txt", "/first/same.txt"] {
        let (status, body) = server.get(path);
        assert_eq!(status, 409, "{path}: {body}");
        assert!(
            !body.contains("TOP SECRET"),
            "{path} read through the new link"
        );
    }
    assert_eq!(
        server.get("/first/beta.html").0,
        200,
        "the rest is still served"
    );

    std::fs::remove_file(&notes).unwrap();
    std::fs::write(&draft, "Restored notes.").unwrap();
    std::fs::rename(&draft, &notes).unwrap();
    while next_event(&events).0 != "reload" {}
    assert_eq!(
        server.get("/first/same.txt"),
        (200, "Restored notes.".to_owned())
    );
}

/// A course with a `size`-byte asset at `/first/big.bin`, its bytes a known pattern.
fn course_with_big_asset(size: usize) -> SiteTest {
    SiteTest::fixture("basic").write("content/01-first/big.bin", big_bytes(size))
}

fn big_bytes(size: usize) -> Vec<u8> {
    (0..size).map(|i| (i % 251) as u8).collect()
}

/// Sends `GET path` on a new connection and reads only the response head; returns the
/// connection (the body unread) and the head.
fn start_get(addr: SocketAddr, path: &str) -> (TcpStream, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut head = Vec::new();
    let mut byte = [0];
    while !head.ends_with(b"\r\n\r\n") {
        s.read_exact(&mut byte).unwrap();
        head.push(byte[0]);
    }
    (s, String::from_utf8(head).unwrap())
}

/// Reads until the server closes (an orderly close or a reset both count); returns the bytes.
fn read_until_closed(s: &mut TcpStream) -> Vec<u8> {
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut got = Vec::new();
    let mut buf = vec![0; 1 << 16];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return got,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return got,
            Err(e) => panic!(
                "the server kept the connection open ({e}) after {} bytes",
                got.len()
            ),
        }
    }
}

/// The peak resident memory of process `pid`, in bytes (Linux's `VmHWM`).
#[cfg(target_os = "linux")]
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb * 1024
}

#[cfg(target_os = "linux")]
#[test]
fn s05_big_files_are_streamed_not_read_whole_per_request() {
    const SIZE: usize = 64 << 20;
    let site = course_with_big_asset(SIZE);
    let server = Served::start(&site);
    assert_eq!(server.get("/first/beta.html").0, 200);
    let before = peak_rss(server.child.id());
    // Four clients ask at once and read nothing yet: a server that reads the file whole holds
    // four copies now.
    let mut clients: Vec<(TcpStream, String)> = (0..4)
        .map(|_| start_get(server.addr, "/first/big.bin"))
        .collect();
    for (_, head) in &clients {
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains(&format!("content-length: {SIZE}")),
            "{head}"
        );
    }
    let expected = big_bytes(SIZE);
    for (s, _) in &mut clients {
        assert!(
            read_until_closed(s) == expected,
            "every client gets the whole file"
        );
    }
    let grown = peak_rss(server.child.id()).saturating_sub(before);
    assert!(
        grown < SIZE as u64 / 2,
        "serving 4 × 64 MB grew the server's peak memory by {} MB",
        grown >> 20
    );
}

#[test]
fn s05_a_client_that_stops_mid_request_is_dropped_while_others_are_answered() {
    let site = SiteTest::fixture("basic");
    let server = Served::start_with(&site, &["--debounce", "50", "--header-timeout", "300"]);
    let mut silent = TcpStream::connect(server.addr).unwrap();
    let mut half = TcpStream::connect(server.addr).unwrap();
    half.write_all(b"GET /first/beta.html HT").unwrap();
    assert_eq!(
        server.get("/first/beta.html").0,
        200,
        "others are answered meanwhile"
    );
    for (name, s) in [("half a request line", &mut half), ("nothing", &mut silent)] {
        let got = read_until_closed(s);
        assert!(
            !String::from_utf8_lossy(&got).contains("<main"),
            "a client that sent {name} got the page"
        );
    }
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn s05_a_client_that_stops_reading_is_dropped() {
    const SIZE: usize = 64 << 20;
    let site = course_with_big_asset(SIZE);
    let server = Served::start_with(&site, &["--debounce", "50", "--idle-timeout", "300"]);
    let (mut stalled, head) = start_get(server.addr, "/first/big.bin");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    // Ten idle timeouts without reading a byte, while others are answered.
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(server.get("/first/beta.html").0, 200);
    }
    let got = read_until_closed(&mut stalled);
    assert!(
        got.len() < SIZE,
        "the stalled client still got all {SIZE} bytes: its connection was kept"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn s06_the_printed_address_is_the_one_bound() {
    let site = SiteTest::fixture("basic");
    // All of 127.0.0.0/8 is loopback on Linux, so 127.0.0.2 can be bound without setup.
    let server = Served::start_with(&site, &["--debounce", "50", "--interface", "127.0.0.2"]);
    assert!(
        server.url.starts_with("http://127.0.0.2:"),
        "printed {}",
        server.url
    );
    let host = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    assert_eq!(server.fetch("GET", "/", Some(host)).status, 200);
    let default = Served::start(&site);
    assert!(
        default.url.starts_with("http://localhost:"),
        "printed {}",
        default.url
    );
    assert_eq!(default.get("/").0, 200);
}
