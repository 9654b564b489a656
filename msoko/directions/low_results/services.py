"""Writes of direction 2: a school's entry in the year's ШНОР register, with its audit row."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from msoko.core import audit
from msoko.core.models import AuditAction, SchoolYear, User
from msoko.directions.low_results.models import SupportEntry
from msoko.registry.models import Organization


def confirm_support_entry(
    *,
    organization: Organization,
    school_year: SchoolYear,
    order_number: str,
    order_date: dt.date | None,
    mentor_code: str,
    programme: str,
    actor: User,
) -> SupportEntry:
    """Enter the school in the year's register (or correct its entry) with the order; audited."""
    mentor = Organization.objects.filter(code=mentor_code).first() if mentor_code else None
    with transaction.atomic():
        entry, created = SupportEntry.objects.update_or_create(
            school_year=school_year,
            organization=organization,
            defaults={
                "order_number": order_number,
                "order_date": order_date,
                "mentor": mentor,
                "programme": programme,
                "confirmed_by": actor,
            },
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            summary=f"Перечень ШНОР {school_year}: {organization.code}, приказ {entry.order_number}",
            obj=entry,
            details={"mentor": mentor.code if mentor else None},
        )
    return entry
