//! A small seeded random source for the core's property tests: xorshift64, so a failing case
//! comes back on every run without a crate for it.

/// A function giving numbers below its argument, the same sequence for the same `seed` (non-zero).
pub(crate) fn below(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    }
}
