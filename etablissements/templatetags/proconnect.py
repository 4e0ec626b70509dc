from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def proconnect_enabled() -> bool:
    return bool(settings.PROCONNECT_ENABLED)
