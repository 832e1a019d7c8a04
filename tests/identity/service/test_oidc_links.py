"""The link between a person and their identity at the OpenID provider."""
from __future__ import annotations

from sqlalchemy import func, select

from planner.admin.personal_data import anonymise
from planner.core.extensions import db
from planner.identity.oidc_models import OidcLink
from planner.people.models.user import User


def test_removing_a_leavers_personal_data_removes_their_identity_link(ctx, world):
    leaver = db.session.get(User, world.staff)
    db.session.add(OidcLink(user_id=leaver.id, issuer="https://idp.example.co.jp",
                            subject="248289761001"))
    leaver.active = False
    db.session.flush()
    anonymise(db.session.get(User, world.admin), leaver)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(OidcLink)) == 0
