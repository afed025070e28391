//! Work over many files on every core, results in input order: the CLI's checks and its
//! renderers (a province's folder is tens of thousands of reports).

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` of every item, computed on up to `threads` threads, in the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut out: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            // A panic in a worker is a bug; let it surface as it would have without threads.
            let done = worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (i, result) in done {
                out[i] = Some(result);
            }
        }
    });
    out.into_iter().flatten().collect()
}

/// The cores to use.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `f` of every item (and its index), computed on up to `threads` threads and handed to `emit` on the calling
/// thread in the items' order, each as soon as it and every item before it are done: `check`
/// writes a file's output while later files are still being checked, and keeps no more than
/// the results that wait for a slower one before them. Workers wait when `emit` falls behind
/// (a slow pipe), so unwritten output does not pile up.
pub fn for_each_ordered<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(usize, &T) -> R + Sync,
    mut emit: impl FnMut(R),
) {
    let threads = threads.clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, R)>(threads * 32);
    std::thread::scope(|s| {
        for _ in 0..threads {
            let send = send.clone();
            let (next, f) = (&next, &f);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                if send.send((i, f(i, item))).is_err() {
                    break;
                }
            });
        }
        // Only the workers hold senders now: when they are all done, receiving ends (a worker
        // that panicked ends too, and the scope then passes its panic on).
        drop(send);
        let mut waiting: std::collections::VecDeque<Option<R>> = Default::default();
        let mut done = 0;
        for (i, result) in receive {
            let slot = i - done;
            if waiting.len() <= slot {
                waiting.resize_with(slot + 1, || None);
            }
            waiting[slot] = Some(result);
            while let Some(Some(_)) = waiting.front() {
                if let Some(Some(ready)) = waiting.pop_front() {
                    emit(ready);
                    done += 1;
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_in_input_order_whatever_the_threads() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 7] {
            let mut seen = Vec::new();
            super::for_each_ordered(
                &items,
                threads,
                |i, &n| {
                    assert_eq!(items[i], n, "the index is the item's");
                    // Uneven work, so that the threads finish out of order.
                    std::thread::sleep(std::time::Duration::from_micros((n * 7919) % 300));
                    n * 2
                },
                |r| seen.push(r),
            );
            let expected: Vec<u64> = items.iter().map(|n| n * 2).collect();
            assert_eq!(seen, expected, "{threads} threads");
        }
    }
}
