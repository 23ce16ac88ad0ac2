"""Forms of the notifications app (validation only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from notifications.models import Broadcast, SmsMessage, SmsTemplate
from notifications.segments import segment_filters


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.replace("،", ",").split(",") if name.strip()]


class SmsTemplateForm(forms.ModelForm):
    placeholders_text = forms.CharField(
        label=_("Placeholders"),
        required=False,
        help_text=_("Comma-separated names, each used as {name} in both texts."),
    )
    sensitive_text = forms.CharField(
        label=_("Placeholders masked in the ledger"),
        required=False,
        help_text=_("For one-time codes: the value is sent but never stored."),
    )

    class Meta:
        model = SmsTemplate
        fields = ["code", "name", "category", "body_ar", "body_en", "for_workers", "is_active"]
        widgets = {
            "body_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "body_en": forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "en"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["placeholders_text"].initial = ", ".join(self.instance.placeholders)
            self.fields["sensitive_text"].initial = ", ".join(self.instance.sensitive_placeholders)
        # A message to workers is also written in their languages (empty: sent in English).
        bodies = self.instance.worker_bodies or {}
        for code, name in settings.WORKER_LANGUAGES:
            rtl = code in settings.LANGUAGES_BIDI
            self.fields[f"worker_body_{code}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": name},
                required=False,
                initial=bodies.get(code, ""),
                widget=forms.Textarea(
                    attrs={"rows": 3, "dir": "rtl" if rtl else "ltr", "lang": code}
                ),
            )

    def worker_fields(self) -> list[forms.BoundField]:
        return [self[f"worker_body_{code}"] for code, _name in settings.WORKER_LANGUAGES]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.instance.placeholders = _names(cleaned.get("placeholders_text", ""))
        self.instance.sensitive_placeholders = _names(cleaned.get("sensitive_text", ""))
        self.instance.worker_bodies = {
            code: text.strip()
            for code, _name in settings.WORKER_LANGUAGES
            if (text := cleaned.get(f"worker_body_{code}") or "").strip()
        }
        return cleaned

    def _post_clean(self) -> None:
        # Fill the instance, but leave model validation (both languages, every placeholder) to
        # the service, which reports its errors back onto this form.
        self.instance = construct_instance(
            self, self.instance, self._meta.fields, self._meta.exclude
        )


class SmsLedgerFilterForm(forms.Form):
    person = forms.CharField(
        label=_("Person (username, civil ID or mobile)"), required=False, max_length=150
    )
    template = forms.ModelChoiceField(
        label=_("Template"),
        required=False,
        queryset=SmsTemplate.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("All templates"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *SmsMessage.Status.choices],
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _typed_values(text: str) -> list[str]:
    return [v for v in text.replace("،", ",").replace(",", " ").split() if v]


class BroadcastForm(forms.ModelForm):
    """A broadcast's texts, kind and segment: one field per worker language, and one per
    segment filter that the apps registered (notifications.segments). The checks of the
    texts and the segment are the service's (broadcast_save), reported back onto this form."""

    class Meta:
        model = Broadcast
        fields = ["title", "kind", "body_ar", "body_en"]
        widgets = {
            "kind": forms.RadioSelect,
            "body_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "body_en": forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "en"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = self.instance.worker_bodies or {}
        for code, name in settings.WORKER_LANGUAGES:
            rtl = code in settings.LANGUAGES_BIDI
            self.fields[f"worker_body_{code}"] = forms.CharField(
                label=_("Text in %(language)s (optional: Arabic is sent without it)")
                % {"language": name},
                required=False,
                max_length=600,
                initial=bodies.get(code, ""),
                widget=forms.Textarea(
                    attrs={"rows": 2, "dir": "rtl" if rtl else "ltr", "lang": code}
                ),
            )
        segment = self.instance.segment or {}
        for found in segment_filters():
            name = f"segment_{found.code}"
            values = list(segment.get(found.code) or [])
            if found.choices is not None:
                self.fields[name] = forms.MultipleChoiceField(
                    label=str(found.label),
                    required=False,
                    choices=found.choices(),
                    initial=values,
                    help_text=str(
                        found.help_text or _("Any of those chosen; leave empty for no limit.")
                    ),
                    widget=forms.SelectMultiple(attrs={"size": 5}),
                )
            else:
                self.fields[name] = forms.CharField(
                    label=str(found.label),
                    required=False,
                    initial=" ".join(values),
                    help_text=str(found.help_text),
                )

    def worker_fields(self) -> list[forms.BoundField]:
        return [self[f"worker_body_{code}"] for code, _name in settings.WORKER_LANGUAGES]

    def segment_fields(self) -> list[forms.BoundField]:
        return [self[f"segment_{found.code}"] for found in segment_filters()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.instance.worker_bodies = {
            code: text.strip()
            for code, _name in settings.WORKER_LANGUAGES
            if (text := cleaned.get(f"worker_body_{code}") or "").strip()
        }
        segment: dict[str, list[str]] = {}
        for found in segment_filters():
            value = cleaned.get(f"segment_{found.code}")
            values = list(value) if isinstance(value, list) else _typed_values(value or "")
            if values:
                segment[found.code] = values
        self.instance.segment = segment
        return cleaned

    def _post_clean(self) -> None:
        # Fill the instance; the service checks it and its errors come back onto this form.
        self.instance = construct_instance(
            self, self.instance, self._meta.fields, self._meta.exclude
        )


class BroadcastDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (needed to refuse)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
