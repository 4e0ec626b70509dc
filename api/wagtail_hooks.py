"""The academy administrator's screen of API tokens: create (key shown once), rename, revoke."""

from django import forms
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

from etablissements.admin_views import FrenchModelViewSet, refuse_generic_actions
from etablissements.models import School

from .models import ApiToken
from .services import ApiTokenError, api_token_create, api_token_revoke

# A token is revoked (its form), not deleted: its row says who could read what, and when.
refuse_generic_actions(ApiToken, "delete")


class TokenCreateForm(WagtailAdminModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "school"]


class TokenEditForm(WagtailAdminModelForm):
    revoke = forms.BooleanField(
        label="révoquer ce jeton",
        required=False,
        help_text="Il cessera aussitôt de fonctionner ; ce choix est définitif.",
    )

    class Meta:
        model = ApiToken
        fields = ["name"]


class TokenCreateView(generic.CreateView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["school"].queryset = School.objects.for_user(self.request.user)
        return form

    def save_instance(self):
        data = self.form.cleaned_data
        try:
            token, self.key = api_token_create(
                name=data["name"], school=data.get("school"), by=self.request.user
            )
        except ApiTokenError as exc:  # the form already checks the name; a race is still told
            self.form.add_error("name", exc.message)
            raise
        return token

    def get_success_message(self, instance):
        return None  # the page below says it, with the key in a field to copy

    def form_valid(self, form):
        super().form_valid(form)  # saves through the service and logs; its redirect is dropped
        response = TemplateResponse(
            self.request,
            "api/admin/token_created.html",
            {
                "object": self.object,
                "key": self.key,
                "api_url": api_url(self.request),
                "index_url": reverse("api-jetons:index"),
                "page_title": "Jeton créé",
                "header_icon": "key",
            },
        )
        response["Cache-Control"] = "no-store"  # the key is shown once, never from a cache
        return response


class TokenIndexView(generic.IndexView):
    template_name = "api/admin/token_index.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "api_url": api_url(self.request)}


def api_url(request) -> str:
    return request.build_absolute_uri("/api/v1/")


class TokenEditView(generic.EditView):
    def save_instance(self):
        token = super().save_instance()
        if self.form.cleaned_data.get("revoke"):
            token = api_token_revoke(token=token)
        return token


class ApiTokenViewSet(FrenchModelViewSet):
    model = ApiToken
    icon = "key"
    menu_label = "Jetons de l’API"
    menu_order = 860
    add_to_admin_menu = True
    list_display = [
        "name",
        Column("scope_label", label="Portée"),
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["school"]
    index_view_class = TokenIndexView
    add_view_class = TokenCreateView
    edit_view_class = TokenEditView
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return TokenEditForm if for_update else TokenCreateForm

    def get_queryset(self, request):
        return ApiToken.objects.for_user(request.user).select_related("school")


@hooks.register("register_admin_viewset")
def register_api_token_viewset():
    return ApiTokenViewSet("api-jetons")
