//! One element of `params[:user_ids]` as the team-member actions compare it.

/// One element of `user_ids`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RequestedId {
    /// The element's `to_i`; `None` when it is out of every id's range (a Ruby bignum).
    pub(crate) id: Option<i64>,
    /// Whether the element is a JSON integer (Ruby `Integer`), which alone `eql?` a member id.
    pub(crate) is_integer: bool,
}
