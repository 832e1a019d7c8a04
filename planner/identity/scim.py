"""SCIM 2.0 provisioning (RFC 7643/7644) at /scim/v2.

scim2-server speaks the protocol (routing, validation against the published
schemas, PATCH and PUT applied to the resource, discovery, errors in SCIM's
format), over scim2-models' resource models and filters; this module is its
storage over the planner's people and departments, and the Flask view that
authenticates the directory's token and records every call.

Users are planner people; Groups are departments, except those
SCIM_ROLE_GROUPS names, which give their members a role (README, "SCIM").
DELETE deactivates and unlinks, never deletes: a person's history stays.
"""
from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from typing import Any

from flask import Blueprint, Response, after_this_request, request
from flask_babel import force_locale
from scim2_models import (
    InvalidValueException,
    NotFoundException,
    Required,
    Resource,
    ResourceType,
    ResponseParameters,
    SCIMException,
    ScimFilter,
    ScimProvider,
    SearchRequest,
    ServiceProviderConfig,
    UnauthorizedException,
    UniquenessException,
)
from scim2_server.handler import ScimHandler
from scim2_server.requests import ScimRequest as ProtocolRequest
from scim2_server.responses import ScimResponse
from scim2_server.service import ScimService
from scim2_server.storage import ScimStorage, SearchPage
from scim2_server.utils import load_default_resource_types, load_default_schemas, parametrize
from sqlalchemy import func, insert, select

from planner.core import audit
from planner.core.access import public
from planner.core.errors import ValidationError
from planner.core.extensions import csrf, db
from planner.core.i18n import translate
from planner.core.limits import storable
from planner.core.types import utcnow
from planner.identity import domain as rules
from planner.identity import provisioning, tokens
from planner.identity.models import (
    ScimGroup,
    ScimRequest,
    ScimRoleGroup,
    ScimUser,
    scim_role_members,
)
from planner.people import operations as people
from planner.people.models.department import Department
from planner.people.models.user import User, user_departments

bp = Blueprint("scim", __name__, url_prefix="/scim/v2")
csrf.exempt(bp)  # a directory calls with a bearer token, never a browser session

PREFIX = "/scim/v2"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
# The User attributes the planner keeps and gives back; the others of RFC 7643
# (addresses, photos, password…) are not published, so a directory does not
# send what would be dropped.
USER_ATTRIBUTES = ("userName", "name", "displayName", "title", "active", "emails", "groups")
# Kept as the directory sent them (the planner has no column for them).
KEPT_AS_SENT = ("displayName", "name", "title", "emails", ENTERPRISE_SCHEMA)
# A page's size at most (the configuration's filter.maxResults): each User is a
# pydantic model of scim2-models, about half a millisecond to build and publish,
# so a page of 50 answers within the API's 150 ms under load; a directory pages
# on by totalResults and startIndex.
MAX_RESULTS = 50
NAME_MAX = 120  # users.name, departments.name, scim_role_groups.display_name
# A role group's SCIM id: a department's is its number, so the two never meet.
ROLE_PREFIX = "role-"
# `userName eq "…"` as the filter prints itself: the lookup SQL can narrow.
USER_NAME_EQ = re.compile(
    r'\s*(?:urn:ietf:params:scim:schemas:core:2\.0:User:)?userName\s+eq\s+'
    r'(?P<value>"(?:[^"\\]|\\.)*")\s*', re.IGNORECASE)


# --- What the service publishes --------------------------------------------------


