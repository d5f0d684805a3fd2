//! The files of the served site and the responses that send them, without copying them into
//! each response: built bytes are shared ([`Bytes`]), and a file the site copies from the course
//! is streamed from disk in 64 KiB chunks, so ten clients fetching a 200 MB video do not hold
//! 2 GB (issue 22). HTML gets the live-reload script on the way out.
//!
//! A copied file is the author's: after the build it can be edited, deleted, or replaced by a
//! link to anywhere (`/etc/passwd`). The rebuild refuses such a link, but the last good site
//! still names the path, so the file is opened once and the opened file's [`FileStamp`] must
//! equal the one its load recorded; otherwise the answer is `409` until a good rebuild is
//! published (issue 22).

use std::convert::Infallible;
use std::path::{Path, PathBuf};

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, StreamExt as _};
use tokio::io::AsyncReadExt as _;
use tokio_util::io::ReaderStream;

use crate::fs::FileStamp;
use crate::fs::OutData;

/// The tag that loads the live-reload script, added to every HTML response.
const RELOAD_TAG: &str = "<script src=\"/__syllabus/reload.js\"></script>";

/// How much of a copied file is read at a time.
const CHUNK: usize = 64 * 1024;

/// A file of the served site.
#[derive(Debug, Clone)]
pub enum SiteFile {
    /// Bytes the build made, shared by every response that sends them; for HTML, where the
    /// reload script goes.
    Built {
        /// The file.
        bytes: Bytes,
        /// The offset of `</body>` (or the end) in an HTML file; `None` for other files.
        reload_at: Option<usize>,
    },
    /// A file of the course, sent from disk.
    Copied(PathBuf),
}

impl SiteFile {
    /// The served form of the build's file `data` at `path`.
    pub fn new(path: &str, data: OutData) -> SiteFile {
        match data {
            OutData::Bytes(b) => SiteFile::Built {
                reload_at: is_html(path).then(|| reload_offset(&b)),
                bytes: Bytes::from(b),
            },
            OutData::Copy(from) => SiteFile::Copied(from),
        }
    }
}

/// The response that sends `file`, the site's file at `path`, with `status`. A copied file is
/// sent only if it still has `stamp`.
pub async fn respond(
    path: &str,
    file: &SiteFile,
    stamp: Option<FileStamp>,
    status: StatusCode,
) -> Response {
    let tag = || Bytes::from_static(RELOAD_TAG.as_bytes());
    let (body, len) = match file {
        SiteFile::Built {
            bytes,
            reload_at: Some(at),
        } => {
            let parts = [bytes.slice(..*at), tag(), bytes.slice(*at..)];
            let body = Body::from_stream(stream::iter(parts.map(Ok::<_, Infallible>)));
            (body, (bytes.len() + RELOAD_TAG.len()) as u64)
        }
        SiteFile::Built { bytes, .. } => (Body::from(bytes.clone()), bytes.len() as u64),
        SiteFile::Copied(from) => {
            let (file, len) = match open_unchanged(from, stamp).await {
                Ok(opened) => opened,
                Err(refusal) => return refusal.into_response(),
            };
            // Never more than the length the response announces, should the file grow.
            let chunks = ReaderStream::with_capacity(file.take(len), CHUNK);
            if is_html(path) {
                // A copied page is not parsed for `</body>`: the script goes at the end,
                // where browsers still run it.
                let body = chunks.chain(stream::once(async move { Ok(tag()) }));
                (Body::from_stream(body), len + RELOAD_TAG.len() as u64)
            } else {
                (Body::from_stream(chunks), len)
            }
        }
    };
    let mut res = (status, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CONTENT_TYPE, content_type(path));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

fn is_html(path: &str) -> bool {
    mime_guess::from_path(path)
        .first()
        .is_some_and(|m| m.essence_str() == "text/html")
}

/// The `Content-Type` of the file at `path`: text in UTF-8, JavaScript as `text/javascript`.
fn content_type(path: &str) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let value = match mime.type_() {
        mime_guess::mime::TEXT => format!("{}; charset=utf-8", mime.essence_str()),
        _ if mime.essence_str() == "application/javascript" => {
            "text/javascript; charset=utf-8".to_owned()
        }
        _ => mime.essence_str().to_owned(),
    };
    HeaderValue::from_str(&value).expect("MIME types are valid header values")
}

