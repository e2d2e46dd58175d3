"""Seat codes: what a cadet types to prove which seat is theirs.

A code is six characters from an alphabet without look-alikes (no 0/O, 1/I/L), read
aloud or copied from a slip of paper, case-insensitive.  The store keeps only a salted
scrypt hash of each code, compared in constant time, so a copied session file does not
give the codes away.  The facilitator can still print the codes again: they are kept
sealed with a key derived from the facilitator's own code (scrypt, then an HMAC-checked
SHA-256 keystream), so only someone who knows that code can open them.  Everything
here is the standard library: hashlib.scrypt, hmac and secrets.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0 O 1 I L: unambiguous on paper and on screen
LENGTH = 6
# scrypt cost: about 10 ms per check on this class of machine, so checking a code against
# every seat of a session (up to 10) stays well under a second.
_N, _R, _P = 2**12, 8, 1


class CodeError(Exception):
    """A code that does not open anything (the message never says which part was wrong)."""


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code: str) -> str:
    """What the user typed, as stored: upper case, spaces and dashes dropped."""
    return "".join(ch for ch in code.upper() if ch not in " -\t")


def _kdf(code: str, salt: bytes, length: int = 32) -> bytes:
    return hashlib.scrypt(normalise(code).encode(), salt=salt, n=_N, r=_R, p=_P, dklen=length)


@dataclass(frozen=True)
class Hashed:
    salt: str  # hex
    digest: str  # hex

    @classmethod
    def of(cls, code: str) -> Hashed:
        salt = secrets.token_bytes(16)
        return cls(salt.hex(), _kdf(code, salt).hex())

    def matches(self, code: str) -> bool:
        try:
            salt = bytes.fromhex(self.salt)
            want = bytes.fromhex(self.digest)
        except ValueError:
            return False
        return hmac.compare_digest(_kdf(code, salt), want)


def _stream(key: bytes, n: int) -> bytes:
    out = bytearray()
    block = 0
    while len(out) < n:
        out += hashlib.sha256(key + block.to_bytes(8, "big")).digest()
        block += 1
    return bytes(out[:n])


def seal(codes: dict[str, object], facilitator_code: str) -> str:
    """Every seat's code, readable again only with the facilitator's code."""
    salt = secrets.token_bytes(16)
    key = _kdf(facilitator_code, salt, 64)
    plain = json.dumps(codes, sort_keys=True).encode()
    box = bytes(a ^ b for a, b in zip(plain, _stream(key[:32], len(plain)), strict=True))
    tag = hmac.new(key[32:], salt + box, hashlib.sha256).hexdigest()
    return json.dumps({"salt": salt.hex(), "box": box.hex(), "tag": tag})


def unseal(sealed: str, facilitator_code: str) -> dict[str, object]:
    try:
        doc = json.loads(sealed)
        salt, box = bytes.fromhex(doc["salt"]), bytes.fromhex(doc["box"])
        tag = str(doc["tag"])
    except (ValueError, KeyError, TypeError):
        raise CodeError("the session's sealed codes are damaged") from None
    key = _kdf(facilitator_code, salt, 64)
    if not hmac.compare_digest(hmac.new(key[32:], salt + box, hashlib.sha256).hexdigest(), tag):
        raise CodeError("that is not the facilitator's code")
    plain = bytes(a ^ b for a, b in zip(box, _stream(key[:32], len(box)), strict=True))
    out = json.loads(plain)
    assert isinstance(out, dict)
    return out


def throttle_seconds(failures: int) -> float:
    """How long a seat waits before its next try: nothing for the first five wrong codes
    in a row, then 2, 4, 8 … seconds, at most a minute (typos cost nothing; guessing does)."""
    if failures < 5:
        return 0.0
    return float(min(60, 2 ** (failures - 4)))


def code_lines(codes: dict[str, object], session: str) -> list[str]:
    """The seat codes as the facilitator reads them out or prints them for the teams."""
    teams = codes.get("teams", {})
    lines = ["Seat codes (each opens one seat; hand each team its own):",
             f"  {'facilitator':<18} {codes['facilitator']}", f"  {'projector':<18} {codes['projector']}"]
    if isinstance(teams, dict):
        lines += [f"  {'team ' + str(t):<18} {c}" for t, c in sorted(teams.items())]
    lines.append(f"They are stored hashed; the facilitator can print them again: detente class codes {session}")
    return lines