@cache
def provider() -> ScimProvider:
    schemas = load_default_schemas()
    user = schemas[USER_SCHEMA]
    user.attributes = [a for a in user.attributes if a.name in USER_ATTRIBUTES]
    for attribute in user.attributes:
        if attribute.name == "emails":
            # The planner reaches a person by e-mail: one is needed when the
            # userName is not an address (domain.planner_email).
            attribute.required = Required.true
            for sub in attribute.sub_attributes or ():
                if sub.name == "value":
                    sub.required = Required.true
    group = schemas[GROUP_SCHEMA]
    for attribute in group.attributes:
        # A member is a person by id (value, $ref, type); their name is on the
        # User, so no "display" a caller could set and we would not keep.
        attribute.sub_attributes = [sub for sub in attribute.sub_attributes or ()
                                    if sub.name != "display"] or None
        for sub in attribute.sub_attributes or ():
            if sub.name == "$ref":
                sub.reference_types = ["User"]  # a department holds people, not departments
    resource_types = load_default_resource_types()
    config = ServiceProviderConfig.model_validate({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": "https://github.com/", "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False}, "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [{
            "type": "oauthbearertoken", "name": "Bearer token",
            "description": "A token an administrator creates: planner scim-tokens create NAME",
            "primary": True}],
    })
    # The enterprise extension stays: Entra ID's default mappings send it
    # (employeeNumber, department, manager); it is kept as sent.
    return ScimProvider.from_discovery([user, group, schemas[ENTERPRISE_SCHEMA]],
                                       resource_types.values(), config=config)


# --- The storage over people and departments ----------------------------------------


def _version(number: int) -> str:
    return f'W/"{number}"'


def _meta(kind: str, created: datetime, modified: datetime | None, version: int) -> dict:
    return {"resourceType": kind, "created": created.isoformat(),
            "lastModified": (modified or created).isoformat(), "version": _version(version)}


def _not_found(resource_id: str) -> NotFoundException:
    return NotFoundException(detail=f"Resource {resource_id} not found")


def _int_id(resource_id: str) -> int | None:
    return int(resource_id) if resource_id.isdigit() and len(resource_id) < 12 else None


def _errors_as_scim(error: ValidationError) -> InvalidValueException:
    """The planner's refusal as SCIM's invalidValue, in English: a directory's
    operator reads it in the provisioning log."""
    with force_locale("en"):
        fields = "; ".join(f"{name}: {' '.join(translate(m) for m in messages)}"
                           for name, messages in error.fields.items())
    return InvalidValueException(detail=fields or "invalid value")


def _check_storable(sent: Any, where: str = "") -> None:
    """Refuse what no database stores (PostgreSQL refuses NUL) as SCIM's
    invalidValue, instead of a 500 at the flush."""
    if isinstance(sent, str) and not storable(sent):
        raise InvalidValueException(detail=f"{where or 'value'}: characters that cannot be stored")
    if isinstance(sent, dict):
        for key, value in sent.items():
            _check_storable(value, f"{where}.{key}" if where else str(key))
    if isinstance(sent, list):
        for value in sent:
            _check_storable(value, where)


def _check_length(value: str | None, limit: int, attribute: str) -> None:
    if value is not None and len(value) > limit:
        raise InvalidValueException(detail=f"{attribute}: at most {limit} characters")


