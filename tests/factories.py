"""factory_boy factories for the registry and users."""

from __future__ import annotations

import factory

from msoko.core.models import SchoolYear, User
from msoko.registry.models import ClassGroup, Municipality, Organization, Student, Teacher

PASSWORD = "test-pass-123"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = "Тестовый муниципальный округ"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"{n + 100:04d}")
    name = factory.Sequence(lambda n: f"МБОУ «Школа № {n + 100}»")
    municipality = factory.SubFactory(MunicipalityFactory)
    kind = "school"
    locality = "urban"
    students_count = 500


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ("name",)

    name = "2024/2025"
    start_year = 2024


class ClassGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassGroup

    organization = factory.SubFactory(OrganizationFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    grade = 5
    letter = "А"


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    code = factory.Sequence(lambda n: f"S{n:06d}")
    organization = factory.SubFactory(OrganizationFactory)


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    code = factory.Sequence(lambda n: f"T{n:05d}")
    school_year = factory.SubFactory(SchoolYearFactory)
    organization = factory.SubFactory(OrganizationFactory)
    position = "учитель"
    category = "first"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = "specialist"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()
