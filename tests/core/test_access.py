"""The one choke point of row-level access: `Model.objects.visible_to(user)`."""

import pytest
from django.contrib.auth.models import AnonymousUser

from msoko.core.access import can_see_organization
from msoko.registry.models import ClassGroup, Enrollment, Organization, Student, Teacher
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_schools(school_a, school_b):
    for school in (school_a, school_b):
        cls = factories.ClassGroupFactory(organization=school)
        student = factories.StudentFactory(organization=school)
        Enrollment.objects.create(student=student, class_group=cls, school_year=cls.school_year)
        factories.TeacherFactory(organization=school)
    return school_a, school_b


@pytest.mark.parametrize("model", [Organization, ClassGroup, Student, Teacher, Enrollment])
def test_school_user_sees_only_its_own_rows(two_schools, school_user, model):
    school_a, _ = two_schools

    visible = model.objects.visible_to(school_user)

    assert visible.count() == 1
    own = visible.get()
    org = (
        own
        if model is Organization
        else own.class_group.organization
        if model is Enrollment
        else own.organization
    )
    assert org == school_a


@pytest.mark.parametrize("role_fixture", ["specialist", "methodologist", "admin_user"])
@pytest.mark.parametrize("model", [Organization, ClassGroup, Student, Teacher])
def test_municipal_roles_see_every_organisation(two_schools, request, role_fixture, model):
    user = request.getfixturevalue(role_fixture)

    assert model.objects.visible_to(user).count() == 2


def test_anonymous_and_inactive_users_see_nothing(two_schools, specialist):
    specialist.is_active = False

    assert not Organization.objects.visible_to(AnonymousUser()).exists()
    assert not Organization.objects.visible_to(specialist).exists()


def test_can_see_organization_follows_the_same_rule(two_schools, school_user, specialist):
    school_a, school_b = two_schools

    assert can_see_organization(school_user, school_a.pk)
    assert not can_see_organization(school_user, school_b.pk)
    assert can_see_organization(specialist, school_b.pk)
