//! Credentials: password hashing, access tokens (JWT) and API tokens. No IO here: the
//! data layer stores what these produce, the HTTP layer decides when to call them.

pub mod api_token;
pub mod jwt;
pub mod password;

/// `n` bytes from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the OS random number generator works");
    buf
}
