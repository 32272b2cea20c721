//! Priors kept across runs, so a prior is trained once per machine rather than once per
//! process. The folder: `$DEEPZIP_PRIOR_CACHE` (`off` turns the cache off), else
//! `$XDG_CACHE_HOME/deepzip-bench/priors`, else `$HOME/.cache/deepzip-bench/priors`; clear it
//! by removing the folder. An entry is named by a hash of its key (`train::key`, which holds
//! everything that determines the weights, with the entry format's version) and holds
//! "DZPRIOR1", the key's length (u32) and text, the training's seconds (f64), what the model
//! learned (`neural::Trained::to_bytes`) and a CRC32 of all that, little-endian. An entry whose
//! key, size or CRC does not match is never used: the prior is trained again and the entry
//! written anew, whole or not at all.

use std::path::PathBuf;

use crate::atomic_file::write_whole;

const MAGIC: &[u8; 8] = b"DZPRIOR1";

/// Where the cache lives; `None` when it is off or there is no home.
pub fn dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    match var("DEEPZIP_PRIOR_CACHE") {
        Some(v) if v == "off" => None,
        Some(v) => Some(PathBuf::from(v)),
        None => var("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .map(|d| d.join("deepzip-bench").join("priors")),
    }
}

/// The entry file of `key`.
fn entry(dir: &std::path::Path, key: &str) -> PathBuf {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in key.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    dir.join(format!("{h:016x}.prior"))
}

/// What the cache holds for `key`.
pub enum Lookup {
    /// What the model learned and the seconds its training took.
    Found(neural::Trained, f64),
    /// No entry (or no cache).
    Missing,
    /// An entry that does not match: why.
    Rejected(String),
}

/// The entry of `key` for a model of `like`'s settings.
pub fn load(key: &str, like: &neural::Trained) -> Lookup {
    let Some(dir) = dir() else {
        return Lookup::Missing;
    };
    let path = entry(&dir, key);
    let Ok(bytes) = std::fs::read(&path) else {
        return Lookup::Missing;
    };
    let reject = |why: &str| Lookup::Rejected(format!("{}: {why}", path.display()));
    if bytes.len() < MAGIC.len() + 4 + 8 + 4 || &bytes[..8] != MAGIC {
        return reject("not a prior");
    }
    let (body, crc) = bytes.split_at(bytes.len() - 4);
    if crc32fast::hash(body).to_le_bytes() != crc {
        return reject("its CRC does not match");
    }
    let key_len = u32::from_le_bytes(body[8..12].try_into().expect("4 bytes")) as usize;
    if body.len() < 12 + key_len + 8 || &body[12..12 + key_len] != key.as_bytes() {
        return reject("another prior's entry");
    }
    let at = 12 + key_len;
    let seconds = f64::from_le_bytes(body[at..at + 8].try_into().expect("8 bytes"));
    match neural::Trained::restore(like, &body[at + 8..]) {
        Some(trained) => Lookup::Found(trained, seconds),
        None => reject("its weights do not fit the model"),
    }
}

/// Writes the entry of `key`.
pub fn store(key: &str, trained: &neural::Trained, seconds: f64) -> anyhow::Result<()> {
    let Some(dir) = dir() else {
        return Ok(());
    };
    std::fs::create_dir_all(&dir)?;
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&(key.len() as u32).to_le_bytes());
    bytes.extend_from_slice(key.as_bytes());
    bytes.extend_from_slice(&seconds.to_le_bytes());
    bytes.extend_from_slice(&trained.to_bytes());
    let crc = crc32fast::hash(&bytes);
    bytes.extend_from_slice(&crc.to_le_bytes());
    write_whole(&entry(&dir, key), &bytes, true)
}
