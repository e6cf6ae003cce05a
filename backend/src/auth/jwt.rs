//! Access tokens: HS256 JWTs with a key of at least 32 random bytes. The algorithm is
//! pinned; `exp`, `iat`, `iss`, `aud`, `sub` and `sid` are required and checked. A token
//! names its session row, so logout, password change and disabling end it at once.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const ISSUER: &str = "duban";
pub const AUDIENCE: &str = "duban-api";
pub const MIN_KEY_BYTES: usize = 32;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user id.
    pub sub: String,
    /// The session id.
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// What a token must satisfy, built once (it holds sets; every request checks one).
    validation: std::sync::Arc<Validation>,
}

/// HS256 only, our issuer and audience, every time claim present, 5 s of clock leeway.
fn validation() -> Validation {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.algorithms = vec![Algorithm::HS256];
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    validation.leeway = 5;
    validation.validate_exp = true;
    validation
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum KeyError {
    #[error("DUBAN_JWT_SECRET is not valid base64")]
    NotBase64,
    #[error("DUBAN_JWT_SECRET must hold at least {MIN_KEY_BYTES} bytes; it holds {0}")]
    TooShort(usize),
    #[error("the signing key cannot be used")]
    Unusable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Expired,
    Invalid,
}

impl JwtKeys {
    pub fn from_bytes(secret: &[u8]) -> Result<JwtKeys, KeyError> {
        if secret.len() < MIN_KEY_BYTES {
            return Err(KeyError::TooShort(secret.len()));
        }
        Ok(JwtKeys {
            encoding: EncodingKey::from_secret(secret).map_err(|_| KeyError::Unusable)?,
            decoding: DecodingKey::from_secret(secret).map_err(|_| KeyError::Unusable)?,
            validation: std::sync::Arc::new(validation()),
        })
    }

    /// The key as `DUBAN_JWT_SECRET` carries it: base64 of the random bytes.
    pub fn from_base64(secret: &str) -> Result<JwtKeys, KeyError> {
        let bytes = STANDARD.decode(secret.trim()).map_err(|_| KeyError::NotBase64)?;
        Self::from_bytes(&bytes)
    }

    /// A fresh random key (tests, and `duban gen-secret`).
    pub fn generate_base64() -> String {
        STANDARD.encode(super::random_bytes::<48>())
    }

    pub fn issue(&self, user_id: i32, session_id: Uuid, now: i64, ttl_seconds: i64) -> String {
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: user_id.to_string(),
            sid: session_id,
            iat: now,
            exp: now + ttl_seconds,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).expect("HS256 signing cannot fail")
    }

    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> JwtKeys {
        JwtKeys::from_base64(&JwtKeys::generate_base64()).unwrap()
    }

    #[test]
    fn a_token_signs_and_verifies() {
        // Also proves exactly one crypto backend is compiled in (else this panics).
        let k = keys();
        let sid = Uuid::new_v4();
        let now = chrono::Utc::now().timestamp();
        let claims = k.verify(&k.issue(7, sid, now, 60)).unwrap();
        assert_eq!(claims.sub, "7");
        assert_eq!(claims.sid, sid);
    }

    #[test]
    fn short_or_malformed_keys_are_refused() {
        assert_eq!(JwtKeys::from_bytes(&[1; 31]).err(), Some(KeyError::TooShort(31)));
        assert_eq!(JwtKeys::from_base64("not base64!").err(), Some(KeyError::NotBase64));
    }

    #[test]
    fn expired_and_foreign_tokens_fail() {
        let k = keys();
        let now = chrono::Utc::now().timestamp();
        let old = k.issue(1, Uuid::new_v4(), now - 3600, 60);
        assert_eq!(k.verify(&old), Err(TokenError::Expired));
        let other = keys().issue(1, Uuid::new_v4(), now, 60);
        assert_eq!(k.verify(&other), Err(TokenError::Invalid));
    }
}