class PlannerStorage(ScimStorage):
    """People and departments as SCIM Users and Groups, in the request's
    transaction (the view commits once, at the boundary)."""

    @contextmanager
    def operation(self) -> Iterator[None]:
        yield

    def _model(self, resource_type: ResourceType) -> type[Resource[Any]]:
        return provider().model_for(resource_type)

    # Users

    def _link(self, person: User) -> ScimUser | None:
        return db.session.get(ScimUser, person.id)

    def _user_payload(self, person: User, link: ScimUser | None,
                      role_groups: list[ScimRoleGroup]) -> dict:
        kept = dict(link.attributes) if link else {}
        payload: dict[str, Any] = {
            "schemas": [USER_SCHEMA], "id": str(person.id),
            "userName": kept.pop("userName", None) or person.email,
            # A linked person's displayName is the directory's, as it sent it.
            "displayName": kept.pop("displayName", None) if link else person.name,
            "active": person.active,
            "emails": kept.pop("emails", None) or [{"value": person.email, "primary": True,
                                                    "type": "work"}],
            "groups": [{"value": str(d.id), "display": d.name, "$ref": f"Groups/{d.id}"}
                       for d in person.departments] + [
                {"value": f"{ROLE_PREFIX}{g.id}", "display": g.display_name,
                 "$ref": f"Groups/{ROLE_PREFIX}{g.id}"} for g in role_groups],
            "meta": _meta("User", link.created_at if link else person.created_at,
                          link.updated_at if link else None, link.version if link else 1),
            **{k: v for k, v in kept.items() if k in KEPT_AS_SENT},
        }
        if ENTERPRISE_SCHEMA in payload:
            payload["schemas"] = [USER_SCHEMA, ENTERPRISE_SCHEMA]
        if link and link.external_id:
            payload["externalId"] = link.external_id
        return payload

    def _user(self, resource_type: ResourceType, person: User) -> Resource[Any]:
        return self._model(resource_type).model_validate(
            self._user_payload(person, self._link(person),
                               self._role_groups_of([person.id]).get(person.id, [])))

    def _live_person(self, resource_id: str) -> User:
        number = _int_id(resource_id)
        person = db.session.get(User, number) if number is not None else None
        link = self._link(person) if person is not None else None
        if person is None or person.anonymised_at is not None or (link and link.deleted_at):
            raise _not_found(resource_id)
        return person

    def _write_user(self, person: User | None, resource: Resource[Any]) -> User:
        sent = resource.model_dump(mode="json", by_alias=True, exclude_none=True,
                                   scim_ctx=None)
        _check_storable(sent)
        _check_length(sent.get("externalId"), 255, "externalId")
        email = rules.planner_email(sent.get("userName"), sent.get("emails"))
        if email is None:
            raise InvalidValueException(detail="userName or emails must give an e-mail address")
        clash = people.find_by_email(email)
        if clash is not None and clash is not person:
            raise UniquenessException(detail=f"{email} is taken")
        taken = self._user_name_taken(sent.get("userName"), person)
        if taken:
            raise UniquenessException(detail="userName is taken")
        name = rules.planner_name(sent.get("displayName"), sent.get("name"), sent.get("userName"))
        _check_length(name, NAME_MAX, "displayName")
        active = sent.get("active", True if person is None else person.active)
        data = provisioning.person_data(person, email, name, bool(active))
        if not data.department_ids and data.role in ("staff", "manager"):
            data.department_ids = [provisioning.default_department().id]
        try:
            person = people.create_person(data) if person is None \
                else people.update_person(person, data)
        except ValidationError as error:
            raise _errors_as_scim(error) from error
        link = self._link(person) or ScimUser(user_id=person.id, version=0,
                                              created_at=utcnow())
        link.external_id = sent.get("externalId")
        link.attributes = {k: sent[k] for k in ("userName", *KEPT_AS_SENT) if k in sent}
        link.version, link.updated_at, link.deleted_at = link.version + 1, utcnow(), None
        db.session.add(link)
        db.session.flush()
        return person

    def _user_name_taken(self, user_name: str | None, person: User | None) -> bool:
        if not user_name:
            return False
        wanted = user_name.strip().lower()
        for link in db.session.scalars(select(ScimUser).where(ScimUser.deleted_at.is_(None))):
            if person is not None and link.user_id == person.id:
                continue
            if str(link.attributes.get("userName", "")).lower() == wanted:
                return True
        return False

    # Groups: departments, and the role groups SCIM_ROLE_GROUPS names

    def _members(self, group_column: Any, user_column: Any, group_ids: list[int] | None
                 ) -> dict[int, list[int]]:
        """Each group's people that SCIM shows, in one query, from a link
        table's group and person columns."""
        query = (select(group_column, User.id)
                 .join(User, User.id == user_column)
                 .outerjoin(ScimUser, ScimUser.user_id == User.id)
                 .where(User.anonymised_at.is_(None), ScimUser.deleted_at.is_(None))
                 .order_by(User.id))
        if group_ids is not None:
            query = query.where(group_column.in_(group_ids))
        found: dict[int, list[int]] = {}
        for group_id, person_id in db.session.execute(query):
            found.setdefault(group_id, []).append(person_id)
        return found

    def _department_members(self, department_ids: list[int] | None) -> dict[int, list[int]]:
        return self._members(user_departments.c.department_id, user_departments.c.user_id,
                             department_ids)

    def _role_members(self, group_ids: list[int] | None) -> dict[int, list[int]]:
        return self._members(scim_role_members.c.group_id, scim_role_members.c.user_id,
                             group_ids)

    def _role_groups_of(self, person_ids: list[int] | None) -> dict[int, list[ScimRoleGroup]]:
        """Each person's live role groups, in one query."""
        query = (select(scim_role_members.c.user_id, ScimRoleGroup)
                 .join(ScimRoleGroup, ScimRoleGroup.id == scim_role_members.c.group_id)
                 .where(ScimRoleGroup.deleted_at.is_(None)).order_by(ScimRoleGroup.id))
        if person_ids is not None:
            query = query.where(scim_role_members.c.user_id.in_(person_ids))
        found: dict[int, list[ScimRoleGroup]] = {}
        for person_id, group in db.session.execute(query):
            found.setdefault(person_id, []).append(group)
        return found

    def _group_payload(self, group_id: str, name: str, link: ScimGroup | ScimRoleGroup | None,
                       members: list[int]) -> dict:
        payload: dict[str, Any] = {
            "schemas": [GROUP_SCHEMA], "id": group_id, "displayName": name,
            "members": [{"value": str(person_id), "$ref": f"Users/{person_id}", "type": "User"}
                        for person_id in members],
            "meta": _meta("Group", link.created_at if link else utcnow(),
                          link.updated_at if link else None, link.version if link else 1),
        }
        if link and link.external_id:
            payload["externalId"] = link.external_id
        return payload

    def _department_payload(self, department: Department, link: ScimGroup | None,
                            members: list[int]) -> dict:
        return self._group_payload(str(department.id), department.name, link, members)

    def _role_payload(self, group: ScimRoleGroup, members: list[int]) -> dict:
        return self._group_payload(f"{ROLE_PREFIX}{group.id}", group.display_name, group,
                                   members)

    def _group(self, resource_type: ResourceType, department: Department) -> Resource[Any]:
        return self._model(resource_type).model_validate(self._department_payload(
            department, db.session.get(ScimGroup, department.id),
            self._department_members([department.id]).get(department.id, [])))

    def _role_group(self, resource_type: ResourceType, group: ScimRoleGroup) -> Resource[Any]:
        return self._model(resource_type).model_validate(self._role_payload(
            group, self._role_members([group.id]).get(group.id, [])))

    def _live_department(self, resource_id: str) -> Department:
        number = _int_id(resource_id)
        department = db.session.get(Department, number) if number is not None else None
        link = db.session.get(ScimGroup, number) if department is not None else None
        if department is None or (link and link.deleted_at):
            raise _not_found(resource_id)
        return department

    def _live_role_group(self, resource_id: str) -> ScimRoleGroup:
        number = _int_id(resource_id.removeprefix(ROLE_PREFIX))
        group = db.session.get(ScimRoleGroup, number) if number is not None else None
        if group is None or group.deleted_at is not None:
            raise _not_found(resource_id)
        return group

    def _sent_group(self, resource: Resource[Any]) -> tuple[dict, str, set[int]]:
        """What a Group write sent, checked: the attributes, the displayName
        and the members' ids."""
        sent = resource.model_dump(mode="json", by_alias=True, exclude_none=True,
                                   scim_ctx=None)
        _check_storable(sent)
        _check_length(sent.get("externalId"), 255, "externalId")
        name = str(sent.get("displayName") or "").strip()
        if not name:
            raise InvalidValueException(detail="displayName is required")
        _check_length(name, NAME_MAX, "displayName")
        member_ids = set()
        for member in sent.get("members") or ():
            number = _int_id(str(member.get("value", "")))
            if number is None or db.session.get(User, number) is None:
                raise InvalidValueException(detail=f"No user {member.get('value')}")
            member_ids.add(number)
        return sent, name, member_ids

    def _write_group(self, department: Department | None, resource: Resource[Any]
                     ) -> Department:
        sent, name, member_ids = self._sent_group(resource)
        if department is None:
            taken = set(db.session.scalars(select(Department.code)))
            code = rules.department_code(sent.get("externalId"), taken,
                                         secrets.token_hex(4).upper())
            department = people.save_department(None, code, name, None, True)
        else:
            department.name = name
        current = set(db.session.scalars(select(User.id).where(
            User.departments.any(Department.id == department.id))))
        for person in db.session.scalars(select(User).where(User.id.in_(member_ids - current))):
            person.departments.append(department)
        for person in db.session.scalars(select(User).where(User.id.in_(current - member_ids))):
            person.departments.remove(department)
            if not person.departments and person.role in ("staff", "manager"):
                # Staff belong to a department: out of the last group, they wait
                # in the default one for an administrator.
                person.departments.append(provisioning.default_department())
        link = db.session.get(ScimGroup, department.id) or ScimGroup(
            department_id=department.id, version=0, created_at=utcnow())
        link.external_id = sent.get("externalId")
        link.version, link.updated_at, link.deleted_at = link.version + 1, utcnow(), None
        db.session.add(link)
        db.session.flush()
        return department

    def _write_role_group(self, group: ScimRoleGroup | None, resource: Resource[Any]
                          ) -> ScimRoleGroup:
        sent, name, member_ids = self._sent_group(resource)
        role = rules.group_role(name, sent.get("externalId"), provisioning.role_groups())
        if role is None:
            # Its members' roles would no longer follow anything the map says.
            raise InvalidValueException(detail=f"{name}: a role group's displayName or "
                                               "externalId must stay in SCIM_ROLE_GROUPS")
        if group is None:
            group = ScimRoleGroup(version=0, created_at=utcnow())
            db.session.add(group)
        before = {person.id for person in group.members}
        changed = before ^ member_ids if group.role == role else before | member_ids
        group.display_name, group.external_id, group.role = name, sent.get("externalId"), role
        group.members = list(db.session.scalars(select(User).where(User.id.in_(member_ids))))
        group.version, group.updated_at = group.version + 1, utcnow()
        db.session.flush()
        self._apply_roles(changed)
        return group

    def _apply_roles(self, person_ids: set[int]) -> None:
        try:
            provisioning.apply_group_roles(person_ids)
        except ValidationError as error:
            raise _errors_as_scim(error) from error

    # The storage's interface

    def get(self, resource_type: ResourceType, resource_id: str, *,
            response_parameters: ResponseParameters[Any] | None = None) -> Resource[Any]:
        if resource_type.name == "User":
            return self._user(resource_type, self._live_person(resource_id))
        if resource_id.startswith(ROLE_PREFIX):
            return self._role_group(resource_type, self._live_role_group(resource_id))
        return self._group(resource_type, self._live_department(resource_id))

    def _live_user_ids(self, user_name: str | None = None) -> list[int]:
        """The people SCIM shows, by id; with `user_name`, only those whose
        userName (their e-mail, or the one the directory sent) may equal it
        without case: the directory looks every person up this way, so it must
        not cost a model per person."""
        query = (select(User.id, ScimUser.attributes)
                 .outerjoin(ScimUser, ScimUser.user_id == User.id)
                 .where(User.anonymised_at.is_(None), ScimUser.deleted_at.is_(None))
                 .order_by(User.id))
        if user_name is None:
            return list(db.session.scalars(query.with_only_columns(User.id)))
        wanted = user_name.casefold()
        by_email = set(db.session.scalars(select(User.id).where(
            func.lower(User.email) == user_name.lower())))
        return [person_id for person_id, kept in db.session.execute(query)
                if person_id in by_email
                or str((kept or {}).get("userName") or "").casefold() == wanted]

    def _users(self, model: type[Resource[Any]], person_ids: list[int]) -> list[Resource[Any]]:
        """These people as SCIM Users, in their order, in a fixed number of queries."""
        if not person_ids:
            return []
        links = {link.user_id: link for link in db.session.scalars(
            select(ScimUser).where(ScimUser.user_id.in_(person_ids)))}
        role_groups = self._role_groups_of(person_ids)
        people_by_id = {p.id: p for p in db.session.scalars(
            select(User).where(User.id.in_(person_ids)))}
        return [model.model_validate(self._user_payload(people_by_id[i], links.get(i),
                                                        role_groups.get(i, [])))
                for i in person_ids]

    def _groups(self, model: type[Resource[Any]], with_members: bool = True
                ) -> list[Resource[Any]]:
        """Every live group (departments, then role groups), in a fixed number of
        queries; `with_members=False` when the caller excluded them."""
        links = {link.department_id: link for link in db.session.scalars(select(ScimGroup))}
        members = self._department_members(None) if with_members else {}
        departments = [
            model.model_validate(self._department_payload(d, links.get(d.id),
                                                          members.get(d.id, [])))
            for d in db.session.scalars(select(Department).order_by(Department.id))
            if not (d.id in links and links[d.id].deleted_at)]
        role_members = self._role_members(None) if with_members else {}
        return departments + [
            model.model_validate(self._role_payload(g, role_members.get(g.id, [])))
            for g in db.session.scalars(select(ScimRoleGroup).where(
                ScimRoleGroup.deleted_at.is_(None)).order_by(ScimRoleGroup.id))]

    def search(self, resource_types: list[ResourceType], search_request: SearchRequest[Any],
               *, position: Any = None) -> SearchPage:
        # Filters are evaluated by scim2-models, which understands every
        # operator RFC 7644 §3.4.2.2 names, on as few resources as SQL narrows
        # them to: each is a pydantic model, about a millisecond apiece with
        # its serialisation, so a list of Users builds only its page, and
        # `userName eq` (how a directory looks each person up) only the people
        # who may match.
        start = search_request.start_index_0 or 0
        stop = start + min(MAX_RESULTS if search_request.count is None
                           else search_request.count, MAX_RESULTS)
        if [t.name for t in resource_types] == ["User"] and search_request.filter is None:
            person_ids = self._live_user_ids()
            return SearchPage(len(person_ids),
                              self._users(self._model(resource_types[0]), person_ids[start:stop]))
        found: list[Resource[Any]] = []
        for resource_type in resource_types:
            model = self._model(resource_type)
            scim_filter = search_request.filter
            if scim_filter is not None and not scim_filter.models:
                # Bound to the model, the filter knows each attribute's type and
                # case-exactness (userName compares without case).
                scim_filter = parametrize(ScimFilter, model)(str(scim_filter))
            if resource_type.name == "User":
                looked_up = USER_NAME_EQ.fullmatch(str(scim_filter))
                candidates = self._users(model, self._live_user_ids(
                    json.loads(looked_up["value"]) if looked_up else None))
            else:
                # Entra ID looks each group up with excludedAttributes=members: a
                # department's members are thousands of objects it would not read.
                candidates = self._groups(model, with_members=not _members_excluded(
                    search_request, scim_filter))
            found += [r for r in candidates if scim_filter is None or _matches(scim_filter, r)]
        return SearchPage(len(found), found[start:stop])

    def create(self, resource_type: ResourceType, resource: Resource[Any]) -> Resource[Any]:
        if resource_type.name == "User":
            return self._user(resource_type, self._write_user(None, resource))
        # Which kind a group is, is decided here once: its id says it from then on.
        if rules.group_role(getattr(resource, "display_name", None), resource.external_id,
                            provisioning.role_groups()) is not None:
            return self._role_group(resource_type, self._write_role_group(None, resource))
        return self._group(resource_type, self._write_group(None, resource))

    def update(self, resource_type: ResourceType, resource: Resource[Any], *,
               expected_version: str | None = None) -> Resource[Any]:
        if resource_type.name == "User":
            person = self._live_person(str(resource.id))
            return self._user(resource_type, self._write_user(person, resource))
        if str(resource.id).startswith(ROLE_PREFIX):
            group = self._live_role_group(str(resource.id))
            return self._role_group(resource_type, self._write_role_group(group, resource))
        department = self._live_department(str(resource.id))
        return self._group(resource_type, self._write_group(department, resource))

    def delete(self, resource_type: ResourceType, resource_id: str, *,
               expected_version: str | None = None) -> None:
        now = utcnow()
        if resource_type.name == "User":
            person = self._live_person(resource_id)
            if person.active:
                # Through people's use case: sessions end, the managers are told.
                people.update_person(person, provisioning.person_data(
                    person, person.email, person.name, False))
            link = self._link(person) or ScimUser(user_id=person.id, created_at=now)
            link.deleted_at, link.updated_at = now, now
            db.session.add(link)
        elif resource_id.startswith(ROLE_PREFIX):
            group = self._live_role_group(resource_id)
            group.deleted_at, group.updated_at = now, now
            db.session.flush()
            # Its members keep the highest role of the role groups left to them.
            self._apply_roles({person.id for person in group.members})
        else:
            department = self._live_department(resource_id)
            department.active = False
            link = db.session.get(ScimGroup, department.id) or ScimGroup(
                department_id=department.id, created_at=now)
            link.deleted_at, link.updated_at = now, now
            db.session.add(link)
        db.session.flush()


