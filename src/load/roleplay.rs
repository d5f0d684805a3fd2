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

/// `roleplay:` as written (its field comments are the descriptions of `syllabus schema lesson`).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Roleplay")]
pub(super) struct RawRoleplay {
    /// The role-play's title on its cards; without it, the lesson's.
    #[serde(default)]
    #[schemars(example = "The late delivery")]
    title: String,
    /// What everyone knows before starting, in markdown, printed on every card.
    #[schemars(
        example = "A customer calls because her order is three days late. She has a party on Saturday."
    )]
    situation: String,
    /// Two roles or more, each with a brief that only its player reads.
    #[schemars(length(min = 2))]
    roles: Vec<RawRole>,
    /// What the observer watches for (each item a line of markdown), ticked on the learner's
    /// device and kept in progress like checklist items.
    #[schemars(example = serde_json::json!([
        "Solves the delivery problem before making any offer",
        {"id": "one-offer", "text": "Makes one offer, based on what the customer said"}
    ]))]
    rubric: Vec<RawCheckItem>,
}

/// One role of a role-play.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Role")]
struct RawRole {
    /// Who plays it.
    #[schemars(example = &"Customer")]
    name: String,
    /// What only this player reads, in markdown: who they are, what they want, how they react.
    #[schemars(
        example = "You are polite but tired of waiting. If the seller helps first, you are open to hearing about faster delivery."
    )]
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
