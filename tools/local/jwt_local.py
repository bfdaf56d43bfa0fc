"""RS256 tokens for the demo API's JWT authorizer, signed by a key made for this run.

The emulator's authorizer reads the matching public key from a local JWKS file (fix
``local_jwks``), so tokens verify without any issuer on the network.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@dataclass
class LocalIssuer:
    issuer: str
    audience: str
    key: rsa.RSAPrivateKey
    kid: str

    @classmethod
    def create(cls, issuer: str, audience: str) -> LocalIssuer:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return cls(issuer, audience, key, uuid.uuid4().hex[:16])

    def jwks(self) -> dict[str, Any]:
        numbers = self.key.public_key().public_numbers()
        return {
            "keys": [
                {
                    "kty": "RSA",
                    "use": "sig",
                    "alg": "RS256",
                    "kid": self.kid,
                    "n": _int(numbers.n),
                    "e": _int(numbers.e),
                }
            ]
        }

    def jwks_file_text(self) -> str:
        """{issuer: jwks}, the LOCAL_JWKS_FILE format of tools/local/ministack_fixes/."""
        return json.dumps({self.issuer: self.jwks()})

    def token(self, lifetime_s: int = 3600, **claims: Any) -> str:
        now = int(time.time())
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        payload = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": "local-user",
            "iat": now,
            "nbf": now - 5,
            "exp": now + lifetime_s,
            "scope": "todos",
            **claims,
        }
        signing_input = ".".join(
            _b64(json.dumps(part, separators=(",", ":")).encode()) for part in (header, payload)
        )
        signature = self.key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input}.{_b64(signature)}"
