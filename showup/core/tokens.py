"""How Showup keeps a bearer secret it hands out once: feed addresses, signed links, API and SCIM tokens."""

import hashlib


def token_hash(secret: str) -> str:
    """The stored form of a secret. It holds 192 random bits or more, so no slow hash is needed:
    nothing can be guessed, only looked up."""
    return hashlib.sha256(secret.encode()).hexdigest()
