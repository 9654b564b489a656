"""Links that pages of lower layers show without naming a direction's URLs.

``{% organization_links org %}`` on an organisation's card; ``{% procedure_url "analysis"
procedure.pk %}`` on a procedure's page (empty when no direction offers that page).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from msoko.directions.registry import organization_links, procedure_link

register = template.Library()


@register.inclusion_tag("web/_organization_links.html")
def organization_links_for(organization: Any) -> dict[str, Any]:
    links = [
        {"title": link.title, "url": reverse(link.url_name, args=[organization.code])}
        for _, link in organization_links()
    ]
    return {"links": links}


@register.simple_tag
def procedure_url(key: str, *args: Any) -> str:
    link = procedure_link(key)
    return reverse(link.url_name, args=list(args)) if link else ""