def _members_excluded(search_request: SearchRequest[Any], scim_filter: Any) -> bool:
    """The caller asked for groups without their members, and filters on
    something else."""
    excluded = {str(name).rsplit(":", 1)[-1].lower()
                for name in search_request.excluded_attributes or ()}
    return "members" in excluded and "members" not in str(scim_filter or "").lower()


def _matches(scim_filter: Any, resource: Resource[Any]) -> bool:
    try:
        return bool(scim_filter.match(resource))
    except (TypeError, ValueError):
        return False


# --- The view -------------------------------------------------------------------------


@cache
def _handler() -> ScimHandler:
    return ScimHandler(ScimService(provider()), PlannerStorage())


def _response(response: ScimResponse) -> Response:
    body = "" if response.body is None else json.dumps(response.body, ensure_ascii=False)
    result = Response(body, status=int(response.status))
    for name, value in response.headers.items():
        result.headers[name] = value
    result.headers["Content-Type"] = "application/scim+json"
    result.headers["Cache-Control"] = "no-store"
    return result


def _error(exception: Exception) -> ScimResponse:
    return _handler().service.error_response(exception)


def _detail(response: ScimResponse) -> str:
    body = response.body or {}
    if int(response.status) >= 400:
        return " ".join(str(body.get(k, "")) for k in ("scimType", "detail")).strip()[:500]
    return str(body.get("id", ""))[:500]


