//! Hash maps for keys the workspace makes itself (entity ids, figure keys,
//! partnership pairs, paths, citation keys). They hash with FxHash rather
//! than the standard SipHash: SipHash resists crafted keys, which a user's
//! own folder does not send, and at 100k documents it was a tenth of the
//! analysis in profiles.

pub type FastMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
pub type FastSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;
