//! Which snapshot files a run writes and whether a snapshot mismatch fails: the
//! `--update-snapshots` flag when given, else insta's own environment variables read as insta
//! reads them, else `no` when `CI` is set and `new` elsewhere (insta's `auto`).
//!
//! Source: the insta crate 1.49.0 (crates.io; mitsuhiko/insta, tag 1.49.0): `insta/src/env.rs`
//! `ToolConfig::from_workspace` (the accepted values, `INSTA_FORCE_PASS` only `0`/`1`) and the
//! crate docs in `insta/src/lib.rs` ("`unseen`: `always` for previously unseen snapshots or
//! `new` for existing"). insta 1.49.0's own code applies `unseen` the other way round (a TODO
//! there says so); we follow the documented meaning.

use super::UpdateMode;

/// Why the snapshot settings cannot be decided: an insta variable insta would refuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub(crate) struct SettingsError {
    kind: SettingsErrorKind,
}

/// The variable at fault, with its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum SettingsErrorKind {
    /// `INSTA_UPDATE` is none of insta's values.
    #[error("INSTA_UPDATE={value}: expected auto, always, new, unseen, no or force")]
    InstaUpdate {
        /// The value found.
        value: String,
    },
    /// `INSTA_FORCE_PASS` is neither `0` nor `1`.
    #[error("INSTA_FORCE_PASS={value}: expected 0 or 1")]
    InstaForcePass {
        /// The value found.
        value: String,
    },
}

impl From<SettingsErrorKind> for SettingsError {
    fn from(kind: SettingsErrorKind) -> Self {
        SettingsError { kind }
    }
}

/// The snapshot behaviour of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SnapshotSettings {
    /// When to write snapshot files.
    pub update: UpdateMode,
    /// A missing or differing snapshot does not fail the step (`INSTA_FORCE_PASS=1`); the
    /// files are still written as `update` says.
    pub force_pass: bool,
}

/// The settings from the flag and the environment (`env` looks a variable up).
///
/// # Errors
/// An `INSTA_UPDATE` or `INSTA_FORCE_PASS` value insta would refuse, named with what it accepts.
pub(crate) fn snapshot_settings(
    flag: Option<UpdateMode>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<SnapshotSettings, SettingsError> {
    let ci = env("CI").is_some_and(|v| !v.is_empty());
    let from_env = match env("INSTA_UPDATE").as_deref() {
        None | Some("" | "auto") => None,
        Some("always" | "1") => Some(UpdateMode::Always),
        Some("new") => Some(UpdateMode::New),
        Some("unseen") => Some(UpdateMode::Unseen),
        Some("no") => Some(UpdateMode::No),
        Some("force") => Some(UpdateMode::Force),
        Some(other) => {
            return Err(SettingsErrorKind::InstaUpdate {
                value: other.to_owned(),
            }
            .into());
        }
    };
    let force_pass = match env("INSTA_FORCE_PASS").as_deref() {
        None | Some("" | "0") => false,
        Some("1") => true,
        Some(other) => {
            return Err(SettingsErrorKind::InstaForcePass {
                value: other.to_owned(),
            }
            .into());
        }
    };
    let update = flag
        .or(from_env)
        .unwrap_or(if ci { UpdateMode::No } else { UpdateMode::New });
    Ok(SnapshotSettings { update, force_pass })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(
        flag: Option<UpdateMode>,
        vars: &[(&str, &str)],
    ) -> Result<SnapshotSettings, SettingsError> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        snapshot_settings(flag, &|name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

    #[rstest::rstest]
    #[case::auto_outside_ci(None, &[], UpdateMode::New)]
    #[case::auto_in_ci(None, &[("CI", "true")], UpdateMode::No)]
    #[case::insta_update_always(None, &[("CI", "1"), ("INSTA_UPDATE", "always")], UpdateMode::Always)]
    #[case::insta_update_one(None, &[("INSTA_UPDATE", "1")], UpdateMode::Always)]
    #[case::insta_update_unseen(None, &[("INSTA_UPDATE", "unseen")], UpdateMode::Unseen)]
    #[case::insta_update_no(None, &[("INSTA_UPDATE", "no")], UpdateMode::No)]
    #[case::insta_update_force(None, &[("INSTA_UPDATE", "force")], UpdateMode::Force)]
    #[case::the_flag_wins(Some(UpdateMode::No), &[("INSTA_UPDATE", "always")], UpdateMode::No)]
    fn the_update_mode_comes_from_the_flag_then_insta_update_then_ci(
        #[case] flag: Option<UpdateMode>,
        #[case] vars: &[(&str, &str)],
        #[case] expected: UpdateMode,
    ) {
        assert_eq!(settings(flag, vars).unwrap().update, expected);
    }

    #[test]
    fn insta_force_pass_is_read_as_insta_reads_it() {
        assert!(
            settings(None, &[("INSTA_FORCE_PASS", "1")])
                .unwrap()
                .force_pass
        );
        assert!(
            !settings(None, &[("INSTA_FORCE_PASS", "0")])
                .unwrap()
                .force_pass
        );
        assert!(!settings(None, &[]).unwrap().force_pass);
        let error = settings(None, &[("INSTA_FORCE_PASS", "yes")]).unwrap_err();
        assert_eq!(error.to_string(), "INSTA_FORCE_PASS=yes: expected 0 or 1");
        let error = settings(None, &[("INSTA_UPDATE", "sometimes")]).unwrap_err();
        assert_eq!(
            error,
            SettingsError::from(SettingsErrorKind::InstaUpdate {
                value: "sometimes".to_owned()
            })
        );
        assert!(
            error.to_string().starts_with("INSTA_UPDATE=sometimes"),
            "{error}"
        );
    }
}
