from planner.core.roles import Role, Scope


def test_staff_scope_covers_only_their_departments():
    scope = Scope(Role.STAFF, frozenset({1, 2}))
    assert scope.covers(1) and not scope.covers(3)
    assert scope.can_edit_tasks(2) and not scope.can_archive_tasks(2)


def test_manager_archives_in_their_departments_only():
    scope = Scope(Role.MANAGER, frozenset({1}))
    assert scope.can_archive_tasks(1) and not scope.can_archive_tasks(2)
    assert not scope.can_administer


def test_admin_covers_everything():
    scope = Scope(Role.ADMIN, frozenset())
    assert scope.covers(99) and scope.can_archive_tasks(99) and scope.can_administer


def test_restrict_intersects_a_requested_department_with_the_scope():
    staff = Scope(Role.STAFF, frozenset({1, 2}))
    assert staff.restrict(None) == {1, 2}
    assert staff.restrict([2, 3]) == {2}
    assert staff.restrict([3]) == frozenset()
    admin = Scope(Role.ADMIN, frozenset())
    assert admin.restrict(None) is None
    assert admin.restrict([3]) == {3}


def test_role_order():
    assert Role.ADMIN.at_least(Role.MANAGER) and Role.MANAGER.at_least(Role.STAFF)
    assert not Role.STAFF.at_least(Role.MANAGER)



def test_the_auditor_reads_what_a_manager_reads_but_not_an_administrators_pages():
    assert Role.AUDITOR.may_read(Role.STAFF) and Role.AUDITOR.may_read(Role.MANAGER)
    assert not Role.AUDITOR.may_read(Role.ADMIN)


def test_other_roles_read_what_their_rank_reaches():
    assert Role.MANAGER.may_read(Role.STAFF) and Role.MANAGER.may_read(Role.MANAGER)
    assert not Role.STAFF.may_read(Role.MANAGER) and not Role.MANAGER.may_read(Role.ADMIN)
    assert Role.ADMIN.may_read(Role.ADMIN)
