//! A lesson's `roleplay:` (issue 18): a situation, a brief for each role and the observer's
//! rubric. Read with the lesson's front matter; its mistakes point at their line.
//!
//! ```yaml
//! roleplay:
//!   title: The late delivery            # optional
//!   situation: A customer calls about…   # for everyone
//!   roles:
//!     - name: Customer
//!       brief: You are…                 # only they read it
//!     - name: You
//!       brief: …
//!   rubric:                              # what the observer watches for, ticked on the device
//!     - Solves the delivery problem before making any offer
//!     - id: one-offer
//!       text: Makes one offer, based on what the customer said
//! ```

use std::path::Path;

use serde::Deserialize;

use super::checklist::RawCheckItem;
use super::names::locate;
use crate::diag::{Diagnostic, shorten};
use crate::model::{Role, Roleplay};

/// The fewest roles a role-play has: someone to talk and someone to answer.
const MIN_ROLES: usize = 2;

/// `roleplay:` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRoleplay {
    #[serde(default)]
    title: String,
    situation: String,
    roles: Vec<RawRole>,
    rubric: Vec<RawCheckItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    name: String,
    brief: String,
}

/// Checks a role-play; gives it, and its rubric as checklist items whose ids start `rubric-`
/// (the lesson's checklist takes them, so they are stored and counted like practice items).
pub(super) fn check(
    raw: RawRoleplay,
    path: &Path,
    text: &str,
) -> Result<(Roleplay, Vec<RawCheckItem>), Diagnostic> {
    let at = |needle: &str, message: String, help: &str| {
        let (line, col) = locate(text, needle);
        Diagnostic::error_at(path, text, line, col, message).with_help(help.to_owned())
    };
    if raw.situation.trim().is_empty() {
        return Err(at(
            "situation:",
            "the role-play's `situation` is empty".into(),
            "say in a sentence or two what is happening, for everyone taking part",
        ));
    }
    if raw.roles.len() < MIN_ROLES {
        return Err(at(
            "roles:",
            format!(
                "a role-play needs at least {MIN_ROLES} roles; this one has {}",
                raw.roles.len()
            ),
            "add a role for each person: for example the customer, the learner and an observer",
        ));
    }
    let mut names = std::collections::HashSet::with_capacity(raw.roles.len());
    for r in &raw.roles {
        let name = r.name.trim();
        if name.is_empty() {
            return Err(at(
                "name:",
                "a role has an empty `name`".into(),
                "name each role: Customer, You, Observer…",
            ));
        }
        if !names.insert(name.to_lowercase()) {
            return Err(at(
                &format!("name: {name}"),
                format!("two roles are named \"{}\"", shorten(name, 60)),
                "give each role its own name",
            ));
        }
        if r.brief.trim().is_empty() {
            return Err(at(
                &format!("name: {name}"),
                format!("the role \"{}\" has an empty `brief`", shorten(name, 60)),
                "say what this person knows, wants and should do; only they read it",
            ));
        }
    }
    if raw.rubric.is_empty() {
        return Err(at(
            "rubric:",
            "the role-play's `rubric` is empty".into(),
            "list what the observer should see the learner do, one observable behaviour per item",
        ));
    }
    let rubric = raw
        .rubric
        .into_iter()
        .map(|item| match item {
            RawCheckItem::Text(text) => RawCheckItem::Full {
                id: format!("rubric-{text}"),
                text,
            },
            RawCheckItem::Full { id, text } => RawCheckItem::Full {
                id: format!("rubric-{id}"),
                text,
            },
        })
        .collect();
    let roleplay = Roleplay {
        title: raw.title.trim().to_owned(),
        situation: raw.situation,
        roles: raw
            .roles
            .into_iter()
            .map(|r| Role {
                name: r.name.trim().to_owned(),
                brief: r.brief,
            })
            .collect(),
    };
    Ok((roleplay, rubric))
}
