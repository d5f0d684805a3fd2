//! Responses that send one file of the served site: built bytes from memory (HTML with the
//! live-reload script added), or a file the site copies, read from the course at request time
//! and only while its path still opens the file the last good build's load found.
//!
//! A copied file is the author's: after the build it can be edited, deleted, or replaced by a
//! link to anywhere (`/etc/passwd`). The rebuild refuses such a link, but the last good site
//! still names the path, so the file is opened once and the opened file's [`FileStamp`] must
//! equal the one recorded at load; otherwise the answer is `409` until the rebuild is published
//! (issue 22).

use std::io::Read as _;
use std::path::{Path, PathBuf};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::build::output::OutData;
use crate::fs::FileStamp;

/// The tag that loads the live-reload script, added to every HTML response.
const RELOAD_TAG: &str = "<script src=\"/__syllabus/reload.js\"></script>";

/// The response that sends `data`, the site's file at `path`, with `status`. A copied file is
/// sent only if it still has `stamp`.
pub async fn respond(
    path: &str,
    data: &OutData,
    stamp: Option<FileStamp>,
    status: StatusCode,
) -> Response {
    let bytes = match data {
        OutData::Bytes(b) => b.clone(),
        OutData::Copy(from) => match read_unchanged(from.clone(), stamp).await {
            Ok(b) => b,
            Err(refusal) => return refusal.into_response(),
        },
    };
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let body = if is_html { inject_reload(bytes) } else { bytes };
    let content_type = match mime.type_() {
        mime_guess::mime::TEXT => format!("{}; charset=utf-8", mime.essence_str()),
        _ if mime.essence_str() == "application/javascript" => {
            "text/javascript; charset=utf-8".to_owned()
        }
        _ => mime.essence_str().to_owned(),
    };
    let mut res = (status, body).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type).expect("MIME types are valid header values"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
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

/// Opens `from` and reads it whole, if the opened file has `stamp`.
async fn read_unchanged(from: PathBuf, stamp: Option<FileStamp>) -> Result<Vec<u8>, Unsendable> {
    tokio::task::spawn_blocking(move || {
        let mut file = open_unchanged(&from, stamp)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|_| Unsendable::Gone)?;
        Ok(bytes)
    })
    .await
    .unwrap_or(Err(Unsendable::Gone))
}

/// Opens `from`, following links as the build did, and checks the opened file (not the path
/// again, which could change in between) against `stamp`.
fn open_unchanged(from: &Path, stamp: Option<FileStamp>) -> Result<std::fs::File, Unsendable> {
    let file = std::fs::File::open(from).map_err(|_| Unsendable::Gone)?;
    let meta = file.metadata().map_err(|_| Unsendable::Gone)?;
    if Some(FileStamp::of(&meta)) == stamp {
        Ok(file)
    } else {
        Err(Unsendable::Changed)
    }
}

/// Inserts the reload script before `</body>` (or at the end).
fn inject_reload(mut html: Vec<u8>) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, RELOAD_TAG.bytes());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reload_script_goes_before_the_body_end() {
        let html = inject_reload(b"<html><body><p>x</p></BODY></html>".to_vec());
        assert_eq!(
            String::from_utf8(html).unwrap(),
            format!("<html><body><p>x</p>{RELOAD_TAG}</BODY></html>")
        );
    }

    #[test]
    fn a_copied_file_opens_only_while_it_has_its_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "notes").unwrap();
        let stamp = FileStamp::of(&std::fs::metadata(&path).unwrap());
        assert!(open_unchanged(&path, Some(stamp)).is_ok());
        assert_eq!(
            open_unchanged(&path, None).unwrap_err(),
            Unsendable::Changed
        );
        let other = dir.path().join("other.txt");
        std::fs::write(&other, "other").unwrap();
        std::fs::rename(&other, &path).unwrap();
        assert_eq!(
            open_unchanged(&path, Some(stamp)).unwrap_err(),
            Unsendable::Changed,
            "another file under the same name"
        );
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            open_unchanged(&path, Some(stamp)).unwrap_err(),
            Unsendable::Gone
        );
    }
}
