"""SCIM tokens: shown once, stored as a digest, refused once revoked."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from planner.core.errors import Conflict, ValidationError
from planner.core.extensions import db
from planner.identity import tokens
from planner.identity.models import ScimToken


def test_the_token_is_stored_only_as_its_sha256(ctx):
    token, plaintext = tokens.create("entra")
    db.session.commit()
    stored = db.session.scalar(select(ScimToken).where(ScimToken.name == "entra"))
    assert stored.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext not in (stored.token_hash, stored.prefix)
    assert plaintext.startswith(stored.prefix) and len(stored.prefix) == 10
    assert tokens.authenticate(plaintext).id == token.id
    assert tokens.authenticate(plaintext + "x") is None


def test_a_revoked_token_no_longer_authenticates(ctx):
    _, plaintext = tokens.create("google")
    tokens.revoke("google")
    db.session.commit()
    assert tokens.authenticate(plaintext) is None
    with pytest.raises(Conflict):
        tokens.revoke("google")


def test_names_are_required_and_unique(ctx):
    tokens.create("entra")
    with pytest.raises(ValidationError) as taken:
        tokens.create(" entra ")
    assert "name" in taken.value.fields
    with pytest.raises(ValidationError):
        tokens.create("   ")
    with pytest.raises(ValidationError):
        tokens.create("x" * 81)
