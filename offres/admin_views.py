"""Wagtail admin views of the moderation queue: the list per school and the answer page.

They stay thin: answers and follow-up go through offres.services; reads start from `for_user`
(the viewset wraps them in etablissements' scoped mixins).
"""

from django.db.models import Q
from django.utils.functional import cached_property
from wagtail.admin.views import generic
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from .kinds import details_summary
from .models import SubmissionKind, SubmissionSchool, SubmissionStatus
from .services import SubmissionError, specialisation_set_followup, submission_answer


class ModerationPermissionPolicy(ModelPermissionPolicy):
    """Submissions come from companies: staff answer them, never create nor delete them."""

    FORBIDDEN = {"add", "delete"}

    def user_has_permission(self, user, action):
        return action not in self.FORBIDDEN and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, set(actions) - self.FORBIDDEN)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


def answer_display(addressee: SubmissionSchool) -> str:
    submission = addressee.submission
    if submission.status == SubmissionStatus.WITHDRAWN:
        return "retirée par l’entreprise"
    lead = submission.lead_school_id
    if lead and lead != addressee.school_id and addressee.status == SubmissionStatus.SUBMITTED:
        return f"prise en charge par {submission.lead_school.name}"
    return addressee.get_status_display()


def kind_display(addressee: SubmissionSchool) -> str:
    return addressee.submission.get_kind_display()


def summary_display(addressee: SubmissionSchool) -> str:
    submission = addressee.submission
    return details_summary(submission.kind, submission.details)


def followup_display(addressee: SubmissionSchool) -> str:
    submission = addressee.submission
    if submission.kind != SubmissionKind.SPECIALISATION:
        return ""
    text = submission.get_followup_status_display()
    return f"{text} — avant Parcoursup" if submission.before_parcoursup else text


class ModerationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_related()

    def get_add_url(self):
        return None


class ModerationEditView(generic.EditView):
    template_name = "offres/admin/moderation_edit.html"
    submit_button_label = "Enregistrer la réponse"
    success_message = "Réponse enregistrée : %(object)s."
    error_message = "La réponse n’a pas pu être enregistrée : voyez les messages ci-dessous."

    def get_queryset(self):
        return SubmissionSchool.objects.for_user(self.request.user).with_related()

    def get_page_subtitle(self):
        submission = self.object.submission
        return f"{submission.company.name} — {submission.get_kind_display()}"

    @cached_property
    def submission(self):
        return self.object.submission

    def save_instance(self):
        data = self.form.cleaned_data
        user = self.request.user
        addressee = submission_answer(
            addressee=self.object, status=data["status"], by=user, reason=data.get("reason", "")
        )
        if "followup_status" in data:
            specialisation_set_followup(
                submission=self.submission,
                followup_status=data["followup_status"],
                before_parcoursup=data.get("before_parcoursup", False),
                comment=data.get("followup_comment", ""),
                by=user,
            )
        log(instance=addressee, action="wagtail.edit", user=user)
        return addressee

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except SubmissionError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.submission
        # This school's own steps, and the company's (withdrawal, edits): never another school's.
        events = (
            submission.events.filter(Q(school__isnull=True) | Q(school=self.object.school_id))
            .select_related("by")
            .order_by("-at", "-pk")[:30]
        )
        context.update(
            {
                "submission": submission,
                "company": submission.company,
                "contact": submission.contact,
                "details": submission.details_display(),
                "events": events,
                "joined": submission.joins,
                "withdrawn": submission.status == SubmissionStatus.WITHDRAWN,
                # The shared proposal: who else received it, who answered, and why not.
                "others": submission.addressees.exclude(pk=self.object.pk)
                .select_related("school")
                .order_by("school__name"),
            }
        )
        return context