def _record(method: str, path: str, status: int, token_name: str | None, detail: str) -> None:
    """Every call, in a transaction of its own: a refused call rolls the
    request back, and a GET commits nothing."""
    with db.engine.begin() as connection:
        connection.execute(insert(ScimRequest.__table__).values(
            at=utcnow(), method=method[:10], path=_clean(path)[:300], status=status,
            token_name=token_name, detail=_clean(detail)[:500]))


def _clean(text: str) -> str:
    """The caller's text made storable (a path or an error may echo a NUL)."""
    return text.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


@bp.route("/<path:path>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@public  # no browser session: the SCIM token below decides
def endpoint(path: str) -> Response:
    protocol_request = ProtocolRequest(
        method=request.method, base_url=request.host_url.rstrip("/") + PREFIX,
        path="/" + path, query=request.args.to_dict(), headers=list(request.headers.items()),
        body=request.get_data(cache=False))
    plaintext = _bearer()
    token = tokens.authenticate(plaintext) if plaintext else None
    discovery = path.strip("/") == "ServiceProviderConfig"  # RFC 7643 §5: no auth needed
    if token is not None:
        # The directory acts, under its token's name, whoever's browser
        # session came along: the audit log shows the changes this call makes
        # as the token's (the boundary clears it after the request).
        audit.set_actor(None)
        audit.set_via(token.name)
    if token is None and not discovery:
        response = _error(UnauthorizedException(detail="A valid SCIM bearer token is needed"))
    else:
        try:
            response = _handler().handle(protocol_request)
        except SCIMException as exception:  # the client's mistake, in SCIM's error format
            response = _error(exception)
    if int(response.status) >= 400:
        db.session.rollback()  # nothing half-done stays (the boundary would too)
    entry = (request.method, request.path, int(response.status),
             token.name if token else None, _detail(response))

    @after_this_request
    def record(answer: Response) -> Response:
        # After the boundary's commit: written before it, this second
        # connection would wait on SQLite's write lock the request holds.
        _record(*entry)
        return answer

    return _response(response)

