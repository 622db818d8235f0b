//! Argon2id hashing of passwords and client secrets, off the request threads.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use async_trait::async_trait;
use opora_domain::access::ports::Credentials;
use uuid::Uuid;

/// Argon2id with the crate's default parameters (OWASP's recommended minimum).
#[derive(Debug, Clone, Copy, Default)]
pub struct Argon2Credentials;

#[async_trait]
impl Credentials for Argon2Credentials {
    async fn hash(&self, secret: &str) -> String {
        let secret = secret.to_owned();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default().hash_password(secret.as_bytes(), &salt).expect("argon2 hashes any input").to_string()
        })
        .await
        .expect("the hashing task")
    }

    async fn verify(&self, secret: &str, hash: &str) -> bool {
        let (secret, hash) = (secret.to_owned(), hash.to_owned());
        tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash)
                .is_ok_and(|parsed| Argon2::default().verify_password(secret.as_bytes(), &parsed).is_ok())
        })
        .await
        .unwrap_or(false)
    }

    fn generate_secret(&self) -> String {
        // Two random UUIDs: 244 bits from the operating system's generator.
        format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple())
    }

    fn generate_client_id(&self) -> String {
        format!("opora_{}", &Uuid::new_v4().simple().to_string()[..24])
    }
}