/// Why a copied file is not sent.
#[derive(Debug, PartialEq, Eq)]
enum Unsendable {
    /// It cannot be opened or read (removed, or a rebuild's change is under way).
    Gone,
    /// The path opens another file than the one the last good build found.
    Changed,
}

impl IntoResponse for Unsendable {
    fn into_response(self) -> Response {
        match self {
            Unsendable::Gone => (
                StatusCode::NOT_FOUND,
                "The file was removed; a rebuild is on its way.\n",
            ),
            Unsendable::Changed => (
                StatusCode::CONFLICT,
                "The file changed since the last good build; a rebuild is on its way.\n",
            ),
        }
        .into_response()
    }
}

/// Opens `from`, following links as the build did, and checks the opened file (not the path
/// again, which could change in between) against `stamp`; gives the file and its length.
async fn open_unchanged(
    from: &Path,
    stamp: Option<FileStamp>,
) -> Result<(tokio::fs::File, u64), Unsendable> {
    let file = tokio::fs::File::open(from)
        .await
        .map_err(|_| Unsendable::Gone)?;
    let meta = file.metadata().await.map_err(|_| Unsendable::Gone)?;
    if Some(FileStamp::of(&meta)) == stamp {
        Ok((file, meta.len()))
    } else {
        Err(Unsendable::Changed)
    }
}

/// Where the reload script goes in `html`: before the last `</body>`, or at the end.
fn reload_offset(html: &[u8]) -> usize {
    html.windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body_of(res: Response) -> String {
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await;
        String::from_utf8(bytes.unwrap().to_vec()).unwrap()
    }

    #[tokio::test]
    async fn reload_script_goes_before_the_body_end() {
        let page = b"<html><body><p>x</p></BODY></html>".to_vec();
        let file = SiteFile::new("a/index.html", OutData::Bytes(page));
        let res = respond("a/index.html", &file, None, StatusCode::OK).await;
        let len = res.headers()[header::CONTENT_LENGTH].clone();
        let body = body_of(res).await;
        assert_eq!(
            body,
            format!("<html><body><p>x</p>{RELOAD_TAG}</BODY></html>")
        );
        assert_eq!(len, body.len().to_string().as_str());
    }

    #[tokio::test]
    async fn a_copied_file_is_sent_only_while_it_has_its_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "notes").unwrap();
        let stamp = FileStamp::of(&std::fs::metadata(&path).unwrap());
        let file = SiteFile::Copied(path.clone());
        let send = |stamp| respond("m/notes.txt", &file, stamp, StatusCode::OK);
        let res = send(Some(stamp)).await;
        assert_eq!(res.headers()[header::CONTENT_LENGTH], "5");
        assert_eq!(body_of(res).await, "notes");
        assert_eq!(send(None).await.status(), StatusCode::CONFLICT);
        let other = dir.path().join("other.txt");
        std::fs::write(&other, "other").unwrap();
        std::fs::rename(&other, &path).unwrap();
        let res = send(Some(stamp)).await;
        assert_eq!(
            res.status(),
            StatusCode::CONFLICT,
            "another file, same name"
        );
        assert!(!body_of(res).await.contains("other"));
        std::fs::remove_file(&path).unwrap();
        assert_eq!(send(Some(stamp)).await.status(), StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn a_copied_page_gets_the_reload_script_at_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("handout.html");
        std::fs::write(&path, "<p>handout</p>").unwrap();
        let stamp = FileStamp::of(&std::fs::metadata(&path).unwrap());
        let file = SiteFile::Copied(path);
        let res = respond("m/handout.html", &file, Some(stamp), StatusCode::OK).await;
        let len = res.headers()[header::CONTENT_LENGTH].clone();
        let body = body_of(res).await;
        assert_eq!(body, format!("<p>handout</p>{RELOAD_TAG}"));
        assert_eq!(len, body.len().to_string().as_str());
    }
}
