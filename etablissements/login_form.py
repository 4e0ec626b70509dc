"""The staff login form: Wagtail's, with its password field named in French (Wagtail leaves it
without a label, so Django prints the field name, « Password »)."""

from django import forms
from wagtail.admin.forms.auth import LoginForm


class StaffLoginForm(LoginForm):
    password = forms.CharField(
        label="Mot de passe",
        widget=forms.PasswordInput(attrs={"placeholder": "Entrez votre mot de passe"}),
        strip=False,
    )
