//! Faults: answers that go wrong on purpose, matched by vendor, method, path and body.
//!
//! `spec.rs` holds what a fault is, `parse.rs` the one-line text form (`--fault`,
//! `X-Rosterwire-Fault`, `Prefer: code=500`), this file the registry the server consults.
//! With no fault registered the request path pays one relaxed atomic load.

mod parse;
mod spec;

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

pub(crate) use parse::header_fault;
pub use parse::{parse_fault_kind, parse_fault_spec};
pub(crate) use spec::InvalidFault;
pub use spec::{Fault, FaultKind, FaultSpec};

use crate::verify::{Candidate, CompiledPattern};

/// The registered faults.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    count: AtomicUsize,
    next_id: AtomicU64,
    list: Mutex<Vec<Registered>>,
}

#[derive(Debug)]
struct Registered {
    fault: Fault,
    pattern: CompiledPattern,
}

impl Faults {
    /// Registers a fault; returns it with its id.
    pub(crate) fn add(&self, spec: FaultSpec) -> Result<Fault, InvalidFault> {
        let pattern = spec.check()?;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let fault = Fault {
            id,
            remaining: spec.times,
            applied: 0,
            spec,
        };
        let mut list = self.lock();
        list.push(Registered {
            fault: fault.clone(),
            pattern,
        });
        self.count.store(list.len(), Ordering::Release);
        Ok(fault)
    }

    /// Every registered fault, oldest first.
    pub(crate) fn list(&self) -> Vec<Fault> {
        self.lock().iter().map(|r| r.fault.clone()).collect()
    }

    /// Removes one fault; `false` when there is no such id.
    pub(crate) fn remove(&self, id: u64) -> bool {
        let mut list = self.lock();
        let before = list.len();
        list.retain(|r| r.fault.id != id);
        self.count.store(list.len(), Ordering::Release);
        list.len() != before
    }

    /// Removes every fault.
    pub(crate) fn clear(&self) {
        let mut list = self.lock();
        list.clear();
        self.count.store(0, Ordering::Release);
    }

    /// The fault to apply to this request, if any: the first registered fault that matches
    /// and wins its probability roll. Its `times` is used up here, and a fault with none
    /// left is removed at once, so it never outlives its `times`.
    pub(crate) fn pick(&self, candidate: &Candidate<'_>) -> Option<FaultKind> {
        if self.count.load(Ordering::Acquire) == 0 {
            return None;
        }
        let mut list = self.lock();
        let index = list.iter().position(|r| {
            r.pattern.matches(candidate)
                && r.fault
                    .spec
                    .probability
                    .is_none_or(|p| p >= 1.0 || fastrand::f64() < p)
        })?;
        let registered = &mut list[index];
        registered.fault.applied += 1;
        let kind = registered.fault.spec.fault;
        if let Some(remaining) = registered.fault.remaining.as_mut() {
            *remaining = remaining.saturating_sub(1);
            if *remaining == 0 {
                list.remove(index);
                self.count.store(list.len(), Ordering::Release);
            }
        }
        Some(kind)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Registered>> {
        match self.list.lock() {
            Ok(list) => list,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::vendor_name::VendorName;
    use crate::verify::RequestPattern;

    fn candidate(path: &str) -> Candidate<'_> {
        Candidate {
            vendor: VendorName::for_path(path),
            method: "PATCH",
            path,
            body: b"{}",
            has_header: &|_| false,
        }
    }

    fn spec(vendor: VendorName, times: Option<u32>) -> FaultSpec {
        FaultSpec {
            when: RequestPattern::vendor(vendor),
            fault: FaultKind::Status { status: 500 },
            times,
            probability: None,
        }
    }

    const CHATWOOT: &str = "/api/v1/accounts/1/teams/1/team_members";
    const ROCKETCHAT: &str = "/api/v1/livechat/department/x/agents";

    #[test]
    fn a_fault_with_times_is_removed_once_used_up() {
        let faults = Faults::default();
        faults.add(spec(VendorName::Chatwoot, Some(2))).unwrap();
        assert!(faults.pick(&candidate(CHATWOOT)).is_some());
        assert!(faults.pick(&candidate(CHATWOOT)).is_some());
        assert!(faults.pick(&candidate(CHATWOOT)).is_none());
        assert!(faults.list().is_empty());
    }

    #[test]
    fn a_fault_never_leaks_into_another_vendor() {
        let faults = Faults::default();
        faults.add(spec(VendorName::Chatwoot, None)).unwrap();
        assert!(faults.pick(&candidate(ROCKETCHAT)).is_none());
        assert_eq!(faults.list()[0].applied, 0);
    }

    #[test]
    fn a_zero_probability_fault_never_fires() {
        let faults = Faults::default();
        let mut never = spec(VendorName::Chatwoot, None);
        never.probability = Some(0.0);
        faults.add(never).unwrap();
        assert!((0..100).all(|_| faults.pick(&candidate(CHATWOOT)).is_none()));
    }

    #[test]
    fn faults_can_be_removed_by_id_or_all_at_once() {
        let faults = Faults::default();
        let first = faults.add(spec(VendorName::Chatwoot, None)).unwrap();
        faults.add(spec(VendorName::ChatDash, None)).unwrap();
        assert!(faults.remove(first.id));
        assert!(!faults.remove(first.id));
        assert_eq!(faults.list().len(), 1);
        faults.clear();
        assert!(faults.pick(&candidate(CHATWOOT)).is_none());
    }
}
