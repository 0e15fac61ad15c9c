//! A path's segments, split at `/` byte by byte: path segments are short, and `str::split`'s
//! `memchr` search costs more to set up per segment than it saves on them.

/// `str::split('/')` over a path: the same segments, empty ones included.
pub(crate) struct Segments<'a>(Option<&'a str>);

impl<'a> Segments<'a> {
    /// The segments of `path`.
    pub(crate) fn new(path: &'a str) -> Self {
        Self(Some(path))
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.0?;
        match rest.bytes().position(|b| b == b'/') {
            Some(slash) => {
                self.0 = rest.get(slash + 1..);
                rest.get(..slash)
            }
            None => {
                self.0 = None;
                Some(rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::Segments;

    #[rstest]
    #[case::empty("")]
    #[case::slash("/")]
    #[case::two_slashes("//")]
    #[case::path("1/teams/2/team_members")]
    #[case::trailing("1/teams/")]
    #[case::inner_empty("1//teams")]
    #[case::non_ascii("1/é/x")]
    fn segments_split_like_str_split(#[case] path: &str) {
        assert_eq!(
            Segments::new(path).collect::<Vec<_>>(),
            path.split('/').collect::<Vec<_>>()
        );
    }

    proptest! {
        #[test]
        fn any_path_splits_like_str_split(path in "[a-z/é%]{0,16}") {
            prop_assert_eq!(
                Segments::new(&path).collect::<Vec<_>>(),
                path.split('/').collect::<Vec<_>>()
            );
        }
    }
}
