//! API tokens for other systems: `dbn_` + 43 characters of base64url (32 random bytes).
//! Only the SHA-256 is stored; high-entropy secrets need no slow hash.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

pub const PREFIX: &str = "dbn_";

pub struct NewToken {
    pub secret: String,
    pub hash: String,
    /// What lists show to recognise the token by.
    pub display_prefix: String,
}

pub fn generate() -> NewToken {
    let secret = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(super::random_bytes::<32>()));
    NewToken {
        hash: digest(&secret),
        display_prefix: secret[..PREFIX.len() + 6].to_string(),
        secret,
    }
}

pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

pub fn looks_like_api_token(bearer: &str) -> bool {
    bearer.starts_with(PREFIX)
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = super::generate();
        let b = super::generate();
        assert_ne!(a.secret, b.secret);
        assert_eq!(a.secret.len(), 4 + 43);
        assert_eq!(a.hash, super::digest(&a.secret));
        assert_eq!(a.hash.len(), 64);
        assert!(super::looks_like_api_token(&a.secret));
    }
}
