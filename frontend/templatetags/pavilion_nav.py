"""{% nav_roles user as roles %}: which role pages (console, exhibitor, organizer) to link."""

from django import template

from frontend import console_selectors as selectors

register = template.Library()


@register.simple_tag
def nav_roles(user) -> dict[str, bool]:
    return selectors.nav_roles(user)
