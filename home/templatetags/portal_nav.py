from django import template

from home import navigation

register = template.Library()


@register.inclusion_tag("home/includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    sections, standalone = navigation.main_menu(request)
    return {"sections": sections, "standalone": standalone, "request": request}


@register.inclusion_tag("home/includes/footer_links.html", takes_context=True)
def footer_links(context):
    return {"links": navigation.footer_links(context.get("request"))}


@register.inclusion_tag("home/includes/breadcrumb.html", takes_context=True)
def portal_breadcrumb(context):
    return {"crumbs": navigation.breadcrumb(context)}
