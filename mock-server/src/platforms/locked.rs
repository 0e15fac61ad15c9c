//! A vendor's state behind one mutex: taken over when poisoned, replaced whole on a reset.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// A vendor's state behind one mutex.
#[derive(Debug, Default)]
pub(crate) struct Locked<S>(Mutex<S>);

impl<S> Locked<S> {
    /// Puts `state` behind the lock.
    pub(crate) fn new(state: S) -> Self {
        Self(Mutex::new(state))
    }

    /// Locks the state. A poisoned lock is taken over: no vendor code panics while holding
    /// it, and each write is the last step of a request, so the state is still consistent.
    pub(crate) fn lock(&self) -> MutexGuard<'_, S> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces the state by `fresh`'s under one lock: a request sees the old state or the
    /// new one, never a mix.
    pub(crate) fn replace(&self, fresh: Locked<S>) {
        let fresh = fresh.0.into_inner().unwrap_or_else(PoisonError::into_inner);
        *self.lock() = fresh;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_swaps_the_whole_state() {
        let locked = Locked::new(vec![1, 2]);
        locked.replace(Locked::new(vec![3]));
        assert_eq!(*locked.lock(), [3]);
    }

    #[test]
    fn a_poisoned_lock_is_taken_over() {
        let locked = std::sync::Arc::new(Locked::new(1));
        let clone = std::sync::Arc::clone(&locked);
        let _ = std::thread::spawn(move || {
            let _guard = clone.lock();
            panic!("poison the lock");
        })
        .join();
        assert_eq!(*locked.lock(), 1);
    }
}
